"""What each dashboard page shows, composed from dashboards.selectors: the views (dashboards.views) parse the
request, check access and render; the beat's warm job (dashboards.warm) renders the Dasbor's body through the
same functions, so a warmed page is the page a reviewer gets.

Each function returns the page's context, built once from the selectors' rows and the Jinja fragments of its
long lists (dashboards.fragments); nothing fills a row in afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from areas.models import ChangeArea, Indicator
from dashboards import charts, fragments, selectors
from dashboards.selectors import actions, cache, drilldown, year, year_totals
from evaluations.models import today_wita
from evaluations.selectors import yearly
from roadmap.models import Unit
from roadmap.permissions import AnyUser, can_read_yearly_results

OVERVIEW_BODY = "dashboards/_overview_body.html"
UNIT_BODY = "dashboards/_unit_body.html"


def base(user: AnyUser, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """What every dashboard page shows around its numbers: the filters and their options."""
    return {
        "filters": filters,
        "today": today_wita(),  # the empty state says when a quarter opens
        **selectors.filter_choices(user=user, filters=filters),
    }


def page_body(
    user: AnyUser, path: str, filters: selectors.DashboardFilters, template: str, build: Callable[[], dict[str, Any]]
) -> SafeString:
    """The page's numbers rendered from `template` with build()'s context, cached: a page seen again costs
    the lookup, not the aggregates, the ranking of every unit and thousands of cells.

    The key holds every input of the HTML: the SQL and parameters of everything it is made of
    (selectors.page_inputs: the user's scope, the filters, the counted statuses, the quarter's reports), the
    data generation (cache.cached_as), the language, today's date (Terlambat), the page's path and its filters
    as a canonical query (its links). Nothing of the user's own (name, role, CSRF token) is inside — that is the
    outer page — so every staff member shares an entry, and the beat's warm_dashboards can fill it.
    """

    def render_body() -> str:
        return str(render_to_string(template, {**build(), "filters": filters}))

    inputs = selectors.page_inputs(user=user, filters=filters)
    if inputs is None:
        return mark_safe(render_body())  # rendered by the template engine (autoescaped)
    sql, params = inputs
    key = (params, get_language(), today_wita().isoformat(), path, filters.query())
    return mark_safe(cache.cached_as(f"page:{template}", sql, key, render_body))


def yearly_cards(user: AnyUser, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """The Dasbor's "Sasaran Road Map" and "Indeks RB" cards, for staff (the road map's own results).

    Outside the cached body (page_body): they are a few rows, and the cache's generation follows the quarterly
    data, not these yearly entries, so a fresh entry shows at once.
    """
    if not can_read_yearly_results(user):
        return {}
    return {
        "sasaran": yearly.dashboard_sasaran(roadmap=filters.roadmap, year=filters.year),
        "indeks_rb": yearly.latest_rb_evaluation(),
    }


LATE_ON_DASBOR = 25  # the Dasbor lists the first late actions; the Rencana Aksi page lists them all


def actions_numbers(user: AnyUser, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """The Dasbor's Rencana Aksi section (dashboards/_actions_section.html)."""
    scores = actions.action_scores(user=user, filters=filters)
    return {
        "actions": scores,
        "late_actions": scores.late[:LATE_ON_DASBOR],
        "late_more": len(scores.late) > LATE_ON_DASBOR,
        "chart_actions_areas": charts.actions_chart(scores.areas),
        "chart_actions_themes": charts.actions_chart(scores.themes),
    }


