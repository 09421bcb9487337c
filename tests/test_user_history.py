"""Role and unit changes of users are recorded whatever the path: the admin, a shell's save(), a command,
QuerySet.update() and bulk_update(), bulk_create(); shown in the admin's Riwayat of the user.

The security audit log (AuditEvent ROLE_CHANGED / UNIT_CHANGED) still records the admin's changes with who
made them: tests/test_audit_log.py.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from roadmap.models import BULK_CHANGE_REASON, AuditEvent, AuditKind, Role, User
from tests import factories

pytestmark = pytest.mark.django_db


def latest_change(user: User) -> tuple[object, dict[str, tuple[object, object]]]:
    """The newest history record of `user` and its changes against the record before: field → (old, new)."""
    record = user.history.order_by("-history_date", "-history_id").first()
    assert record is not None and record.prev_record is not None
    delta = record.diff_against(record.prev_record)
    return record, {change.field: (change.old, change.new) for change in delta.changes}


def test_a_save_outside_the_admin_records_the_old_and_new_role_and_unit(officer_a, unit_b):
    # What a shell (`manage.py shell`) or a script does.
    user = User.objects.get(pk=officer_a.pk)
    user.unit = unit_b
    user.save()
    record, changes = latest_change(user)
    assert changes == {"unit": (officer_a.unit_id, unit_b.pk)}
    assert record.history_user is None  # no request: nobody signed in made it

    user.role, user.unit = Role.VERIFIKATOR, None
    user.save()
    _, changes = latest_change(user)
    assert changes == {"role": (Role.OPERATOR, Role.VERIFIKATOR), "unit": (unit_b.pk, None)}


def test_a_queryset_update_is_recorded_too(officer_a, officer_b, unit_b):
    updated = User.objects.filter(role=Role.OPERATOR).update(role=Role.PIMPINAN, unit=None)
    assert updated == 2
    for officer, old_unit in ((officer_a, officer_a.unit_id), (officer_b, unit_b.pk)):
        record, changes = latest_change(officer)
        assert changes == {"role": (Role.OPERATOR, Role.PIMPINAN), "unit": (old_unit, None)}
        assert record.history_type == "~" and record.history_change_reason == BULK_CHANGE_REASON


def test_bulk_update_is_recorded_too(officer_a, unit_b):
    user = User.objects.get(pk=officer_a.pk)
    user.unit = unit_b
    User.objects.bulk_update([user], ["unit"])
    _, changes = latest_change(user)
    assert changes == {"unit": (officer_a.unit_id, unit_b.pk)}


def test_an_update_that_matches_nothing_records_nothing(officer_a):
    before = User.history.count()
    assert User.objects.filter(username="tidak-ada").update(role=Role.ADMIN) == 0
    assert User.history.count() == before


def test_bulk_create_records_the_new_users(unit_a):
    created = User.objects.bulk_create([User(username="massal.1", role=Role.OPERATOR, unit=unit_a)])
    record = created[0].history.get()
    assert (record.history_type, record.role, record.unit_id) == ("+", Role.OPERATOR, unit_a.pk)


def test_a_command_that_makes_a_superuser_is_recorded():
    call_command("createsuperuser", interactive=False, username="root.baru", email="root@example.test", verbosity=0)
    record = User.objects.get(username="root.baru").history.get()
    assert (record.history_type, record.role, record.is_superuser) == ("+", Role.ADMIN, True)


def test_a_sign_in_or_a_password_is_no_history(client, officer_a):
    before = officer_a.history.count()
    assert client.post(reverse("login"), {"username": "operator.a", "password": factories.PASSWORD}).status_code == 302
    assert officer_a.history.count() == before  # only last_login was saved
    User.objects.filter(pk=officer_a.pk).update(password="x")
    assert officer_a.history.count() == before
    # The hash is never copied into the history table.
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'roadmap_historicaluser'")
        columns = {row[0] for row in cursor.fetchall()}
    assert "password" not in columns and "last_login" not in columns
    assert {"role", "unit_id", "is_superuser", "is_staff", "is_active"} <= columns


def _admin_form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role": user.role,
        "unit": user.unit_id or "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "08:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_admins_change_is_in_the_history_and_the_audit_log(officer_a, unit_b, admin_user, as_user):
    client = as_user(admin_user)
    response = client.post(
        reverse("admin:roadmap_user_change", args=[officer_a.pk]), _admin_form(officer_a, unit=unit_b.pk)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record, changes = latest_change(officer_a)
    assert changes["unit"] == (officer_a.unit_id, unit_b.pk) and "role" not in changes
    assert record.history_user == admin_user
    event = AuditEvent.objects.get(kind=AuditKind.UNIT_CHANGED)
    assert event.user == admin_user and event.detail["perubahan"]["unit"]["menjadi"]["id"] == unit_b.pk


def test_the_admin_shows_the_users_history(officer_a, admin_user, as_user):
    User.objects.filter(pk=officer_a.pk).update(role=Role.PIMPINAN, unit=None)
    response = as_user(admin_user).get(reverse("admin:roadmap_user_history", args=[officer_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    rows = html[html.index('id="change-history"') :]
    assert BULK_CHANGE_REASON in rows and "<td>Pimpinan</td>" in rows and "<td>—</td>" in rows
    change_page = as_user(admin_user).get(reverse("admin:roadmap_user_change", args=[officer_a.pk])).content.decode()
    assert reverse("admin:roadmap_user_history", args=[officer_a.pk]) in change_page
