"""The security audit log: who signed in, failed, was locked out, got another role or unit, downloaded an export.

`record()` is the one writer. The receivers below only translate django.contrib.auth's and django-axes'
signals into records (no other logic lives in them); role and unit changes are recorded by
`record_user_change()`, called where a user is saved by an admin (roadmap.admin.UserAdmin.save_model).
"""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from roadmap.models import AuditEvent, AuditKind, User
from roadmap.proxies import client_ip

log = logging.getLogger(__name__)

USERNAME_MAX = AuditEvent._meta.get_field("username").max_length


def record(
    kind: AuditKind | str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. `user` defaults to the request's signed-in user."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not getattr(user, "pk", None):
        user = None
    if not username and user is not None:
        username = user.get_username()
    event = AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:USERNAME_MAX],
        ip=client_ip(request),
        detail=detail or {},
    )
    log.info("audit %s user=%s ip=%s %s", kind, event.username or "-", event.ip or "-", event.detail)
    return event


# The fields whose change is a security event, and the kind it is recorded as.
_WATCHED = {
    "role": AuditKind.ROLE_CHANGED,
    "is_superuser": AuditKind.ROLE_CHANGED,
    "is_staff": AuditKind.ROLE_CHANGED,
    "is_active": AuditKind.ROLE_CHANGED,
    "unit_id": AuditKind.UNIT_CHANGED,
}


def _value(user: User | None, field: str) -> Any:
    if user is None:
        return None
    if field == "unit_id":
        unit = user.unit
        return None if unit is None else {"id": unit.pk, "nama": str(unit)}
    return getattr(user, field)


def record_user_change(*, request: HttpRequest | None, before: User | None, after: User) -> list[AuditEvent]:
    """One event per kind for what changed in a user's role, rights or unit (before=None: a new user)."""
    changes: dict[AuditKind, dict[str, Any]] = {}
    for field, kind in _WATCHED.items():
        old, new = _value(before, field), _value(after, field)
        if before is not None and old == new:
            continue
        if before is None and field != "role" and field != "unit_id" and not new:
            continue  # a new user's unset flags are not news
        name = "unit" if field == "unit_id" else field
        changes.setdefault(kind, {})[name] = {"dari": old, "menjadi": new}
    detail_base = {"target": after.get_username(), "target_id": after.pk, "baru": before is None}
    return [
        record(kind, request=request, detail={**detail_base, "perubahan": change}) for kind, change in changes.items()
    ]


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE), in Indonesian, status 429."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username_failure_limit": settings.LOCKOUT_USERNAME_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }
    return render(request, "registration/lockout.html", context, status=429)


@receiver(user_logged_in, dispatch_uid="audit_login")
def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record(AuditKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    record(AuditKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _on_login_failed(sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # `credentials` is already cleansed by Django (the password is '********'); only the username is kept.
    record(AuditKind.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _on_lockout(sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any) -> None:
    record(AuditKind.LOCKOUT, request=request, username=username or "")
