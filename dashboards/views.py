"""The dashboards: Dasbor, and the area, unit and indicator pages; every number comes from dashboards.selectors.

Access is enforced here and in the selectors' querysets (roadmap.permissions.scope): an officer
gets the same pages limited to their own unit; another unit's unit or indicator page is a 404.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from areas.models import ChangeArea, Indicator
from dashboards import charts, display, selectors
from dashboards.selectors import drilldown
from evaluations.models import today_wita
from roadmap.permissions import can_view_dashboards, check, scope, visible_units


def _base(request: HttpRequest) -> tuple[selectors.DashboardFilters, dict[str, Any]]:
    check(can_view_dashboards(request.user))
    filters = selectors.dashboard_filters(query=request.GET, user=request.user)
    context = {"filters": filters, **selectors.filter_choices(user=request.user, filters=filters)}
    return filters, context


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    filters, context = _base(request)
    user = request.user
    areas = selectors.scores_by_area(user=user, filters=filters)
    elements = selectors.scores_by_element(user=user, filters=filters)
    themes = selectors.scores_by_theme(user=user, filters=filters)
    ranking = selectors.unit_ranking(user=user, filters=filters)
    completeness = selectors.completeness(user=user, filters=filters)
    trend = selectors.trend(user=user, filters=filters)
    for period in trend["periods"]:
        period["query"] = filters.query(tahun=period["cycle"].year, triwulan=period["cycle"].quarter)
    heatmap = selectors.heatmap(user=user, filters=filters, ranking=ranking)
    # The two big tables (a row per unit; units × areas) get their text once per cell here, not through
    # template filters and includes per cell.
    query = filters.query()
    display.ranking_rows(ranking, query=query, today=today_wita())
    display.heatmap_rows(heatmap, query=query)
    context.update(
        {
            "overall": selectors.score_overall(user=user, filters=filters),
            "areas": areas,
            "elements": elements,
            "themes": themes,
            "ranking": ranking,
            "completeness": completeness,
            "trend": trend,
            "heatmap": heatmap,
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
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    filters, context = _base(request)
    the_unit = get_object_or_404(visible_units(request.user), pk=pk)
    filters = drilldown.for_unit(filters, the_unit)
    user = request.user
    by_quarter = selectors.score_by_quarter(user=user, filters=filters)
    context.update(
        {
            "filters": filters,
            "unit": the_unit,
            "score": selectors.score_overall(user=user, filters=filters),
            "areas": selectors.scores_by_area(user=user, filters=filters),
            "pivot": drilldown.unit_pivot(user=user, filters=filters),
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
