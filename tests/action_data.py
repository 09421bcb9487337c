"""A small rencana aksi, reported in two quarters, whose numbers the tests compute by hand.

Units A and B; road map 2025–2029; 2025's plan:

=====  ========  =========  ===========  =======  ========================  =========================
plan   kind      group      coordinator  TW       tahapan (cumulative %)    pelaksana (budget share)
=====  ========  =========  ===========  =======  ========================  =========================
P1     General   G1 area 1  A            1–4      TW1 25, TW2 50, TW3 75    A (100), B (50)
P2     General   G2 area 2  B            1–2      TW1 50                    A (200)
P3     General   G3 area 3  A            2–4      TW2 30, TW3 60            B (80)
P4     Tematik   G4 theme   B            1–4      TW1 20, TW2 40            A (none), B (100)
P5     General   G1 area 1  A            1–1      TW1 100                   B (40)
=====  ========  =========  ===========  =======  ========================  =========================

What each pelaksana reports (status, progress %, budget realised) — TW1 and TW2, every report Disetujui unless a
test changes it — is ROWS below; the expected numbers are in the tests (tests/test_action_scores.py).
"""

from __future__ import annotations

from decimal import Decimal

from areas.models import ActionKind, ChangeArea, RbTheme
from evaluations.models import ActionProgress, ActionStatus, ReportStatus
from tests import factories
from tests.dashboard_data import open_quarter, set_status, wita

B, D, S, T = ActionStatus.NOT_STARTED, ActionStatus.RUNNING, ActionStatus.DONE, ActionStatus.NOT_DONE

# (plan, unit) -> {quarter: (status, progress, budget realised)}
ROWS = {
    ("P1", "A"): {1: (D, 30, 20), 2: (D, 45, 40)},
    ("P1", "B"): {1: (D, 10, 5), 2: (D, 30, 10)},
    ("P2", "A"): {1: (D, 40, 50), 2: (D, 80, 150)},
    ("P3", "B"): {1: ("", None, None), 2: (D, 30, 20)},
    ("P4", "A"): {1: (B, 0, None), 2: (T, None, None)},
    ("P4", "B"): {1: (D, 20, 10), 2: (D, 40, 30)},
    ("P5", "B"): {1: (S, 100, 40), 2: (S, 100, 40)},
}


def build_plan(roadmap, unit_a, unit_b) -> dict:
    units = {"A": unit_a, "B": unit_b}
    areas = {a.order: a for a in ChangeArea.objects.filter(roadmap=roadmap, order__in=(1, 2, 3))}
    theme = RbTheme.objects.filter(roadmap=roadmap, kind="tematik").order_by("order").first()
    groups = {
        "G1": factories.ActionGroupFactory(roadmap=roadmap, code="G1", name="Kegiatan satu", area=areas[1], order=1),
        "G2": factories.ActionGroupFactory(roadmap=roadmap, code="G2", name="Kegiatan dua", area=areas[2], order=2),
        "G3": factories.ActionGroupFactory(roadmap=roadmap, code="G3", name="Kegiatan tiga", area=areas[3], order=3),
        "G4": factories.ActionGroupFactory(
            roadmap=roadmap, code="G4", name="Sasaran tematik", kind=ActionKind.TEMATIK, area=None, theme=theme
        ),
    }
    spec = {
        "P1": ("G1", "A", 1, 4, {1: 25, 2: 50, 3: 75}, {"A": 100, "B": 50}),
        "P2": ("G2", "B", 1, 2, {1: 50}, {"A": 200}),
        "P3": ("G3", "A", 2, 4, {2: 30, 3: 60}, {"B": 80}),
        "P4": ("G4", "B", 1, 4, {1: 20, 2: 40}, {"A": None, "B": 100}),
        "P5": ("G1", "A", 1, 1, {1: 100}, {"B": 40}),
    }
    plans, assignments = {}, {}
    for code, (group, coordinator, start, end, stages, pelaksana) in spec.items():
        plan = factories.ActionPlanFactory(
            group=groups[group],
            code=code,
            name=f"Rencana aksi {code}",
            year=2025,
            coordinator=units[coordinator],
            start_quarter=start,
            end_quarter=end,
            budget=sum((Decimal(b or 0) for b in pelaksana.values()), Decimal(0)),
            quick_win=code == "P5",
        )
        for quarter, planned in stages.items():
            factories.ActionStageFactory(plan=plan, quarter=quarter, planned_progress=Decimal(planned))
        for unit, budget in pelaksana.items():
            assignments[code, unit] = factories.ActionAssignmentFactory(
                plan=plan, unit=units[unit], budget=None if budget is None else Decimal(budget)
            )
        plans[code] = plan
    cycles = {}
    for quarter in (1, 2):
        cycle = open_quarter(roadmap, 2025, quarter)
        cycles[quarter] = cycle
        for key, by_quarter in ROWS.items():
            status, progress, budget = by_quarter[quarter]
            updated = ActionProgress.objects.filter(report__cycle=cycle, assignment=assignments[key]).update(
                status=status,
                progress=None if progress is None else Decimal(progress),
                budget_realised=None if budget is None else Decimal(budget),
            )
            assert updated == 1, key
        for unit in units.values():
            set_status(cycle, unit, ReportStatus.DISETUJUI, wita(2025, 3 * quarter + 1, 3, 9))
    return {
        "plans": plans,
        "assignments": assignments,
        "cycles": cycles,
        "groups": groups,
        "areas": areas,
        "theme": theme,
        "units": units,
    }
