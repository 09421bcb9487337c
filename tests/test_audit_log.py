"""The audit log of security events: one test per kind, the client address, and the read-only admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportJob, ExportStatus
from roadmap import audit
from roadmap.models import AuditEvent, AuditKind, Role
from tests import factories

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, ip: str = "10.1.2.3"):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _events(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind).order_by("pk"))


def test_login_is_recorded_with_user_and_address(officer_a):
    assert _login(Client(), officer_a.username, factories.PASSWORD).status_code == 302
    [event] = _events(AuditKind.LOGIN)
    assert (event.user, event.username, event.ip) == (officer_a, officer_a.username, "10.1.2.3")


def test_failed_login_keeps_the_username_tried_never_the_password(officer_a):
    _login(Client(), "tidak.ada", "rahasia-yang-salah")
    _login(Client(), officer_a.username, "rahasia-yang-salah")
    events = _events(AuditKind.LOGIN_FAILED)
    assert [(e.username, e.user) for e in events] == [("tidak.ada", None), (officer_a.username, None)]
    assert all(e.ip == "10.1.2.3" for e in events)
    assert "rahasia-yang-salah" not in str([e.detail for e in events])
    assert not _events(AuditKind.LOGIN)


def test_logout_is_recorded(officer_a):
    client = Client()
    _login(client, officer_a.username, factories.PASSWORD)
    client.post(reverse("logout"))
    [event] = _events(AuditKind.LOGOUT)
    assert event.user == officer_a


def test_lockout_is_recorded(officer_a):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, officer_a.username, "salah", ip="10.9.9.9")
    [event] = _events(AuditKind.LOCKOUT)
    assert (event.username, event.ip) == (officer_a.username, "10.9.9.9")
    assert len(_events(AuditKind.LOGIN_FAILED)) == settings.AXES_FAILURE_LIMIT


def _admin_change(client: Client, user, **changes):  # type: ignore[no-untyped-def]
    """Post the admin's user change form with the user's current values and `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "role": user.role,
        "unit": user.unit_id or "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "2025-01-01",
        "initial-date_joined_1": "08:00:00",
    }
    data.update(changes)
    data = {k: v for k, v in data.items() if v != ""}
    return client.post(reverse("admin:roadmap_user_change", args=[user.pk]), data)


def test_role_change_in_the_admin_is_recorded_with_who_did_it(admin_user, officer_a):
    client = Client()
    client.force_login(admin_user)
    response = _admin_change(client, officer_a, role=Role.VERIFIKATOR, unit="")
    assert response.status_code == 302, response.content.decode()[:3000]
    [role] = _events(AuditKind.ROLE_CHANGED)
    assert role.user == admin_user
    assert role.detail["target"] == officer_a.username
    assert role.detail["perubahan"]["role"] == {"dari": "operator", "menjadi": "verifikator"}
    [unit] = _events(AuditKind.UNIT_CHANGED)
    assert unit.detail["perubahan"]["unit"]["dari"]["nama"] == str(officer_a.unit)
    assert unit.detail["perubahan"]["unit"]["menjadi"] is None


def test_unit_change_alone_and_an_unchanged_save(admin_user, officer_a, unit_b):
    client = Client()
    client.force_login(admin_user)
    assert _admin_change(client, officer_a).status_code == 302
    assert not AuditEvent.objects.filter(kind__in=[AuditKind.ROLE_CHANGED, AuditKind.UNIT_CHANGED]).exists()
    assert _admin_change(client, officer_a, unit=unit_b.pk).status_code == 302
    [event] = _events(AuditKind.UNIT_CHANGED)
    assert event.detail["perubahan"]["unit"]["menjadi"] == {"id": unit_b.pk, "nama": str(unit_b)}
    assert not _events(AuditKind.ROLE_CHANGED)


def test_superuser_flag_counts_as_a_role_change(admin_user, reviewer):
    client = Client()
    client.force_login(admin_user)
    assert _admin_change(client, reviewer, is_staff="on", is_superuser="on").status_code == 302
    [event] = _events(AuditKind.ROLE_CHANGED)
    assert event.detail["perubahan"]["is_superuser"] == {"dari": False, "menjadi": True}
    assert event.detail["perubahan"]["is_staff"] == {"dari": False, "menjadi": True}


def test_new_user_in_the_admin_records_role_and_unit(admin_user, unit_a):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:roadmap_user_add"),
        {
            "username": "operator.baru",
            "password1": "Penajam-Paser-2025",
            "password2": "Penajam-Paser-2025",
            "usable_password": "true",
            "email": "baru@example.test",
            "role": Role.OPERATOR,
            "unit": unit_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    [role] = _events(AuditKind.ROLE_CHANGED)
    assert role.detail["baru"] is True
    assert role.detail["perubahan"]["role"] == {"dari": None, "menjadi": "operator"}
    [unit] = _events(AuditKind.UNIT_CHANGED)
    assert unit.detail["perubahan"]["unit"]["menjadi"]["id"] == unit_a.pk


def test_export_download_is_recorded(roadmap, pimpinan):
    client = Client()
    client.force_login(pimpinan)
    response = client.post(reverse("exports:run"), {"laporan": "rekap", "format": "csv", "roadmap": roadmap.pk})
    assert response.status_code == 200, response
    b"".join(response.streaming_content)
    [event] = _events(AuditKind.EXPORT_DOWNLOADED)
    assert event.user == pimpinan
    assert event.detail["laporan"] == "rekap"
    assert event.detail["format"] == "csv"


def test_background_export_download_is_recorded_refused_one_is_not(officer_a, officer_b):
    job = ExportJob.objects.create(
        user=officer_a,
        report="rekap",
        format="csv",
        status=ExportStatus.DONE,
        file=ContentFile(b"a;b\n", name="rekap.csv"),
        filename="rekap-2025.csv",
        finished_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    other = Client()
    other.force_login(officer_b)
    assert other.get(reverse("exports:job_download", args=[job.pk])).status_code == 404
    assert not _events(AuditKind.EXPORT_DOWNLOADED)
    owner = Client()
    owner.force_login(officer_a)
    assert owner.get(reverse("exports:job_download", args=[job.pk])).status_code == 200
    [event] = _events(AuditKind.EXPORT_DOWNLOADED)
    assert event.detail == {"tugas": job.pk, "berkas": "rekap-2025.csv"}


def test_the_admin_shows_the_log_read_only(admin_user, officer_a):
    audit.record(AuditKind.LOGIN_FAILED, username="penyusup")
    client = Client()
    client.force_login(admin_user)
    changelist = reverse("admin:roadmap_auditevent_changelist")
    response = client.get(changelist, {"kind__exact": AuditKind.LOGIN_FAILED, "q": "penyusup"})
    assert response.status_code == 200
    assert "penyusup" in response.content.decode()
    event = AuditEvent.objects.get(username="penyusup")
    assert client.get(reverse("admin:roadmap_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:roadmap_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    # The change page only shows the event: posting it changes nothing.
    client.post(reverse("admin:roadmap_auditevent_change", args=[event.pk]), {"username": "diubah"})
    event.refresh_from_db()
    assert event.username == "penyusup"
    # Not for an officer.
    client.force_login(officer_a)
    assert client.get(changelist).status_code == 302
