"""seed_scale at a tiny scale: the counts, the statuses, capaian by areas.scoring, a second run, --reset."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from areas import action_rules, scoring
from areas.models import ActionAssignment, ActionGroup, ActionPlan, ActionStage, Indicator, IndicatorTarget
from demo.management.commands.seed_scale import scale_roadmap
from evaluations.models import ActionProgress, Cycle, CycleState, Progress, Report, ReportStatus
from roadmap.models import Unit, User

pytestmark = pytest.mark.django_db


def _seed(*extra: str) -> str:
    out = io.StringIO()
    call_command(
        "seed_scale", "--units", "4", "--indicators-per-unit", "5", "--years", "2", "--no-progress", *extra, stdout=out
    )
    return out.getvalue()


def test_seed_scale_tiny():
    _seed()
    roadmap = scale_roadmap()
    assert roadmap is not None and roadmap.is_active  # the only road map becomes the active one
    assert Unit.objects.filter(slug__startswith="skala-").count() == 4
    assert User.objects.filter(username__startswith="operator.skala-").count() == 4
    assert Indicator.objects.filter(roadmap=roadmap).count() == 20
    assert IndicatorTarget.objects.filter(indicator__roadmap=roadmap).count() == 20 * 2 * 4
    cycles = list(Cycle.objects.filter(roadmap=roadmap).order_by("year", "quarter"))
    assert len(cycles) == 8
    assert [c.state for c in cycles[-2:]] == [CycleState.OPEN, CycleState.SCHEDULED]
    assert all(c.state == CycleState.CLOSED for c in cycles[:-2])
    assert not Report.objects.filter(cycle=cycles[-1]).exists()  # the next cycle to open
    assert Report.objects.filter(cycle__roadmap=roadmap).count() == 7 * 4
    rows = Progress.objects.filter(report__cycle__roadmap=roadmap).select_related("indicator", "report")
    assert rows.count() == 7 * 4 * 5
    for p in rows:
        expected = scoring.capaian(
            polarity=p.indicator.polarity, target=p.target_value, realisasi=p.realisasi, done=p.milestone_done
        )
        assert p.capaian == expected
        if p.report.status == ReportStatus.BELUM_MULAI:
            assert p.realisasi is None and p.milestone_done is None

    _check_actions(roadmap)
    assert "sudah ada" in _seed()  # a second run changes nothing
    assert Progress.objects.filter(report__cycle__roadmap=roadmap).count() == 140
    assert ActionProgress.objects.count() == 7 * 4 * 12

    _seed("--reset")
    assert Unit.objects.filter(slug__startswith="skala-").count() == 4
    assert Progress.objects.filter(report__cycle__roadmap=scale_roadmap()).count() == 140
    assert ActionPlan.objects.count() == 80 and ActionProgress.objects.count() == 7 * 4 * 12  # the old ones gone
    assert ActionGroup.objects.count() == 12


def _check_actions(roadmap):
    """10 plans per unit and year; every fifth has two pelaksana; a row per pelaksana in every report."""
    plans = ActionPlan.objects.filter(roadmap=roadmap)
    assert plans.count() == 4 * 2 * 10
    # A kegiatan utama per area (8) and a sasaran tematik per Tematik theme (4), all used.
    assert set(plans.values_list("group__kind", flat=True)) == {"general", "tematik"}
    assert ActionGroup.objects.filter(roadmap=roadmap).count() == 12
    assert plans.values("group").distinct().count() == 12
    assignments = ActionAssignment.objects.filter(plan__roadmap=roadmap)
    assert assignments.count() == 80 + 80 // 5
    for plan in plans.prefetch_related("assignments", "stages"):
        assert sum(a.budget for a in plan.assignments.all()) == plan.budget
        stages = [(s.quarter, s.planned_progress) for s in plan.stages.all()]
        assert [q for q, _ in stages] == list(range(plan.start_quarter, plan.end_quarter + 1))
        assert stages[-1][1] == 100
    assert ActionStage.objects.filter(plan__roadmap=roadmap).count() == sum(
        p.end_quarter - p.start_quarter + 1 for p in plans
    )
    # Each unit carries out its 10 plans and 2 of its neighbour's: 12 rows in each of its 7 reports.
    rows = ActionProgress.objects.filter(report__cycle__roadmap=roadmap).select_related(
        "report__cycle", "assignment__plan"
    )
    assert rows.count() == 7 * 4 * 12
    statuses = set()
    for row in rows.prefetch_related("assignment__plan__stages"):
        plan, quarter = row.assignment.plan, row.report.cycle.quarter
        assert plan.year == row.report.cycle.year and row.assignment.unit_id == row.report.unit_id
        if row.report.status == ReportStatus.BELUM_MULAI:
            assert row.status == "" and row.progress is None and row.version == 0
            continue
        statuses.add(row.status)
        stages = {s.quarter: s.planned_progress for s in plan.stages.all()}
        planned = action_rules.planned_progress_at(stages, quarter, plan.end_quarter)
        assert row.progress <= max(planned, 0) and (row.status == "selesai") == (row.progress == 100)
        if quarter < plan.start_quarter:
            assert row.status == "belum_dimulai"
        assert row.budget_realised <= row.assignment.budget
        assert row.output_realised <= plan.output_target
    assert {"belum_dimulai", "berjalan", "selesai"} <= statuses


def test_seed_scale_without_actions():
    _seed("--actions-per-unit", "0")
    assert not ActionPlan.objects.exists() and not ActionProgress.objects.exists()
    assert Progress.objects.count() == 140


def test_reset_after_the_benchmark_logged_in():
    # bench/run logs the benchmark users in: their audit events (SET_NULL) and API tokens (CASCADE) must not stop
    # --reset's raw DELETE of the users, nor their Riwayat records; the audit trail keeps the events with the typed
    # user name.
    from api.models import ApiToken
    from roadmap.models import AuditEvent, AuditKind

    _seed()
    officer = User.objects.get(username="operator.skala-0001")
    AuditEvent.objects.create(kind=AuditKind.LOGIN, user=officer, username=officer.username)
    saved = Progress.objects.filter(report__unit__slug="skala-0001").first()
    saved._history_user = officer  # a form save of the benchmark: a Riwayat record by the officer
    saved.save()
    assert Progress.history.filter(history_user=officer).exists()
    bpsdm = User.objects.get(username="bench.bpsdm")
    ApiToken.objects.create(user=bpsdm, name="bench", prefix="abc", key_hash="f" * 64)
    _seed("--reset")
    event = AuditEvent.objects.get(username="operator.skala-0001")
    assert event.user is None
    assert not ApiToken.objects.exists()
    assert not Progress.history.exists()  # the benchmark's Riwayat went with its rows
    assert User.objects.filter(username__startswith="operator.skala-").count() == 4
