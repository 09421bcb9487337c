"""Helpers of the browser journeys: the demo data with TW I 2025 open, the login form, small files."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from demo.units import DEMO_PASSWORD

YEAR, QUARTER = 2025, 1
# A minimal but real PDF: the evidence service accepts a file by its first bytes (%PDF-).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Demo:
    url: str
    roadmap: Any
    cycle: Any


def open_demo(live_url: str, *, with_actions: bool = False) -> Demo:
    """The demo's master data (seed_demo without its history) and TW I 2025 of the active road map open,
    with a due date ahead of today.

    The live server runs in a thread of this process and sees the real date (today_wita()), while
    TW I 2025 lies in the past. Freezing the clock (time-machine) would also move the clock the
    session and CSRF cookies are dated by, so instead the cycle is opened as the scheduled job does
    and its window is moved around today: the cycle is open, the report editable, and Beranda shows
    a real due date a week ahead (not "Terlambat").
    """
    from demo.seed import seed_demo
    from evaluations.models import Cycle, today_wita
    from evaluations.services import cycles
    from roadmap.models import Roadmap

    # The reference rows (areas, aspects, themes) come with it: a flushed database is fine. The demo's rencana aksi
    # only when asked: the indicator journeys' Ajukan would otherwise also want every due action reported.
    seed_demo(with_history=False, with_actions=with_actions)
    roadmap = Roadmap.objects.get(is_active=True)
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=YEAR, quarter=QUARTER)
    cycles.cycle_open(cycle=cycle)
    today = today_wita()
    Cycle.objects.filter(pk=cycle.pk).update(
        due_on=today + dt.timedelta(days=7), closes_on=today + dt.timedelta(days=14)
    )
    cycle.refresh_from_db()
    return Demo(url=live_url, roadmap=roadmap, cycle=cycle)


def login(page: Page, base_url: str, username: str) -> None:
    """Through the real login form, with the demo password."""
    page.goto(f"{base_url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/beranda/"))


def write_pdf(folder: Path, name: str = "bukti.pdf") -> Path:
    path = folder / name
    path.write_bytes(PDF_BYTES)
    return path


def tanggal(day: dt.date) -> str:
    """A date as the Indonesian pages show it: 18 Juli 2024."""
    with translation.override("id"):
        return date_format(day, "j F Y")


def persen(value: Decimal | None) -> str:
    """A capaian as the Indonesian pages show it: 85,5 % (the template filter itself)."""
    from areas.templatetags.monev import persen as persen_filter

    with translation.override("id"):
        return persen_filter(value)


def angka(value: Decimal | None) -> str:
    """A number as the Indonesian pages show it: 1.234,5 (the template filter itself)."""
    from areas.templatetags.monev import angka as angka_filter

    with translation.override("id"):
        return angka_filter(value)


def koma(value: Decimal) -> str:
    """A number typed the Indonesian way, without grouping: 85,5."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def accept_next_dialog(page: Page) -> None:
    """The next confirm() (data-confirm on Ajukan, Setujui) is answered OK."""
    page.once("dialog", lambda dialog: dialog.accept())


def submitted_report(demo: Demo, unit_slug: str, factor: Decimal = Decimal("0.9")):
    """The unit's TW I report filled, with evidence, and submitted through the services (not the browser)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.models import Report
    from evaluations.services import evidence, reports
    from roadmap.models import User

    report = Report.objects.select_related("unit", "cycle").get(unit__slug=unit_slug, cycle=demo.cycle)
    officer = User.objects.get(username=f"operator.{unit_slug}")
    rows = list(report.progress_rows.select_related("indicator").order_by("indicator__area__order", "indicator__code"))
    inputs = [
        reports.ProgressInput(
            progress_id=p.pk,
            version=p.version,
            milestone_done=True if p.indicator.is_milestone else None,
            realisasi=None if p.indicator.is_milestone else (p.target_value * factor).quantize(Decimal("0.1")),
        )
        for p in rows
    ]
    reports.report_save_draft(report=report, user=officer, rows=inputs)
    for p in rows:
        upload = SimpleUploadedFile(f"bukti-{p.indicator.code}.pdf", PDF_BYTES, content_type="application/pdf")
        evidence.evidence_add_many(progress=p, user=officer, uploaded_files=[upload])
    return reports.report_submit(report=report, user=officer)


def fill_indicators(report: Any, officer: Any) -> None:
    """Every indicator of `report` at its target (milestones done), with the evidence they require, through the
    services: a journey about another kind of row gets past Ajukan's indicator checks."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.services import evidence, reports

    rows = list(report.progress_rows.select_related("indicator"))
    reports.report_save_draft(
        report=report,
        user=officer,
        rows=[
            reports.ProgressInput(
                progress_id=p.pk,
                version=p.version,
                milestone_done=True if p.indicator.is_milestone else None,
                realisasi=None if p.indicator.is_milestone else p.target_value,
            )
            for p in rows
        ],
    )
    for p in rows:
        if p.indicator.requires_evidence:
            upload = SimpleUploadedFile(f"bukti-{p.indicator.code}.pdf", PDF_BYTES, content_type="application/pdf")
            evidence.evidence_add_many(progress=p, user=officer, uploaded_files=[upload])
