"""Reads of the exports: one streaming query per report, always scoped through roadmap.permissions.

The aggregated figures (unit / area / overall scores) come from the dashboards' read layer
(dashboards.selectors), so an export and the Dasbor always show the same numbers: capaian
clipped to 0–120 %, weighted, only the counted statuses (Disetujui; with the toggle also Diajukan).
The per-indicator rows are this module's own streaming query over Progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from areas.models import ChangeArea
from dashboards.models import ReportAreaScore
from dashboards.selectors import DashboardFilters
from dashboards.selectors import cache as dashboard_cache
from dashboards.selectors import scores as dashboard_scores
from dashboards.selectors.filters import APPROVED_ONLY, TOGGLE_PARAM, WITH_SUBMITTED, dashboard_filters
from dashboards.selectors.scores import SUMMARY_SUMS, Score, score_sums
from evaluations.models import Evidence, Progress, ReminderStatus, Report, ReportStatus
from roadmap.models import Roadmap, Unit
from roadmap.permissions import AnyUser, scope, visible_units

# The counted statuses and their toggle are the dashboards' (APPROVED_ONLY by default).
__all__ = ["APPROVED_ONLY", "TOGGLE_PARAM", "WITH_SUBMITTED", "Score"]


def export_filters(*, query: Mapping[str, Any], user: AnyUser) -> DashboardFilters:
    """The dashboards' filters (dashboards.selectors.filters) as an export reads them: a year without a quarter is
    the whole year; element and theme, which no export offers, are left out. An operator's unit is forced."""
    return replace(dashboard_filters(query=query, user=user, whole_year=True), element=None, theme=None)


