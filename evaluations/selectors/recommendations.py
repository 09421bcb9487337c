"""Reads of the LHE's recommendations with their follow-up: the Rekomendasi LHE page, its export, the API and the
reminders. Through roadmap.permissions.scope: staff see every unit, an officer its own unit's assignments only.

The status of a unit's follow-up is the one of its latest *submitted* report (Diajukan or Disetujui) that reports
it; a draft is not yet reported. Terlambat: the due quarter is over and that status is not Selesai
(docs/recommendations.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from evaluations.models import (
    FollowUp,
    FollowUpStatus,
    RbEvaluation,
    Recommendation,
    RecommendationAssignment,
    ReportStatus,
    today_wita,
)
from roadmap.models import Unit
from roadmap.permissions import AnyUser, scope

REPORTED = (ReportStatus.DIAJUKAN, ReportStatus.DISETUJUI)
OVERDUE = "terlambat"  # the status filter's extra choice


@dataclass(frozen=True, slots=True)
class UnitLine:
    """One responsible unit of a recommendation: its latest reported tindak lanjut."""

    assignment: RecommendationAssignment
    latest: FollowUp | None  # with report and cycle; None: nothing reported yet
    evidence: int  # files of that row
    overdue: bool

    @property
    def unit(self) -> Unit:
        return self.assignment.unit

    @property
    def status(self) -> str:
        return self.latest.status if self.latest is not None else ""

    @property
    def status_label(self) -> str:
        return str(FollowUpStatus(self.status).label) if self.status else _("Belum dilaporkan")

    @property
    def period(self) -> str:
        return self.latest.report.cycle.label if self.latest is not None else ""

    @property
    def explanation(self) -> str:
        return self.latest.explanation if self.latest is not None else ""

    def matches(self, status: str) -> bool:
        if status == OVERDUE:
            return self.overdue
        if status == FollowUpStatus.BELUM:
            return self.status in ("", FollowUpStatus.BELUM)
        return not status or self.status == status


@dataclass(frozen=True, slots=True)
class RecommendationLine:
    recommendation: Recommendation  # with its evaluation
    units: list[UnitLine]

    @property
    def overdue(self) -> bool:
        return any(u.overdue for u in self.units)

    @property
    def done(self) -> bool:
        return bool(self.units) and all(u.status == FollowUpStatus.SELESAI for u in self.units)


@dataclass(frozen=True)
class RecommendationFilters:
    """The page's and the export's URL parameters: tahun (of the evaluation), unit, status."""

    year: int | None = None
    unit_id: int | None = None
    status: str = ""
    up_to_year: int | None = None  # the export's year: the evaluations of that year and before

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> RecommendationFilters:
        def number(name: str) -> int | None:
            value = (query.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) <= 6 else None

        status = (query.get("status") or "").strip()
        if status not in (*FollowUpStatus.values, OVERDUE):
            status = ""
        return cls(year=number("tahun"), unit_id=number("unit"), status=status)

    def as_query(self) -> dict[str, str]:
        query = {"tahun": self.year, "unit": self.unit_id, "status": self.status}
        return {k: str(v) for k, v in query.items() if v}


def status_choices() -> list[tuple[str, str]]:
    return [*((value, str(label)) for value, label in FollowUpStatus.choices), (OVERDUE, _("Terlambat"))]


def evaluation_years() -> list[int]:
    return list(RbEvaluation.objects.order_by("-year").values_list("year", flat=True))


def latest_follow_ups(assignment_ids: list[int]) -> dict[int, FollowUp]:
    """Each assignment's latest reported follow-up row (submitted or approved report, with a status)."""
    rows = (
        FollowUp.objects.filter(assignment_id__in=assignment_ids, report__status__in=REPORTED)
        .exclude(status="")
        .select_related("report__cycle")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-report__cycle__year", "-report__cycle__quarter", "-pk")
    )
    latest: dict[int, FollowUp] = {}
    for row in rows:
        latest.setdefault(row.assignment_id, row)
    return latest


def visible_assignments(*, user: AnyUser) -> QuerySet[RecommendationAssignment]:
    return scope(RecommendationAssignment.objects.select_related("unit"), user, "unit").order_by("unit__name")


def recommendation_lines(
    *, user: AnyUser, filters: RecommendationFilters, today: dt.date | None = None
) -> list[RecommendationLine]:
    """The recommendations the user may see (an officer: those of its unit, with its own line only), by LHE year
    (newest first) and number, each with its units' latest status; the filters narrow the lines."""
    today = today or today_wita()
    assignments = visible_assignments(user=user)
    if filters.unit_id:
        assignments = assignments.filter(unit_id=filters.unit_id)
    recommendations = (
        Recommendation.objects.filter(assignments__in=assignments)
        .distinct()
        .select_related("evaluation")
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="visible"))
        .order_by("-evaluation__year", "number")
    )
    if filters.year:
        recommendations = recommendations.filter(evaluation__year=filters.year)
    if filters.up_to_year:
        recommendations = recommendations.filter(evaluation__year__lte=filters.up_to_year)
    recommendations = list(recommendations)
    ids = [a.pk for r in recommendations for a in r.visible]  # type: ignore[attr-defined]
    latest = latest_follow_ups(ids)
    lines = []
    for rec in recommendations:
        past_due = rec.is_past_due(today)
        units = []
        for assignment in rec.visible:  # type: ignore[attr-defined]
            row = latest.get(assignment.pk)
            status = row.status if row is not None else ""
            line = UnitLine(
                assignment=assignment,
                latest=row,
                evidence=row.evidence_count if row is not None else 0,  # type: ignore[attr-defined]
                overdue=past_due and status != FollowUpStatus.SELESAI,
            )
            if line.matches(filters.status):
                units.append(line)
        if units:
            lines.append(RecommendationLine(recommendation=rec, units=units))
    return lines


def overdue_recommendations(*, unit_id: int, today: dt.date) -> list[Recommendation]:
    """The unit's recommendations past their due quarter whose follow-up is not Selesai (the reminders list them)."""
    assignments = list(
        RecommendationAssignment.objects.filter(unit_id=unit_id)
        .select_related("recommendation__evaluation")
        .order_by("recommendation__evaluation__year", "recommendation__number")
    )
    latest = latest_follow_ups([a.pk for a in assignments])
    return [
        a.recommendation
        for a in assignments
        if a.recommendation.is_past_due(today) and getattr(latest.get(a.pk), "status", "") != FollowUpStatus.SELESAI
    ]


def overdue_by_unit(*, user: AnyUser, today: dt.date) -> dict[Unit, list[Recommendation]]:
    """The Pengingat page: every visible unit with overdue recommendations."""
    by_unit: dict[Unit, list[Recommendation]] = defaultdict(list)
    for line in recommendation_lines(user=user, filters=RecommendationFilters(status=OVERDUE), today=today):
        for unit_line in line.units:
            by_unit[unit_line.unit].append(line.recommendation)
    return dict(sorted(by_unit.items(), key=lambda item: item[0].name))
