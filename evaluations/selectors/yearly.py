"""Reads of the yearly results: the road map's sasaran with their yearly target, realisation and capaian, and the
Indeks RB per year with its predikat and history chart. Staff only (the views and the API check
roadmap.permissions.can_read_yearly_results); these rows are the road map's, no unit's.

Capaian of a sasaran indicator is areas.scoring.capaian of its yearly realisation against its yearly target, by
its polarity: the same rule as a unit's indicator in a quarter ("—" when a number is missing or the target is 0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from areas import scoring
from areas.models import StrategicIndicator, StrategicIndicatorTarget, StrategicTarget
from areas.scale import capaian_scale
from evaluations.models import RbEvaluation, StrategicEvidence, StrategicRealisation
from roadmap.models import Roadmap


@dataclass(frozen=True)
class SasaranLine:
    """One sasaran indicator in one year."""

    indicator: StrategicIndicator
    year: int
    target: Decimal | None
    realisation: StrategicRealisation | None
    evidence: tuple[StrategicEvidence, ...]

    @property
    def value(self) -> Decimal | None:
        return self.realisation.value if self.realisation else None

    @property
    def note(self) -> str:
        return self.realisation.note if self.realisation else ""

    @property
    def version(self) -> int:
        return self.realisation.version if self.realisation else 0

    @property
    def capaian(self) -> Decimal | None:
        return scoring.capaian(polarity=self.indicator.polarity, target=self.target, realisasi=self.value)

    @property
    def light(self) -> str | None:
        return scoring.traffic_light(self.capaian, capaian_scale().lights)

    @property
    def light_label(self) -> str:
        light = self.light
        return str(scoring.TrafficLight(light).label) if light else ""


@dataclass(frozen=True)
class SasaranGroup:
    target: StrategicTarget
    lines: tuple[SasaranLine, ...]


@dataclass(frozen=True)
class SasaranYear:
    roadmap: Roadmap
    year: int
    groups: tuple[SasaranGroup, ...]

    @property
    def lines(self) -> list[SasaranLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def has_realisation(self) -> bool:
        return any(line.value is not None for line in self.lines)


def strategic_indicators(years: list[int] | None = None) -> QuerySet[StrategicIndicator]:
    """Sasaran indicators in the road map's order with their targets and realisations (of `years`, or all)
    prefetched, for line_of()."""
    realisations = StrategicRealisation.objects.all()
    targets = StrategicIndicatorTarget.objects.all()
    if years is not None:
        realisations = realisations.filter(year__in=years)
        targets = targets.filter(year__in=years)
    realisations = realisations.prefetch_related(
        Prefetch("evidence", queryset=StrategicEvidence.objects.order_by("uploaded_at", "pk"))
    )
    return (
        StrategicIndicator.objects.select_related("strategic_target__roadmap")
        .prefetch_related(Prefetch("targets", queryset=targets), Prefetch("realisations", queryset=realisations))
        .order_by("strategic_target__roadmap_id", "strategic_target__element", "strategic_target__code", "order", "pk")
    )


def _indicators(roadmap: Roadmap, years: list[int]) -> list[StrategicIndicator]:
    return list(strategic_indicators(years).filter(strategic_target__roadmap=roadmap))


def line_of(indicator: StrategicIndicator, year: int) -> SasaranLine:
    """One indicator's line of `year`, from what strategic_indicators() prefetched."""
    target = next((t.value for t in indicator.targets.all() if t.year == year), None)
    realisation = next((r for r in indicator.realisations.all() if r.year == year), None)
    evidence = tuple(realisation.evidence.all()) if realisation else ()
    return SasaranLine(indicator=indicator, year=year, target=target, realisation=realisation, evidence=evidence)


def sasaran_year(*, roadmap: Roadmap, year: int) -> SasaranYear:
    """Every sasaran of the road map with its indicators' line of `year`, in the road map's order."""
    groups: dict[int, tuple[StrategicTarget, list[SasaranLine]]] = {}
    for indicator in _indicators(roadmap, [year]):
        target = indicator.strategic_target
        groups.setdefault(target.pk, (target, []))[1].append(line_of(indicator, year))
    return SasaranYear(
        roadmap=roadmap,
        year=year,
        groups=tuple(SasaranGroup(target=t, lines=tuple(lines)) for t, lines in groups.values()),
    )


def sasaran_lines_all_years(*, roadmap: Roadmap) -> list[SasaranLine]:
    """Every indicator × every year of the road map (the export and the API), indicator by indicator."""
    years = list(roadmap.years)
    return [line_of(indicator, year) for indicator in _indicators(roadmap, years) for year in years]


def default_sasaran_year(*, roadmap: Roadmap, today: dt.date) -> int:
    """The year a page opens on: the latest with a realisation, else last year (a year is realised after it
    ends), kept inside the road map."""
    latest = (
        StrategicRealisation.objects.filter(
            indicator__strategic_target__roadmap=roadmap, value__isnull=False, year__lte=roadmap.end_year
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is not None:
        return latest
    return min(max(roadmap.start_year, today.year - 1), roadmap.end_year)


def dashboard_sasaran(*, roadmap: Roadmap | None, year: int) -> SasaranYear | None:
    """The Dasbor's "Sasaran Road Map" card: the Dasbor's year when it has a realisation, else the latest year
    before it that has one (a year's realisation comes after the year ends); None without sasaran."""
    if roadmap is None:
        return None
    shown = (
        StrategicRealisation.objects.filter(
            indicator__strategic_target__roadmap=roadmap, value__isnull=False, year__lte=year
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    result = sasaran_year(roadmap=roadmap, year=shown if shown is not None else year)
    return result if result.groups else None


# --- Indeks RB ----------------------------------------------------------------------------------------------


def rb_evaluations() -> list[RbEvaluation]:
    """Every year's evaluation, the oldest first (the history chart reads left to right)."""
    return list(RbEvaluation.objects.select_related("roadmap").order_by("year"))


def latest_rb_evaluation() -> RbEvaluation | None:
    return RbEvaluation.objects.order_by("-year").first()


def _f(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def indeks_chart(evaluations: list[RbEvaluation]) -> dict[str, Any]:
    """The history chart's data, drawn by static/js/dashboards.js like the Dasbor's charts."""
    return {
        "type": "line",
        "labels": [str(e.year) for e in evaluations],
        "datasets": [
            {"label": _("Indeks RB"), "data": [_f(e.indeks) for e in evaluations], "emphasis": True},
            {"label": _("RB General"), "data": [_f(e.general_value) for e in evaluations]},
            {"label": _("RB Tematik"), "data": [_f(e.tematik_value) for e in evaluations]},
        ],
    }
