"""The unit page's "Laporan Triwulan" table: each report's status, and Terlambat on the ones overdue today.

Overdue by hand: TW I 2025 is due 10 April 2025 (evaluations.models.quarter_dates); on 20 April a draft and a
report returned without its own date are late, a report returned with a revision date after today is not, and
a submitted or approved one never is.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from evaluations.models import Report, ReportStatus
from tests import factories
from tests.conftest import client_for
from tests.dashboard_data import open_quarter, set_status, wita
from tests.test_officer_helpers import travel

pytestmark = pytest.mark.django_db


def _row(html: str, period: str) -> str:
    table = re.search(r'<table[^>]*id="tabel-laporan">(.*?)</table>', html, re.S)
    assert table
    found = re.search(rf'<tr data-period="{period}">(.*?)</tr>', table.group(1), re.S)
    assert found, period
    return found.group(1)


@pytest.mark.parametrize(
    ("status", "revision_due_on", "late"),
    [
        (ReportStatus.DRAF, None, True),
        (ReportStatus.BELUM_MULAI, None, True),
        (ReportStatus.DIKEMBALIKAN, None, True),
        (ReportStatus.DIKEMBALIKAN, dt.date(2025, 4, 25), False),
        (ReportStatus.DIKEMBALIKAN, dt.date(2025, 4, 15), True),
        (ReportStatus.DIAJUKAN, None, False),
        (ReportStatus.DISETUJUI, None, False),
    ],
)
def test_the_unit_page_marks_the_reports_late_today(roadmap, unit_a, reviewer, status, revision_due_on, late):
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a)
    for quarter in (1, 2):  # a unit gets a report in a quarter it has targets in
        factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=quarter, value=Decimal(80))
    first, second = open_quarter(roadmap, 2025, 1), open_quarter(roadmap, 2025, 2)
    submitted = None if status in (ReportStatus.DRAF, ReportStatus.BELUM_MULAI) else wita(2025, 4, 9, 9)
    set_status(first, unit_a, status, submitted, revision_due_on=revision_due_on)
    set_status(second, unit_a, ReportStatus.DRAF)  # TW II is due in July: never late in April
    assert Report.objects.filter(unit=unit_a).count() == 2
    with travel(dt.date(2025, 4, 20)):
        html = client_for(reviewer).get(f"/dasbor/unit/{unit_a.pk}/").content.decode()
    assert ("Terlambat" in _row(html, "2025-1")) is late
    assert "Terlambat" not in _row(html, "2025-2")
