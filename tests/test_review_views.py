"""Antrian Verifikasi and the review page: order, values, filters, bulk Setujui, Kembalikan, Buka Kembali."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations.models import Decision, Report, ReportStatus, ReviewDecision
from evaluations.services import cycles
from tests import factories
from tests.test_review_data import (
    add_indicators,
    at_wita,
    fill,
    open_cycle,
    report_of,
    submitted_report,
)

pytestmark = pytest.mark.django_db

NOW = at_wita(2025, 4, 15, 8, 0)  # TW I 2025: due 10 April, closes 20 April


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def data(clock, roadmap, unit_a, unit_b, officer_a, officer_b):
    """Unit B submitted on time (8 April), unit A late (12 April), unit C still a draft."""
    unit_c = factories.UnitFactory(name="Kecamatan C", short_name="KC", slug="kec-c")
    officer_c = factories.OperatorFactory(username="operator.c", unit=unit_c)
    add_indicators(
        roadmap,
        unit_a,
        [("A-01", "higher", "80", 1, "320"), ("A-02", "milestone", "1", 3)],
    )
    add_indicators(roadmap, unit_b, [("B-01", "higher", "50", 1)])
    add_indicators(roadmap, unit_c, [("C-01", "lower", "10", 2)])
    cycle = open_cycle(roadmap)
    b = submitted_report(report_of(unit_b, cycle), officer_b, {"B-01": 40}, at_wita(2025, 4, 8, 14, 30))
    a = submitted_report(report_of(unit_a, cycle), officer_a, {"A-01": 60, "A-02": True}, at_wita(2025, 4, 12, 10, 5))
    c = fill(report_of(unit_c, cycle), officer_c, {"C-01": 12})
    return {"cycle": cycle, "a": a, "b": b, "c": c}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _queue_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-report="(\d+)"', response.content.decode())]


def _status(report: Report) -> str:
    return Report.objects.get(pk=report.pk).status


# --- Antrian Verifikasi -------------------------------------------------------------------------------------------


def test_queue_lists_submitted_reports_oldest_first_with_their_numbers(data, reviewer, as_user):
    response = as_user(reviewer).get(reverse("evaluations:review_queue"))
    assert response.status_code == 200
    assert _queue_ids(response) == [data["b"].pk, data["a"].pk]  # the draft of unit C is not in the queue
    rows = {r.report.pk: r for r in response.context["rows"]}
    b, a = rows[data["b"].pk], rows[data["a"].pk]
    assert (b.days_waiting, b.late, b.report.indicator_count) == (7, False, 1)
    assert (a.days_waiting, a.late, a.report.indicator_count) == (3, True, 2)
    assert float(a.report.avg_capaian) == 87.5  # (60/80 = 75 % and the milestone's 100 %) / 2
    assert float(b.report.avg_capaian) == 80.0
    html = response.content.decode()
    assert "8 April 2025, 14.30" in html  # WITA, the Indonesian way
    assert "87,5 %" in html and "80 %" in html
    row_a = html[html.index(f'data-report="{data["a"].pk}"') :]
    row_a = row_a[: row_a.index("</tr>")]
    assert "Terlambat" in row_a and "12 April 2025, 10.05" in row_a
    assert "Setujui yang dipilih" in html


def test_queue_filters_by_unit_quarter_and_cycle(data, reviewer, as_user, unit_a):
    client = as_user(reviewer)
    url = reverse("evaluations:review_queue")
    assert _queue_ids(client.get(url, {"unit": unit_a.pk})) == [data["a"].pk]
    assert _queue_ids(client.get(url, {"triwulan": 2})) == []
    assert _queue_ids(client.get(url, {"periode": data["cycle"].pk, "tahun": 2025})) == [data["b"].pk, data["a"].pk]
    assert _queue_ids(client.get(url, {"tahun": 2024})) == []
    # Broken values are ignored, never a 500.
    assert _queue_ids(client.get(url, {"unit": "x", "triwulan": "9", "status": "zzz"})) == [
        data["b"].pk,
        data["a"].pk,
    ]


def test_queue_tabs_list_other_statuses(data, reviewer, as_user):
    client = as_user(reviewer)
    url = reverse("evaluations:review_queue")
    response = client.get(url, {"status": "draf"})
    assert _queue_ids(response) == [data["c"].pk]
    assert "Setujui yang dipilih" not in response.content.decode()  # bulk approval only on Diajukan
    counts = {t["status"]: t["count"] for t in response.context["tabs"]}
    assert counts["diajukan"] == 2 and counts["draf"] == 1 and counts["disetujui"] == 0 and counts["semua"] == 3
    client.post(reverse("evaluations:review_approve", args=[data["b"].pk]))
    assert _queue_ids(client.get(url, {"status": "disetujui"})) == [data["b"].pk]
    # Every status: by submission time, the never-submitted last.
    assert _queue_ids(client.get(url, {"status": "semua"})) == [data["b"].pk, data["a"].pk, data["c"].pk]


def test_bulk_approve_reports_approved_and_refused(data, reviewer, as_user, unit_a):
    client = as_user(reviewer)
    response = client.post(
        reverse("evaluations:review_bulk_approve"),
        {"laporan": [data["a"].pk, data["b"].pk, data["c"].pk], "status": "diajukan", "unit": unit_a.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:review_queue") + f"?status=diajukan&unit={unit_a.pk}"
    assert _status(data["a"]) == _status(data["b"]) == ReportStatus.DISETUJUI
    assert _status(data["c"]) == ReportStatus.DRAF
    msgs = _messages(response)
    assert "2 laporan disetujui." in msgs
    refused = [m for m in msgs if m.startswith("Tidak disetujui")]
    assert len(refused) == 1 and "KC" in refused[0] and "Diajukan" in refused[0]
    assert ReviewDecision.objects.filter(decision=Decision.APPROVE, reviewer=reviewer).count() == 2


def test_bulk_approve_without_selection_changes_nothing(data, reviewer, as_user):
    response = as_user(reviewer).post(reverse("evaluations:review_bulk_approve"), {"status": "diajukan"})
    assert response.status_code == 302
    assert _messages(response) == ["Pilih minimal satu laporan untuk disetujui."]
    assert _status(data["a"]) == _status(data["b"]) == ReportStatus.DIAJUKAN


def test_bulk_approve_with_unknown_id_changes_nothing(data, reviewer, as_user):
    response = as_user(reviewer).post(reverse("evaluations:review_bulk_approve"), {"laporan": [data["a"].pk, 999999]})
    assert any("tidak ditemukan" in m for m in _messages(response))
    assert _status(data["a"]) == ReportStatus.DIAJUKAN


# --- The review page -----------------------------------------------------------------------------------------------


def test_review_page_shows_every_value_grouped_by_area(data, reviewer, as_user):
    report = data["a"]
    response = as_user(reviewer).get(reverse("evaluations:review_detail", args=[report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dinas A" in html and "TW I 2025" in html
    assert 'id="terlambat"' in html  # submitted on 12 April, due 10 April
    assert "12 April 2025, 10.05" in html and "10 April 2025" in html
    # Areas in their fixed order: 1. Manajemen Perubahan before 3. Penataan Organisasi.
    assert html.index("1. Manajemen Perubahan") < html.index("A-01") < html.index("3. Penataan Organisasi")
    assert html.index("3. Penataan Organisasi") < html.index("A-02")
    card = html[html.index("Indikator A-01") :]
    card = card[: card.index("</article>")]
    assert ">80<" in card and "320" in card  # quarter and annual target
    assert "60" in card and "75 %" in card and "tl-kuning" in card  # 60/80 = 75 % → kuning
    assert "Penjelasan A-01" in card and "Kendala A-01" in card and "RTL A-01" in card
    assert "bukti.pdf" in card
    milestone = html[html.index("Indikator A-02") :]
    milestone = milestone[: milestone.index("</article>")]
    assert "Tercapai" in milestone and "100 %" in milestone and "tl-hijau" in milestone
    assert 'id="aksi-setujui"' in html and 'id="aksi-kembalikan"' in html
    assert 'id="aksi-buka-kembali"' not in html  # Diajukan in an open cycle: nothing to reopen


def test_review_page_links_evidence_through_the_download_view(data, reviewer, as_user):
    evidence = data["a"].progress_rows.get(indicator__code="A-01").evidence.get()
    url = reverse("evaluations:evidence_download", args=[evidence.pk])
    html = as_user(reviewer).get(reverse("evaluations:review_detail", args=[data["a"].pk])).content.decode()
    assert f'href="{url}"' in html
    assert "/media" not in html  # never a public media URL


def test_approve(data, reviewer, as_user):
    client = as_user(reviewer)
    response = client.post(reverse("evaluations:review_approve", args=[data["a"].pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluations:review_detail", args=[data["a"].pk]
    )
    assert _status(data["a"]) == ReportStatus.DISETUJUI
    assert _messages(response) == ["Laporan TW I 2025 DA disetujui."]
    html = client.get(reverse("evaluations:review_detail", args=[data["a"].pk])).content.decode()
    assert 'id="aksi-setujui"' not in html and 'id="aksi-kembalikan"' not in html
    assert 'id="aksi-buka-kembali"' in html  # an approved report may be reopened
    decisions = html[html.index('id="keputusan"') :]
    assert "Setujui" in decisions and reviewer.username in decisions


def test_approve_twice_is_refused_with_a_message(data, reviewer, as_user):
    client = as_user(reviewer)
    client.post(reverse("evaluations:review_approve", args=[data["a"].pk]))
    response = client.post(reverse("evaluations:review_approve", args=[data["a"].pk]))
    assert response.status_code == 302
    assert any("Hanya laporan berstatus Diajukan" in m for m in _messages(response))
    assert ReviewDecision.objects.filter(report=data["a"]).count() == 1


def test_approve_a_draft_is_refused(data, reviewer, as_user):
    response = as_user(reviewer).post(reverse("evaluations:review_approve", args=[data["c"].pk]))
    assert any("Hanya laporan berstatus Diajukan" in m for m in _messages(response))
    assert _status(data["c"]) == ReportStatus.DRAF


def test_return_without_reason_reshows_the_page_and_changes_nothing(data, reviewer, as_user):
    report = data["a"]
    note_pk = report.progress_rows.get(indicator__code="A-01").pk
    response = as_user(reviewer).post(
        reverse("evaluations:review_return", args=[report.pk]),
        {"alasan": "   ", f"catatan_{note_pk}": "Lampirkan SK"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alasan pengembalian wajib diisi." in html
    assert 'class="form-control is-invalid"' in html
    assert "Lampirkan SK" in html  # the note typed is kept
    assert _status(report) == ReportStatus.DIAJUKAN
    assert not ReviewDecision.objects.filter(report=report).exists()


def test_return_with_reason_notes_and_due_date(data, reviewer, as_user):
    report = data["a"]
    rows = {p.indicator.code: p.pk for p in report.progress_rows.select_related("indicator")}
    response = as_user(reviewer).post(
        reverse("evaluations:review_return", args=[report.pk]),
        {
            "alasan": "Bukti belum ditandatangani",
            "batas_perbaikan": "2025-04-22",
            f"catatan_{rows['A-01']}": "Lampirkan SK kepala dinas",
            f"catatan_{rows['A-02']}": "  ",
        },
    )
    assert response.status_code == 302
    assert _messages(response) == ["Laporan TW I 2025 DA dikembalikan untuk diperbaiki."]
    report.refresh_from_db()
    assert report.status == ReportStatus.DIKEMBALIKAN
    assert report.revision_due_on == dt.date(2025, 4, 22)
    decision = report.decisions.get()
    assert (decision.decision, decision.reason, decision.reviewer) == (
        Decision.RETURN,
        "Bukti belum ditandatangani",
        reviewer,
    )
    assert [(n.progress_id, n.note) for n in decision.notes.all()] == [(rows["A-01"], "Lampirkan SK kepala dinas")]
    html = as_user(reviewer).get(reverse("evaluations:review_detail", args=[report.pk])).content.decode()
    decisions = html[html.index('id="keputusan"') :]
    assert "Bukti belum ditandatangani" in decisions and "Lampirkan SK kepala dinas" in decisions


def test_review_page_shows_riwayat(data, reviewer, as_user):
    client = as_user(reviewer)
    client.post(reverse("evaluations:review_return", args=[data["a"].pk]), {"alasan": "Lengkapi bukti"})
    html = client.get(reverse("evaluations:review_detail", args=[data["a"].pk])).content.decode()
    assert 'id="riwayat"' in html
    riwayat = html[html.index('id="riwayat"') :]
    assert "Dikembalikan" in riwayat and "Diajukan" in riwayat and "Lengkapi bukti" in riwayat
    assert "A-01" in riwayat  # the progress values' changes too


def test_return_with_a_past_due_date_is_refused(data, reviewer, as_user):
    response = as_user(reviewer).post(
        reverse("evaluations:review_return", args=[data["a"].pk]),
        {"alasan": "Perbaiki", "batas_perbaikan": "2025-04-01"},
    )
    assert response.status_code == 200
    assert "Batas waktu perbaikan tidak boleh sebelum hari ini." in response.content.decode()
    assert _status(data["a"]) == ReportStatus.DIAJUKAN


def test_return_of_an_approved_report_is_refused(data, reviewer, as_user):
    client = as_user(reviewer)
    client.post(reverse("evaluations:review_approve", args=[data["a"].pk]))
    response = client.post(reverse("evaluations:review_return", args=[data["a"].pk]), {"alasan": "Terlambat"})
    assert response.status_code == 302
    assert any("Hanya laporan berstatus Diajukan" in m for m in _messages(response))
    assert _status(data["a"]) == ReportStatus.DISETUJUI


def test_reopen_an_approved_report(data, reviewer, as_user):
    client = as_user(reviewer)
    client.post(reverse("evaluations:review_approve", args=[data["a"].pk]))
    response = client.post(reverse("evaluations:review_reopen", args=[data["a"].pk]), {"alasan": "   "})
    assert response.status_code == 200
    assert "Alasan membuka kembali wajib diisi." in response.content.decode()
    assert _status(data["a"]) == ReportStatus.DISETUJUI
    response = client.post(
        reverse("evaluations:review_reopen", args=[data["a"].pk]),
        {"alasan": "Salah ketik realisasi", "sampai": "2025-04-25"},
    )
    assert response.status_code == 302
    assert _messages(response) == ["Laporan TW I 2025 DA dibuka kembali."]
    report = Report.objects.get(pk=data["a"].pk)
    assert report.status == ReportStatus.DIKEMBALIKAN
    assert report.reopened_until == dt.date(2025, 4, 25)
    assert report.decisions.order_by("-pk").first().decision == Decision.REOPEN


def test_reopen_of_a_closed_cycles_draft(data, reviewer, as_user):
    cycles.cycle_close(cycle=data["cycle"])
    client = as_user(reviewer)
    html = client.get(reverse("evaluations:review_detail", args=[data["c"].pk])).content.decode()
    assert 'id="aksi-buka-kembali"' in html and 'id="aksi-setujui"' not in html
    response = client.post(reverse("evaluations:review_reopen", args=[data["c"].pk]), {"alasan": "Server down"})
    assert response.status_code == 302
    report = Report.objects.get(pk=data["c"].pk)
    assert report.reopened_until == dt.date(2025, 4, 22)  # today + REOPEN_DAYS (7)
    assert report.is_editable(dt.date(2025, 4, 15))


def test_reopen_refused_while_the_report_is_open_for_entry(data, reviewer, as_user):
    response = as_user(reviewer).post(reverse("evaluations:review_reopen", args=[data["c"].pk]), {"alasan": "x"})
    assert response.status_code == 302
    assert any("yang dapat dibuka kembali" in m for m in _messages(response))
    report = Report.objects.get(pk=data["c"].pk)
    assert report.status == ReportStatus.DRAF and report.reopened_until is None


def test_pimpinan_reads_the_page_without_actions(data, pimpinan, as_user):
    html = as_user(pimpinan).get(reverse("evaluations:review_detail", args=[data["a"].pk])).content.decode()
    assert "Indikator A-01" in html
    assert 'id="aksi-setujui"' not in html and 'id="form-kembalikan"' not in html
    assert 'id="hanya-baca"' in html
