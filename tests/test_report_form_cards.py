"""The report form's indicator cards (Jinja2: templates/jinja2/evaluations/officer/_row.jinja) by URL.

What the officer and report-form.js rely on: the card's id and data attributes, the fields' names and ids
with their labels, the messages beside the fields (`…-error` ids), the per-card save, the evidence list
with its delete confirmation, the upload control with its help text, in Indonesian and English.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from evaluations.models import Report, ReportStatus
from evaluations.services import reports
from tests.test_officer_helpers import attach_pdf, build_reports, form_data, frozen, rows_by_code

__all__ = ["frozen"]  # the fixture, imported for pytest

pytestmark = pytest.mark.django_db

HELP_ID = "PDF, JPG, PNG, XLSX atau DOCX; paling besar 10 MB per berkas; boleh beberapa berkas sekaligus."
HELP_EN = "PDF, JPG, PNG, XLSX or DOCX; at most 10 MB per file; several files at once are allowed."


@pytest.fixture
def report(roadmap, unit_a, officer_a, frozen):
    return build_reports(roadmap, unit_a)[1]


def detail(report) -> str:
    return reverse("evaluations:report_detail", args=[report.pk])


def card(html: str, progress_pk: int) -> str:
    """The <article> of one indicator, its white space collapsed."""
    match = re.search(rf'<article [^>]*id="ind-{progress_pk}".*?</article>', html, re.S)
    assert match, f"no card ind-{progress_pk}"
    return re.sub(r"\s+", " ", match.group(0))


def page(client, report, language: str = "id") -> str:
    client.cookies["django_language"] = language
    response = client.get(detail(report))
    assert response.status_code == 200
    return response.content.decode()


def test_number_card_has_its_fields_labels_and_save(as_user, officer_a, report):
    p = rows_by_code(report)["01"]
    html = card(page(as_user(officer_a), report), p.pk)
    assert re.search(r'class="card [^"]*indicator-card"', html)
    assert 'data-progress-card data-polarity="higher" data-target="80' in html
    assert 'data-light-hijau="Hijau"' in html and 'data-light-merah="Merah"' in html
    assert f'<input type="hidden" name="p{p.pk}-version" value="0"' in html
    assert f'<label class="form-label" for="id_p{p.pk}-realisasi">Realisasi' in html
    assert re.search(
        rf'<input type="text" name="p{p.pk}-realisasi"[^>]*data-role="realisasi"[^>]*id="id_p{p.pk}-realisasi"', html
    )
    for name in ("penjelasan", "kendala", "rencana_tindak_lanjut"):
        assert f'for="id_p{p.pk}-{name}"' in html
        assert re.search(rf'<textarea name="p{p.pk}-{name}" [^>]*id="id_p{p.pk}-{name}"', html)
    assert "Contoh: 85,5 atau 1.234,5" in html
    save = reverse("evaluations:progress_save", args=[report.pk, p.pk])
    assert f'formaction="{save}"' in html and f'hx-post="{save}" hx-target="#ind-{p.pk}"' in html


def test_milestone_card_has_a_choice(as_user, officer_a, report):
    p = rows_by_code(report)["02"]
    html = card(page(as_user(officer_a), report), p.pk)
    assert re.search(rf'<select name="p{p.pk}-milestone_done"[^>]*data-role="milestone"', html)
    assert '<option value="1">Tercapai</option>' in html and '<option value="0">Belum</option>' in html
    assert f'name="p{p.pk}-realisasi"' not in html


def test_evidence_delete_confirm_and_upload_help(as_user, officer_a, report):
    p = rows_by_code(report)["01"]
    evidence = attach_pdf(p, officer_a, name='SK <Tim> & "RB".pdf')
    client = as_user(officer_a)
    name = "SK &lt;Tim&gt; &amp; (?:&#34;|&quot;)RB(?:&#34;|&quot;).pdf"  # escaped, whichever entity for "
    for language, confirm, help_text in (("id", f"Hapus {name}\\?", HELP_ID), ("en", f"Delete {name}\\?", HELP_EN)):
        full = page(client, report, language)
        html = card(full, p.pk)
        download = reverse("evaluations:evidence_download", args=[evidence.pk])
        assert re.search(f'<a class="text-break" href="{download}">{name}</a>', html)
        assert re.search(f'<button type="submit" form="del-{evidence.pk}" [^>]*data-confirm="{confirm}">', html)
        assert f'<div class="form-text">{help_text}</div>' in html
        assert f'<input type="file" name="berkas" id="berkas-{p.pk}" form="up-{p.pk}" multiple' in html
        # the forms those controls point to, outside the page's form, each with its CSRF token
        upload = reverse("evaluations:evidence_upload", args=[report.pk, p.pk])
        delete = reverse("evaluations:evidence_delete", args=[evidence.pk])
        assert re.search(
            rf'<form id="up-{p.pk}" [^>]*action="{upload}" data-side-form><input [^>]*csrfmiddlewaretoken', full
        )
        assert re.search(rf'<form id="del-{evidence.pk}" [^>]*action="{delete}" data-side-form><input', full)
        assert full.index("</form>", full.index("data-report-form")) < full.index(f'id="up-{p.pk}"')


def test_upload_limit_follows_the_setting(as_user, officer_a, report, settings):
    settings.EVIDENCE_MAX_BYTES = 5 * 1024 * 1024 // 2
    html = page(as_user(officer_a), report)
    assert "paling besar 2,5 MB per berkas" in html


def test_errors_stand_beside_their_fields(as_user, officer_a, report):
    rows = rows_by_code(report)
    data = form_data(report, {"01": {"realisasi": "12abc", "penjelasan": "x" * 5001}, "02": {"milestone_done": "7"}})
    data[f"p{rows['03'].pk}-version"] = "lama"
    html = as_user(officer_a).post(detail(report), data).content.decode()
    one = card(html, rows["01"].pk)
    for name, message in (("realisasi", "Bukan angka yang sah"), ("penjelasan", "paling banyak 5000 karakter")):
        error_id = f"id_p{rows['01'].pk}-{name}-error"
        assert re.search(rf'<div class="invalid-feedback d-block" id="{error_id}">[^<]*{message}', one)
        assert re.search(rf'name="p{rows["01"].pk}-{name}"[^>]*class="form-control is-invalid"', one)
        assert f'aria-invalid="true" aria-describedby="{error_id}"' in one
    assert '<div class="form-text">Contoh' not in one  # the example gives way to the message
    two = card(html, rows["02"].pk)
    assert f'id="id_p{rows["02"].pk}-milestone_done-error">Masukkan pilihan yang valid' in two
    assert "Versi baris tidak sah; muat ulang halaman." in card(html, rows["03"].pk)


def test_upload_errors_stand_in_their_card(as_user, officer_a, report):
    p = rows_by_code(report)["01"]
    response = as_user(officer_a).post(reverse("evaluations:evidence_upload", args=[report.pk, p.pk]), {})
    html = card(response.content.decode(), p.pk)
    assert 'class="form-control form-control-sm is-invalid"' in html
    assert '<div class="invalid-feedback d-block">Pilih minimal satu berkas.</div>' in html


def test_reviewer_notes_are_in_their_card(as_user, officer_a, reviewer, report):
    p = rows_by_code(report)["01"]
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DIAJUKAN)
    reports.report_return(report=report, reviewer=reviewer, reason="Perbaiki", notes={p.pk: "Baris <satu>\nbaris dua"})
    html = card(page(as_user(officer_a), report), p.pk)
    assert "<strong>Catatan verifikator:</strong> Baris &lt;satu&gt;<br>baris dua" in html


def test_locked_card_reads_only(as_user, officer_a, report):
    p = rows_by_code(report)["01"]
    attach_pdf(p, officer_a)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DIAJUKAN)
    full = page(as_user(officer_a), report)
    html = card(full, p.pk)
    assert re.search(rf'name="p{p.pk}-realisasi"[^>]*disabled', html)
    for absent in ("hx-post", "data-confirm", 'type="file"', HELP_ID):
        assert absent not in html
    assert f'id="up-{p.pk}"' not in full and "data-side-form" not in full


def test_htmx_save_returns_the_card_and_the_status(as_user, officer_a, report):
    p = rows_by_code(report)["01"]
    url = reverse("evaluations:progress_save", args=[report.pk, p.pk])
    client = as_user(officer_a)
    client.cookies["django_language"] = "en"
    data = {f"p{p.pk}-version": "0", f"p{p.pk}-realisasi": "60", f"p{p.pk}-kendala": "<b>anggaran</b>"}
    html = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith(f'<article class="card shadow-sm mb-3 indicator-card" id="ind-{p.pk}"')
    assert 'role="status">Saved.</div>' in html
    assert "&lt;b&gt;anggaran&lt;/b&gt;" in html and "<b>anggaran" not in html
    assert f'<div class="form-text">{HELP_EN}</div>' in html
    assert re.search(r'<span id="report-status" hx-swap-oob="true" [^>]*>Draft</span>', html)


def history_fragment(client, report, language: str = "id") -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("evaluations:report_history", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_history_fragment_in_both_languages(as_user, officer_a, report):
    client = as_user(officer_a)
    assert '<p class="text-secondary mb-0">Belum ada riwayat perubahan.</p>' in history_fragment(client, report)
    assert '<p class="text-secondary mb-0">No change history yet.</p>' in history_fragment(client, report, "en")
    client.post(detail(report), form_data(report, {"01": {"realisasi": "60"}}))
    history = history_fragment(client, report, "en")
    when = '<time class="text-secondary text-nowrap" datetime="2025-07-05T09:00:00+08:00">5 July 2025, 09.00 WITA'
    assert when in history
    assert '<span class="history-new">60</span>' in history and 'aria-label="changed to"' in history
