"""The API's reads: scoped querysets, and the dashboards' numbers through dashboards.selectors (same code)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict

from areas.models import Indicator, IndicatorAnnualTarget, IndicatorTarget
from dashboards import selectors as dashboards
from dashboards.selectors.filters import TOGGLE_PARAM
from evaluations.models import Progress, Report
from roadmap.permissions import AnyUser, scope


def indicators_for(*, user: AnyUser, year: int | None = None, quarter: int | None = None) -> QuerySet[Indicator]:
    """The user's indicators with their targets (of `year` / `quarter` only, when given)."""
    annual = IndicatorAnnualTarget.objects.order_by("year")
    quarterly = IndicatorTarget.objects.order_by("year", "quarter")
    if year is not None:
        annual, quarterly = annual.filter(year=year), quarterly.filter(year=year)
    if quarter is not None:
        quarterly = quarterly.filter(quarter=quarter)
    return (
        scope(Indicator.objects.all(), user)
        .prefetch_related(Prefetch("annual_targets", queryset=annual), Prefetch("targets", queryset=quarterly))
        .order_by("roadmap_id", "unit__name", "area__order", "code", "pk")
    )


def reports_for(*, user: AnyUser) -> QuerySet[Report]:
    return (
        scope(Report.objects.all(), user)
        .select_related("unit", "cycle")
        .order_by("-cycle__year", "-cycle__quarter", "unit__name", "pk")
    )


def progress_for(*, user: AnyUser) -> QuerySet[Progress]:
    return (
        scope(Progress.objects.all(), user, unit_path="report__unit")
        .select_related("report__cycle", "indicator")
        .order_by("-report__cycle__year", "-report__cycle__quarter", "report__unit__name", "indicator__code", "pk")
    )


def _score(score: dashboards.Score) -> dict[str, Any]:
    return {
        "value": score.value,
        "kategori": score.kategori,
        "light": None if score.light is None else str(score.light),
    }


def scores(*, user: AnyUser, params: dict[str, Any]) -> dict[str, Any]:
    """The Dasbor's numbers for the validated `params` (the dashboards' own URL parameters)."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if key == TOGGLE_PARAM:
            if value:
                query[key] = "1"
        elif value is not None:
            query[key] = str(value)
    filters = dashboards.dashboard_filters(query=query, user=user)
    themes = dashboards.scores_by_theme(user=user, filters=filters)
    return {
        "filters": {
            "roadmap": filters.roadmap.pk if filters.roadmap else None,
            "tahun": filters.year,
            "triwulan": filters.quarter,
            "period": None if filters.year is None or filters.quarter is None else filters.period_label,
            "cycle": filters.cycle.pk if filters.cycle else None,
            "unit": filters.unit.pk if filters.unit else None,
            "area": filters.area.pk if filters.area else None,
            "elemen": filters.element,
            "tema": filters.theme.pk if filters.theme else None,
            "jenis_indikator": filters.kind,
            "termasuk_diajukan": filters.include_submitted,
            "statuses": list(filters.statuses),
        },
        "overall": _score(dashboards.score_overall(user=user, filters=filters)),
        "areas": [
            {"area": row.area, **_score(row.score)} for row in dashboards.scores_by_area(user=user, filters=filters)
        ],
        "elements": [
            {
                "element": row.element,
                "label": str(row.label),
                **_score(row.score),
                "aspects": [{"aspect": a.aspect, **_score(a.score)} for a in row.aspects],
            }
            for row in dashboards.scores_by_element(user=user, filters=filters)
        ],
        "themes": {
            "general": _score(themes.general),
            "tematik": _score(themes.tematik),
            "themes": [{"theme": t.theme, **_score(t.score)} for t in themes.themes],
        },
        "ranking": [
            {
                "rank": row.rank,
                "unit": row.unit,
                "report": {"id": row.report.pk, "status": row.report.status},
                **_score(row.score),
            }
            for row in dashboards.unit_ranking(user=user, filters=filters)
        ],
    }
