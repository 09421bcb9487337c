"""Riwayat: status changes and progress value changes, old → new, who, when (WITA), why; bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Report, ReportStatus
from evaluations.selectors.history import report_history
from evaluations.services import reports
from tests.test_officer_helpers import attach_pdf, build_reports, form_data, frozen, rows_by_code, travel

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(roadmap, unit_a, officer_a, frozen):
    return build_reports(roadmap, unit_a)[1]


def test_two_saves_show_old_and_new_values_on_the_page(as_user, officer_a, report):
    client = as_user(officer_a)
    url = reverse("evaluations:report_detail", args=[report.pk])
    client.post(url, form_data(report, {"01": {"realisasi": "60", "kendala": "Anggaran"}}))
    with travel(dt.date(2025, 7, 5), hour=14):
        client.post(url, form_data(report, {"01": {"realisasi": "85,5", "kendala": "Anggaran"}}))
        html = client.get(reverse("evaluations:report_history", args=[report.pk])).content.decode()
    history = html[html.index('id="riwayat"') :]
    assert "Realisasi" in history
    # Newest first: 60 → 85,5 at 14.00 WITA, then — → 60 at 09.00 WITA.
    second = history.index("5 Juli 2025, 14.00 WITA")
    first = history.index("5 Juli 2025, 09.00 WITA")
    assert second < first
    assert 'history-old">60</span>' in history[second:first]
    assert 'history-new">85,5</span>' in history[second:first]
    assert 'history-new">60</span>' in history[first:]
    assert "operator.a" in history and "Simpan Draf" in history
    assert "75 %" in history and "106,9 %" in history  # capaian 75 → 106,88


def test_entries_merge_status_and_fields_newest_first(officer_a, reviewer, report):
    rows = rows_by_code(report)
    reports.report_save_draft(
        report=report,
        user=officer_a,
        rows=[
            reports.ProgressInput(progress_id=rows["01"].pk, version=0, realisasi=80),
            reports.ProgressInput(progress_id=rows["02"].pk, version=0, milestone_done=False),
            reports.ProgressInput(progress_id=rows["03"].pk, version=0, realisasi=10, penjelasan="Baik"),
        ],
    )
    for p in rows.values():
        attach_pdf(p, officer_a)
    with travel(dt.date(2025, 7, 6)):
        reports.report_submit(report=report, user=officer_a)
    with travel(dt.date(2025, 7, 7)):
        reports.report_return(report=Report.objects.get(pk=report.pk), reviewer=reviewer, reason="Tanda tangan kurang")
    history = report_history(report=report)
    assert [(e.old, e.new) for e in history if e.is_status] == [
        ("Diajukan", "Dikembalikan"),
        ("Draf", "Diajukan"),
        ("Belum Mulai", "Draf"),
    ]
    returned = history[0]
    assert returned.reason == "Kembalikan: Tanda tangan kurang"
    assert timezone.localtime(returned.when).date() == dt.date(2025, 7, 7)
    changes = {(e.subject, e.field): (e.old, e.new) for e in history if not e.is_status}
    assert changes[("DA-02", "Realisasi (milestone)")] == ("—", "Belum")
    assert changes[("DA-02", "Capaian")] == ("—", "0 %")
    assert changes[("DA-03", "Penjelasan")] == ("—", "Baik")
    assert changes[("DA-01", "Realisasi")] == ("—", "80")
    assert all(e.who == "operator.a" for e in history if not e.is_status)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DIKEMBALIKAN


def test_query_count_does_not_grow_with_rows(officer_a, report):
    rows = rows_by_code(report)
    for i in range(3):
        reports.report_save_draft(
            report=report,
            user=officer_a,
            rows=[
                reports.ProgressInput(progress_id=p.pk, version=i, realisasi=i + 1, kendala=f"k{i}")
                for p in (rows["01"], rows["03"])
            ],
        )
    with CaptureQueriesContext(connection) as queries:
        history = report_history(report=report)
    assert len(history) > 10
    assert len(queries) <= 5  # the report's, the indicators' rows and codes, the rencana aksi and tindak lanjut records
