"""The quarterly rows of the rencana aksi: created with the reports, once, and their constraints."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from evaluations.models import ActionProgress, ActionStatus, Evidence, Report
from evaluations.services.cycles import cycle_get_or_create, cycle_open, sync_action_rows
from tests import factories

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def plan_world(roadmap, unit_a, unit_b):
    # unit_a has an indicator with a target; unit_b only carries out an action (it must still get a report).
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a)
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=2)
    group = factories.ActionGroupFactory(roadmap=roadmap)
    shared = factories.ActionPlanFactory(group=group, coordinator=unit_a, year=2025)
    factories.ActionAssignmentFactory(plan=shared, unit=unit_a)
    factories.ActionAssignmentFactory(plan=shared, unit=unit_b)
    other_year = factories.ActionPlanFactory(group=group, coordinator=unit_a, year=2026)
    factories.ActionAssignmentFactory(plan=other_year, unit=unit_a)
    inactive = factories.ActionPlanFactory(group=group, coordinator=unit_a, year=2025, is_active=False)
    factories.ActionAssignmentFactory(plan=inactive, unit=unit_a)
    return {"roadmap": roadmap, "shared": shared}


def test_opening_gives_each_pelaksana_a_row_of_the_years_active_actions(plan_world, unit_a, unit_b):
    cycle, _ = cycle_get_or_create(roadmap=plan_world["roadmap"], year=2025, quarter=2)
    cycle_open(cycle=cycle)

    rows = ActionProgress.objects.filter(report__cycle=cycle)
    assert sorted((r.report.unit.slug, r.assignment.plan.code) for r in rows) == sorted(
        [(unit_a.slug, plan_world["shared"].code), (unit_b.slug, plan_world["shared"].code)]
    )
    assert Report.objects.filter(cycle=cycle, unit=unit_b).exists()  # a unit with actions only reports too
    assert all(r.status == "" and r.progress is None for r in rows)

    # Running again adds nothing; a pelaksana added while the cycle is open gets its row on the next run.
    cycle_open(cycle=cycle)
    assert rows.count() == 2
    late = factories.ActionPlanFactory(group=plan_world["shared"].group, coordinator=unit_b, year=2025)
    factories.ActionAssignmentFactory(plan=late, unit=unit_b)
    assert sync_action_rows(cycle) == 1
    assert sync_action_rows(cycle) == 0


def test_constraints_refuse_impossible_numbers_and_a_second_row(plan_world):
    cycle, _ = cycle_get_or_create(roadmap=plan_world["roadmap"], year=2025, quarter=2)
    cycle_open(cycle=cycle)
    row = ActionProgress.objects.filter(report__cycle=cycle).first()
    for field, value in (("progress", Decimal("100.01")), ("progress", Decimal("-1")), ("budget_realised", -1)):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionProgress.objects.filter(pk=row.pk).update(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionProgress.objects.create(report=row.report, assignment=row.assignment)
    ActionProgress.objects.filter(pk=row.pk).update(status=ActionStatus.DONE, progress=100)


def test_evidence_belongs_to_exactly_one_row(plan_world):
    cycle, _ = cycle_get_or_create(roadmap=plan_world["roadmap"], year=2025, quarter=2)
    cycle_open(cycle=cycle)
    row = ActionProgress.objects.filter(report__cycle=cycle).first()
    evidence = Evidence(action_progress=row, original_name="ba.pdf", size=3, content_type="application/pdf")
    evidence.file.save("ba.pdf", ContentFile(b"%PD"), save=True)
    assert evidence.report == row.report
    assert evidence.file.name.startswith(f"evidence/2025/q2/{row.report.unit_id}/")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(action_progress=None)
