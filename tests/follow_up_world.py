"""A small world of LHE recommendations for the tests of their follow-up (services, pages, export, API, races).

The 2024 evaluation's LHE is dated 14 March 2025, so its recommendations are followed up from TW I 2025. TW II 2025
of the road map is open. R1 (due TW II 2025) is assigned to Dinas A and Dinas B, R2 (due TW IV 2026) to Dinas A
only. Dinas A has one indicator (no evidence required); Dinas B has none: its report has the follow-up row only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile

from evaluations.models import (
    Cycle,
    Evidence,
    FollowUp,
    RbEvaluation,
    Recommendation,
    RecommendationAssignment,
    Report,
)
from evaluations.services import cycles
from tests import factories

LHE_DATE = dt.date(2025, 3, 14)


@dataclass
class FollowUpWorld:
    evaluation: RbEvaluation
    r1: Recommendation
    r2: Recommendation
    cycle: Cycle
    report_a: Report
    report_b: Report
    a1: FollowUp  # R1 in A's report
    a2: FollowUp  # R2 in A's report
    b1: FollowUp  # R1 in B's report


def recommendation(evaluation, number, units, *, due=(2025, 2), text=None) -> Recommendation:
    rec = Recommendation.objects.create(
        evaluation=evaluation,
        number=number,
        text=text or f"Rekomendasi nomor {number}",
        due_year=due[0],
        due_quarter=due[1],
    )
    for unit in units:
        RecommendationAssignment.objects.create(recommendation=rec, unit=unit)
    return rec


def build(roadmap, unit_a, unit_b) -> FollowUpWorld:
    evaluation = RbEvaluation.objects.create(
        roadmap=roadmap,
        year=2024,
        general_value=Decimal("62.15"),
        tematik_value=Decimal("8.50"),
        lhe_number="B/1234/M.RB.06/2025",
        lhe_date=LHE_DATE,
    )
    r1 = recommendation(evaluation, 1, [unit_a, unit_b], due=(2025, 2), text="Tetapkan peta proses bisnis.")
    r2 = recommendation(evaluation, 2, [unit_a], due=(2026, 4), text="Terapkan manajemen talenta.")
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-01", requires_evidence=False)
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=2, value=Decimal("80"))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=2)
    cycles.cycle_open(cycle=cycle)
    report_a = Report.objects.get(cycle=cycle, unit=unit_a)
    report_b = Report.objects.get(cycle=cycle, unit=unit_b)
    rows = {
        (r.report.unit_id, r.assignment.recommendation.number): r for r in FollowUp.objects.filter(report__cycle=cycle)
    }
    return FollowUpWorld(
        evaluation=evaluation,
        r1=r1,
        r2=r2,
        cycle=cycle,
        report_a=report_a,
        report_b=report_b,
        a1=rows[(unit_a.pk, 1)],
        a2=rows[(unit_a.pk, 2)],
        b1=rows[(unit_b.pk, 1)],
    )


def attach_pdf(row: FollowUp, name: str = "bukti.pdf") -> Evidence:
    return Evidence.objects.create(
        follow_up=row,
        file=ContentFile(b"%PDF-1.4 bukti", name=name),
        original_name=name,
        size=14,
        content_type="application/pdf",
    )
