"""Reads of the exports: one streaming query per report, always scoped through roadmap.permissions.

The aggregated figures (unit / area / overall scores) come from the dashboards' read layer
(dashboards.selectors), so an export and the Dasbor always show the same numbers: capaian
clipped to 0–120 %, weighted, only the counted statuses (Disetujui; with the toggle also Diajukan).
The per-indicator rows are this module's own streaming query over Progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from areas import action_rules
from areas.models import ActionAssignment, ActionKind, ActionPlan, ActionStage, ChangeArea, IndicatorKind
from dashboards.models import ReportAreaScore
from dashboards.selectors import DashboardFilters
from dashboards.selectors import actions as dashboard_actions
from dashboards.selectors import cache as dashboard_cache
from dashboards.selectors import scores as dashboard_scores
from dashboards.selectors.filters import APPROVED_ONLY, TOGGLE_PARAM, WITH_SUBMITTED, dashboard_filters
from dashboards.selectors.scores import SUMMARY_SUMS, Score, score_sums
from evaluations.models import ActionProgress, Evidence, Progress, ReminderStatus, Report, ReportStatus
from roadmap.models import Roadmap, Unit
from roadmap.permissions import AnyUser, scope, visible_units

# The counted statuses and their toggle are the dashboards' (APPROVED_ONLY by default).
__all__ = ["APPROVED_ONLY", "TOGGLE_PARAM", "WITH_SUBMITTED", "Score"]


def export_filters(*, query: Mapping[str, Any], user: AnyUser) -> DashboardFilters:
    """The dashboards' filters (dashboards.selectors.filters) as an export reads them: a year without a quarter is
    the whole year; element and theme, which no export offers, are left out (the indicator's type stays: the
    exports of indicators cover exactly the Dasbor's indicators of that type). An operator's unit is forced."""
    return replace(dashboard_filters(query=query, user=user, whole_year=True), element=None, theme=None)


def filter_choices(*, user: AnyUser, filters: DashboardFilters) -> dict[str, Any]:
    roadmap = filters.roadmap
    return {
        "roadmaps": list(Roadmap.objects.order_by("-start_year")),
        "years": list(roadmap.years) if roadmap else [],
        "quarters": [(1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")],
        "units": [] if filters.unit_locked else list(visible_units(user).active().order_by("name")),
        "areas": list(ChangeArea.objects.filter(roadmap=roadmap).order_by("order")) if roadmap else [],
        "kinds": IndicatorKind.choices,
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
    if filters.kind:
        qs = qs.filter(indicator__kind=filters.kind)
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
    "target_upper",
    "not_yet_due",
    "indicator__kind",
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
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
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
    if filters.kind:
        qs = qs.filter(progress__indicator__kind=filters.kind)
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


# --- rencana aksi ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    """One line of the Laporan Monev Rencana Aksi RB: one pelaksana of one action, with its row of the quarter
    (for a whole year: its latest reported quarter's row, the numbers being cumulative). Built once, read by every
    format."""

    kind: str  # areas.ActionKind
    frame_order: int  # the area's or theme's order
    frame: str  # the area's name (RB General) or the theme's (RB Tematik)
    group_order: int
    group_code: str
    group: str  # kegiatan utama / sasaran tematik
    code: str
    name: str
    output: str
    output_satuan: str
    output_target: Decimal  # the pelaksana's share (the whole target when it has none)
    output_realised: Decimal | None
    indicators: str
    quarter: int | None  # of the reported row (None: no row yet)
    stage: str  # the tahapan planned at that quarter
    planned: Decimal | None  # planned cumulative progress at that quarter (areas.action_rules)
    progress: Decimal | None
    budget: Decimal  # the pelaksana's share
    budget_realised: Decimal | None
    absorption: Decimal | None
    coordinator: str
    unit: str
    status: str  # evaluations.ActionStatus value, "" = not reported
    report_status: str  # evaluations.ReportStatus value, "" = no report
    counted: bool  # its report is of a counted status
    due: bool  # due by the quarter (action_rules.is_due_by)
    reached: bool  # reaches the plan at the quarter (action_rules.reaches_plan)
    kendala: str
    rencana_tindak_lanjut: str
    evidence: str  # the bukti dukung's file names


@dataclass(frozen=True)
class ActionTotals:
    """Tingkat implementasi and serapan anggaran of some lines, by the Dasbor's rule: over the rows of counted
    reports, the share of those due that reach the plan, and realised ÷ budget."""

    due: int
    reached: int
    rate: Decimal | None
    budget: Decimal
    budget_realised: Decimal
    absorption: Decimal | None

    @classmethod
    def of_score(cls, score: dashboard_actions.ActionScore) -> ActionTotals:
        """The Dasbor's own numbers (dashboards.selectors.actions) in the export's shape."""
        return cls(
            due=score.due,
            reached=score.reached,
            rate=score.rate,
            budget=score.budget,
            budget_realised=score.realised,
            absorption=score.absorption,
        )

    @classmethod
    def of(cls, lines: Iterable[ActionLine]) -> ActionTotals:
        due = reached = 0
        budget = realised = Decimal(0)
        for line in lines:
            if not line.counted:
                continue
            budget += line.budget
            realised += line.budget_realised or 0
            if line.due:
                due += 1
                reached += line.reached
        return cls(
            due=due,
            reached=reached,
            rate=action_rules.rate(reached, due),
            budget=budget,
            budget_realised=realised,
            absorption=action_rules.absorption(realised, budget),
        )


def action_assignments(*, user: AnyUser, filters: DashboardFilters) -> QuerySet[ActionAssignment]:
    """The pelaksana rows of the year's active actions in the user's scope (an officer: their own unit's)."""
    qs = scope(ActionAssignment.objects.all(), user, unit_path="unit").filter(
        plan__roadmap_id=filters.roadmap_id, plan__year=filters.year, plan__is_active=True
    )
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    if filters.area_id:
        qs = qs.filter(plan__group__area_id=filters.area_id)
    return qs


def count_action_lines(*, user: AnyUser, filters: DashboardFilters) -> int:
    return action_assignments(user=user, filters=filters).count()


def action_lines(*, user: AnyUser, filters: DashboardFilters) -> list[ActionLine]:
    """The lines of the report in order: RB General by area, then RB Tematik by theme; within them by kegiatan,
    action code and pelaksana. A handful of queries whatever the size (a year of a regency: a few thousand)."""
    assignments = list(
        action_assignments(user=user, filters=filters)
        .select_related("unit", "plan__coordinator", "plan__group__area", "plan__group__theme")
        .order_by()
    )
    plan_ids = {a.plan_id for a in assignments}
    rows = ActionProgress.objects.filter(
        assignment__in=[a.pk for a in assignments],
        report__cycle__roadmap_id=filters.roadmap_id,
        report__cycle__year=filters.year,
    ).select_related("report__cycle")
    if filters.quarter:
        rows = rows.filter(report__cycle__quarter=filters.quarter)
    latest: dict[int, ActionProgress] = {}
    for row in rows.order_by("assignment_id", "report__cycle__quarter"):
        # A year: the latest quarter's row, the latest *reported* one once there is one (a quarter just opened
        # has every row blank; the year's picture is then still the quarter before).
        before = latest.get(row.assignment_id)
        if before is None or row.status or not before.status:
            latest[row.assignment_id] = row
    evidence: dict[int, list[str]] = {}
    for row_id, name in (
        Evidence.objects.filter(action_progress__in=[r.pk for r in latest.values()])
        .order_by("uploaded_at", "pk")
        .values_list("action_progress_id", "original_name")
    ):
        evidence.setdefault(row_id, []).append(name)
    stages: dict[int, list[tuple[int, str, Decimal]]] = {}
    for plan_id, quarter, description, planned in (
        ActionStage.objects.filter(plan_id__in=plan_ids)
        .order_by("quarter")
        .values_list("plan_id", "quarter", "description", "planned_progress")
    ):
        stages.setdefault(plan_id, []).append((quarter, description, planned))
    indicators: dict[int, list[str]] = {}
    through = ActionPlan.indicators.through
    for plan_id, code in (
        through.objects.filter(actionplan_id__in=plan_ids)
        .order_by("indicator__code")
        .values_list("actionplan_id", "indicator__code")
    ):
        indicators.setdefault(plan_id, []).append(code)

    counted_statuses = set(filters.statuses)
    lines = []
    for a in assignments:
        plan, group = a.plan, a.plan.group
        row = latest.get(a.pk)
        quarter = row.report.cycle.quarter if row else filters.quarter
        plan_stages = stages.get(plan.pk, [])
        planned = (
            action_rules.planned_progress_at([(q, p) for q, _d, p in plan_stages], quarter, plan.end_quarter)
            if quarter
            else None
        )
        stage = next((d for q, d, _p in reversed(plan_stages) if quarter and q <= quarter), "")
        status = row.status if row else ""
        due = bool(quarter) and action_rules.is_due_by(plan.start_quarter, quarter)
        budget = a.budget or Decimal(0)
        frame = group.area if group.kind == ActionKind.GENERAL else group.theme
        lines.append(
            ActionLine(
                kind=group.kind,
                frame_order=frame.order if frame else 0,
                frame=frame.name if frame else "",
                group_order=group.order,
                group_code=group.code,
                group=group.name,
                code=plan.code,
                name=plan.name,
                output=plan.output,
                output_satuan=plan.output_satuan,
                output_target=a.output_target if a.output_target is not None else plan.output_target,
                output_realised=row.output_realised if row else None,
                indicators=", ".join(indicators.get(plan.pk, [])),
                quarter=row.report.cycle.quarter if row else None,
                stage=stage,
                planned=planned,
                progress=row.progress if row else None,
                budget=budget,
                budget_realised=row.budget_realised if row else None,
                absorption=action_rules.absorption(row.budget_realised if row else None, budget),
                coordinator=plan.coordinator.name,
                unit=a.unit.name,
                status=status,
                report_status=row.report.status if row else "",
                counted=bool(row) and row.report.status in counted_statuses,
                due=due,
                reached=due
                and planned is not None
                and action_rules.reaches_plan(status, row and row.progress, planned),
                kendala=row.kendala if row else "",
                rencana_tindak_lanjut=row.rencana_tindak_lanjut if row else "",
                evidence="; ".join(evidence.get(row.pk, [])) if row else "",
            )
        )
    kinds = {ActionKind.GENERAL: 0, ActionKind.TEMATIK: 1}
    lines.sort(
        key=lambda x: (kinds.get(x.kind, 2), x.frame_order, x.frame, x.group_order, x.group_code, x.code, x.unit)
    )
    return lines


def dashboard_action_scores(*, user: AnyUser, filters: DashboardFilters) -> dashboard_actions.ActionScores | None:
    """A quarter's tingkat implementasi and serapan exactly as the Dasbor computes them (None for a whole year:
    the Dasbor shows quarters only)."""
    if not filters.quarter:
        return None
    return dashboard_actions.action_scores(user=user, filters=filters)  # one filter object: the Dasbor's own
