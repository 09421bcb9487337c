"""The report form's Rencana Aksi section: what it shows, its saves (htmx and plain POST), its evidence, and the
permission matrix of every new URL (anonymous, the owning officer, another unit's officer, reviewer, Pimpinan,
admin)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import ActionProgress, Evidence, ReportStatus
from evaluations.services import reports
from evaluations.services.reports import ProgressInput
from tests import action_world
from tests.test_officer_helpers import PDF_BYTES

pytestmark = pytest.mark.django_db

EXPECTED_POST = {"anonymous": 302, "officer_a": 302, "officer_b": 404, "reviewer": 403, "pimpinan": 403, "admin": 302}
EXPECTED_GET = {"anonymous": 302, "officer_a": 200, "officer_b": 404, "reviewer": 200, "pimpinan": 200, "admin": 200}
PEOPLE = list(EXPECTED_POST)


@pytest.fixture
def world(roadmap, unit_a, unit_b, people):
    return action_world.build(roadmap, unit_a, unit_b)


def _detail(report) -> str:
    return reverse("evaluations:report_detail", args=[report.pk])


def _save_url(row) -> str:
    return reverse("evaluations:action_save", args=[row.report_id, row.pk])


def _row_data(row, **values: str) -> dict[str, str]:
    row.refresh_from_db()
    prefix = f"a{row.pk}"
    data = {f"{prefix}-version": str(row.version)}
    for name in (
        "status",
        "progress",
        "output_realised",
        "budget_realised",
        "penjelasan",
        "kendala",
        "rencana_tindak_lanjut",
    ):
        data[f"{prefix}-{name}"] = values.get(name, "")
    return data


# --- the permission matrix ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_action_save_matrix(as_user, world, people, who):
    data = _row_data(world.ra01, status="berjalan", progress="30")
    response = as_user(people[who]).post(_save_url(world.ra01), data)
    assert response.status_code == EXPECTED_POST[who]
    if who == "anonymous":
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    saved = ActionProgress.objects.get(pk=world.ra01.pk).status == "berjalan"
    assert saved == (who in {"officer_a", "admin"})


@pytest.mark.parametrize("who", PEOPLE)
def test_action_evidence_upload_matrix(as_user, world, people, who):
    url = reverse("evaluations:action_evidence_upload", args=[world.report_a.pk, world.ra01.pk])
    upload = SimpleUploadedFile("notulen.pdf", PDF_BYTES, content_type="application/pdf")
    response = as_user(people[who]).post(url, {"berkas": upload})
    assert response.status_code == EXPECTED_POST[who]
    stored = Evidence.objects.filter(action_progress=world.ra01).count()
    assert stored == (1 if who in {"officer_a", "admin"} else 0)


@pytest.mark.parametrize("who", PEOPLE)
def test_action_evidence_delete_matrix(as_user, world, people, who):
    evidence = action_world.attach_pdf(world.ra01)
    response = as_user(people[who]).post(reverse("evaluations:evidence_delete", args=[evidence.pk]))
    assert response.status_code == EXPECTED_POST[who]
    if response.status_code == 302 and who != "anonymous":
        assert response.url.endswith(f"#aksi-{world.ra01.pk}")
    assert Evidence.objects.filter(pk=evidence.pk).exists() == (who not in {"officer_a", "admin"})


@pytest.mark.parametrize("who", PEOPLE)
def test_action_evidence_download_matrix(as_user, world, people, who):
    """The download view's check works for an action's evidence (through Evidence.report)."""
    evidence = action_world.attach_pdf(world.ra01)
    response = as_user(people[who]).get(reverse("evaluations:evidence_download", args=[evidence.pk]))
    assert response.status_code == EXPECTED_GET[who]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 bukti"


@pytest.mark.parametrize("who", PEOPLE)
def test_report_page_shows_the_section_to_whoever_may_read_it(as_user, world, people, who):
    response = as_user(people[who]).get(_detail(world.report_a))
    assert response.status_code == EXPECTED_GET[who]
    if response.status_code == 200:  # who may not read it got the status asserted above
        html = response.content.decode()
        assert 'id="rencana-aksi"' in html and f'id="aksi-{world.ra01.pk}"' in html
        editable = who in {"officer_a", "admin"}
        assert (f'formaction="{_save_url(world.ra01)}"' in html) == editable
        assert (f'name="a{world.ra01.pk}-status"' in html) and ("disabled" in _card(html, world.ra01)) != editable


def _card(html: str, row) -> str:
    start = html.index(f'id="aksi-{row.pk}"')
    return html[start : html.index("</article>", start)]


# --- what the section shows -----------------------------------------------------------------------------------


def test_each_card_shows_the_quarters_tahapan_and_the_units_share(as_user, world, officer_a):
    html = as_user(officer_a).get(_detail(world.report_a)).content.decode()
    card = _card(html, world.ra01)
    assert "RA-01" in card and "Penyusunan SOP pelayanan" in card
    assert "Konsultasi publik" in card and "50 %" in card  # the TW II tahapan and its planned %
    assert "Rp 50.000.000" in card and "2 dokumen" in card
    assert "Jatuh tempo triwulan ini" in card
    other = _card(html, world.ra02)
    assert "Tidak ada tahapan pada triwulan ini." in other and "Jatuh tempo" not in other
    # Dinas B's action is not on Dinas A's report.
    assert f'id="aksi-{world.ra03.pk}"' not in html


def test_a_report_with_actions_only_shows_them_and_no_empty_indicator_notice(as_user, world, officer_b):
    html = as_user(officer_b).get(_detail(world.report_b)).content.decode()
    assert f'id="aksi-{world.ra03.pk}"' in html
    assert "Laporan ini tidak memiliki indikator." not in html


# --- saving one row ---------------------------------------------------------------------------------------------


def test_htmx_save_returns_the_card_with_the_new_values_and_version(as_user, world, officer_a):
    data = _row_data(world.ra01, status="berjalan", progress="42,5", budget_realised="12.500.000", kendala="Hujan")
    response = as_user(officer_a).post(_save_url(world.ra01), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<article class="card shadow-sm mb-3 action-card" id="aksi-{world.ra01.pk}"')
    assert "Tersimpan." in html and 'value="42,5"' in html and 'value="12500000"' in html
    assert f'name="a{world.ra01.pk}-version" value="1"' in html
    assert 'id="report-status" hx-swap-oob="true"' in html and "Draf" in html
    row = ActionProgress.objects.get(pk=world.ra01.pk)
    assert (row.status, row.progress, row.budget_realised) == ("berjalan", Decimal("42.5"), Decimal("12500000"))
    # The card's Riwayat is opened on demand: the card names its URL, which holds the step.
    history_url = reverse("evaluations:report_history", args=[world.report_a.pk]) + f"?aksi={world.ra01.pk}"
    assert f'hx-get="{history_url}"' in html and "Riwayat" in html
    history = as_user(officer_a).get(history_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Simpan Draf" in history and 'history-new">42,5 %</span>' in history


def test_htmx_save_with_bad_input_shows_the_message_by_the_field_and_saves_nothing(as_user, world, officer_a):
    data = _row_data(world.ra01, status="selesai", progress="80", output_realised="-1")
    response = as_user(officer_a).post(_save_url(world.ra01), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Isian rencana aksi ini belum benar; tidak ada yang disimpan." in html
    assert "Angka tidak boleh negatif." in html
    assert 'aria-invalid="true"' in html
    assert ActionProgress.objects.get(pk=world.ra01.pk).version == 0


def test_a_service_refusal_is_shown_by_its_field(as_user, world, officer_a):
    data = _row_data(world.ra01, status="selesai", progress="80")
    html = as_user(officer_a).post(_save_url(world.ra01), data, HTTP_HX_REQUEST="true").content.decode()
    assert "Rencana aksi yang Selesai berprogres 100 %" in html
    assert ActionProgress.objects.get(pk=world.ra01.pk).version == 0


def test_without_javascript_the_save_redirects_to_the_card(as_user, world, officer_a):
    client = as_user(officer_a)
    response = client.post(_save_url(world.ra01), _row_data(world.ra01, status="berjalan"))
    assert response.status_code == 302 and response.url.endswith(f"#aksi-{world.ra01.pk}")
    page = client.get(response.url).content.decode()
    assert "Rencana aksi RA-01 tersimpan." in page


def test_without_javascript_a_refused_save_shows_the_page_with_the_input_kept(as_user, world, officer_a):
    data = _row_data(world.ra01, status="berjalan", progress="150", penjelasan="Teks saya")
    response = as_user(officer_a).post(_save_url(world.ra01), data)
    assert response.status_code == 200
    card = _card(response.content.decode(), world.ra01)
    assert "Progres paling besar 100 %." in card and "Teks saya" in card and 'value="150"' in card


def test_a_stale_save_says_so_and_keeps_the_newer_value(as_user, world, officer_a):
    client = as_user(officer_a)
    stale = _row_data(world.ra01, status="berjalan", progress="10")
    client.post(_save_url(world.ra01), _row_data(world.ra01, status="berjalan", progress="20"))
    html = client.post(_save_url(world.ra01), stale, HTTP_HX_REQUEST="true").content.decode()
    assert "sudah diubah orang lain" in html and "RA-01" in html
    assert ActionProgress.objects.get(pk=world.ra01.pk).progress == Decimal("20")


def test_the_pages_simpan_draf_saves_indicators_and_actions_together(as_user, world, officer_a):
    data = {
        f"p{world.progress_a.pk}-version": "0",
        f"p{world.progress_a.pk}-realisasi": "75",
        **_row_data(world.ra01, status="berjalan", progress="50"),
        **_row_data(world.ra02, status="belum_dimulai"),
    }
    response = as_user(officer_a).post(_detail(world.report_a), data)
    assert response.status_code == 302
    world.progress_a.refresh_from_db()
    assert world.progress_a.realisasi == Decimal("75")
    assert ActionProgress.objects.get(pk=world.ra01.pk).progress == Decimal("50")
    assert ActionProgress.objects.get(pk=world.ra02.pk).progress == Decimal("0")


def test_the_pages_simpan_draf_with_one_bad_action_saves_nothing(as_user, world, officer_a):
    data = {
        f"p{world.progress_a.pk}-version": "0",
        f"p{world.progress_a.pk}-realisasi": "75",
        **_row_data(world.ra01, status="selesai", progress="40"),
    }
    response = as_user(officer_a).post(_detail(world.report_a), data)
    assert response.status_code == 200
    assert "tidak ada yang disimpan" in response.content.decode()
    world.progress_a.refresh_from_db()
    assert world.progress_a.realisasi is None


def test_ajukan_lists_the_missing_action_on_the_page(as_user, world, officer_a):
    reports.report_save_draft(
        report=world.report_a,
        user=officer_a,
        rows=[ProgressInput(progress_id=world.progress_a.pk, version=0, realisasi=Decimal("80"))],
    )
    response = as_user(officer_a).post(reverse("evaluations:report_submit", args=[world.report_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RA-01: status rencana aksi belum diisi." in html
    world.report_a.refresh_from_db()
    assert world.report_a.status == ReportStatus.DRAF


def test_a_submitted_report_shows_the_actions_read_only(as_user, world, officer_b):
    client = as_user(officer_b)
    client.post(_save_url(world.ra03), _row_data(world.ra03, status="tidak_terlaksana", kendala="Dipotong"))
    client.post(reverse("evaluations:report_submit", args=[world.report_b.pk]))
    world.report_b.refresh_from_db()
    assert world.report_b.status == ReportStatus.DIAJUKAN
    html = client.get(_detail(world.report_b)).content.decode()
    card = _card(html, world.ra03)
    assert "disabled" in card and "formaction" not in card and "Unggah" not in card
    # And a save by URL is refused with the lock's reason, nothing saved.
    response = client.post(_save_url(world.ra03), _row_data(world.ra03, status="berjalan"), HTTP_HX_REQUEST="true")
    assert "Menunggu verifikasi" in response.content.decode()
    assert ActionProgress.objects.get(pk=world.ra03.pk).status == "tidak_terlaksana"


def test_an_upload_of_a_bad_file_is_refused_on_the_card(as_user, world, officer_a):
    url = reverse("evaluations:action_evidence_upload", args=[world.report_a.pk, world.ra01.pk])
    upload = SimpleUploadedFile("notulen.pdf", b"bukan pdf", content_type="application/pdf")
    response = as_user(officer_a).post(url, {"berkas": upload})
    assert response.status_code == 200
    assert "notulen.pdf ditolak" in _card(response.content.decode(), world.ra01)
    assert not Evidence.objects.filter(action_progress=world.ra01).exists()
