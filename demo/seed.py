"""seed_demo: the master data (idempotent upserts) and the history (built once per state of the calendar).

A second run on the same day changes nothing: the master data is written only where it differs, and the
history is kept while the report open now is still due at least three days ahead. When the calendar has moved
on (a new quarter, or the demo window nearly over) the history is rebuilt for today; `reset=True` rebuilds it
always. Cycles that the demo did not make (no DemoState) are never removed without `reset`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from areas.models import Indicator, IndicatorTarget
from dashboards.selectors import cache as dashboard_cache
from demo import catalog, history, indeks_rb, recommendations, renaksi, sasaran, units
from demo.models import DemoState
from demo.quarters import MIN_DAYS_BEFORE_DUE, QuarterPlan, plan_quarters
from evaluations import signals as evaluation_signals
from evaluations.models import ActionProgress, Cycle, CycleState, Evidence, FollowUp, Progress, Report
from roadmap.models import Roadmap, Unit, User


class HistoryStatus:
    BUILT = "dibangun"
    KEPT = "dipertahankan"
    FOREIGN = "bukan_demo"  # cycles exist that the demo did not make: left alone
    NONE = "tanpa_riwayat"  # with_history=False


@dataclass
class SeedResult:
    units: int
    users: int
    indicators: int
    targets: int
    actions: int  # rencana aksi of every year of both road maps
    history: str
    cycles: int
    reports: int
    plan: QuarterPlan | None


def seed_demo(
    *, reset: bool = False, with_history: bool = True, with_actions: bool = True, today: dt.date | None = None
) -> SeedResult:
    """Load the demo; `with_history=False` gives the master data only (tests that play their own quarter), and
    `with_actions=False` leaves the rencana aksi out of it (the indicator journeys, whose reports then have no
    action rows to report)."""
    today = today or timezone.localdate()
    now = timezone.now()
    # progress_batch(): the dashboards' summary of each report is rebuilt once at the end, not after every write.
    with transaction.atomic(), evaluation_signals.progress_batch():
        roadmaps = list(Roadmap.objects.filter(start_year__in=[start for _n, start, _e in catalog.ROADMAPS]))
        if reset:
            wipe_history(roadmaps)
        _retire_units()
        unit_rows = units.seed_units()
        roadmaps, active = catalog.seed_roadmaps()
        planned = catalog.seed_indicators(roadmaps, unit_rows)
        actions = renaksi.seed_action_plans(roadmaps, unit_rows) if with_actions else []
        users = units.seed_users(unit_rows, reset_passwords=reset)
        # The yearly results BPSDM enters: the Indeks RB of two years, the sasaran realised in the years over.
        indeks_rb.seed_indeks_rb(by=users.get(units.VERIFIER_USERNAME))
        sasaran.seed_sasaran(roadmap=active, today=today, by=users.get(units.VERIFIER_USERNAME))
        status, plan = HistoryStatus.NONE, None
        if with_history:
            plan = plan_quarters(active, today)
            status = _history_status(active, today, reset=reset)
            if status == HistoryStatus.BUILT:
                wipe_history(roadmaps)
                # Before the quarters are played: each cycle's reports get their tindak lanjut rows when it opens.
                recommendations.seed_recommendations(active)
                cast = history.Cast(
                    reviewer=users[units.VERIFIER_USERNAME],
                    officers={u.pk: users[f"operator.{u.slug}"] for u in unit_rows},
                    units={u.pk: u for u in unit_rows},
                    indicators={p.code: p for p in planned if p.roadmap.pk == active.pk},
                )
                cycle = history.play(roadmap=active, plan=plan, cast=cast, today=today, now=now)
                DemoState.objects.update_or_create(
                    pk=1, defaults={"built_for": today, "cycle": cycle, "demo_window": plan.demo_window}
                )
        # The time stamps were set with update(), which sends no signal: the dashboards' cache starts afresh.
        dashboard_cache.bump()
    return SeedResult(
        units=len(unit_rows),
        users=len(users),
        indicators=len(planned),
        targets=sum(len(p.quarterly) for p in planned),
        actions=len(actions),
        history=status,
        cycles=Cycle.objects.filter(roadmap=active).count(),
        reports=Report.objects.filter(cycle__roadmap=active).count(),
        plan=plan,
    )


def _history_status(active: Roadmap, today: dt.date, *, reset: bool) -> str:
    if reset or not Cycle.objects.filter(roadmap=active).exists():
        return HistoryStatus.BUILT
    state = DemoState.objects.select_related("cycle").filter(pk=1).first()
    if state is None:
        return HistoryStatus.FOREIGN
    cycle = state.cycle
    current = plan_quarters(active, today).current
    fresh = (
        cycle is not None
        and (cycle.year, cycle.quarter) == current
        and cycle.state == CycleState.OPEN
        and (cycle.due_on - today).days >= MIN_DAYS_BEFORE_DUE
    )
    return HistoryStatus.KEPT if fresh else HistoryStatus.BUILT


def wipe_history(roadmaps: list[Roadmap]) -> None:
    """Remove the cycles of the demo's road maps with everything under them, their files and history rows."""
    cycle_ids = list(Cycle.objects.filter(roadmap__in=roadmaps).values_list("pk", flat=True))
    report_ids = list(Report.objects.filter(cycle_id__in=cycle_ids).values_list("pk", flat=True))
    progress_ids = list(Progress.objects.filter(report_id__in=report_ids).values_list("pk", flat=True))
    action_ids = list(ActionProgress.objects.filter(report_id__in=report_ids).values_list("pk", flat=True))
    follow_up_ids = list(FollowUp.objects.filter(report_id__in=report_ids).values_list("pk", flat=True))
    storage = Evidence._meta.get_field("file").storage
    files = list(
        Evidence.objects.filter(
            Q(progress_id__in=progress_ids) | Q(action_progress_id__in=action_ids) | Q(follow_up_id__in=follow_up_ids)
        ).values_list("file", flat=True)
    )
    DemoState.objects.all().delete()
    Report.objects.filter(pk__in=report_ids).delete()  # progress, evidence, decisions, notes, reminders, summary
    Cycle.objects.filter(pk__in=cycle_ids).delete()
    # simple-history records each deletion; the demo's rows leave no trace behind.
    Report.history.model.objects.filter(id__in=report_ids).delete()
    Progress.history.model.objects.filter(id__in=progress_ids).delete()
    ActionProgress.history.model.objects.filter(id__in=action_ids).delete()
    FollowUp.history.model.objects.filter(id__in=follow_up_ids).delete()
    Cycle.history.model.objects.filter(id__in=cycle_ids).delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


def _retire_units() -> None:
    """Earlier demos listed BKPSDM twice (also as "bpsdm"): remove that unit when nothing holds on to it."""
    for unit in Unit.objects.filter(slug__in=units.RETIRED_UNIT_SLUGS):
        if Report.objects.filter(unit=unit).exists():
            continue
        try:
            with transaction.atomic():
                IndicatorTarget.objects.filter(indicator__unit=unit).delete()
                Indicator.objects.filter(unit=unit).delete()
                User.objects.filter(unit=unit).delete()
                unit.delete()
        except ProtectedError:
            continue  # someone's own data refers to it: leave it
