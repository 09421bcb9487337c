"""The rencana aksi rules, checked by hand (areas/action_rules.py)."""

from __future__ import annotations

from decimal import Decimal as D

from areas import action_rules as r

STAGES = {1: D(10), 2: D(40), 3: D(70)}  # ends in TW IV


def test_planned_progress_follows_the_latest_tahapan_and_is_100_at_the_end():
    assert r.planned_progress_at(STAGES, 1, end_quarter=4) == D(10)
    assert r.planned_progress_at({2: D(40)}, 1, end_quarter=4) == D(0)
    assert r.planned_progress_at(STAGES, 3, end_quarter=4) == D(70)
    assert r.planned_progress_at(STAGES, 4, end_quarter=4) == D(100)
    assert r.planned_progress_at({1: D(50)}, 2, end_quarter=2) == D(100)


def test_reaching_the_plan():
    assert r.reaches_plan("berjalan", D(40), D(40))
    assert not r.reaches_plan("berjalan", D("39.99"), D(40))
    assert r.reaches_plan("selesai", None, D(100))
    assert not r.reaches_plan("tidak_terlaksana", D(100), D(40))
    assert not r.reaches_plan("", None, D(0))
    assert r.reaches_plan("belum_dimulai", D(0), D(0))


def test_late_actions():
    assert r.is_late(quarter=4, end_quarter=4, status="berjalan", behind_now=True, behind_before=False)
    assert not r.is_late(quarter=4, end_quarter=4, status="selesai", behind_now=False, behind_before=True)
    assert r.is_late(quarter=2, end_quarter=4, status="berjalan", behind_now=True, behind_before=True)
    assert not r.is_late(quarter=2, end_quarter=4, status="berjalan", behind_now=True, behind_before=False)


def test_rate_and_absorption():
    assert r.rate(2, 3) == D("66.67")
    assert r.rate(0, 0) is None
    assert r.absorption(D(25_000_000), D(100_000_000)) == D("25.00")
    assert r.absorption(D(1), None) is None
    assert r.absorption(None, D(10)) == D("0.00")


def test_due_follows_the_tahapan_like_the_ajukan_check():
    assert not r.is_due_by(3, 2)
    assert r.is_due_by(1, 1)  # without the tahapan: started
    assert not r.is_due_by(1, 1, stage_quarters=[2, 3], end_quarter=4)  # first tahapan in TW II
    assert r.is_due_by(1, 2, stage_quarters=[2, 3], end_quarter=4)
    assert r.is_due_by(1, 2, stage_quarters=[], end_quarter=2)  # no tahapan: due at its end
    assert not r.is_due_by(1, 1, stage_quarters=[], end_quarter=2)
