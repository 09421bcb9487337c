"""Tingkat implementasi rencana aksi, budget absorption and the late list, computed by hand (tests/action_data.py).

TW1 2025 — due (start <= 1): P1/A, P1/B, P2/A, P4/A, P4/B, P5/B (P3 starts in TW2) = 6.
  reached: P1/A 30 >= 25, P4/B 20 >= 20, P5/B Selesai = 3; not: P1/B 10 < 25, P2/A 40 < 50, P4/A 0 < 20.
  rate 3/6 = 50.00 %. Budget 100+50+200+0+80+100+40 = 570, realised 20+5+50+10+40 = 125: 21.93 %. Late: none
  (no quarter before TW1; P5 ends in TW1 but is Selesai).
TW2 2025 — due: all 7. Planned: P1 50, P2 100 (its end), P3 30, P4 40, P5 100 (past its end).
  reached: P3/B 30 >= 30, P4/B 40 >= 40, P5/B Selesai = 3 → 3/7 = 42.86 %.
  realised 40+10+150+20+30+40 = 290 of 570: 50.88 %.
  late: P1/B (short in TW1 and TW2), P2/A (TW2 is its end, not Selesai), P4/A (Tidak Terlaksana now, 0 < 20
  before); P1/A is short now only (45 < 50, but 30 >= 25 in TW1): not late.
  by area (General): 1 = P1/A, P1/B, P5/B: 1/3 = 33.33 %, 90 of 190 = 47.37 %; 2 = P2/A: 0/1, 150 of 200 = 75 %;
  3 = P3/B: 1/1 = 100 %, 20 of 80 = 25 %. Theme: P4/A, P4/B: 1/2 = 50 %, 30 of 100 = 30 %.
  by unit: A = P1/A, P2/A, P4/A: 0/3, 190 of 300 = 63.33 %; B = P1/B, P3/B, P4/B, P5/B: 3/4 = 75 %, 100 of 270 =
  37.04 %.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import RequestFactory

from dashboards import selectors
from dashboards.selectors import actions
from evaluations.models import ActionProgress, ReportStatus
from tests.action_data import build_plan
from tests.dashboard_data import set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(roadmap, unit_a, unit_b):
    return build_plan(roadmap, unit_a, unit_b)


def _filters(user, **query):
    return selectors.dashboard_filters(query=RequestFactory().get("/", query).GET, user=user)


def _scores(user, **query):
    filters = _filters(user, **query)
    return actions.action_scores(user=user, filters=filters)


def _late(scores):
    return sorted((r.plan_code, r.unit_name, r.late_reason) for r in scores.late)


def test_first_quarter_by_hand(plan, reviewer):
    s = _scores(reviewer, tahun=2025, triwulan=1)
    assert (s.overall.due, s.overall.reached, s.overall.rate) == (6, 3, Decimal("50.00"))
    assert (s.overall.budget, s.overall.realised, s.overall.absorption) == (570, 125, Decimal("21.93"))
    assert s.late == []


def test_second_quarter_by_hand(plan, reviewer):
    s = _scores(reviewer, tahun=2025, triwulan=2)
    assert (s.overall.due, s.overall.reached, s.overall.rate) == (7, 3, Decimal("42.86"))
    assert s.overall.absorption == Decimal("50.88")
    assert (s.general.rate, s.tematik.rate) == (Decimal("40.00"), Decimal("50.00"))
    assert _late(s) == [("P1", "DB", "behind"), ("P2", "DA", "end"), ("P4", "DA", "behind")]
    assert s.overall.late == 3

    areas = {a.code: (a.score.due, a.score.reached, a.score.rate, a.score.absorption) for a in s.areas}
    first, second, third = (plan["areas"][n].code for n in (1, 2, 3))
    assert areas[first] == (3, 1, Decimal("33.33"), Decimal("47.37"))
    assert areas[second] == (1, 0, Decimal("0.00"), Decimal("75.00"))
    assert areas[third] == (1, 1, Decimal("100.00"), Decimal("25.00"))
    assert all(
        score[0] == 0 and score[2] is None for code, score in areas.items() if code not in (first, second, third)
    )

    themes = {t.code: (t.score.rate, t.score.absorption) for t in s.themes}
    assert themes[plan["theme"].code] == (Decimal("50.00"), Decimal("30.00"))
    assert [t.score.rate for t in s.themes if t.code != plan["theme"].code] == [None] * (len(s.themes) - 1)

    groups = {g.code: (g.score.due, g.score.reached) for g in s.groups}
    assert groups == {"G1": (3, 1), "G2": (1, 0), "G3": (1, 1), "G4": (2, 1)}
    units = {u.name: (u.score.rate, u.score.absorption) for u in s.units}
    assert units == {"DA": (Decimal("0.00"), Decimal("63.33")), "DB": (Decimal("75.00"), Decimal("37.04"))}


def test_rows_carry_the_plan_beside_the_report(plan, reviewer):
    rows = actions.action_rows(user=reviewer, filters=_filters(reviewer, tahun=2025, triwulan=2))
    by_key = {(r.plan_code, r.unit_name): r for r in rows}
    p2 = by_key["P2", "DA"]
    assert (p2.planned, p2.progress, p2.reached, p2.late, p2.stage) == (Decimal(100), Decimal(80), False, True, "")
    p1 = by_key["P1", "DA"]
    assert (p1.planned, p1.stage, p1.budget, p1.budget_realised) == (Decimal(50), "Tahapan TW 2", 100, 40)
    assert [r.plan_code for r in rows] == ["P1", "P1", "P5", "P2", "P3", "P4", "P4"]  # the plan's order


def test_only_counted_reports_count_and_the_toggle_adds_submitted(plan, reviewer, unit_b):
    set_status(plan["cycles"][2], unit_b, ReportStatus.DIAJUKAN)
    s = _scores(reviewer, tahun=2025, triwulan=2)
    # Only A's rows: P1/A 45 < 50, P2/A 80 < 100, P4/A Tidak Terlaksana.
    assert (s.overall.due, s.overall.reached, s.overall.rate) == (3, 0, Decimal("0.00"))
    assert _late(s) == [("P2", "DA", "end"), ("P4", "DA", "behind")]
    with_submitted = _scores(reviewer, tahun=2025, triwulan=2, termasuk_diajukan=1)
    assert with_submitted.overall.rate == Decimal("42.86")


def test_a_draft_before_does_not_make_a_row_late(plan, reviewer, unit_a):
    # P4/A fell short in TW1 — but a report still with its unit counts nowhere, not even as "behind before".
    set_status(plan["cycles"][1], unit_a, ReportStatus.DRAF)
    assert _late(_scores(reviewer, tahun=2025, triwulan=2)) == [("P1", "DB", "behind"), ("P2", "DA", "end")]


def test_an_action_not_due_before_is_not_behind_before(plan, reviewer):
    # P3 starts in TW2: short of its tahapan in TW2 (20 < 30) is one quarter behind, not two.
    ActionProgress.objects.filter(report__cycle=plan["cycles"][2], assignment=plan["assignments"]["P3", "B"]).update(
        progress=Decimal(20)
    )
    s = _scores(reviewer, tahun=2025, triwulan=2)
    assert s.overall.reached == 2
    assert "P3" not in {r.plan_code for r in s.late}


def test_filters_area_theme_and_unit(plan, reviewer, unit_b):
    area1 = plan["areas"][1]
    s = _scores(reviewer, tahun=2025, triwulan=2, area=area1.pk)
    assert (s.overall.due, s.overall.reached) == (3, 1)
    assert [a.code for a in s.areas] == [area1.code]
    assert all(t.score.rows == 0 for t in s.themes)
    s = _scores(reviewer, tahun=2025, triwulan=2, tema=plan["theme"].pk)
    assert (s.overall.due, s.overall.reached, s.areas) == (2, 1, [])
    s = _scores(reviewer, tahun=2025, triwulan=2, unit=unit_b.pk)
    assert (s.overall.due, s.overall.reached, s.overall.rate) == (4, 3, Decimal("75.00"))


def test_officer_sees_their_own_numbers_and_their_coordinated_rows(plan, officer_a):
    filters = _filters(officer_a, tahun=2025, triwulan=2, unit=999)
    s = actions.action_scores(user=officer_a, filters=filters)
    assert {u.name for u in s.units} == {"DA"}
    assert (s.overall.due, s.overall.reached) == (3, 0)
    # The Rencana Aksi page: A's own rows, and B's rows of the actions A coordinates (P1, P3, P5), read-only.
    rows = actions.action_rows(user=officer_a, filters=filters, coordinated=True)
    assert sorted((r.plan_code, r.unit_name) for r in rows) == [
        ("P1", "DA"),
        ("P1", "DB"),
        ("P2", "DA"),
        ("P3", "DB"),
        ("P4", "DA"),
        ("P5", "DB"),
    ]


def test_query_count_does_not_grow_with_rows(plan, reviewer, django_assert_max_num_queries):
    filters = _filters(reviewer, tahun=2025, triwulan=2)
    with django_assert_max_num_queries(6):  # the rows, the tahapan, the rows before; areas and themes
        actions.action_scores(user=reviewer, filters=filters)
