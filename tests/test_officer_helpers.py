"""Shared builders of the officer tests (no tests here): a unit with TW I 2025 closed and TW II 2025 open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile

from areas.models import ChangeArea
from evaluations.models import Evidence, Progress, Report
from evaluations.services import cycles
from tests import factories

WITA = ZoneInfo("Asia/Makassar")
TODAY = dt.date(2025, 7, 5)  # TW II 2025 is open: due 10 July, closes 20 July

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def travel(day: dt.date, hour: int = 9):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=WITA), tick=False)


@pytest.fixture
def frozen():
    with travel(TODAY) as traveller:
        yield traveller


def build_reports(roadmap, unit) -> tuple[Report, Report]:
    """(TW I 2025 closed, TW II 2025 open) of `unit`, three indicators in two areas.

    A-01 (area 3, higher, %): target TW II 80, year 1.234,5; TW I realisasi 70,25.
    A-02 (area 1, milestone); A-03 (area 1, lower, no evidence required): target 10.
    """
    area1 = ChangeArea.objects.get(order=1)
    area3 = ChangeArea.objects.get(order=3)
    prefix = unit.short_name
    ind1 = factories.IndicatorFactory(
        roadmap=roadmap, unit=unit, code=f"{prefix}-01", area=area3, name="Persentase SOP yang diperbarui"
    )
    ind2 = factories.IndicatorFactory(
        roadmap=roadmap, unit=unit, code=f"{prefix}-02", area=area1, polarity="milestone", satuan="dokumen"
    )
    ind3 = factories.IndicatorFactory(
        roadmap=roadmap,
        unit=unit,
        code=f"{prefix}-03",
        area=area1,
        polarity="lower",
        satuan="hari",
        requires_evidence=False,
    )
    for quarter, values in {1: (40, 1, 12), 2: (80, 1, 10)}.items():
        for indicator, value in zip((ind1, ind2, ind3), values, strict=True):
            factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=quarter, value=Decimal(value))
    factories.IndicatorAnnualTargetFactory(indicator=ind1, year=2025, value=Decimal("1234.5"))
    with travel(dt.date(2025, 4, 2)):
        cycle1, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
        cycles.cycle_open(cycle=cycle1)
    report1 = Report.objects.get(cycle=cycle1, unit=unit)
    Progress.objects.filter(report=report1, indicator=ind1).update(
        realisasi=Decimal("70.25"), capaian=Decimal("175.63")
    )
    Progress.objects.filter(report=report1, indicator=ind2).update(milestone_done=True, capaian=Decimal("100"))
    with travel(dt.date(2025, 4, 21)):
        cycles.cycle_close(cycle=cycle1)
    with travel(dt.date(2025, 7, 1)):
        cycle2, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=2)
        cycles.cycle_open(cycle=cycle2)
    report2 = Report.objects.select_related("cycle", "unit").get(cycle=cycle2, unit=unit)
    return report1, report2


def rows_by_code(report: Report) -> dict[str, Progress]:
    return {
        p.indicator.code.split("-")[-1]: p for p in Progress.objects.filter(report=report).select_related("indicator")
    }


def form_data(report: Report, values: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """The page's POST body: every row with its version, overridden by `values` (keyed "01", "02", "03")."""
    data: dict[str, str] = {}
    for key, p in rows_by_code(report).items():
        prefix = f"p{p.pk}"
        data[f"{prefix}-version"] = str(p.version)
        field = "milestone_done" if p.indicator.is_milestone else "realisasi"
        data[f"{prefix}-{field}"] = ""
        for name in ("penjelasan", "kendala", "rencana_tindak_lanjut"):
            data[f"{prefix}-{name}"] = ""
        for name, value in (values or {}).get(key, {}).items():
            data[f"{prefix}-{name}"] = value
    return data


def attach_pdf(progress: Progress, user, name: str = "bukti.pdf") -> Evidence:
    return Evidence.objects.create(
        progress=progress,
        file=ContentFile(PDF_BYTES, name="bukti.pdf"),
        original_name=name,
        size=len(PDF_BYTES),
        content_type="application/pdf",
        uploaded_by=user,
    )
