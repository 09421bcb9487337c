"""Reads of indicators and targets, scoped through roadmap.permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from areas.models import ChangeArea, Element, Indicator, IndicatorAnnualTarget, IndicatorTarget
from roadmap.models import Roadmap, User
from roadmap.permissions import scope, visible_units
from roadmap.querystring import query_int


@dataclass(frozen=True)
class IndicatorFilters:
    roadmap: int | None = None
    unit: int | None = None
    area: int | None = None
    element: str | None = None
    q: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> IndicatorFilters:
        element = query.get("elemen")
        return cls(
            roadmap=query_int(query.get("roadmap")),
            unit=query_int(query.get("unit")),
            area=query_int(query.get("area")),
            element=element if element in Element.values else None,
            q=(query.get("q") or "").strip()[:100],
        )


def indicators_for(*, user: User, filters: IndicatorFilters | None = None) -> QuerySet[Indicator]:
    qs = scope(Indicator.objects.all(), user).select_related("unit", "area", "aspect", "theme", "roadmap")
    f = filters or IndicatorFilters()
    roadmap_id = selected_roadmap_id(f)
    if roadmap_id:
        qs = qs.filter(roadmap_id=roadmap_id)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.area:
        qs = qs.filter(area_id=f.area)
    if f.element:
        qs = qs.filter(aspect__element=f.element)
    if f.q:
        qs = qs.filter(name__icontains=f.q) | qs.filter(code__icontains=f.q)
    return qs.order_by("unit__name", "area__order", "code")


def selected_roadmap_id(filters: IndicatorFilters) -> int | None:
    """The road map chosen, else the active one."""
    return filters.roadmap or Roadmap.objects.filter(is_active=True).values_list("pk", flat=True).first()


def filter_choices(*, user: User, filters: IndicatorFilters | None = None) -> dict[str, Any]:
    roadmap_id = selected_roadmap_id(filters or IndicatorFilters())
    return {
        "roadmaps": Roadmap.objects.all(),
        "units": visible_units(user).active(),
        "areas": ChangeArea.objects.filter(roadmap_id=roadmap_id).order_by("order"),  # that road map's own
        "elements": Element.choices,
    }


def targets_by_year(*, indicator: Indicator) -> list[dict[str, Any]]:
    """One row per year of the road map: the annual target and the four quarterly ones."""
    annual = {t.year: t.value for t in IndicatorAnnualTarget.objects.filter(indicator=indicator)}
    quarterly: dict[int, dict[int, Any]] = {}
    for t in IndicatorTarget.objects.filter(indicator=indicator):
        quarterly.setdefault(t.year, {})[t.quarter] = t.value
    return [
        {"year": year, "annual": annual.get(year), "quarters": [quarterly.get(year, {}).get(q) for q in range(1, 5)]}
        for year in indicator.roadmap.years
    ]
