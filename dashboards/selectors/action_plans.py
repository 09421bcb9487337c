"""The staff Rencana Aksi page and an action's page: the plan, with what each pelaksana reported.

An officer sees the actions their unit carries out or coordinates (roadmap.permissions.scope_any), read-only;
staff see all. The reported status of a pelaksana is its counted row of the quarter (the dashboards' counted
statuses and toggle) with the verdicts of dashboards.selectors.actions (planned progress, reached, late), so the
page, the Dasbor and the API never disagree; a row of a report not counted yet shows as not reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from areas import action_rules
from areas.models import ActionAssignment, ActionKind, ActionPlan, ActionStage, ThemeKind
from dashboards.selectors.actions import UNIT_PATHS, ActionRow, action_rows, counted_action_rows
from dashboards.selectors.filters import DashboardFilters
from evaluations.models import ActionProgress, ActionStatus, Cycle
from roadmap.permissions import AnyUser, scope_any

LATE = "terlambat"
NOT_REPORTED = "belum"
STATUS_CHOICES: list[tuple[str, Any]] = [
    *ActionStatus.choices,
    (NOT_REPORTED, gettext_lazy("Belum dilaporkan")),
    (LATE, gettext_lazy("Terlambat")),
]
PLAN_PATHS = ("coordinator", "assignments__unit")  # an officer's plans: coordinated or carried out
SEARCH_MAX = 100


@dataclass(frozen=True)
class PlanListFilters:
    """The Rencana Aksi page's own parameters, beside the dashboards' (road map, year, quarter, area, theme,
    unit, toggle): jenis, status, quick_win, q. Unknown values are ignored."""

    kind: str | None = None
    status: str | None = None
    quick_win: bool = False
    search: str = ""

    @classmethod
    def parse(cls, query: QueryDict) -> PlanListFilters:
        kind = query.get("jenis")
        status = query.get("status")
        return cls(
            kind=kind if kind in ActionKind.values else None,
            status=status if status in dict(STATUS_CHOICES) else None,
            quick_win=query.get("quick_win") in ("1", "on", "true", "ya"),
            search=(query.get("q") or "").strip()[:SEARCH_MAX],
        )

    def params(self) -> dict[str, Any]:
        values = {"jenis": self.kind, "status": self.status, "quick_win": 1 if self.quick_win else None}
        values["q"] = self.search or None
        return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class Pelaksana:
    """One pelaksana of a plan and its counted row of the quarter (None: not reported, or not the user's to see)."""

    assignment: ActionAssignment
    row: ActionRow | None


@dataclass(frozen=True)
class PlanEntry:
    plan: ActionPlan
    planned: Decimal  # the planned cumulative progress at the quarter
    stage: str  # the tahapan of the quarter ("" when none)
    pelaksana: list[Pelaksana]

    @property
    def late(self) -> bool:
        return any(p.row is not None and p.row.late for p in self.pelaksana)


def visible_plans(*, user: AnyUser) -> QuerySet[ActionPlan]:
    """Every plan the user may read: staff all, an officer those their unit coordinates or carries out."""
    visible = scope_any(ActionPlan.objects.all(), user, PLAN_PATHS).values("pk")
    return ActionPlan.objects.filter(pk__in=visible)


def _unit_q(unit: Any) -> Q:
    carries = ActionAssignment.objects.filter(plan=OuterRef("pk"), unit=unit)
    return Q(coordinator=unit) | Q(Exists(carries))


def plan_list(*, user: AnyUser, filters: DashboardFilters, list_filters: PlanListFilters) -> QuerySet[ActionPlan]:
    """The year's active plans in scope, filtered, in the plan's order (General, group, code)."""
    if filters.roadmap is None or filters.year is None:
        return ActionPlan.objects.none()
    qs = visible_plans(user=user).filter(roadmap=filters.roadmap, year=filters.year, is_active=True)
    if filters.unit is not None:
        qs = qs.filter(_unit_q(filters.unit))
    if filters.area is not None:
        qs = qs.filter(group__area=filters.area)
    if filters.theme is not None:
        if filters.theme.kind == ThemeKind.TEMATIK:
            qs = qs.filter(group__theme=filters.theme)
        else:
            qs = qs.filter(group__kind=ActionKind.GENERAL)
    if list_filters.kind:
        qs = qs.filter(group__kind=list_filters.kind)
    if list_filters.quick_win:
        qs = qs.filter(quick_win=True)
    if list_filters.search:
        term = list_filters.search
        qs = qs.filter(Q(code__icontains=term) | Q(name__icontains=term) | Q(group__name__icontains=term))
    status = list_filters.status
    if status:
        rows = counted_action_rows(user=user, filters=filters, coordinated=True)
        if status == LATE:
            late = {r.plan_id for r in action_rows(user=user, filters=filters, coordinated=True) if r.late}
            qs = qs.filter(pk__in=late)
        elif status == NOT_REPORTED:
            reported = rows.exclude(status="").values("assignment_id")
            pending = ActionAssignment.objects.filter(plan=OuterRef("pk")).exclude(pk__in=reported)
            if filters.unit is not None:
                pending = pending.filter(unit=filters.unit)
            qs = qs.filter(Exists(pending))
        else:
            qs = qs.filter(Exists(rows.filter(status=status, assignment__plan=OuterRef("pk"))))
    return qs.select_related("group", "group__area", "group__theme", "coordinator").order_by(
        "group__kind", "group__order", "group__code", "code", "pk"
    )


def plan_entries(*, user: AnyUser, filters: DashboardFilters, plans: list[ActionPlan]) -> list[PlanEntry]:
    """The page's plans (one page of plan_list) with their tahapan and each pelaksana's row of the quarter."""
    ids = [p.pk for p in plans]
    stages: dict[int, dict[int, ActionStage]] = {pk: {} for pk in ids}
    for stage in ActionStage.objects.filter(plan_id__in=ids):
        stages[stage.plan_id][stage.quarter] = stage
    assignments: dict[int, list[ActionAssignment]] = {pk: [] for pk in ids}
    for a in ActionAssignment.objects.filter(plan_id__in=ids).select_related("unit").order_by("unit__name"):
        assignments[a.plan_id].append(a)
    rows = {r.assignment_id: r for r in action_rows(user=user, filters=filters, coordinated=True)}
    quarter = filters.quarter or 1
    out = []
    for plan in plans:
        by_quarter = stages[plan.pk]
        planned = action_rules.planned_progress_at(
            {q: s.planned_progress for q, s in by_quarter.items()}, quarter, plan.end_quarter
        )
        out.append(
            PlanEntry(
                plan=plan,
                planned=planned,
                stage=by_quarter[quarter].description if quarter in by_quarter else "",
                pelaksana=[Pelaksana(a, rows.get(a.pk)) for a in assignments[plan.pk]],
            )
        )
    return out


@dataclass(frozen=True)
class QuarterRow:
    """What one pelaksana reported in one quarter (a counted row), beside the plan of that quarter."""

    quarter: int
    cycle: Cycle | None
    planned: Decimal
    stage: str
    row: ActionProgress | None

    @property
    def reached(self) -> bool | None:
        if self.row is None:
            return None
        return action_rules.reaches_plan(self.row.status, self.row.progress, self.planned)


@dataclass(frozen=True)
class PelaksanaHistory:
    assignment: ActionAssignment
    quarters: list[QuarterRow] = field(default_factory=list)


@dataclass(frozen=True)
class PlanDetail:
    plan: ActionPlan
    stages: list[ActionStage]
    indicators: list[Any]
    pelaksana: list[PelaksanaHistory]
    current: PlanEntry | None  # the selected quarter, as on the list (None when the plan is of another year)


def plan_detail(*, user: AnyUser, plan: ActionPlan, filters: DashboardFilters) -> PlanDetail:
    """An action's page: its plan and, per pelaksana the user may see, its counted row of every quarter."""
    stages = list(plan.stages.order_by("quarter"))
    planned_by_quarter = {s.quarter: s.planned_progress for s in stages}
    text_by_quarter = {s.quarter: s.description for s in stages}
    cycles = {c.quarter: c for c in filters.cycles if c.year == plan.year}
    rows = (
        scope_any(ActionProgress.objects.all(), user, UNIT_PATHS)
        .filter(assignment__plan=plan, report__status__in=filters.statuses, report__cycle__year=plan.year)
        .select_related("report__cycle")
        .prefetch_related("evidence")
    )
    by_assignment: dict[tuple[int, int], ActionProgress] = {(r.assignment_id, r.report.cycle.quarter): r for r in rows}
    # The pelaksana whose rows the user may read: staff all; an officer their own, or all of an action they coordinate.
    readable = set(scope_any(plan.assignments.all(), user, ("unit", "plan__coordinator")).values_list("pk", flat=True))
    assignments = list(plan.assignments.select_related("unit").order_by("unit__name"))
    history = []
    for a in assignments:
        quarters = [
            QuarterRow(
                quarter=q,
                cycle=cycles.get(q),
                planned=action_rules.planned_progress_at(planned_by_quarter, q, plan.end_quarter),
                stage=text_by_quarter.get(q, ""),
                row=by_assignment.get((a.pk, q)),
            )
            for q in range(plan.start_quarter, 5)
        ]
        history.append(PelaksanaHistory(a, quarters if a.pk in readable else []))
    current = None
    if filters.year == plan.year:
        current = plan_entries(user=user, filters=filters, plans=[plan])[0]
    return PlanDetail(
        plan=plan,
        stages=stages,
        indicators=list(plan.indicators.select_related("unit").order_by("code")),
        pelaksana=history,
        current=current,
    )
