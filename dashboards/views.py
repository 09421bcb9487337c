"""The dashboards: Dasbor, and the area, unit and indicator pages; every number comes from dashboards.selectors.

Access is enforced here and in the selectors' querysets (roadmap.permissions.scope): an officer
gets the same pages limited to their own unit; another unit's unit or indicator page is a 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from areas.models import ChangeArea, Indicator
from dashboards import charts, display, fragments, selectors
from dashboards.selectors import actions, cache, drilldown
from evaluations.models import today_wita
from roadmap.permissions import can_view_dashboards, check, scope, visible_units


def one_generation(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The data generation is read once per page (dashboards.selectors.cache.one_generation)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with cache.one_generation():
            return view(request, *args, **kwargs)

    return wrapped


def _base(request: HttpRequest, query: QueryDict | None = None) -> tuple[selectors.DashboardFilters, dict[str, Any]]:
    check(can_view_dashboards(request.user))
    filters = selectors.dashboard_filters(query=request.GET if query is None else query, user=request.user)
    context = {
        "filters": filters,
        "today": today_wita(),  # the empty state says when a quarter opens
        **selectors.filter_choices(user=request.user, filters=filters),
    }
    return filters, context


def page_body(
    user: Any, path: str, filters: selectors.DashboardFilters, template: str, build: Callable[[], dict[str, Any]]
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


def big_tables(user: Any, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """The ranking (a row per unit) and the heat map (units × areas), rendered once per cell in Python
    (dashboards.display). `ranking` and `heatmap` stay in the context for code that reads them (the tests)."""
    query = filters.query()
    ranking = selectors.unit_ranking(user=user, filters=filters)
    display.ranking_rows(ranking, query=query, today=today_wita())
    heatmap = selectors.heatmap(user=user, filters=filters, ranking=ranking)
    display.heatmap_rows(heatmap, query=query)
    return {
        "ranking": ranking,
        "heatmap": heatmap,
        "ranking_html": fragments.ranking_html(ranking),
        "heatmap_html": fragments.heatmap_html(heatmap),
    }


LATE_ON_DASBOR = 25  # the Dasbor lists the first late actions; the Rencana Aksi page lists them all


def actions_numbers(user: Any, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """The Dasbor's Rencana Aksi section (dashboards/_actions_section.html)."""
    scores = actions.action_scores(user=user, filters=filters)
    return {
        "actions": scores,
        "late_actions": scores.late[:LATE_ON_DASBOR],
        "late_more": len(scores.late) > LATE_ON_DASBOR,
        "chart_actions_areas": charts.actions_chart(scores.areas),
        "chart_actions_themes": charts.actions_chart(scores.themes),
    }


