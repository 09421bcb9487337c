"""The officer's pages by URL: Beranda panel, Laporan Triwulan, the report form (save, errors, stale, submit, locks)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Decision, Progress, Report, ReportStatus, ReviewDecision, ReviewNote
from evaluations.services import cycles, reports
from evaluations.services.reports import ProgressInput
from tests.test_officer_helpers import attach_pdf, build_reports, form_data, frozen, rows_by_code, travel

__all__ = ["frozen"]  # the fixture, imported for pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(roadmap, unit_a, officer_a, frozen):
    return build_reports(roadmap, unit_a)


@pytest.fixture
def report(built):
    return built[1]


def detail(report):
    return reverse("evaluations:report_detail", args=[report.pk])


def text_of(response) -> str:
    return response.content.decode()


def test_form_lists_indicators_by_area_with_targets_and_previous(as_user, officer_a, report):
    response = as_user(officer_a).get(detail(report))
    assert response.status_code == 200
    html = text_of(response)
    # Area 1 (Manajemen Perubahan: DA-02, DA-03) comes before area 3 (Penataan Organisasi: DA-01).
    assert html.index("DA-02") < html.index("DA-03") < html.index("DA-01")
    assert html.index("Manajemen Perubahan") < html.index("Penataan Organisasi")
    card = html[html.index('id="ind-' + str(rows_by_code(report)["01"].pk)) :]
    card = card[: card.index("</article>")]
    assert ">80<" in card  # target TW II
    assert "1.234,5" in card  # target of the year
    assert "Target 2025" in card and "2.025" not in card  # a year is not a number with thousands
    assert "70,25" in card  # realisasi of TW I
    assert 'data-polarity="higher"' in card and 'data-target="80' in card
    assert "Terlambat" not in html and "5 hari lagi" in html
    assert "10 Juli 2025" in html
    assert "js/report-form.js" in html
    assert "<script>" not in html.replace('<script src="', "")  # no inline script (CSP)


def test_simpan_draf_parses_indonesian_numbers(as_user, officer_a, report):
    data = form_data(
        report,
        {
            "01": {"realisasi": "1.234,5", "kendala": "Anggaran terlambat"},
            "02": {"milestone_done": "1"},
            "03": {"realisasi": "8.5"},
        },
    )
    response = as_user(officer_a).post(detail(report), data)
    assert response.status_code == 302 and response.url == detail(report)
    rows = rows_by_code(report)
    assert rows["01"].realisasi == Decimal("1234.5") and rows["01"].kendala == "Anggaran terlambat"
    assert rows["01"].capaian == Decimal("1543.12")  # 1234,5 / 80 × 100 = 1543,125, rounded half-even
    assert rows["02"].milestone_done is True and rows["02"].capaian == Decimal("100")
    assert rows["03"].realisasi == Decimal("8.5") and rows["03"].capaian == Decimal("115.00")  # (2 − 8,5/10) × 100
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAF
    page = text_of(as_user(officer_a).get(detail(report)))
    assert 'value="1234,5"' in page  # shown back the Indonesian way, and parsed again the same


def test_invalid_input_shows_messages_beside_fields_and_saves_nothing(as_user, officer_a, report):
    rows = rows_by_code(report)
    data = form_data(report, {"01": {"realisasi": "12abc"}, "03": {"realisasi": "7", "kendala": "Tersimpan?"}})
    response = as_user(officer_a).post(detail(report), data)
    assert response.status_code == 200
    html = text_of(response)
    assert "tidak ada yang disimpan" in html
    error_id = f"id_p{rows['01'].pk}-realisasi-error"
    assert re.search(rf'id="{error_id}">Bukan angka yang sah', html)
    assert f'aria-describedby="{error_id}"' in html
    assert 'value="12abc"' in html  # the officer's input is kept
    after = rows_by_code(report)
    assert after["03"].realisasi is None and after["03"].kendala == "" and after["03"].version == 0
    assert Report.objects.get(pk=report.pk).status == ReportStatus.BELUM_MULAI


def test_too_big_number_is_refused_beside_the_field(as_user, officer_a, report):
    response = as_user(officer_a).post(detail(report), form_data(report, {"01": {"realisasi": "1.000.000.000.000"}}))
    assert "Angka terlalu besar" in text_of(response)
    assert rows_by_code(report)["01"].realisasi is None


def test_stale_edit_is_refused_and_saves_nothing(as_user, officer_a, report):
    stale = form_data(report, {"01": {"realisasi": "99"}, "03": {"realisasi": "5"}})
    p = rows_by_code(report)["01"]
    reports.report_save_draft(
        report=report, user=officer_a, rows=[ProgressInput(progress_id=p.pk, version=0, realisasi=Decimal("10"))]
    )
    response = as_user(officer_a).post(detail(report), stale)
    assert response.status_code == 200
    assert "sudah diubah orang lain" in text_of(response)
    rows = rows_by_code(report)
    assert rows["01"].realisasi == Decimal("10") and rows["03"].realisasi is None


def test_submit_incomplete_lists_problems(as_user, officer_a, report):
    response = as_user(officer_a).post(reverse("evaluations:report_submit", args=[report.pk]))
    assert response.status_code == 200
    html = text_of(response)
    assert "DA-01: realisasi belum diisi." in html
    assert "DA-01: bukti dukung belum diunggah." in html
    assert "DA-03: bukti dukung" not in html  # not required for DA-03
    assert Report.objects.get(pk=report.pk).status == ReportStatus.BELUM_MULAI


def test_submit_saves_the_form_first_then_submits(as_user, officer_a, report):
    rows = rows_by_code(report)
    attach_pdf(rows["01"], officer_a)
    attach_pdf(rows["02"], officer_a)
    data = form_data(report, {"01": {"realisasi": "85,5"}, "02": {"milestone_done": "0"}, "03": {"realisasi": "9"}})
    response = as_user(officer_a).post(reverse("evaluations:report_submit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DIAJUKAN
    assert rows_by_code(report)["01"].realisasi == Decimal("85.5")
    page = text_of(as_user(officer_a).get(detail(report)))
    assert "Menunggu verifikasi BKPSDM." in page


def _lock(report, officer, reviewer, how):
    if how == "closed":
        cycles.cycle_close(cycle=report.cycle)
        return "Periode sudah ditutup."
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DIAJUKAN)
    if how == "approved":
        reports.report_approve(report=report, reviewer=reviewer)
        return "Laporan sudah disetujui."
    return "Menunggu verifikasi BKPSDM."


@pytest.mark.parametrize("how", ["closed", "submitted", "approved"])
def test_lock_reason_is_explained_and_inputs_disabled(as_user, officer_a, reviewer, report, how):
    message = _lock(report, officer_a, reviewer, how)
    client = as_user(officer_a)
    html = text_of(client.get(detail(report)))
    assert message in html
    p = rows_by_code(report)["01"]
    assert re.search(rf'<input[^>]*name="p{p.pk}-realisasi"[^>]*disabled', html)
    assert "Simpan Draf" not in html and "Unggah" not in html
    # And the server refuses a save anyway, with the reason.
    response = client.post(detail(report), form_data(report, {"01": {"realisasi": "5"}}))
    assert message in text_of(response)
    assert rows_by_code(report)["01"].realisasi is None


def test_returned_report_shows_reason_notes_and_revision_due(as_user, officer_a, reviewer, report):
    rows = rows_by_code(report)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DIAJUKAN)
    reports.report_return(
        report=report,
        reviewer=reviewer,
        reason="Bukti belum ditandatangani",
        notes={rows["01"].pk: "Lampirkan SK penetapan SOP"},
        revision_due_on=dt.date(2025, 7, 15),
    )
    html = text_of(as_user(officer_a).get(detail(report)))
    assert "Bukti belum ditandatangani" in html
    assert "15 Juli 2025" in html
    card = html[html.index(f'id="ind-{rows["01"].pk}"') :]
    assert card.index("Lampirkan SK penetapan SOP") < card.index("</article>")
    assert "Simpan Draf" in html  # editable again


def test_progress_save_with_htmx_returns_the_row(as_user, officer_a, report):
    p = rows_by_code(report)["01"]
    url = reverse("evaluations:progress_save", args=[report.pk, p.pk])
    data = {f"p{p.pk}-version": "0", f"p{p.pk}-realisasi": "60", f"p{p.pk}-penjelasan": "Sesuai rencana"}
    response = as_user(officer_a).post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = text_of(response)
    assert html.lstrip().startswith("{% load") is False and f'id="ind-{p.pk}"' in html
    assert f'name="p{p.pk}-version" value="1"' in html  # the new version, for the next save
    assert "75 %" in html and "tl-kuning" in html
    assert 'hx-swap-oob="true"' in html and "Draf" in html
    p.refresh_from_db()
    assert p.realisasi == Decimal("60") and p.penjelasan == "Sesuai rencana"
    # The same request again is stale (version 0): refused, nothing changes.
    data[f"p{p.pk}-realisasi"] = "61"
    response = as_user(officer_a).post(url, data, HTTP_HX_REQUEST="true")
    assert "sudah diubah orang lain" in text_of(response)
    p.refresh_from_db()
    assert p.realisasi == Decimal("60")


def test_progress_save_without_javascript_redirects(as_user, officer_a, report):
    p = rows_by_code(report)["03"]
    url = reverse("evaluations:progress_save", args=[report.pk, p.pk])
    response = as_user(officer_a).post(url, form_data(report, {"03": {"realisasi": "4,75"}}))
    assert response.status_code == 302 and response.url.endswith(f"#ind-{p.pk}")
    assert rows_by_code(report)["03"].realisasi == Decimal("4.75")
    assert rows_by_code(report)["01"].version == 0  # only this row


def test_report_list_newest_first(as_user, officer_a, built):
    html = text_of(as_user(officer_a).get(reverse("evaluations:report_list")))
    assert html.index("TW II 2025") < html.index("TW I 2025")


def test_beranda_shows_the_open_cycle_and_past_quarters(as_user, officer_a, built):
    report1, report2 = built
    html = text_of(as_user(officer_a).get(reverse("home_operator")))
    assert "TW II 2025" in html and "Belum Mulai" in html
    assert "10 Juli 2025" in html and "5 hari lagi" in html
    assert reverse("evaluations:report_detail", args=[report2.pk]) in html
    past = html[html.index("Triwulan sebelumnya") :]
    assert reverse("evaluations:report_detail", args=[report1.pk]) in past
    # TW I: DA-01 175,63 % clipped to 120, DA-02 100 %, DA-03 without capaian → mean 110 %.
    assert "110 %" in past


def test_beranda_shows_terlambat(as_user, officer_a, built):
    with travel(dt.date(2025, 7, 13)):
        html = text_of(as_user(officer_a).get(reverse("home_operator")))
    assert "Terlambat 3 hari" in html


def test_beranda_explains_the_lock(as_user, officer_a, built):
    Report.objects.filter(pk=built[1].pk).update(status=ReportStatus.DIAJUKAN)
    html = text_of(as_user(officer_a).get(reverse("home_operator")))
    assert "Menunggu verifikasi BKPSDM." in html and "Diajukan" in html


def test_returned_decision_is_only_shown_while_returned(report, reviewer):
    # Sanity of the data the page uses: a return with a note on one progress row.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DIKEMBALIKAN)
    decision = ReviewDecision.objects.create(report=report, reviewer=reviewer, decision=Decision.RETURN, reason="x")
    ReviewNote.objects.create(decision=decision, progress=Progress.objects.filter(report=report).first(), note="n")
    from evaluations.selectors.reports import current_decision

    assert current_decision(Report.objects.get(pk=report.pk)) == decision
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DISETUJUI)
    assert current_decision(Report.objects.get(pk=report.pk)) is None
