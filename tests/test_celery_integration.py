"""One end-to-end run of the scheduled job: a real Celery worker on the real Redis, a real SMTP server.

The worker runs in a thread of this process (celery.contrib.testing.worker), so it uses the
test database; the test is transactional, so the worker sees committed rows. Both queues
(default and mail) are consumed, as in production. Dates are passed to the tasks instead of
freezing the clock, which would freeze the worker's timers too.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from config.celery import app
from evaluations.models import Cycle, CycleState, Reminder, ReminderKind, ReminderStatus, Report, ReportStatus
from evaluations.tasks import open_cycles, remind_overdue_reports
from tests import factories
from tests.test_scheduling_support import require_redis, smtp_server, use_smtp

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the worker")


def _close_worker_connections(**kwargs: object) -> None:
    # The worker thread's database connections must not outlive the test (the test database is dropped).
    connections.close_all()


@pytest.fixture
def worker():
    require_redis()
    assert app.conf.broker_url.startswith("redis://")
    with app.connection_for_write() as conn:  # leftovers of an interrupted run must not be consumed
        for queue in ("default", "mail"):
            conn.default_channel.queue_purge(queue)
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(
            app, pool="solo", concurrency=1, perform_ping_check=False, queues=["default", "mail"], shutdown_timeout=30
        ) as w:
            yield w
    finally:
        task_postrun.disconnect(_close_worker_connections)


def test_worker_opens_the_cycle_and_sends_reminders_through_smtp(worker, settings):
    roadmap = factories.RoadmapFactory()
    units = {}
    for slug in ("dinas-satu", "dinas-dua"):
        unit = factories.UnitFactory(name=slug.replace("-", " ").title(), slug=slug)
        factories.OperatorFactory(username=f"operator.{slug}", unit=unit)
        factories.IndicatorTargetFactory(
            indicator=factories.IndicatorFactory(roadmap=roadmap, unit=unit), year=2025, quarter=1, value=Decimal(90)
        )
        units[slug] = unit
    factories.VerifikatorFactory(username="bpsdm")

    with smtp_server() as sink:
        use_smtp(settings, sink.port)

        # 2025-04-01: the 06:00 job opens TW I 2025; each unit's officer gets the opening e-mail.
        open_cycles.delay("2025-04-01")
        wait_for(lambda: len(sink.messages) >= 2)
        wait_for(lambda: Reminder.objects.filter(status=ReminderStatus.SENT).count() == 2)
        assert Cycle.objects.get().state == CycleState.OPEN
        opening = sorted(sink.messages, key=lambda d: d.rcpt_tos)
        assert [d.rcpt_tos for d in opening] == [
            ["operator.dinas-dua@example.test"],
            ["operator.dinas-satu@example.test"],
        ]
        assert {d.subject for d in opening} == {"Periode evaluasi TW I 2025 dibuka, batas waktu 10 April 2025"}
        report_dua = Report.objects.get(unit=units["dinas-dua"])
        assert f"http://testserver/laporan/{report_dua.pk}/" in opening[0].text()
        assert "10 April 2025" in opening[0].html()

        # Dinas Satu submits; on 2025-04-11 the 08:00 job reminds only Dinas Dua, the reviewer in copy.
        Report.objects.filter(unit=units["dinas-satu"]).update(status=ReportStatus.DIAJUKAN)
        remind_overdue_reports.delay("2025-04-11")
        wait_for(lambda: len(sink.messages) >= 3)
        wait_for(lambda: Reminder.objects.filter(kind=ReminderKind.OVERDUE, status=ReminderStatus.SENT).exists())
        overdue = sink.messages[2]
        assert overdue.subject == "Terlambat 1 hari: laporan TW I 2025 Dinas Dua belum diajukan"
        assert sorted(overdue.rcpt_tos) == ["bpsdm@example.test", "operator.dinas-dua@example.test"]
        assert overdue.message["Cc"] == "bpsdm@example.test"

        # The same jobs again that day (a second beat, the button): nothing new is delivered.
        open_cycles.delay("2025-04-01")
        remind_overdue_reports.delay("2025-04-11")
        time.sleep(2)
        assert len(sink.messages) == 3
    reminder = Reminder.objects.get(kind=ReminderKind.OVERDUE)
    assert (reminder.sent_on, reminder.attempts, reminder.error) == (dt.date(2025, 4, 11), 1, "")
    assert Reminder.objects.count() == 3