def overview_numbers(user: Any, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """Everything the Dasbor shows below its filters."""
    areas = selectors.scores_by_area(user=user, filters=filters)
    elements = selectors.scores_by_element(user=user, filters=filters)
    themes = selectors.scores_by_theme(user=user, filters=filters)
    completeness = selectors.completeness(user=user, filters=filters)
    trend = selectors.trend(user=user, filters=filters)
    at_risk = list(selectors.at_risk_indicators(user=user, filters=filters))
    for period in trend["periods"]:
        period["query"] = filters.query(tahun=period["cycle"].year, triwulan=period["cycle"].quarter)
    return {
        "overall": selectors.score_overall(user=user, filters=filters),
        "areas": areas,
        "elements": elements,
        "themes": themes,
        **big_tables(user, filters),
        "heatmap_areas": [row["area"] for row in areas],  # the heat map's columns: every area, in order
        "completeness": completeness,
        "trend": trend,
        "at_risk": at_risk,
        "at_risk_html": fragments.at_risk_html(at_risk, query=filters.query()),
        "chart_areas": charts.areas_chart(areas),
        "chart_elements": charts.elements_chart(elements),
        "chart_themes": charts.themes_chart(themes),
        "chart_completeness": charts.completeness_chart(completeness),
        "chart_trend": charts.trend_chart(trend),
        **actions_numbers(user, filters),
    }


@login_required
@one_generation
def overview(request: HttpRequest) -> HttpResponse:
    filters, context = _base(request)
    context["body"] = page_body(
        request.user,
        request.path,
        filters,
        "dashboards/_overview_body.html",
        lambda: overview_numbers(request.user, filters),
    )
    return render(request, "dashboards/overview.html", context)


@login_required
@one_generation
def area(request: HttpRequest, pk: int) -> HttpResponse:
    check(can_view_dashboards(request.user))
    change_area = get_object_or_404(ChangeArea, pk=pk)
    query = request.GET.copy()
    query["roadmap"] = str(change_area.roadmap_id)  # an area is of one road map: its page shows that one
    filters, context = _base(request, query)
    filters = replace(filters, area=change_area)
    user = request.user
    indicators = list(selectors.indicator_rows(user=user, filters=filters))
    by_quarter = selectors.score_by_quarter(user=user, filters=filters)
    ranking = selectors.unit_ranking(user=user, filters=filters)
    area_actions = actions.scores_of(actions.action_rows(user=user, filters=filters), filters=filters)
    context.update(
        {
            "filters": filters,
            "area": change_area,
            "actions": area_actions,
            "score": selectors.score_overall(user=user, filters=filters),
            "indicators": indicators,
            "indicator_rows_html": fragments.indicator_rows_html(indicators, query=filters.query(), show_unit=True),
            "units": drilldown.area_unit_scores(rows=ranking, unit_ids={i.unit_id for i in indicators}),
            "by_quarter": by_quarter,
            "chart_quarters": charts.quarters_chart(by_quarter, change_area.name),
        }
    )
    return render(request, "dashboards/area.html", context)


def unit_numbers(user: Any, the_unit: Any, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """Everything a unit's page shows below its filters."""
    by_quarter = selectors.score_by_quarter(user=user, filters=filters)
    pivot = drilldown.unit_pivot(user=user, filters=filters)
    display.pivot_rows(pivot, query=filters.query())  # ≈800 cells: their text once per cell, not per filter
    action_rows = actions.action_rows(user=user, filters=filters)  # the rencana aksi the unit carries out
    return {
        "unit": the_unit,
        "action_rows": action_rows,
        "actions": actions.scores_of(action_rows, filters=filters),
        "score": selectors.score_overall(user=user, filters=filters),
        "areas": selectors.scores_by_area(user=user, filters=filters),
        "pivot": pivot,
        "indicator_rows_html": fragments.indicator_rows_html(
            pivot["indicators"], query=filters.query(), show_area=True
        ),
        "reports": drilldown.unit_reports(user=user, unit=the_unit, filters=filters),
        "by_quarter": by_quarter,
        "chart_quarters": charts.quarters_chart(by_quarter, the_unit.short_name or the_unit.name),
    }


@login_required
@one_generation
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    filters, context = _base(request)
    the_unit = get_object_or_404(visible_units(request.user), pk=pk)
    filters = drilldown.for_unit(filters, the_unit)
    context.update({"filters": filters, "unit": the_unit})
    context["body"] = page_body(
        request.user,
        request.path,
        filters,
        "dashboards/_unit_body.html",
        lambda: unit_numbers(request.user, the_unit, filters),
    )
    return render(request, "dashboards/unit.html", context)


@login_required
@one_generation
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    filters, context = _base(request)
    the_indicator = get_object_or_404(
        scope(Indicator.objects.select_related("unit", "area", "aspect", "theme", "roadmap"), request.user), pk=pk
    )
    if filters.roadmap is None or filters.roadmap.pk != the_indicator.roadmap_id:
        # The indicator's own road map decides its quarters, whatever the URL says.
        query = request.GET.copy()
        query["roadmap"] = str(the_indicator.roadmap_id)
        filters = selectors.dashboard_filters(query=query, user=request.user)
        context.update({"filters": filters, **selectors.filter_choices(user=request.user, filters=filters)})
    user = request.user
    history = drilldown.indicator_history(user=user, indicator=the_indicator, filters=filters)
    context.update(
        {
            "indicator": the_indicator,
            "history": history,
            # Quarter by quarter: the unit's texts, its evidence (downloaded through the permission-checked
            # view of the evaluations app) and the reviewers' decisions and notes.
            "story": drilldown.indicator_story(user=user, indicator=the_indicator),
            "chart_history": charts.indicator_chart(history, the_indicator.is_milestone),
        }
    )
    return render(request, "dashboards/indicator.html", context)
