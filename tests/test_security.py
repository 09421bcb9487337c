"""Security settings: the CSP and the other headers, no inline script anywhere, login throttling,
password length, session expiry after inactivity, the admin's configurable path, CSRF on forms and htmx.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse

from tests import factories
from tests.test_officer_helpers import build_reports, form_data, frozen

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
# Templates that never reach a browser as a page: e-mails (read in mail clients) and the PDF (WeasyPrint).
NOT_PAGES = ("emails/", "exports/pdf.html")


def _policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_strict_csp_and_the_other_headers(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("evaluations:report_list"))
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_page_and_admin_carry_the_csp(client, admin_user):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    client.force_login(admin_user)
    assert "script-src 'self'" in client.get(reverse("admin:index"))["Content-Security-Policy"]


def test_htmx_is_configured_for_the_csp(client, officer_a):
    client.force_login(officer_a)
    html = client.get(reverse("evaluations:report_list")).content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert meta, "htmx-config meta tag missing"
    assert '"includeIndicatorStyles": false' in meta.group(1)
    assert '"allowEval": false' in meta.group(1)


def _served_templates() -> list[Path]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates").as_posix()
        if not relative.startswith(NOT_PAGES):
            found.append(path)
    for app in ("roadmap", "areas", "evaluations", "dashboards", "exports", "api"):
        found.extend(sorted((ROOT / app / "templates").rglob("*.html")) if (ROOT / app / "templates").exists() else [])
    return found


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_no_inline_script_handler_or_style_in_templates():
    problems = []
    for path in _served_templates():
        text = path.read_text()
        for attrs in SCRIPT_TAG.findall(text):
            if "src=" not in attrs and "application/json" not in attrs:
                problems.append(f"{path}: inline <script{attrs}>")
        if HANDLER.search(text):
            problems.append(f"{path}: inline event handler")
        if "javascript:" in text.lower():
            problems.append(f"{path}: javascript: URL")
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{path}: style attribute (style-src has no 'unsafe-inline')")
        if "hx-on" in text:
            problems.append(f"{path}: hx-on needs eval")
    assert not problems, "\n".join(problems)
    assert len(_served_templates()) > 20  # the scan really ran over the templates


def test_no_inline_script_in_rendered_pages(client, people, roadmap, unit_a, frozen):
    """The pages as rendered: only <script src=…> and json_script data blocks."""
    _, report = build_reports(roadmap, unit_a)
    client.force_login(people["admin"])
    urls = [
        reverse("home_admin"),
        reverse("evaluations:report_detail", args=[report.pk]),
        reverse("evaluations:review_queue"),
        reverse("dashboards:overview"),
        reverse("exports:index"),
        reverse("admin:index"),
        reverse("admin:roadmap_user_changelist"),
        reverse("admin:roadmap_user_change", args=[people["officer_a"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for attrs in SCRIPT_TAG.findall(response.content.decode()):
            assert "src=" in attrs or 'type="application/json"' in attrs, f"{url}: <script{attrs}>"


# --- Login throttling (django-axes) ----------------------------------------------------------------------


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.7"):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_lockout_after_five_failures_with_an_indonesian_page(officer_a):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, officer_a.username, "salah-sekali")
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    response = _login(client, officer_a.username, "salah-sekali")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Akun terkunci sementara" in page
    assert "15 menit" in page
    # Locked: even the right password is refused now, and nobody is signed in.
    response = _login(client, officer_a.username, factories.PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address_and_ends_after_the_cool_off(officer_a, officer_b):
    start = dt.datetime(2025, 7, 5, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        attacker = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(attacker, officer_a.username, "salah-sekali", ip="10.0.0.66")
        assert _login(attacker, officer_a.username, factories.PASSWORD, ip="10.0.0.66").status_code == 429
        # The real officer at their own desk, and another user from the attacker's address, are not locked.
        assert _login(Client(), officer_a.username, factories.PASSWORD, ip="10.0.0.7").status_code == 302
        assert _login(Client(), officer_b.username, factories.PASSWORD, ip="10.0.0.66").status_code == 302
        traveller.shift(dt.timedelta(minutes=14))
        assert _login(Client(), officer_a.username, factories.PASSWORD, ip="10.0.0.66").status_code == 429
        traveller.shift(dt.timedelta(minutes=16))
        assert _login(Client(), officer_a.username, factories.PASSWORD, ip="10.0.0.66").status_code == 302


def test_admin_login_is_throttled_too(admin_user):
    client = Client()
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": admin_user.username, "password": "salah"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        url, {"username": admin_user.username, "password": factories.PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429


# --- Passwords and sessions ----------------------------------------------------------------------------------


def test_passwords_need_ten_characters_with_an_indonesian_message(officer_a):
    with pytest.raises(ValidationError) as error:
        validate_password("Pnjm-2025", user=officer_a)  # 9 characters
    assert any("10 karakter" in m for m in error.value.messages), error.value.messages
    validate_password("Penajam-Paser-2025", user=officer_a)


def test_password_change_form_refuses_a_short_password(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": factories.PASSWORD, "new_password1": "Pnjm-2025", "new_password2": "Pnjm-2025"},
    )
    assert response.status_code == 200
    assert "10 karakter" in response.content.decode()
    officer_a.refresh_from_db()
    assert officer_a.check_password(factories.PASSWORD)


def _change_password(client: Client, old: str, ip: str = "10.0.0.7"):  # type: ignore[no-untyped-def]
    new = "Penajam-Paser-2025-baru"
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post(reverse("password_change"), data, REMOTE_ADDR=ip)


def test_the_right_old_password_changes_it_and_keeps_the_session(officer_a):
    client = Client()
    client.force_login(officer_a)
    assert _change_password(client, factories.PASSWORD).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Penajam-Paser-2025-baru")
    assert client.get(reverse("evaluations:report_list")).status_code == 200


def test_wrong_old_passwords_lock_the_account_out_like_failed_logins(officer_a):
    """A session left open must not be a way to guess the password: Ganti Kata Sandi counts like the login form."""
    from roadmap.models import AuditEvent, AuditKind

    client = Client()
    client.force_login(officer_a)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _change_password(client, "tebakan-salah")
        assert response.status_code == 200
        assert "Sandi lama Anda yang dimasukkan salah" in response.content.decode()
    response = _change_password(client, "tebakan-salah")
    assert response.status_code == 429 and "Akun terkunci sementara" in response.content.decode()
    # Locked like after failed logins: the right old password changes nothing now, and signing in is refused.
    assert _change_password(client, factories.PASSWORD).status_code == 429
    officer_a.refresh_from_db()
    assert officer_a.check_password(factories.PASSWORD)
    assert _login(Client(), officer_a.username, factories.PASSWORD, ip="10.0.0.7").status_code == 429
    failed = AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED, username=officer_a.username)
    assert failed.count() >= settings.AXES_FAILURE_LIMIT and set(failed.values_list("ip", flat=True)) == {"10.0.0.7"}
    assert AuditEvent.objects.filter(kind=AuditKind.LOCKOUT, username=officer_a.username).exists()


def test_wrong_old_passwords_and_failed_logins_add_up(officer_a):
    client = Client()
    client.force_login(officer_a)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(Client(), officer_a.username, "salah-sekali")
    assert _change_password(client, "tebakan-salah").status_code == 429


def test_session_expires_after_inactivity_but_not_while_in_use(officer_a):
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    page = reverse("evaluations:report_list")
    start = dt.datetime(2025, 7, 5, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        assert _login(client, officer_a.username, factories.PASSWORD).status_code == 302
        # Working: a request pushes the expiry on (at most once per SESSION_REFRESH_SECONDS).
        for _ in range(3):
            traveller.shift(age - dt.timedelta(minutes=5))
            assert client.get(page).status_code == 200
        # Away for longer than the session age: signed out.
        traveller.shift(age + dt.timedelta(minutes=1))
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_session_is_written_at_most_once_per_refresh_interval(officer_a):
    page = reverse("evaluations:report_list")
    start = dt.datetime(2025, 7, 5, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        _login(client, officer_a.username, factories.PASSWORD)
        client.get(page)  # the first request after the login refreshes it
        with CaptureQueriesContext(connection) as ctx:
            client.get(page)
        assert not [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
        traveller.shift(dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS))
        with CaptureQueriesContext(connection) as ctx:
            client.get(page)
        assert [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]


def test_session_cookie_flags_in_production_settings():
    # The production values come from DEBUG=0 (checked end to end by test_settings_deploy's `check --deploy`).
    assert settings.SESSION_COOKIE_HTTPONLY
    assert "roadmap.middleware.SessionActivityMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_REFRESH_SECONDS <= 5 * 60
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


# --- The admin under a configurable path ------------------------------------------------------------------


@pytest.fixture
def reload_urls():
    import config.urls

    def _reload() -> None:
        clear_url_caches()
        importlib.reload(config.urls)

    yield _reload
    _reload()  # back to the settings' own ADMIN_URL for the next test


def test_admin_lives_only_under_admin_url(client, admin_user, reload_urls):
    client.force_login(admin_user)
    with override_settings(ADMIN_URL="kelola-rb-7f3a/"):
        reload_urls()
        assert client.get("/admin/").status_code == 404
        assert reverse("admin:index") == "/kelola-rb-7f3a/"
        assert client.get("/kelola-rb-7f3a/").status_code == 200
        assert Client().get("/kelola-rb-7f3a/").status_code == 302  # anonymous → the admin login


# --- CSRF on forms and htmx ---------------------------------------------------------------------------------------


@pytest.fixture
def open_report(roadmap, unit_a, frozen):
    _, report = build_reports(roadmap, unit_a)
    return report


def _csrf_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_form_post_without_csrf_token_is_403_and_saves_nothing(officer_a, open_report):
    client = _csrf_client(officer_a)
    data = form_data(open_report, {"03": {"realisasi": "7"}})
    response = client.post(reverse("evaluations:report_detail", args=[open_report.pk]), data)
    assert response.status_code == 403
    assert not open_report.progress_rows.filter(realisasi__isnull=False).exists()


def test_htmx_post_without_csrf_header_is_403_and_with_it_saves(officer_a, open_report):
    client = _csrf_client(officer_a)
    page = client.get(reverse("evaluations:report_detail", args=[open_report.pk]))
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page.content.decode())
    assert token, "base.html must send the CSRF token with every htmx request"
    row = open_report.progress_rows.select_related("indicator").get(indicator__polarity="lower")
    data = {k: v for k, v in form_data(open_report, {"03": {"realisasi": "7"}}).items() if k.startswith(f"p{row.pk}-")}
    url = reverse("evaluations:progress_save", args=[open_report.pk, row.pk])
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403
    row.refresh_from_db()
    assert row.realisasi is None
    response = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token.group(1))
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.realisasi == 7


def test_login_form_needs_the_csrf_token(officer_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": officer_a.username, "password": factories.PASSWORD})
    assert response.status_code == 403
