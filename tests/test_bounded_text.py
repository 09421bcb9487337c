"""User text that reaches a bounded column (varchar) is cut or refused with a clear message, never a 500.

The reviewer's Alasan is tests/test_long_reasons.py; the evidence file name is tests/test_evidence.py
(clean_original_name); the importer's cells are tests/test_import_indicators.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from api.models import ApiToken
from roadmap import audit
from roadmap.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db

LONG_NAME = "x" * 1000  # longer than User.username (150), AuditEvent.username (150) and axes' columns (255)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_an_over_long_user_name_at_sign_in_gets_a_message(client, url_name):
    response = client.post(reverse(url_name), {"username": LONG_NAME, "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna paling banyak 150 karakter." in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).exists()  # nothing reached authenticate()


def test_a_user_name_of_150_characters_is_still_tried_and_counted(client):
    response = client.post(reverse("login"), {"username": "y" * 150, "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert AuditEvent.objects.get(kind=AuditKind.LOGIN_FAILED).username == "y" * 150


def test_the_audit_log_cuts_a_typed_name_to_its_column():
    event = audit.record(AuditKind.LOGIN_FAILED, username=LONG_NAME)
    event.refresh_from_db()
    assert event.username == "x" * 150


def test_an_over_long_token_name_gets_a_message(officer_a, as_user):
    response = as_user(officer_a).post(reverse("api:tokens"), {"name": "t" * 101})
    assert response.status_code == 200
    assert "paling banyak 100 karakter" in response.content.decode()
    assert not ApiToken.objects.exists()
