"""The app's own error pages (404, 403, 403 CSRF, 400, 500) in Indonesian and in its layout, the API's errors in
JSON, and `Cache-Control: private, no-store` on every answer to a signed-in user and every API answer.

By URL with DEBUG=False (pytest-django runs the tests so), through the whole middleware stack.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from evaluations.services.evidence import evidence_add
from roadmap import views
from tests.test_api_support import token_client
from tests.test_officer_helpers import PDF_BYTES, build_reports, frozen, rows_by_code

__all__ = ["frozen"]

BRAND = "Monev RB"
FOOTER = "Pemerintah Kabupaten Penajam Paser Utara"


def _private(response) -> bool:  # type: ignore[no-untyped-def]
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def _page(response, status: int, *texts: str, csp: bool = True) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    html = response.content.decode()
    assert BRAND in html and FOOTER in html, html[:500]  # the app's layout, not Django's bare page
    for text in texts:
        assert text in html, text
    if csp:
        assert "script-src 'self'" in response["Content-Security-Policy"]
    return html


# --- Cache-Control ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_of_a_signed_in_user_are_private_and_not_stored(as_user, officer_a, roadmap, unit_a, frozen):
    client = as_user(officer_a)
    for url in (reverse("home_operator"), reverse("evaluations:report_list"), reverse("password_change")):
        response = client.get(url)
        assert response.status_code == 200 and _private(response), (url, response.get("Cache-Control"))
    report = build_reports(roadmap, unit_a)[1]
    progress = rows_by_code(report)["01"]
    evidence = evidence_add(
        progress=progress, user=officer_a, uploaded_file=SimpleUploadedFile("SK.pdf", PDF_BYTES, "application/pdf")
    )
    download = client.get(reverse("evaluations:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and _private(download)


@pytest.mark.django_db
def test_every_api_answer_is_private_and_not_stored(officer_a):
    assert _private(Client().get("/api/v1/reports/"))  # 401
    answer = token_client(officer_a).get("/api/v1/areas/")
    assert answer.status_code == 200 and _private(answer)
    assert _private(Client().get("/api/v1/tidak-ada/"))


@pytest.mark.django_db
def test_static_files_keep_whitenoise_s_own_headers(settings, officer_a):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the source folders (no collectstatic in the tests)
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    client.force_login(officer_a)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "") and "max-age" in response["Cache-Control"]


# --- the error pages ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_in_indonesian_for_a_visitor_and_a_signed_in_user(as_user, officer_a):
    _page(Client().get("/tidak-ada/"), 404, "Halaman tidak ditemukan", "Kembali ke Beranda")
    response = as_user(officer_a).get("/tidak-ada/")
    _page(response, 404, "Halaman tidak ditemukan", officer_a.username)  # the menu of the signed-in user
    assert _private(response)


@pytest.mark.django_db
def test_404_of_the_api_is_json():
    response = Client().get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Data tidak ditemukan.", "fields": {}}}


@pytest.mark.django_db
def test_403_in_indonesian(as_user, officer_a):
    _page(as_user(officer_a).get(reverse("evaluations:review_queue")), 403, "Akses ditolak")


@pytest.mark.django_db
def test_403_csrf_in_indonesian():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a", "password": "b"})
    _page(response, 403, "Formulir tidak dapat dikirim", "Muat ulang halaman")


@pytest.mark.django_db
def test_400_in_indonesian_for_a_foreign_host_and_too_many_fields(settings):
    client = Client(raise_request_exception=False)
    # Refused by CommonMiddleware, before the CSP's middleware: the page has no script anyway.
    _page(client.get(reverse("login"), HTTP_HOST="situs-lain.example"), 400, "Permintaan tidak sah", csp=False)
    fields = {f"isian{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    _page(client.post(reverse("login"), fields), 400, "Permintaan tidak sah", "Tidak ada yang disimpan.")


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_500_in_indonesian_and_the_api_s_in_json():
    client = Client(raise_request_exception=False)
    _page(client.get("/rusak/"), 500, "Terjadi kesalahan pada server")
    response = client.get("/api/v1/rusak/")
    assert response.status_code == 500 and response.json()["error"]["code"] == "server_error"
    assert response.json()["error"]["message"].startswith("Terjadi kesalahan pada server")


def test_the_500_page_renders_without_the_database():
    # No django_db mark: any query here fails the test. The page needs no context processor, user or database,
    # so it renders when those are what broke.
    response = views.server_error(RequestFactory().get("/rusak/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in html and BRAND in html and FOOTER in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
