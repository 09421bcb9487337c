"""Reads of the Verifikator BPSDM's pages: the queue, the review page and the staff Beranda panel.

Every report is fetched through roadmap.permissions.scope(), so a role that may not see a
unit never gets its rows, whatever the URL says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.db.models import Count, DecimalField, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Greatest, Least, NullIf
from django.utils import timezone

from areas import scoring
from areas.models import ChangeArea, IndicatorAnnualTarget
from areas.scale import capaian_scale
from evaluations.models import (
    Cycle,
    CycleState,
    Evidence,
    Progress,
    Report,
    ReportStatus,
    ReviewDecision,
    ReviewNote,
    today_wita,
)
from roadmap.models import User
from roadmap.permissions import AnyUser, can_review, scope, visible_units
from roadmap.querystring import query_int

# The queue's tabs: a status, or every status ("semua"). The default is what waits for review.
STATUS_ALL = "semua"
DEFAULT_STATUS = ReportStatus.DIAJUKAN.value
PREVIEWABLE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})

_DECIMAL = DecimalField(max_digits=20, decimal_places=4)


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters, read from the URL; unknown or broken values are ignored, never an error."""

    status: str = DEFAULT_STATUS
    cycle: int | None = None
    year: int | None = None
    quarter: int | None = None
    unit: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> QueueFilters:
        status = str(query.get("status") or DEFAULT_STATUS)
        if status != STATUS_ALL and status not in ReportStatus.values:
            status = DEFAULT_STATUS
        quarter = query_int(query.get("triwulan"))
        return cls(
            status=status,
            cycle=query_int(query.get("periode")),
            year=query_int(query.get("tahun")),
            quarter=quarter if quarter in (1, 2, 3, 4) else None,
            unit=query_int(query.get("unit")),
        )

    def as_query(self, **override: Any) -> dict[str, Any]:
        """The URL parameters of these filters (for tabs and the redirect after a bulk action)."""
        values = {
            "status": self.status,
            "periode": self.cycle,
            "tahun": self.year,
            "triwulan": self.quarter,
            "unit": self.unit,
            **override,
        }
        return {k: v for k, v in values.items() if v not in (None, "")}


def _base_reports(*, user: AnyUser, filters: QueueFilters) -> QuerySet[Report]:
    qs = scope(Report.objects.all(), user)
    if filters.cycle:
        qs = qs.filter(cycle_id=filters.cycle)
    if filters.year:
        qs = qs.filter(cycle__year=filters.year)
    if filters.quarter:
        qs = qs.filter(cycle__quarter=filters.quarter)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    return qs


def with_scores(qs: QuerySet[Report]) -> QuerySet[Report]:
    """Annotate indicator_count and avg_capaian: the weighted mean of each indicator's capaian clipped to 0–120 %."""
    has_value = Q(progress_rows__capaian__isnull=False)
    clipped = Least(
        Greatest(F("progress_rows__capaian"), Value(scoring.CLIP_MIN, output_field=_DECIMAL)),
        Value(scoring.CLIP_MAX, output_field=_DECIMAL),
        output_field=_DECIMAL,
    )
    weight = F("progress_rows__indicator__weight")
    return qs.annotate(
        indicator_count=Count("progress_rows", distinct=True),
        avg_capaian=Sum(clipped * weight, filter=has_value, output_field=_DECIMAL)
        / NullIf(Sum(weight, filter=has_value, output_field=_DECIMAL), Value(0, output_field=_DECIMAL)),
    )


def review_queue(*, user: AnyUser, filters: QueueFilters) -> QuerySet[Report]:
    """The reports of one status (or all), oldest submission first; then by quarter and unit."""
    qs = _base_reports(user=user, filters=filters)
    if filters.status != STATUS_ALL:
        qs = qs.filter(status=filters.status)
    qs = with_scores(qs.select_related("unit", "cycle"))
    return qs.order_by(F("submitted_at").asc(nulls_last=True), "-cycle__year", "-cycle__quarter", "unit__name", "pk")


def queue_status_counts(*, user: AnyUser, filters: QueueFilters) -> dict[str, int]:
    """Reports per status under the other filters, for the tabs."""
    rows = _base_reports(user=user, filters=filters).values_list("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(ReportStatus.values, 0)
    counts.update(dict(rows))
    counts[STATUS_ALL] = sum(counts.values())
    return counts


def days_waiting(report: Report, today: dt.date) -> int | None:
    if not report.submitted_at:
        return None
    return max(0, (today - timezone.localdate(report.submitted_at)).days)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A report of the queue with what the template cannot compute."""

    report: Report  # from review_queue(): with its indicator count and average capaian
    days_waiting: int | None
    late: bool


def queue_rows(reports: Iterable[Report], *, today: dt.date) -> list[QueueRow]:
    """The queue's rows of one page: days waiting and whether the report is late."""
    return [
        QueueRow(
            report=report,
            days_waiting=days_waiting(report, today),
            late=report.submitted_late() or report.is_overdue(today),
        )
        for report in reports
    ]


def queue_filter_choices(*, user: AnyUser) -> dict[str, Any]:
    cycles = Cycle.objects.select_related("roadmap").exclude(state=CycleState.SCHEDULED)
    return {
        "cycles": list(cycles.order_by("-roadmap__is_active", "-year", "-quarter")),
        "years": sorted(set(cycles.values_list("year", flat=True)), reverse=True),
        "quarters": [(q, f"TW {r}") for q, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))],
        "units": list(visible_units(user).active().order_by("name")),
    }


