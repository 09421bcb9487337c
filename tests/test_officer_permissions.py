"""The permission matrix of every officer URL, with the report and its evidence belonging to unit A.

anonymous → login; officer_a → allowed; officer_b → 404 (the object is not in their scope);
reviewer and pimpinan → read (200) but 403 on any change; admin → allowed.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from evaluations.models import Evidence, Progress, ReportStatus
from tests.test_officer_helpers import PDF_BYTES, attach_pdf, build_reports, form_data, frozen, rows_by_code

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

EXPECTED_GET = {"anonymous": 302, "officer_a": 200, "officer_b": 404, "reviewer": 200, "pimpinan": 200, "admin": 200}
# A change by admin or officer_a succeeds (a redirect back to the page).
EXPECTED_POST = {"anonymous": 302, "officer_a": 302, "officer_b": 404, "reviewer": 403, "pimpinan": 403, "admin": 302}
PEOPLE = list(EXPECTED_GET)


@pytest.fixture
def setup(roadmap, unit_a, unit_b, people, frozen):
    _, report = build_reports(roadmap, unit_a)
    rows = rows_by_code(report)
    evidence = attach_pdf(rows["01"], people["officer_a"], name="SK Tim RB.pdf")
    return {"report": report, "rows": rows, "evidence": evidence, "people": people}


def _client(as_user, setup, who):
    return as_user(setup["people"][who])


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", ["report_detail", "evidence_download"])
def test_get_matrix(as_user, setup, who, page):
    obj = setup["report"] if page == "report_detail" else setup["evidence"]
    response = _client(as_user, setup, who).get(reverse(f"evaluations:{page}", args=[obj.pk]))
    assert response.status_code == EXPECTED_GET[who]
    if who == "anonymous":
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    if response.status_code == 200 and page == "evidence_download":
        assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("who", PEOPLE)
def test_report_list_matrix(as_user, setup, who):
    response = _client(as_user, setup, who).get(reverse("evaluations:report_list"))
    assert response.status_code == (302 if who == "anonymous" else 200)
    detail = reverse("evaluations:report_detail", args=[setup["report"].pk])
    listed = response.status_code == 200 and detail in response.content.decode()
    assert listed == (who in {"officer_a", "reviewer", "pimpinan", "admin"})


@pytest.mark.parametrize("who", ["officer_a", "reviewer", "pimpinan", "admin"])
def test_read_only_view_for_reviewer_and_pimpinan(as_user, setup, who):
    # Who may open the page at all is test_get_matrix's; here: who sees the editing controls on it.
    html = _client(as_user, setup, who).get(reverse("evaluations:report_detail", args=[setup["report"].pk])).content
    html = html.decode()
    can_edit = who in {"officer_a", "admin"}
    assert ("Simpan Draf" in html) == can_edit
    assert ("mode baca" in html) == (not can_edit)


@pytest.mark.parametrize("who", PEOPLE)
def test_save_draft_matrix(as_user, setup, who):
    report = setup["report"]
    data = form_data(report, {"03": {"realisasi": "7"}})
    response = _client(as_user, setup, who).post(reverse("evaluations:report_detail", args=[report.pk]), data)
    assert response.status_code == EXPECTED_POST[who]
    saved = Progress.objects.get(pk=setup["rows"]["03"].pk).realisasi is not None
    assert saved == (who in {"officer_a", "admin"})


@pytest.mark.parametrize("who", PEOPLE)
def test_progress_save_matrix(as_user, setup, who):
    report, p = setup["report"], setup["rows"]["03"]
    url = reverse("evaluations:progress_save", args=[report.pk, p.pk])
    response = _client(as_user, setup, who).post(url, {f"p{p.pk}-version": "0", f"p{p.pk}-realisasi": "7"})
    assert response.status_code == EXPECTED_POST[who]
    assert (Progress.objects.get(pk=p.pk).realisasi is not None) == (who in {"officer_a", "admin"})


def test_progress_of_another_report_is_404_even_for_its_own_officer(as_user, setup, roadmap, unit_b, officer_b):
    # A progress row id must belong to the report in the URL.
    other_report = build_reports(roadmap, unit_b)[1]
    other_row = rows_by_code(other_report)["01"]
    url = reverse("evaluations:progress_save", args=[setup["report"].pk, other_row.pk])
    assert as_user(setup["people"]["officer_a"]).post(url, {}).status_code == 404
    assert as_user(officer_b).post(url, {}).status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_submit_matrix(as_user, setup, who):
    report = setup["report"]
    for p in setup["rows"].values():
        attach_pdf(p, setup["people"]["officer_a"])
    data = form_data(report, {"01": {"realisasi": "80"}, "02": {"milestone_done": "1"}, "03": {"realisasi": "10"}})
    response = _client(as_user, setup, who).post(reverse("evaluations:report_submit", args=[report.pk]), data)
    assert response.status_code == EXPECTED_POST[who]
    report.refresh_from_db()
    assert (report.status == ReportStatus.DIAJUKAN) == (who in {"officer_a", "admin"})


@pytest.mark.parametrize("who", PEOPLE)
def test_upload_matrix(as_user, setup, who):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report, p = setup["report"], setup["rows"]["02"]
    url = reverse("evaluations:evidence_upload", args=[report.pk, p.pk])
    upload = SimpleUploadedFile("Notulen.pdf", PDF_BYTES, content_type="application/pdf")
    response = _client(as_user, setup, who).post(url, {"berkas": [upload]})
    assert response.status_code == EXPECTED_POST[who]
    assert Evidence.objects.filter(progress=p).exists() == (who in {"officer_a", "admin"})


@pytest.mark.parametrize("who", PEOPLE)
def test_delete_matrix(as_user, setup, who):
    evidence = setup["evidence"]
    response = _client(as_user, setup, who).post(reverse("evaluations:evidence_delete", args=[evidence.pk]))
    assert response.status_code == EXPECTED_POST[who]
    assert Evidence.objects.filter(pk=evidence.pk).exists() == (who not in {"officer_a", "admin"})


@pytest.mark.parametrize("page", ["report_submit", "progress_save", "evidence_upload", "evidence_delete"])
def test_post_only_urls_refuse_get(as_user, setup, page):
    args = {
        "report_submit": [setup["report"].pk],
        "progress_save": [setup["report"].pk, setup["rows"]["01"].pk],
        "evidence_upload": [setup["report"].pk, setup["rows"]["01"].pk],
        "evidence_delete": [setup["evidence"].pk],
    }[page]
    assert as_user(setup["people"]["officer_a"]).get(reverse(f"evaluations:{page}", args=args)).status_code == 405
