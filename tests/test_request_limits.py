"""Request-size limits in Django itself (roadmap.middleware.RequestSizeLimitMiddleware), not only in nginx:
a body above REQUEST_MAX_BYTES is refused with 413 and an Indonesian message, before it is read."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from evaluations.models import Evidence
from tests.test_api_support import api_world, token_client
from tests.test_officer_helpers import PDF_BYTES, build_reports, frozen, rows_by_code

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

MESSAGE = "Kiriman terlalu besar: paling banyak"


def test_the_default_limit_is_nginx_s_and_holds_an_evidence_file():
    assert settings.REQUEST_MAX_BYTES == 12 * 1024 * 1024
    assert settings.REQUEST_MAX_BYTES > settings.EVIDENCE_MAX_BYTES
    nginx = (settings.BASE_DIR / "deploy" / "nginx" / "monev.conf").read_text()
    assert "client_max_body_size 12m;" in nginx


def test_a_declared_length_above_the_limit_is_refused_before_the_body_is_read():
    # The body is one byte: only a check of Content-Length can refuse it (nothing reads 13 MB that is not there).
    response = Client().generic(
        "POST",
        reverse("login"),
        b"x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1),
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert f"{MESSAGE} 12 MB sekali kirim" in html and "Tidak ada yang disimpan." in html
    assert "script-src 'self'" in response["Content-Security-Policy"]  # the security headers are there


def test_an_evidence_upload_above_the_limit_is_refused_and_nothing_is_saved(
    settings, roadmap, unit_a, officer_a, frozen
):
    settings.REQUEST_MAX_BYTES = 64 * 1024
    report = build_reports(roadmap, unit_a)[1]
    progress = rows_by_code(report)["01"]
    url = reverse("evaluations:evidence_upload", args=[report.pk, progress.pk])
    client = Client()
    client.force_login(officer_a)
    big = SimpleUploadedFile("SK besar.pdf", PDF_BYTES + b"0" * (80 * 1024), content_type="application/pdf")
    response = client.post(url, {"berkas": [big]})
    assert response.status_code == 413
    assert f"{MESSAGE} 0,1 MB sekali kirim" in response.content.decode()
    assert not Evidence.objects.exists()
    small = SimpleUploadedFile("SK.pdf", PDF_BYTES, content_type="application/pdf")
    assert client.post(url, {"berkas": [small]}).status_code == 302
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["SK.pdf"]


def test_the_api_answers_413_in_its_json_shape(settings, roadmap, unit_a, unit_b, people):
    world = api_world(roadmap, unit_a, unit_b)
    settings.REQUEST_MAX_BYTES = 1024
    body = json.dumps({"rows": [{"indicator": "A-01", "realisasi": "80", "penjelasan": "x" * 2000}]})
    url = f"/api/v1/reports/{world['report_a'].pk}/progress/"
    response = token_client(people["officer_a"]).post(url, body, content_type="application/json")
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "request_too_large" and error["message"].startswith(MESSAGE) and error["fields"] == {}


def test_an_unreadable_content_length_is_no_body():
    response = Client().generic("POST", reverse("login"), b"", CONTENT_LENGTH="banyak")
    assert response.status_code == 200  # the login form again (no username given), never a 500
