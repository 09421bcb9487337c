"""Buka Kembali of a *submitted* report after its cycle closed: the officer may edit again until the new date.

TW I 2025 (closes 20 April): Dinas A submitted on 8 April and nobody reviewed it before the window closed. On
21 April the reviewer reopens it until 25 April: it becomes Dikembalikan (a submitted report is locked for the
officer, a reopened one must not be), the officer saves and submits again until the 25th, and from the 26th
the report is locked again. Service and pages (by URL).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from evaluations.exceptions import ReportLocked
from evaluations.models import Progress, Report, ReportStatus
from evaluations.services import cycles, reports
from evaluations.services.reports import ProgressInput
from tests.test_officer_helpers import form_data
from tests.test_review_data import add_indicators, at_wita, open_cycle, report_of, submitted_report

pytestmark = pytest.mark.django_db

CLOSED_ON = dt.date(2025, 4, 21)  # the day after TW I 2025 closed
UNTIL = dt.date(2025, 4, 25)


@pytest.fixture
def submitted_in_closed_cycle(roadmap, unit_a, officer_a):
    add_indicators(roadmap, unit_a, [("RB-01", "higher", "80", 1)])
    cycle = open_cycle(roadmap)
    report = submitted_report(report_of(unit_a, cycle), officer_a, {"RB-01": 60}, at_wita(2025, 4, 8))
    with time_machine.travel(at_wita(2025, 4, 21, 7), tick=False):
        assert cycles.cycle_close(cycle=cycle)
    report = Report.objects.select_related("cycle", "unit").get(pk=report.pk)
    assert (report.status, report.cycle.is_closed) == (ReportStatus.DIAJUKAN, True)
    return report


def _save(report: Report, officer, value: str, today: dt.date) -> Report:
    progress = Progress.objects.get(report=report)
    row = ProgressInput(progress_id=progress.pk, version=progress.version, realisasi=Decimal(value))
    return reports.report_save_draft(report=report, user=officer, rows=[row], today=today)


def test_service_reopened_submitted_report_is_editable_until_the_new_date(
    submitted_in_closed_cycle, officer_a, reviewer
):
    report = submitted_in_closed_cycle
    with pytest.raises(ReportLocked, match="Menunggu verifikasi BKPSDM"):
        _save(report, officer_a, "70", CLOSED_ON)

    with time_machine.travel(at_wita(2025, 4, 21, 9), tick=False):
        report = reports.report_reopen(
            report=report, reviewer=reviewer, reason="Salah ketik realisasi", until=UNTIL, today=CLOSED_ON
        )
    assert (report.status, report.reopened_until, report.revision_due_on) == (ReportStatus.DIKEMBALIKAN, UNTIL, UNTIL)
    for day in (CLOSED_ON, UNTIL):
        assert report.is_editable(day), day
    assert report.lock_reason(UNTIL + dt.timedelta(days=1)) == "Periode sudah ditutup."

    _save(report, officer_a, "70", CLOSED_ON)
    _save(report, officer_a, "72.5", UNTIL)  # the last day still counts
    with pytest.raises(ReportLocked, match="Periode sudah ditutup"):
        _save(report, officer_a, "99", UNTIL + dt.timedelta(days=1))
    assert Progress.objects.get(report=report).realisasi == Decimal("72.5")

    with time_machine.travel(at_wita(2025, 4, 25, 15), tick=False):
        report = reports.report_submit(report=report, user=officer_a, today=UNTIL)
    assert report.status == ReportStatus.DIAJUKAN


def test_pages_reopen_then_the_officer_edits_until_the_date(submitted_in_closed_cycle, officer_a, reviewer, as_user):
    report = submitted_in_closed_cycle
    page = reverse("evaluations:report_detail", args=[report.pk])
    with time_machine.travel(at_wita(2025, 4, 21, 9), tick=False):
        officer = as_user(officer_a)  # signed in each day: a session ends after hours without activity
        html = officer.get(page).content.decode()
        assert 'id="lock-reason"' in html and "Menunggu verifikasi BKPSDM." in html
        response = as_user(reviewer).post(
            reverse("evaluations:review_reopen", args=[report.pk]),
            {"alasan": "Salah ketik realisasi", "sampai": UNTIL.isoformat()},
        )
        assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DIKEMBALIKAN

    with time_machine.travel(at_wita(2025, 4, 25, 16), tick=False):
        officer = as_user(officer_a)
        html = officer.get(page).content.decode()
        assert 'id="lock-reason"' not in html and 'id="return-reason"' in html
        assert "Salah ketik realisasi" in html and "25 April 2025" in html
        response = officer.post(page, form_data(report, {"01": {"realisasi": "72,5"}}))
        assert response.status_code == 302
        assert Progress.objects.get(report=report).realisasi == Decimal("72.5")

    with time_machine.travel(at_wita(2025, 4, 26, 8), tick=False):
        officer = as_user(officer_a)
        html = officer.get(page).content.decode()
        assert 'id="lock-reason"' in html and "Periode sudah ditutup." in html
        response = officer.post(page, form_data(report, {"01": {"realisasi": "99"}}))
        assert response.status_code == 200
        assert "Periode sudah ditutup." in response.content.decode()
    assert Progress.objects.get(report=report).realisasi == Decimal("72.5")
