"""Builders of the review tests' data, through the factories and the real workflow services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile

from areas.models import ChangeArea
from evaluations.models import Cycle, Evidence, Report, ReportStatus
from evaluations.services import cycles, reports
from evaluations.services.reports import ProgressInput
from tests import factories

WITA = ZoneInfo("Asia/Makassar")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def at_wita(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


def add_indicators(roadmap, unit, specs: Iterable[tuple], *, year: int = 2025, quarter: int = 1) -> list:
    """specs: (code, polarity, quarter target, area order[, annual target])."""
    made = []
    for spec in specs:
        code, polarity, target, area_order = spec[:4]
        indicator = factories.IndicatorFactory(
            roadmap=roadmap,
            unit=unit,
            code=code,
            name=f"Indikator {code}",
            polarity=polarity,
            area=ChangeArea.objects.get(order=area_order),
        )
        factories.IndicatorTargetFactory(indicator=indicator, year=year, quarter=quarter, value=Decimal(target))
        if len(spec) > 4:
            factories.IndicatorAnnualTargetFactory(indicator=indicator, year=year, value=Decimal(spec[4]))
        made.append(indicator)
    return made


def open_cycle(roadmap, *, year: int = 2025, quarter: int = 1) -> Cycle:
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=year, quarter=quarter)
    cycles.cycle_open(cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def report_of(unit, cycle) -> Report:
    return Report.objects.select_related("unit", "cycle").get(unit=unit, cycle=cycle)


def fill(report: Report, officer, values: dict[str, object], *, texts: dict[str, str] | None = None) -> Report:
    """Simpan Draf every given indicator: a Decimal-able realisasi, or True/False for a milestone."""
    rows = {p.indicator.code: p for p in report.progress_rows.select_related("indicator")}
    inputs = []
    for code, value in values.items():
        p = rows[code]
        text = (texts or {}).get(code, "")
        if p.indicator.is_milestone:
            inputs.append(ProgressInput(progress_id=p.pk, version=p.version, milestone_done=bool(value), kendala=text))
        else:
            inputs.append(
                ProgressInput(
                    progress_id=p.pk,
                    version=p.version,
                    realisasi=Decimal(str(value)),
                    penjelasan=f"Penjelasan {code}",
                    kendala=text or f"Kendala {code}",
                    rencana_tindak_lanjut=f"RTL {code}",
                )
            )
    return reports.report_save_draft(report=report, user=officer, rows=inputs, today=report.cycle.opens_on)


def attach_evidence(report: Report, officer, *, name: str = "bukti.pdf", content: bytes = PDF) -> list[Evidence]:
    made = []
    content_type = "application/pdf" if name.endswith(".pdf") else "image/png"
    for p in report.progress_rows.all():
        made.append(
            Evidence.objects.create(
                progress=p,
                file=ContentFile(content, name=name),
                original_name=name,
                size=len(content),
                content_type=content_type,
                uploaded_by=officer,
            )
        )
    return made


def submit_at(report: Report, officer, when: dt.datetime) -> Report:
    """Ajukan at a given WITA time (time-machine moves the clock, the database is real)."""
    with time_machine.travel(when, tick=False):
        return reports.report_submit(report=report, user=officer, today=when.date())


def submitted_report(report: Report, officer, values: dict[str, object], when: dt.datetime) -> Report:
    fill(report, officer, values)
    attach_evidence(report, officer)
    return submit_at(report, officer, when)


@pytest.mark.django_db
def test_builders_make_a_submitted_report(roadmap, unit_a, officer_a):
    add_indicators(roadmap, unit_a, [("A-01", "higher", "80", 1), ("A-02", "milestone", "1", 3)])
    cycle = open_cycle(roadmap)
    report = submitted_report(report_of(unit_a, cycle), officer_a, {"A-01": 60, "A-02": True}, at_wita(2025, 4, 8))
    assert report.status == ReportStatus.DIAJUKAN
    assert report.submitted_at == at_wita(2025, 4, 8)
    assert report.progress_rows.filter(evidence__isnull=False).count() == 2