def filter_choices(*, user: AnyUser, filters: DashboardFilters) -> dict[str, Any]:
    roadmap = filters.roadmap
    return {
        "roadmaps": list(Roadmap.objects.order_by("-start_year")),
        "years": list(roadmap.years) if roadmap else [],
        "quarters": [(1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")],
        "units": [] if filters.unit_locked else list(visible_units(user).active().order_by("name")),
        "areas": list(ChangeArea.objects.filter(roadmap=roadmap).order_by("order")) if roadmap else [],
    }


# --- progress rows -----------------------------------------------------------------------


def progress_rows(*, user: AnyUser, filters: DashboardFilters, counted_only: bool = False) -> QuerySet[Progress]:
    """The progress rows of the period in the user's scope, every report status unless counted_only."""
    qs = scope(Progress.objects.all(), user, unit_path="report__unit").filter(
        report__cycle__roadmap_id=filters.roadmap_id,
        indicator__roadmap_id=filters.roadmap_id,
        report__cycle__year=filters.year,
    )
    if filters.quarter:
        qs = qs.filter(report__cycle__quarter=filters.quarter)
    if filters.unit_id:
        qs = qs.filter(report__unit_id=filters.unit_id)
    if filters.area_id:
        qs = qs.filter(indicator__area_id=filters.area_id)
    if counted_only:
        qs = qs.filter(report__status__in=filters.statuses)
    return qs


ROW_FIELDS = (
    "report__cycle__year",
    "report__cycle__quarter",
    "report__status",
    "report__unit__name",
    "report__unit__slug",
    "indicator__area__order",
    "indicator__area__name",
    "indicator__code",
    "indicator__name",
    "indicator__satuan",
    "indicator__polarity",
    "indicator__weight",
    "target_value",
    "realisasi",
    "milestone_done",
    "capaian",
    "kendala",
    "rencana_tindak_lanjut",
)


def progress_values(
    *, user: AnyUser, filters: DashboardFilters, counted_only: bool = False, order: tuple[str, ...] | None = None
) -> Iterator[dict[str, Any]]:
    """One query, streamed with a server-side cursor: a year of every unit never sits in memory."""
    qs = progress_rows(user=user, filters=filters, counted_only=counted_only)
    order = order or ("indicator__area__order", "report__unit__name", "indicator__code", "report__cycle__quarter")
    return qs.order_by(*order).values(*ROW_FIELDS).iterator(chunk_size=2000)


def progress_tuples(*, user: AnyUser, filters: DashboardFilters) -> Iterator[tuple[Any, ...]]:
    """progress_values' rows in its default order as tuples of ROW_FIELDS (no dict per row: long exports)."""
    qs = progress_rows(user=user, filters=filters)
    order = ("indicator__area__order", "report__unit__name", "indicator__code", "report__cycle__quarter")
    rows = qs.order_by(*order).values_list(*ROW_FIELDS)
    # In a transaction the server-side cursor streams; outside one (autocommit) Django declares it WITH HOLD,
    # and PostgreSQL then runs the whole query and stores its result before the first row. The transaction only
    # reads. work_mem lets the sort stay in memory, and cursor_tuple_fraction = 1 plans the cursor for all its
    # rows, not the first 10 %. Why: docs/performance.md#export-cursor.
    with transaction.atomic(using=rows.db):
        if connections[rows.db].vendor == "postgresql":
            with connections[rows.db].cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from rows.iterator(chunk_size=2000)


def count_progress(*, user: AnyUser, filters: DashboardFilters, counted_only: bool = False) -> int:
    return progress_rows(user=user, filters=filters, counted_only=counted_only).count()


# --- aggregated scores: the dashboards' read layer ----------------------------------------


@dataclass
class Summary:
    overall: Score
    by_area: list[tuple[ChangeArea, Score]]
    by_unit: list[tuple[str, Score, str]]  # (unit name, score, report status label), best first


def summary_scores(*, user: AnyUser, filters: DashboardFilters) -> Summary:
    """Overall, per area and per unit scores, exactly as the dashboards compute them.

    A quarter: dashboards.selectors' score_overall / scores_by_area / unit_ranking themselves.
    A whole year (the dashboards show quarters only): their SQL rule (score_sums, Score) over the
    counted rows of the year, grouped here.
    """
    if filters.quarter:
        by_area = [(r.area, r.score) for r in dashboard_scores.scores_by_area(user=user, filters=filters)]
        by_unit = [
            (r.unit.name, r.score, r.status_label) for r in dashboard_scores.unit_ranking(user=user, filters=filters)
        ]
        return Summary(
            overall=dashboard_scores.score_overall(user=user, filters=filters), by_area=by_area, by_unit=by_unit
        )
    if dashboard_cache.from_progress():
        counted: QuerySet[Any] = progress_rows(user=user, filters=filters, counted_only=True).order_by()
        sums, area_key = score_sums(), "indicator__area"
    else:
        # The dashboards' summary table: the same exact sums, a few rows per report instead of forty.
        counted, sums, area_key = _counted_scores(user=user, filters=filters), SUMMARY_SUMS, "area"
    overall = Score.of(counted.aggregate(**sums))
    per_area = {r[area_key]: Score.of(r) for r in counted.values(area_key).annotate(**sums)}
    per_unit = [
        (r["report__unit__name"], Score.of(r), "")
        for r in counted.values("report__unit__name").annotate(**sums).order_by("report__unit__name")
    ]
    per_unit.sort(key=lambda u: (u[1].value is None, -(u[1].value or 0), u[0]))
    by_area = [
        (a, per_area.get(a.pk, Score()))
        for a in ChangeArea.objects.filter(roadmap_id=filters.roadmap_id).order_by("order")
    ]
    return Summary(overall=overall, by_area=by_area, by_unit=per_unit)


def _counted_scores(*, user: AnyUser, filters: DashboardFilters) -> QuerySet[ReportAreaScore]:
    """progress_rows(counted_only=True) on the dashboards' summary table (whole year or quarter)."""
    qs = scope(ReportAreaScore.objects.all(), user, unit_path="report__unit").filter(
        report__cycle__roadmap_id=filters.roadmap_id,
        roadmap_id=filters.roadmap_id,
        report__cycle__year=filters.year,
        report__status__in=filters.statuses,
    )
    if filters.quarter:
        qs = qs.filter(report__cycle__quarter=filters.quarter)
    if filters.unit_id:
        qs = qs.filter(report__unit_id=filters.unit_id)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    return qs.order_by()


# --- completeness ------------------------------------------------------------------------


def completeness_rows(*, user: AnyUser, filters: DashboardFilters) -> Iterator[dict[str, Any]]:
    """Every report of the year (or quarter) in scope with its reminder count, units × quarters."""
    qs = scope(Report.objects.all(), user).filter(cycle__roadmap_id=filters.roadmap_id, cycle__year=filters.year)
    if filters.quarter:
        qs = qs.filter(cycle__quarter=filters.quarter)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    qs = qs.annotate(reminders_sent=Count("reminders", filter=Q(reminders__status=ReminderStatus.SENT)))
    return qs.select_related("unit", "cycle").order_by("unit__name", "cycle__quarter").iterator(chunk_size=500)


def count_reports(*, user: AnyUser, filters: DashboardFilters) -> int:
    qs = scope(Report.objects.all(), user).filter(cycle__roadmap_id=filters.roadmap_id, cycle__year=filters.year)
    if filters.quarter:
        qs = qs.filter(cycle__quarter=filters.quarter)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    return qs.count()


# --- evidence ----------------------------------------------------------------------------


def evidence_files(*, user: AnyUser, filters: DashboardFilters) -> QuerySet[Evidence]:
    """The evidence of one cycle (year + quarter) in scope, a unit's files together."""
    qs = scope(Evidence.objects.all(), user, unit_path="progress__report__unit").filter(
        progress__report__cycle__roadmap_id=filters.roadmap_id,
        progress__report__cycle__year=filters.year,
        progress__report__cycle__quarter=filters.quarter or 0,
    )
    if filters.unit_id:
        qs = qs.filter(progress__report__unit_id=filters.unit_id)
    if filters.area_id:
        qs = qs.filter(progress__indicator__area_id=filters.area_id)
    return qs.select_related("progress__report__unit", "progress__indicator").order_by(
        "progress__report__unit__slug", "progress__indicator__code", "uploaded_at", "pk"
    )


def signer() -> tuple[str, str]:
    """(name, body) of who signs the PDF: the head of the verifying unit, the one whose short name or slug is
    settings.VERIFIER_UNIT_NAME (BKPSDM); without such a unit, no name and the configured name as the body."""
    name = settings.VERIFIER_UNIT_NAME
    unit = Unit.objects.filter(Q(short_name__iexact=name) | Q(slug__iexact=name)).order_by("pk").first()
    if unit is None:
        return "", name
    return unit.head_name, unit.name


def days_late(report: Report, today: dt.date) -> int:
    """Days after the due date: of the first submission when it came late, else of today while still owed."""
    first = report.first_submitted_at or report.submitted_at
    if first:
        return max(0, (timezone.localdate(first) - report.cycle.due_on).days)
    if report.status in (ReportStatus.BELUM_MULAI, ReportStatus.DRAF, ReportStatus.DIKEMBALIKAN):
        return report.days_overdue(today)
    return 0
