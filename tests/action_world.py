"""A small world of rencana aksi for the tests of reporting and reviewing them (services, pages, API, races).

TW II 2025 of a road map is open. Dinas A has one indicator (no evidence required) and carries out two actions:
RA-01 (TW I–IV, tahapan TW I 25 %, TW II 50 %, TW IV 100 %: due in TW II) and RA-02 (TW III–IV: not due in TW II).
Dinas B carries out RA-03 only (TW II–II: due, ends in TW II) and has no indicator: its report has actions only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile

from evaluations.models import ActionProgress, Evidence, Progress, Report
from evaluations.services import cycles
from tests import factories


@dataclass
class ActionWorld:
    report_a: Report
    report_b: Report
    ra01: ActionProgress
    ra02: ActionProgress
    ra03: ActionProgress
    progress_a: Progress


def build(roadmap, unit_a, unit_b) -> ActionWorld:
    group = factories.ActionGroupFactory(roadmap=roadmap, code="KU-01", name="Penguatan tata kelola")
    ra01 = factories.ActionPlanFactory(
        group=group,
        code="RA-01",
        name="Penyusunan SOP pelayanan",
        output="SOP pelayanan",
        output_satuan="dokumen",
        output_target=Decimal("2"),
        budget=Decimal("50000000"),
        coordinator=unit_a,
    )
    factories.ActionAssignmentFactory(plan=ra01, unit=unit_a, budget=Decimal("50000000"))
    for quarter, planned, text in ((1, 25, "Penyusunan draf"), (2, 50, "Konsultasi publik"), (4, 100, "Penetapan")):
        factories.ActionStageFactory(plan=ra01, quarter=quarter, planned_progress=Decimal(planned), description=text)
    ra02 = factories.ActionPlanFactory(group=group, code="RA-02", coordinator=unit_a, start_quarter=3, end_quarter=4)
    factories.ActionAssignmentFactory(plan=ra02, unit=unit_a)
    factories.ActionStageFactory(plan=ra02, quarter=3, planned_progress=Decimal(50))
    ra03 = factories.ActionPlanFactory(group=group, code="RA-03", coordinator=unit_a, start_quarter=2, end_quarter=2)
    factories.ActionAssignmentFactory(plan=ra03, unit=unit_b, output_target=Decimal("1"), budget=Decimal("10000000"))
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-01", requires_evidence=False)
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=2, value=Decimal("80"))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=2)
    cycles.cycle_open(cycle=cycle)
    report_a = Report.objects.get(cycle=cycle, unit=unit_a)
    report_b = Report.objects.get(cycle=cycle, unit=unit_b)
    rows = {r.assignment.plan.code: r for r in ActionProgress.objects.filter(report__cycle=cycle)}
    return ActionWorld(
        report_a=report_a,
        report_b=report_b,
        ra01=rows["RA-01"],
        ra02=rows["RA-02"],
        ra03=rows["RA-03"],
        progress_a=report_a.progress_rows.get(),
    )


def attach_pdf(row: ActionProgress, name: str = "bukti.pdf") -> Evidence:
    return Evidence.objects.create(
        action_progress=row,
        file=ContentFile(b"%PDF-1.4 bukti", name=name),
        original_name=name,
        size=14,
        content_type="application/pdf",
    )