# --- The review page ------------------------------------------------------------------------------------------


def report_for_review(*, user: AnyUser, pk: int) -> Report | None:
    return scope(Report.objects.select_related("unit", "cycle", "cycle__roadmap"), user).filter(pk=pk).first()


@dataclass(frozen=True, slots=True)
class ReviewEvidence:
    file: Evidence
    previewable: bool  # the browser shows it inline (PDF, JPEG, PNG)


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """An indicator of the report under review, as the page shows it."""

    progress: Progress
    annual_target: Decimal | None
    light: str | None  # the capaian's traffic light
    evidence: list[ReviewEvidence]
    annual_upper: Decimal | None = None  # a range target's upper bound


@dataclass(frozen=True, slots=True)
class AreaGroup:
    area: ChangeArea
    rows: list[ReviewRow]


@dataclass(frozen=True)
class ReviewActions:
    """Which buttons the page offers; the services enforce the same rules again on POST."""

    can_approve: bool
    can_return: bool
    can_reopen: bool

    @property
    def any(self) -> bool:
        return self.can_approve or self.can_return or self.can_reopen


def review_actions(*, report: Report, user: AnyUser, today: dt.date) -> ReviewActions:
    if not can_review(user):
        return ReviewActions(False, False, False)
    submitted = report.status == ReportStatus.DIAJUKAN
    reopenable = report.status == ReportStatus.DISETUJUI or not report.entry_open(today)
    return ReviewActions(can_approve=submitted, can_return=submitted, can_reopen=reopenable)


def review_rows(*, report: Report) -> list[AreaGroup]:
    """Every indicator of the report with its evidence, grouped by change area in their fixed order."""
    annual = {
        indicator_id: (value, upper)
        for indicator_id, value, upper in IndicatorAnnualTarget.objects.filter(
            indicator__progress_rows__report=report, year=report.cycle.year
        ).values_list("indicator_id", "value", "value_upper")
    }
    rows = (
        Progress.objects.filter(report=report)
        .select_related("indicator", "indicator__area", "updated_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")),
        )
        .order_by("indicator__area__order", "indicator__code", "pk")
    )
    lights = capaian_scale().lights
    return [
        AreaGroup(
            area=area,
            rows=[
                ReviewRow(
                    progress=progress,
                    annual_target=annual.get(progress.indicator_id, (None, None))[0],
                    annual_upper=annual.get(progress.indicator_id, (None, None))[1],
                    light=scoring.traffic_light(progress.capaian, lights),
                    evidence=[
                        ReviewEvidence(ev, ev.content_type in PREVIEWABLE_TYPES) for ev in progress.evidence.all()
                    ],
                )
                for progress in items
            ],
        )
        for area, items in groupby(rows, key=lambda p: p.indicator.area)
    ]


def review_decisions(*, report: Report) -> list[ReviewDecision]:
    """Past decisions, newest first, with their notes per indicator, per rencana aksi and per tindak lanjut."""
    notes = ReviewNote.objects.select_related(
        "progress__indicator", "action_progress__assignment__plan", "follow_up__assignment__recommendation__evaluation"
    ).order_by("progress__indicator__code", "action_progress__assignment__plan__code", "pk")
    return list(
        report.decisions.select_related("reviewer")
        .prefetch_related(Prefetch("notes", queryset=notes))
        .order_by("-created_at", "-pk")
    )


def report_score(*, report: Report) -> Decimal | None:
    rows = Progress.objects.filter(report=report).values_list("capaian", "indicator__weight")
    return scoring.weighted_mean(rows)


# --- The staff Beranda ----------------------------------------------------------------------------------------


def current_cycle() -> Cycle | None:
    """The open cycle of the active road map (the newest, if several); else the latest one that was opened."""
    cycles = Cycle.objects.select_related("roadmap").filter(roadmap__is_active=True).order_by("-year", "-quarter")
    return cycles.filter(state=CycleState.OPEN).first() or cycles.exclude(state=CycleState.SCHEDULED).first()


def staff_panel(*, user: User, today: dt.date | None = None) -> dict[str, Any]:
    """What the staff Beranda shows above the units table: waiting reports, the cycle's counts, Terlambat."""
    today = today or today_wita()
    reports = scope(Report.objects.all(), user)
    cycle = current_cycle()
    status_counts: list[tuple[str, str, int]] = []
    overdue = 0
    if cycle is not None:
        in_cycle = reports.filter(cycle=cycle)
        counts = dict(in_cycle.values_list("status").annotate(n=Count("pk")).order_by())
        status_counts = [(s.value, s.label, counts.get(s.value, 0)) for s in ReportStatus]
        overdue = in_cycle.overdue(today).count()
    return {
        "can_review": can_review(user),
        "waiting_count": reports.filter(status=ReportStatus.DIAJUKAN).count(),
        "current_cycle": cycle,
        "cycle_status_counts": status_counts,
        "cycle_report_count": sum(n for _s, _l, n in status_counts),
        "cycle_overdue_count": overdue,
        "overdue_count": reports.overdue(today).count(),
        "today": today,
    }
