"""The rencana aksi's numbers: tingkat implementasi, budget absorption and the late actions.

The unit of count is an ActionProgress row: one pelaksana's share of one rencana aksi in one quarterly report.
For the selected quarter q of year Y (the filters' cycle) the counted rows are those of the cycle's reports whose
status the dashboards count for the indicators (`DashboardFilters.statuses`: Disetujui, and Diajukan under the
"Termasuk yang diajukan" toggle), in the user's scope, of the year's active plans; the unit / area / theme filters
apply as on the indicators' numbers (an area is a General group's area; a Tematik theme its groups; the General
theme all General groups; the element filter does not apply to actions).

Every rule is areas.action_rules applied to a row (due by q, planned progress at q, reached, late, rate,
absorption): three queries — the rows, the tahapan of their plans up to q, the same assignments' counted rows of
q-1 — cached under the data generation (dashboards.selectors.cache), then Python over the rows (≈5,000 at 500
units). Every aggregate (overall, by kind, area, kegiatan utama / sasaran tematik, theme and unit) is a sum over
those rows: the tables, the charts, the unit and area pages and the API read the same numbers.

- rate = reached ÷ due (the rows due by q: start_quarter <= q);
- absorption = Σ budget_realised ÷ Σ the pelaksana's budget share, over every counted row of the quarter (the
  year's budget is spent cumulatively from the first quarter, due or not);
- late = a due row not Selesai at or past its end quarter, or short of its tahapan in q and in q-1 (its counted
  row of q-1, when the plan was due then).

Not covered: plans of other years (a quarter's reports carry the rows of its own year only), and drafts (a row of
a report still with its unit counts nowhere, as for the indicators).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from areas import action_rules, scoring
from areas.models import ActionKind, ActionStage, ThemeKind
from areas.scale import capaian_scale
from dashboards.selectors import cache
from dashboards.selectors.filters import DashboardFilters, framework_areas, framework_themes, unit_scope_q
from evaluations.models import ActionProgress, ActionStatus, Cycle
from roadmap.permissions import AnyUser, scope_any

ZERO = Decimal(0)
# An officer reads the rows of their own unit and of the actions their unit coordinates (read-only).
UNIT_PATHS = ("report__unit", "assignment__plan__coordinator")
LATE_END, LATE_BEHIND = "end", "behind"


@dataclass(frozen=True)
class ActionScore:
    """Counts and sums of a set of rows; additive, so a group's score is the sum of its rows'."""

    due: int = 0
    reached: int = 0
    budget: Decimal = ZERO
    realised: Decimal = ZERO
    late: int = 0
    rows: int = 0

    @property
    def rate(self) -> Decimal | None:
        return action_rules.rate(self.reached, self.due)

    @property
    def absorption(self) -> Decimal | None:
        return action_rules.absorption(self.realised, self.budget)

    @property
    def light(self) -> str | None:
        """The rate's traffic light, on the indicators' thresholds (the admin's, areas.scale)."""
        light = scoring.traffic_light(self.rate, capaian_scale().lights)
        return None if light is None else str(light)

    def rate_float(self) -> float | None:
        return None if self.rate is None else float(self.rate)

    def absorption_float(self) -> float | None:
        return None if self.absorption is None else float(self.absorption)

    def __add__(self, other: ActionScore) -> ActionScore:
        return ActionScore(
            self.due + other.due,
            self.reached + other.reached,
            self.budget + other.budget,
            self.realised + other.realised,
            self.late + other.late,
            self.rows + other.rows,
        )

    @classmethod
    def of(cls, rows: Iterable[ActionRow]) -> ActionScore:
        return sum((row.score for row in rows), cls())


@dataclass(frozen=True)
class ActionRow:
    """One counted row of the quarter with the plan's numbers beside it, and the rules' verdicts."""

    pk: int
    report_id: int
    assignment_id: int
    plan_id: int
    plan_code: str
    plan_name: str
    kind: str
    group_id: int
    group_code: str
    group_name: str
    area_id: int | None
    theme_id: int | None
    unit_id: int
    unit_name: str
    coordinator_id: int
    coordinator_name: str
    start_quarter: int
    end_quarter: int
    quick_win: bool
    status: str
    progress: Decimal | None
    output_target: Decimal
    output_realised: Decimal | None
    output_satuan: str
    budget: Decimal
    budget_realised: Decimal | None
    planned: Decimal  # the planned cumulative progress at the quarter
    stage: str  # the tahapan planned in this very quarter ("" when none)
    due: bool
    reached: bool
    late: bool
    late_reason: str  # LATE_END, LATE_BEHIND or ""

    @property
    def status_label(self) -> str:
        return str(ActionStatus(self.status).label) if self.status else ""

    @property
    def late_label(self) -> str:
        if self.late_reason == LATE_END:
            return str(_("Melewati triwulan selesai"))
        if self.late_reason == LATE_BEHIND:
            return str(_("Tertinggal dari tahapan dua triwulan"))
        return ""

    @property
    def score(self) -> ActionScore:
        return ActionScore(
            due=int(self.due),
            reached=int(self.due and self.reached),
            budget=self.budget,
            realised=self.budget_realised or ZERO,
            late=int(self.late),
            rows=1,
        )


@dataclass(frozen=True)
class Scored:
    """A group of rows (an area, a theme, a kegiatan utama, a unit …) and its score."""

    pk: int | None
    code: str
    name: str
    score: ActionScore


@dataclass(frozen=True)
class ActionScores:
    """Everything the Dasbor's Rencana Aksi section shows."""

    overall: ActionScore
    general: ActionScore
    tematik: ActionScore
    areas: list[Scored]
    themes: list[Scored]
    groups: list[Scored]
    units: list[Scored]
    late: list[ActionRow]

    @property
    def has_rows(self) -> bool:
        return self.overall.rows > 0


def counted_action_rows(
    *, user: AnyUser, filters: DashboardFilters, cycle: Cycle | None = None, coordinated: bool = False
) -> QuerySet[ActionProgress]:
    """The rows that count in `cycle` (the filters' by default): scope, counted statuses, year, filters.

    `coordinated`: the unit filter also takes the actions the unit coordinates (the Rencana Aksi page), not only
    those it carries out (the Dasbor and the unit page: a unit's own numbers).
    """
    cycle = cycle if cycle is not None else filters.cycle
    qs = scope_any(ActionProgress.objects.all(), user, UNIT_PATHS)
    if cycle is None or filters.roadmap is None:
        return qs.none()
    qs = qs.filter(
        report__cycle=cycle,
        report__status__in=filters.statuses,
        assignment__plan__roadmap=filters.roadmap,
        assignment__plan__year=cycle.year,
        assignment__plan__is_active=True,
    )
    if coordinated and filters.unit is not None:
        qs = qs.filter(Q(report__unit=filters.unit) | Q(assignment__plan__coordinator=filters.unit))
    else:
        qs = qs.filter(unit_scope_q(user=user, filters=filters, unit_path="report__unit"))
    if filters.area is not None:
        qs = qs.filter(assignment__plan__group__area=filters.area)
    if filters.theme is not None:
        if filters.theme.kind == ThemeKind.TEMATIK:
            qs = qs.filter(assignment__plan__group__theme=filters.theme)
        else:
            qs = qs.filter(assignment__plan__group__kind=ActionKind.GENERAL)
    return qs


_COLUMNS = {
    "plan_id": F("assignment__plan_id"),
    "plan_code": F("assignment__plan__code"),
    "plan_name": F("assignment__plan__name"),
    "kind": F("assignment__plan__group__kind"),
    "group_id": F("assignment__plan__group_id"),
    "group_code": F("assignment__plan__group__code"),
    "group_name": F("assignment__plan__group__name"),
    "group_order": F("assignment__plan__group__order"),
    "area_id": F("assignment__plan__group__area_id"),
    "theme_id": F("assignment__plan__group__theme_id"),
    "unit_id": F("report__unit_id"),
    "unit_short": F("report__unit__short_name"),
    "unit_full": F("report__unit__name"),
    "coordinator_id": F("assignment__plan__coordinator_id"),
    "coordinator_short": F("assignment__plan__coordinator__short_name"),
    "coordinator_full": F("assignment__plan__coordinator__name"),
    "start_quarter": F("assignment__plan__start_quarter"),
    "end_quarter": F("assignment__plan__end_quarter"),
    "quick_win": F("assignment__plan__quick_win"),
    "share_target": Coalesce("assignment__output_target", "assignment__plan__output_target"),
    "output_satuan": F("assignment__plan__output_satuan"),
    "share_budget": F("assignment__budget"),
}


def _compute_rows(rows_qs: QuerySet[ActionProgress], previous_qs: QuerySet[ActionProgress], quarter: int) -> list:
    rows = list(
        rows_qs.order_by()
        .values("pk", "report_id", "assignment_id", "status", "progress", "output_realised", "budget_realised")
        .annotate(**_COLUMNS)
    )
    if not rows:
        return []
    stages: dict[int, dict[int, Decimal]] = defaultdict(dict)
    stage_text: dict[int, str] = {}
    for plan_id, q, planned, text in ActionStage.objects.filter(
        plan__in=rows_qs.values("assignment__plan"), quarter__lte=quarter
    ).values_list("plan_id", "quarter", "planned_progress", "description"):
        stages[plan_id][q] = planned
        if q == quarter:
            stage_text[plan_id] = text
    before = {a: (s, p) for a, s, p in previous_qs.values_list("assignment_id", "status", "progress")}

    out = []
    for r in rows:
        start, end, plan_id = r["start_quarter"], r["end_quarter"], r["plan_id"]
        due = action_rules.is_due_by(start, quarter, stages[plan_id], end)
        planned = action_rules.planned_progress_at(stages[plan_id], quarter, end)
        reached = action_rules.reaches_plan(r["status"], r["progress"], planned)
        behind_before = False
        if r["assignment_id"] in before and action_rules.is_due_by(start, quarter - 1, stages[plan_id], end):
            status_before, progress_before = before[r["assignment_id"]]
            planned_before = action_rules.planned_progress_at(stages[plan_id], quarter - 1, end)
            behind_before = not action_rules.reaches_plan(status_before, progress_before, planned_before)
        late = due and action_rules.is_late(
            quarter=quarter, end_quarter=end, status=r["status"], behind_now=not reached, behind_before=behind_before
        )
        reason = ""
        if late:
            reason = LATE_END if quarter >= end else LATE_BEHIND
        out.append(
            ActionRow(
                pk=r["pk"],
                report_id=r["report_id"],
                assignment_id=r["assignment_id"],
                plan_id=plan_id,
                plan_code=r["plan_code"],
                plan_name=r["plan_name"],
                kind=r["kind"],
                group_id=r["group_id"],
                group_code=r["group_code"],
                group_name=r["group_name"],
                area_id=r["area_id"],
                theme_id=r["theme_id"],
                unit_id=r["unit_id"],
                unit_name=r["unit_short"] or r["unit_full"],
                coordinator_id=r["coordinator_id"],
                coordinator_name=r["coordinator_short"] or r["coordinator_full"],
                start_quarter=start,
                end_quarter=end,
                quick_win=r["quick_win"],
                status=r["status"],
                progress=r["progress"],
                output_target=r["share_target"],
                output_realised=r["output_realised"],
                output_satuan=r["output_satuan"],
                budget=r["share_budget"] or ZERO,
                budget_realised=r["budget_realised"],
                planned=planned,
                stage=stage_text.get(plan_id, ""),
                due=due,
                reached=reached,
                late=late,
                late_reason=reason,
            )
        )
    # The plan's order: General before Tematik, then the group's order and code, the plan's code, the pelaksana.
    order = {r["pk"]: (r["kind"] != ActionKind.GENERAL, r["group_order"], r["group_code"]) for r in rows}
    out.sort(key=lambda a: (*order[a.pk], a.plan_code, a.unit_name))
    return out


def action_rows(*, user: AnyUser, filters: DashboardFilters, coordinated: bool = False) -> list[ActionRow]:
    """The counted rows of the selected quarter with the rules' verdicts, in the plan's order (cached)."""
    rows_qs = counted_action_rows(user=user, filters=filters, coordinated=coordinated)
    if filters.cycle is None or filters.quarter is None:
        return []
    quarter = filters.quarter
    previous = None
    if quarter > 1:
        previous = next((c for c in filters.cycles if (c.year, c.quarter) == (filters.year, quarter - 1)), None)
    previous_qs = (
        counted_action_rows(user=user, filters=filters, cycle=previous, coordinated=coordinated)
        if previous is not None
        else ActionProgress.objects.none()
    )
    # The key holds rows_qs's SQL (scope, filters, statuses, cycle); the previous quarter's cycle is named too.
    tag = f"action-rows:{quarter}:{previous.pk if previous else None}:{coordinated}"
    return cache.cached(tag, rows_qs, lambda: _compute_rows(rows_qs, previous_qs, quarter))


def _grouped(rows: list[ActionRow], key: Callable[[ActionRow], Any]) -> dict[Any, ActionScore]:
    out: dict[Any, ActionScore] = defaultdict(ActionScore)
    for row in rows:
        out[key(row)] += row.score
    return out


def scores_of(rows: list[ActionRow], *, filters: DashboardFilters) -> ActionScores:
    """The aggregates of `rows` (from action_rows): overall, by kind, area, theme, group and unit; the late list."""
    general = [r for r in rows if r.kind == ActionKind.GENERAL]
    tematik = [r for r in rows if r.kind == ActionKind.TEMATIK]
    by_area = _grouped(general, lambda r: r.area_id)
    areas = [Scored(a.pk, a.code, f"{a.order}. {a.name}", by_area.get(a.pk, ActionScore())) for a in _areas(filters)]
    if None in by_area:  # General groups of a road map without areas (or not yet under one)
        areas.append(Scored(None, "", "—", by_area[None]))
    by_theme = _grouped(tematik, lambda r: r.theme_id)
    themes = [
        Scored(t.pk, t.code, t.name, by_theme.get(t.pk, ActionScore()))
        for t in framework_themes(filters.roadmap)
        if t.kind == ThemeKind.TEMATIK and (filters.theme is None or filters.theme.pk == t.pk)
    ]
    groups: dict[int, Scored] = {}
    for row in rows:
        seen = groups.get(row.group_id)
        score = row.score if seen is None else seen.score + row.score
        groups[row.group_id] = Scored(row.group_id, row.group_code, row.group_name, score)
    units = _grouped(rows, lambda r: (r.unit_id, r.unit_name))
    return ActionScores(
        overall=ActionScore.of(rows),
        general=ActionScore.of(general),
        tematik=ActionScore.of(tematik),
        areas=areas,
        themes=themes,
        groups=list(groups.values()),  # rows come in the plan's order, and so do their groups
        units=sorted((Scored(pk, "", name, s) for (pk, name), s in units.items()), key=lambda s: s.name),
        late=[r for r in rows if r.late],
    )


def _areas(filters: DashboardFilters) -> list[Any]:
    areas = framework_areas(filters.roadmap)
    if filters.area is not None:
        return [a for a in areas if a.pk == filters.area.pk]
    if filters.theme is not None and filters.theme.kind == ThemeKind.TEMATIK:
        return []
    return areas


def action_scores(*, user: AnyUser, filters: DashboardFilters) -> ActionScores:
    """The Dasbor's Rencana Aksi numbers for the selected quarter (the unit's own with a unit filter)."""
    return scores_of(action_rows(user=user, filters=filters), filters=filters)
