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
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from areas.models import ChangeArea, Indicator
from dashboards import charts, display, selectors
from dashboards.selectors import cache, drilldown
from evaluations.models import today_wita
from roadmap.permissions import can_view_dashboards, check, scope, visible_units


def one_generation(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The data generation is read once per page (dashboards.selectors.cache.one_generation)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with cache.one_generation():
            return view(request, *args, **kwargs)

    return wrapped


def _base(request: HttpRequest) -> tuple[selectors.DashboardFilters, dict[str, Any]]:
    check(can_view_dashboards(request.user))
    filters = selectors.dashboard_filters(query=request.GET, user=request.user)
    context = {"filters": filters, **selectors.filter_choices(user=request.user, filters=filters)}
    return filters, context


def big_tables(user: Any, filters: selectors.DashboardFilters) -> dict[str, Any]:
    """The ranking (a row per unit) and the heat map (units × areas): their rendered rows, cached.

    Their HTML is most of the Dasbor's CPU at scale, so it is cached like the numbers: under the SQL of every
    row it is made of (selectors.ranking_inputs: scope, filters, statuses, cycle, the quarter's reports),
    the data generation, the language, the date (a report's "Terlambat" badge) and the filters' query string
    (the links). `ranking` and `heatmap` stay in the context as lazy values (computed only when read).
    """
    query = filters.query()
    today = today_wita()

    def compute_ranking() -> list[dict[str, Any]]:
        ranking = selectors.unit_ranking(user=user, filters=filters)
        display.ranking_rows(ranking, query=query, today=today)
        return ranking

    def compute_heatmap() -> dict[str, Any]:
        heatmap = selectors.heatmap(user=user, filters=filters, ranking=ranking)
        display.heatmap_rows(heatmap, query=query)
        return heatmap

    ranking = SimpleLazyObject(compute_ranking)
    heatmap = SimpleLazyObject(compute_heatmap)

    def render_rows() -> tuple[str, str]:
        # The display values are made once per cell (dashboards.display), not by filters and includes per cell.
        return (
            str(render_to_string("dashboards/_ranking_rows.html", {"ranking": ranking})),
            str(render_to_string("dashboards/_heatmap_rows.html", {"heatmap": heatmap})),
        )

    inputs = selectors.ranking_inputs(user=user, filters=filters)
    if inputs is None:
        ranking_html, heatmap_html = render_rows()
    else:
        sql, params = inputs
        key = (params, get_language(), today.isoformat(), query)
        ranking_html, heatmap_html = cache.cached_as("tables", sql, key, render_rows)
    return {
        "ranking": ranking,
        "heatmap": heatmap,
        "ranking_html": mark_safe(ranking_html),  # rendered by the template engine (autoescaped)
        "heatmap_html": mark_safe(heatmap_html),
    }


@login_required
@one_generation
def overview(request: HttpRequest) -> HttpResponse:
    filters, context = _base(request)
    user = request.user
    areas = selectors.scores_by_area(user=user, filters=filters)
    elements = selectors.scores_by_element(user=user, filters=filters)
    themes = selectors.scores_by_theme(user=user, filters=filters)
    completeness = selectors.completeness(user=user, filters=filters)
    trend = selectors.trend(user=user, filters=filters)
    for period in trend["periods"]:
        period["query"] = filters.query(tahun=period["cycle"].year, triwulan=period["cycle"].quarter)
    context.update(
        {
            "overall": selectors.score_overall(user=user, filters=filters),
            "areas": areas,
            "elements": elements,
            "themes": themes,
            **big_tables(user, filters),
            "heatmap_areas": [row["area"] for row in areas],  # the heat map's columns: every area, in order
            "completeness": completeness,
            "trend": trend,
            "at_risk": list(selectors.at_risk_indicators(user=user, filters=filters)),
            "chart_areas": charts.areas_chart(areas),
            "chart_elements": charts.elements_chart(elements),
            "chart_themes": charts.themes_chart(themes),
            "chart_completeness": charts.completeness_chart(completeness),
            "chart_trend": charts.trend_chart(trend),
        }
    )
    return render(request, "dashboards/overview.html", context)


@login_required
@one_generation
def area(request: HttpRequest, pk: int) -> HttpResponse:
    filters, context = _base(request)
    change_area = get_object_or_404(ChangeArea, pk=pk)
    filters = replace(filters, area=change_area)
    user = request.user
    indicators = list(selectors.indicator_rows(user=user, filters=filters))
    by_quarter = selectors.score_by_quarter(user=user, filters=filters)
    ranking = selectors.unit_ranking(user=user, filters=filters)
    context.update(
        {
            "filters": filters,
            "area": change_area,
            "score": selectors.score_overall(user=user, filters=filters),
            "indicators": indicators,
            "units": drilldown.area_unit_scores(rows=ranking, unit_ids={i.unit_id for i in indicators}),
            "by_quarter": by_quarter,
            "chart_quarters": charts.quarters_chart(by_quarter, change_area.name),
        }
    )
    return render(request, "dashboards/area.html", context)


@login_required
@one_generation
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    filters, context = _base(request)
    the_unit = get_object_or_404(visible_units(request.user), pk=pk)
    filters = drilldown.for_unit(filters, the_unit)
    user = request.user
    by_quarter = selectors.score_by_quarter(user=user, filters=filters)
    pivot = drilldown.unit_pivot(user=user, filters=filters)
    display.pivot_rows(pivot, query=filters.query())  # ≈800 cells: their text once per cell, not per filter
    context.update(
        {
            "filters": filters,
            "unit": the_unit,
            "score": selectors.score_overall(user=user, filters=filters),
            "areas": selectors.scores_by_area(user=user, filters=filters),
            "pivot": pivot,
            "reports": drilldown.unit_reports(user=user, unit=the_unit, filters=filters),
            "by_quarter": by_quarter,
            "chart_quarters": charts.quarters_chart(by_quarter, the_unit.short_name or the_unit.name),
        }
    )
    return render(request, "dashboards/unit.html", context)


def _evidence_url(pk: int) -> str | None:
    # The download view belongs to the evaluations app; without it the names are shown unlinked.
    try:
        return reverse("evaluations:evidence_download", args=[pk])
    except NoReverseMatch:
        return None


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
    history = drilldown.indicator_history(indicator=the_indicator, filters=filters)
    evidence = [{"file": e, "url": _evidence_url(e.pk)} for e in drilldown.indicator_evidence(indicator=the_indicator)]
    context.update(
        {
            "indicator": the_indicator,
            "history": history,
            "evidence": evidence,
            **drilldown.indicator_reviews(indicator=the_indicator),
            "chart_history": charts.indicator_chart(history, the_indicator.is_milestone),
        }
    )
    return render(request, "dashboards/indicator.html", context)
