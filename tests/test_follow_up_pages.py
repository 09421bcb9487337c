"""The follow-up of the LHE's recommendations on the pages: the report form's section (htmx and plain POST), its
evidence, the review page, the Rekomendasi LHE page and the staff pages that enter recommendations, with the
permission matrix of every new URL (anonymous, the owning officer, another unit's officer, reviewer, Pimpinan,
admin). The clock is 5 July 2025: R1 (due TW II 2025) is past due, R2 (due TW IV 2026) is not."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import Evidence, FollowUp, FollowUpStatus, Recommendation, ReportStatus, ReviewNote
from evaluations.services import follow_ups, reports
from tests import follow_up_world
from tests.test_officer_helpers import PDF_BYTES, TODAY, travel

pytestmark = pytest.mark.django_db

EXPECTED_POST = {"anonymous": 302, "officer_a": 302, "officer_b": 404, "reviewer": 403, "pimpinan": 403, "admin": 302}
PEOPLE = list(EXPECTED_POST)


@pytest.fixture
def world(roadmap, unit_a, unit_b, people):
    with travel(TODAY):
        yield follow_up_world.build(roadmap, unit_a, unit_b)


def _detail(report) -> str:
    return reverse("evaluations:report_detail", args=[report.pk])


def _save_url(row) -> str:
    return reverse("evaluations:follow_up_save", args=[row.report_id, row.pk])


def _row_data(row, **values: str) -> dict[str, str]:
    row.refresh_from_db()
    prefix = f"f{row.pk}"
    return {
        f"{prefix}-version": str(row.version),
        f"{prefix}-status": values.get("status", ""),
        f"{prefix}-explanation": values.get("explanation", ""),
    }


def _card(html: str, row) -> str:
    start = html.index(f'id="tl-{row.pk}"')
    return html[start : html.index("</article>", start)]


def _set(row, status, user):
    row.refresh_from_db()
    follow_ups.follow_up_row_save(user=user, row=row, data={"status": status}, version=row.version, today=TODAY)


# --- the permission matrix of the report page's new URLs --------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_follow_up_save_matrix(as_user, world, people, who):
    response = as_user(people[who]).post(_save_url(world.a1), _row_data(world.a1, status="dalam_proses"))
    assert response.status_code == EXPECTED_POST[who]
    if who == "anonymous":
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    saved = FollowUp.objects.get(pk=world.a1.pk).status == "dalam_proses"
    assert saved == (who in {"officer_a", "admin"})


@pytest.mark.parametrize("who", PEOPLE)
def test_follow_up_evidence_upload_matrix(as_user, world, people, who):
    url = reverse("evaluations:follow_up_evidence_upload", args=[world.report_a.pk, world.a1.pk])
    upload = SimpleUploadedFile("berita acara.pdf", PDF_BYTES, content_type="application/pdf")
    response = as_user(people[who]).post(url, {"berkas": upload})
    assert response.status_code == EXPECTED_POST[who]
    if response.status_code == 302 and who != "anonymous":
        assert response.url.endswith(f"#tl-{world.a1.pk}")
    assert Evidence.objects.filter(follow_up=world.a1).count() == (1 if who in {"officer_a", "admin"} else 0)


@pytest.mark.parametrize("who", PEOPLE)
def test_follow_up_evidence_delete_and_download_matrix(as_user, world, people, who):
    evidence = follow_up_world.attach_pdf(world.a1)
    download = as_user(people[who]).get(reverse("evaluations:evidence_download", args=[evidence.pk]))
    expected_get = {**EXPECTED_POST, "officer_a": 200, "reviewer": 200, "pimpinan": 200, "admin": 200}
    assert download.status_code == expected_get[who]
    if download.status_code == 200:
        assert b"".join(download.streaming_content) == b"%PDF-1.4 bukti"
    response = as_user(people[who]).post(reverse("evaluations:evidence_delete", args=[evidence.pk]))
    assert response.status_code == EXPECTED_POST[who]
    if response.status_code == 302 and who != "anonymous":
        assert response.url.endswith(f"#tl-{world.a1.pk}")
    assert Evidence.objects.filter(pk=evidence.pk).exists() == (who not in {"officer_a", "admin"})


def test_a_row_of_another_report_is_404_even_for_its_own_officer(as_user, world, officer_b):
    url = reverse("evaluations:follow_up_save", args=[world.report_a.pk, world.b1.pk])
    assert as_user(officer_b).post(url, _row_data(world.b1, status="belum")).status_code == 404


# --- the report page's section ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "reviewer", "pimpinan", "admin"])
def test_report_page_shows_the_section_editable_for_the_officer_and_admin_only(as_user, world, people, who):
    with travel(TODAY):
        html = as_user(people[who]).get(_detail(world.report_a)).content.decode()
    assert 'id="tindak-lanjut"' in html and "Tindak Lanjut Rekomendasi LHE" in html
    card = _card(html, world.a1)
    assert "LHE 2024 No. 1" in card and "Tetapkan peta proses bisnis." in card and "Jatuh tempo TW II 2025" in card
    assert 'data-role="overdue"' in card  # past TW II 2025 and not Selesai
    assert 'data-role="overdue"' not in _card(html, world.a2)
    editable = who in {"officer_a", "admin"}
    assert (f'formaction="{_save_url(world.a1)}"' in html) == editable
    assert ("disabled" in card) != editable


def test_a_report_with_a_recommendation_only_shows_it_and_no_empty_notice(as_user, world, officer_b):
    with travel(TODAY):
        html = as_user(officer_b).get(_detail(world.report_b)).content.decode()
    assert f'id="tl-{world.b1.pk}"' in html
    assert "Laporan ini tidak memiliki indikator." not in html


def test_htmx_save_returns_the_card_with_the_new_values_and_version(as_user, world, officer_a):
    data = _row_data(world.a1, status="selesai", explanation="Peta proses ditetapkan")
    with travel(TODAY):
        response = as_user(officer_a).post(_save_url(world.a1), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith(f'<article class="card shadow-sm mb-3 follow-up-card" id="tl-{world.a1.pk}"')
    assert "Tersimpan." in html and f'name="f{world.a1.pk}-version" value="1"' in html
    assert '<span class="badge text-bg-secondary" data-role="status-label">Selesai</span>' in html
    assert 'data-role="overdue"' not in html  # Selesai now
    assert 'id="report-status" hx-swap-oob="true"' in html
    history_url = reverse("evaluations:report_history", args=[world.a1.report_id]) + f"?tl={world.a1.pk}"
    assert f'hx-get="{history_url}"' in html and "Riwayat" in html
    assert "Simpan Draf" in as_user(officer_a).get(history_url, HTTP_HX_REQUEST="true").content.decode()
    row = FollowUp.objects.get(pk=world.a1.pk)
    assert (row.status, row.explanation) == ("selesai", "Peta proses ditetapkan")


def test_htmx_save_with_a_refused_value_shows_the_message_by_the_field(as_user, world, officer_a):
    data = _row_data(world.a1, explanation="Tanpa status")
    with travel(TODAY):
        html = as_user(officer_a).post(_save_url(world.a1), data, HTTP_HX_REQUEST="true").content.decode()
    assert "Isian tindak lanjut ini belum benar; tidak ada yang disimpan." in html
    assert "Pilih status tindak lanjut ini sebelum mengisi penjelasannya." in html and 'aria-invalid="true"' in html
    assert FollowUp.objects.get(pk=world.a1.pk).version == 0


def test_without_javascript_the_save_redirects_to_the_card(as_user, world, officer_a):
    client = as_user(officer_a)
    with travel(TODAY):
        response = client.post(_save_url(world.a1), _row_data(world.a1, status="belum"))
        assert response.status_code == 302 and response.url.endswith(f"#tl-{world.a1.pk}")
        assert "Tindak lanjut LHE 2024 No. 1 tersimpan." in client.get(response.url).content.decode()


def test_a_stale_save_says_so_and_keeps_the_newer_value(as_user, world, officer_a):
    client = as_user(officer_a)
    stale = _row_data(world.a1, status="belum")
    with travel(TODAY):
        client.post(_save_url(world.a1), _row_data(world.a1, status="dalam_proses"))
        html = client.post(_save_url(world.a1), stale, HTTP_HX_REQUEST="true").content.decode()
    assert "sudah diubah orang lain" in html and "LHE 2024 No. 1" in html
    assert FollowUp.objects.get(pk=world.a1.pk).status == "dalam_proses"


def test_the_pages_simpan_draf_saves_indicators_and_follow_ups_together_or_nothing(as_user, world, officer_a):
    progress = world.report_a.progress_rows.get()
    base = {f"p{progress.pk}-version": "0", f"p{progress.pk}-realisasi": "75"}
    bad = {**base, **_row_data(world.a1, status="hampir")}
    with travel(TODAY):
        assert as_user(officer_a).post(_detail(world.report_a), bad).status_code == 200
        progress.refresh_from_db()
        assert progress.realisasi is None
        good = {**base, **_row_data(world.a1, status="belum"), **_row_data(world.a2, status="dalam_proses")}
        assert as_user(officer_a).post(_detail(world.report_a), good).status_code == 302
    progress.refresh_from_db()
    assert str(progress.realisasi) == "75.0000"
    assert [FollowUp.objects.get(pk=r.pk).status for r in (world.a1, world.a2)] == ["belum", "dalam_proses"]


def test_ajukan_lists_the_missing_follow_up_on_the_page(as_user, world, officer_b):
    with travel(TODAY):
        html = as_user(officer_b).post(reverse("evaluations:report_submit", args=[world.report_b.pk])).content.decode()
    assert "LHE 2024 No. 1: status tindak lanjut rekomendasi belum diisi." in html
    world.report_b.refresh_from_db()
    assert world.report_b.status == ReportStatus.BELUM_MULAI


# --- the review page ---------------------------------------------------------------------------------------------


def test_the_reviewer_sees_the_rows_and_returns_with_a_note_the_officer_sees_it(as_user, world, officer_b, reviewer):
    _set(world.b1, FollowUpStatus.DALAM_PROSES, officer_b)
    reports.report_submit(report=world.report_b, user=officer_b, today=TODAY)
    client = as_user(reviewer)
    with travel(TODAY):
        html = client.get(reverse("evaluations:review_detail", args=[world.report_b.pk])).content.decode()
        assert f'id="tl-{world.b1.pk}"' in html and "Dalam Proses" in html and "Tetapkan peta proses bisnis." in html
        assert f'name="catatan_tl_{world.b1.pk}"' in html
        response = client.post(
            reverse("evaluations:review_return", args=[world.report_b.pk]),
            {"alasan": "Lengkapi", f"catatan_tl_{world.b1.pk}": "Lampirkan notulen rapat."},
        )
        assert response.status_code == 302
        assert ReviewNote.objects.get(follow_up=world.b1).note == "Lampirkan notulen rapat."
        page = client.get(reverse("evaluations:review_detail", args=[world.report_b.pk])).content.decode()
        assert "LHE 2024 No. 1</a>: Lampirkan notulen rapat." in page
        card = _card(as_user(officer_b).get(_detail(world.report_b)).content.decode(), world.b1)
    assert 'role="note"' in card and "Lampirkan notulen rapat." in card


# --- the Rekomendasi LHE page ------------------------------------------------------------------------------------

LIST = reverse("evaluations:recommendation_list")


def _approved(world, officer_a, reviewer):
    """A reports R1 Selesai (with evidence) and R2 Dalam Proses; the reviewer approves."""
    _set(world.a1, FollowUpStatus.SELESAI, officer_a)
    follow_up_world.attach_pdf(world.a1)
    _set(world.a2, FollowUpStatus.DALAM_PROSES, officer_a)
    progress = world.report_a.progress_rows.get()
    reports.report_save_draft(
        report=world.report_a,
        user=officer_a,
        rows=[reports.ProgressInput(progress_id=progress.pk, version=0, realisasi=80)],
        today=TODAY,
    )
    reports.report_submit(report=world.report_a, user=officer_a, today=TODAY)
    reports.report_approve(report=world.report_a, reviewer=reviewer)


SIGNED_IN = [who for who in PEOPLE if who != "anonymous"]


def test_the_list_sends_anonymous_to_the_login_page(client, world):
    with travel(TODAY):
        response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", SIGNED_IN)
def test_the_list_shows_each_unit_its_own_and_staff_everything(as_user, world, people, officer_a, reviewer, who):
    _approved(world, officer_a, reviewer)
    with travel(TODAY):
        response = as_user(people[who]).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    rows = {
        (slug, status)
        for slug, status in (
            (part.split('"')[0], part.split('data-role="status">')[1].split("<")[0])
            for part in html.split('<tr data-unit="')[1:]
        )
    }
    expected = {
        "officer_a": {("dinas-a", "Selesai"), ("dinas-a", "Dalam Proses")},
        "officer_b": {("dinas-b", "Belum dilaporkan")},
    }.get(who, {("dinas-a", "Selesai"), ("dinas-a", "Dalam Proses"), ("dinas-b", "Belum dilaporkan")})
    assert rows == expected
    # R1 is past due and B has not finished it: Terlambat; R2 is not past due.
    assert ('data-role="overdue"' in html) == (who != "officer_a")
    assert (reverse("evaluations:recommendation_edit", args=[world.r1.pk]) in html) == (who in {"reviewer", "admin"})


def test_a_draft_is_not_yet_reported_on_the_list(as_user, world, officer_a, reviewer):
    _set(world.a1, FollowUpStatus.SELESAI, officer_a)
    with travel(TODAY):
        html = as_user(reviewer).get(LIST + "?unit=" + str(world.report_a.unit_id)).content.decode()
    assert html.count('data-role="status">Belum dilaporkan<') == 2


@pytest.mark.parametrize(
    ("query", "numbers"),
    [("status=terlambat", ["LHE 2024 No. 1"]), ("status=selesai", ["LHE 2024 No. 1"]), ("tahun=2023", [])],
)
def test_the_filters(as_user, world, officer_a, reviewer, query, numbers):
    _approved(world, officer_a, reviewer)
    with travel(TODAY):
        html = as_user(reviewer).get(f"{LIST}?{query}").content.decode()
    assert [part.split('"')[0] for part in html.split('data-recommendation="')[1:]] == numbers


# --- entering recommendations ------------------------------------------------------------------------------------

EXPECTED_STAFF = {"anonymous": 302, "officer_a": 403, "officer_b": 403, "reviewer": 200, "pimpinan": 403, "admin": 200}


def _form(unit_ids, **values):
    return {"number": "3", "text": "Perbarui SOP", "due_year": "2025", "due_quarter": "4", "units": unit_ids, **values}


@pytest.mark.parametrize("who", PEOPLE)
def test_add_matrix(as_user, world, people, unit_b, who):
    url = reverse("evaluations:recommendation_add", args=[2024])
    client = as_user(people[who])
    assert client.get(url).status_code == EXPECTED_STAFF[who]
    with travel(TODAY):
        response = client.post(url, _form([unit_b.pk]))
    assert response.status_code == {**EXPECTED_STAFF, "reviewer": 302, "admin": 302}[who]
    added = Recommendation.objects.filter(number=3).first()
    assert (added is not None) == (who in {"reviewer", "admin"})
    if added is not None:
        # The open TW II 2025 report of Dinas B got its row at once.
        assert FollowUp.objects.filter(report=world.report_b, assignment__recommendation=added).count() == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_edit_matrix(as_user, world, people, unit_a, unit_b, who):
    url = reverse("evaluations:recommendation_edit", args=[world.r2.pk])
    client = as_user(people[who])
    assert client.get(url).status_code == EXPECTED_STAFF[who]
    response = client.post(url, _form([unit_a.pk], number="2", text="Terapkan manajemen talenta ASN."))
    assert response.status_code == {**EXPECTED_STAFF, "reviewer": 302, "admin": 302}[who]
    world.r2.refresh_from_db()
    assert (world.r2.text == "Terapkan manajemen talenta ASN.") == (who in {"reviewer", "admin"})


def test_add_for_a_year_without_an_evaluation_is_404(as_user, world, admin_user):
    assert as_user(admin_user).get(reverse("evaluations:recommendation_add", args=[2019])).status_code == 404


def test_a_refused_form_keeps_the_input_with_the_message_by_the_field(as_user, world, admin_user, unit_a):
    url = reverse("evaluations:recommendation_add", args=[2024])
    response = as_user(admin_user).post(url, _form([unit_a.pk], number="1", text="Teks saya"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nomor rekomendasi sudah dipakai pada LHE ini." in html and "Teks saya" in html
    assert Recommendation.objects.count() == 2
    response = as_user(admin_user).post(url, _form([], number="4"))
    assert "Pilih minimal satu unit penanggung jawab." in response.content.decode()