def overview_numbers(user: AnyUser, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """Everything the Dasbor shows below its filters. `ranking`, `heatmap`, `trend` and `at_risk` are the
    selectors' rows, which the page's tables and fragments render as they are."""
    query = filters.query()
    areas = selectors.scores_by_area(user=user, filters=filters)
    elements = selectors.scores_by_element(user=user, filters=filters)
    themes = selectors.scores_by_theme(user=user, filters=filters)
    completeness = selectors.completeness(user=user, filters=filters)
    trend = selectors.trend(user=user, filters=filters)
    ranking = selectors.unit_ranking(user=user, filters=filters)
    heatmap = selectors.heatmap(user=user, filters=filters, ranking=ranking)
    at_risk = selectors.at_risk_indicators(user=user, filters=filters)
    return {
        "overall": selectors.score_overall(user=user, filters=filters),
        "year": year_totals.year_totals(user=user, filters=filters),  # the two means, in SQL
        "areas": areas,
        "elements": elements,
        "themes": themes,
        "ranking": ranking,
        "ranking_html": fragments.ranking_html(ranking, query=query),
        "heatmap": heatmap,
        "heatmap_html": fragments.heatmap_html(heatmap, query=query),
        "heatmap_areas": [row.area for row in areas],  # the heat map's columns: every area, in order
        "completeness": completeness,
        "trend": trend,
        "at_risk": at_risk,
        "at_risk_html": fragments.at_risk_html(at_risk, query=query),
        "chart_areas": charts.areas_chart(areas),
        "chart_elements": charts.elements_chart(elements),
        "chart_themes": charts.themes_chart(themes),
        "chart_completeness": charts.completeness_chart(completeness),
        "chart_trend": charts.trend_chart(trend),
        **actions_numbers(user, filters),
    }


def overview_body(user: AnyUser, path: str, filters: selectors.DashboardFilters) -> SafeString:
    """The Dasbor below its filters, rendered and cached (page_body)."""
    return page_body(user, path, filters, OVERVIEW_BODY, lambda: overview_numbers(user, filters))


def area_page(user: AnyUser, change_area: ChangeArea, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """An area across units (`filters` narrowed to the area)."""
    indicators = list(selectors.indicator_rows(user=user, filters=filters))
    by_quarter = selectors.score_by_quarter(user=user, filters=filters)
    ranking = selectors.unit_ranking(user=user, filters=filters)
    return {
        "filters": filters,
        "area": change_area,
        "actions": actions.scores_of(actions.action_rows(user=user, filters=filters), filters=filters),
        "score": selectors.score_overall(user=user, filters=filters),
        "indicators": indicators,
        "indicator_rows_html": fragments.indicator_rows_html(indicators, query=filters.query(), show_unit=True),
        "units": drilldown.area_unit_scores(rows=ranking, unit_ids={i.unit_id for i in indicators}),
        "by_quarter": by_quarter,
        "chart_quarters": charts.quarters_chart(by_quarter, change_area.name),
    }


def unit_numbers(user: AnyUser, the_unit: Unit, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """Everything a unit's page shows below its filters (`filters` narrowed to the unit)."""
    query = filters.query()
    by_quarter = selectors.score_by_quarter(user=user, filters=filters)
    pivot = drilldown.unit_pivot(user=user, filters=filters)
    action_rows = actions.action_rows(user=user, filters=filters)  # the rencana aksi the unit carries out
    the_year = year.year_scores(user=user, filters=filters)
    return {
        "year": the_year,
        "unit": the_unit,
        "action_rows": action_rows,
        "actions": actions.scores_of(action_rows, filters=filters),
        "score": selectors.score_overall(user=user, filters=filters),
        "areas": selectors.scores_by_area(user=user, filters=filters),
        "pivot": pivot,
        "pivot_rows_html": fragments.pivot_rows_html(pivot, query=query),
        "indicator_rows_html": fragments.indicator_rows_html(
            pivot.indicators, query=query, show_area=True, years=the_year.indicators
        ),
        "reports": drilldown.unit_reports(user=user, unit=the_unit, filters=filters),
        "by_quarter": by_quarter,
        "chart_quarters": charts.quarters_chart(by_quarter, the_unit.short_name or the_unit.name),
    }


def unit_body(user: AnyUser, path: str, the_unit: Unit, filters: selectors.DashboardFilters) -> SafeString:
    """A unit's page below its filters, rendered and cached (page_body)."""
    return page_body(user, path, filters, UNIT_BODY, lambda: unit_numbers(user, the_unit, filters))


def indicator_page(user: AnyUser, indicator: Indicator, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """An indicator quarter by quarter (`filters` on the indicator's own road map)."""
    history = drilldown.indicator_history(user=user, indicator=indicator, filters=filters)
    return {
        "indicator": indicator,
        "history": history,
        # Quarter by quarter: the unit's texts, its evidence (downloaded through the permission-checked
        # view of the evaluations app) and the reviewers' decisions and notes.
        "story": drilldown.indicator_story(user=user, indicator=indicator),
        "chart_history": charts.indicator_chart(history, indicator.is_milestone),
    }
