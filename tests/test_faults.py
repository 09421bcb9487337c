"""Faults on the real services: Redis down, SMTP down, a PostgreSQL backend killed under the app.

- **Redis down**: the Celery app's broker is a closed loopback port. The officer's Ajukan and
  the reviewer's Setujui still answer with their usual redirect, quickly; their e-mails wait in
  the outbox; once the broker is the real Redis again, the drain publishes them and a real
  worker delivers them to a real SMTP server.
- **SMTP down**: covered where the mail tasks live, on a real aiosmtpd server or a refused port:
  tests/test_reminders.py::TestSmtpFailures (4xx retried then recorded FAILED with the attempts
  and the server's text; a refused connection likewise; 5xx not retried; a transient failure then
  success sent once; a failed reminder tried again the next day) and
  tests/test_review_mail.py (the review e-mails retried on transient errors).
- **PostgreSQL restart**: the app's own backend is terminated (pg_terminate_backend, what a
  restart does to every connection) while the app holds a persistent connection
  (CONN_MAX_AGE); the next request through Django's real WSGI handler succeeds because of
  CONN_HEALTH_CHECKS. Without the health checks that request fails, which the last test shows.
  Only the backend of this test's own connection is terminated, never another database's.
"""

from __future__ import annotations

import time

import psycopg2
import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from evaluations.models import Report, ReportStatus
from roadmap.ops import OutboxMessage
from roadmap.outbox import outbox_drain
from tests import factories
from tests.test_celery_integration import wait_for, worker  # noqa: F401 - the real worker fixture
from tests.test_outbox import broker_down
from tests.test_review_data import add_indicators, at_wita, attach_evidence, fill, open_cycle, report_of
from tests.test_scheduling_support import smtp_server, use_smtp

MAIL_TASK = "evaluations.tasks.send_report_event_mail"


# --- Redis down -------------------------------------------------------------------------------


@pytest.fixture
def draft_report(transactional_db):
    roadmap = factories.RoadmapFactory()
    unit = factories.UnitFactory(name="Dinas Gangguan", slug="dinas-gangguan")
    officer = factories.OperatorFactory(username="operator.gangguan", unit=unit)
    reviewer = factories.VerifikatorFactory(username="bpsdm")
    add_indicators(roadmap, unit, [("G-01", "higher", "80", 1)])
    with time_machine.travel(at_wita(2025, 4, 3), tick=False):
        report = report_of(unit, open_cycle(roadmap))
        fill(report, officer, {"G-01": 82})
        attach_evidence(report, officer)
    return report, officer, reviewer


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_ajukan_and_setujui_work_and_their_mails_are_delivered_later(draft_report, settings, request):
    report, officer, reviewer = draft_report
    officer_client, reviewer_client = Client(), Client()
    officer_client.force_login(officer)
    reviewer_client.force_login(reviewer)

    with broker_down():
        # Pages keep working.
        assert officer_client.get(reverse("evaluations:report_detail", args=[report.pk])).status_code == 200
        # Ajukan: the usual redirect, at once, and the reviewers' e-mail kept in the outbox.
        started = time.monotonic()
        with time_machine.travel(at_wita(2025, 4, 5), tick=False):
            response = officer_client.post(reverse("evaluations:report_submit", args=[report.pk]))
        assert time.monotonic() - started < 3
        assert response.status_code == 302
        assert response["Location"] == reverse("evaluations:report_detail", args=[report.pk])
        assert reviewer_client.get(reverse("evaluations:review_queue")).status_code == 200
        # Setujui likewise.
        started = time.monotonic()
        response = reviewer_client.post(reverse("evaluations:review_approve", args=[report.pk]))
        assert time.monotonic() - started < 3
        assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DISETUJUI
    kept = list(OutboxMessage.objects.order_by("pk").values_list("task_name", "args", "sent_at"))
    assert kept == [(MAIL_TASK, [report.pk, "submitted"], None), (MAIL_TASK, [report.pk, "approved"], None)]

    # Redis is back: a real worker and a real SMTP server; the drain publishes, the worker delivers.
    with smtp_server() as sink:
        use_smtp(settings, sink.port)
        request.getfixturevalue("worker")
        assert outbox_drain() == 2
        wait_for(lambda: len(sink.messages) >= 2)
    by_subject = {m.subject: m.rcpt_tos for m in sink.messages}
    assert by_subject["[Monev RB] Laporan TW I 2025 disetujui"] == ["operator.gangguan@example.test"]
    assert by_subject["[Monev RB] Laporan TW I 2025 Dinas Gangguan menunggu verifikasi"] == ["bpsdm@example.test"]
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


# --- PostgreSQL restart -----------------------------------------------------------------------


def wsgi_get(path: str, cookie: str) -> int:
    """One GET through Django's real WSGI handler, as gunicorn does it (request_started/finished and all).

    The test client skips close_old_connections on purpose; a real server does not.
    """
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
    status: list[str] = []
    result = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        b"".join(result)
    finally:
        result.close()  # fires request_finished
    return int(status[0].split()[0])


def backend_pid() -> int:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), current_database()")
        pid, name = cursor.fetchone()
    assert name == connection.settings_dict["NAME"]  # the test database, never another one
    return pid


def terminate(pid: int) -> None:
    """Kill one backend of this test's own database from a second connection, and wait until it is gone."""
    db = connection.settings_dict
    admin = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"])
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE pid = %s AND datname = current_database()",
                [pid],
            )
            assert cursor.fetchone() == (True,)
            for _ in range(50):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone() == (0,):
                    return
                time.sleep(0.1)
    finally:
        admin.close()
    raise AssertionError("the backend did not go away")


@pytest.fixture
def officer_cookie(transactional_db):
    unit = factories.UnitFactory(name="Dinas Restart", slug="dinas-restart")
    officer = factories.OperatorFactory(username="operator.restart", unit=unit)
    client = Client()
    client.force_login(officer)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.fixture
def health_checks():
    """Set CONN_HEALTH_CHECKS for the next connection (read when Django connects), then restore it."""
    original = connection.settings_dict["CONN_HEALTH_CHECKS"]

    def use(enabled: bool) -> None:
        connection.close()
        connection.settings_dict["CONN_HEALTH_CHECKS"] = enabled

    yield use
    connection.close()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = original


@pytest.mark.django_db(transaction=True)
def test_the_app_recovers_from_a_postgresql_restart_without_a_restart(officer_cookie, health_checks):
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True  # what the settings give on PostgreSQL
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # a persistent connection: the case that needs the check
    health_checks(True)
    page = reverse("home")
    assert wsgi_get(page, officer_cookie) in (200, 302)
    pid = backend_pid()
    assert wsgi_get(page, officer_cookie) in (200, 302)
    assert backend_pid() == pid  # the same connection served both requests

    terminate(pid)

    assert wsgi_get(page, officer_cookie) in (200, 302)  # the very next request, no error
    assert wsgi_get(reverse("healthz"), "") == 200
    assert backend_pid() != pid


@pytest.mark.django_db(transaction=True)
def test_without_health_checks_the_first_request_after_a_restart_fails(officer_cookie, health_checks):
    """The counter-test: it is CONN_HEALTH_CHECKS that makes the difference."""
    health_checks(False)
    page = reverse("home")
    assert wsgi_get(page, officer_cookie) in (200, 302)
    terminate(backend_pid())
    assert wsgi_get(page, officer_cookie) == 500
    assert wsgi_get(page, officer_cookie) in (200, 302)  # Django drops the broken connection after the error
