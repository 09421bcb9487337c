"""The outbox (roadmap/outbox.py) on the real Redis and a really unreachable broker (a closed loopback port).

Nothing is mocked: the "dead" broker is the Celery app pointed at a port nobody listens on, so
kombu and redis-py fail exactly as they do when Redis is stopped.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
import redis
from celery.signals import worker_ready
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from kombu import pools

from config.celery import app
from roadmap.ops import JobRun, OutboxMessage
from roadmap.outbox import enqueue, enqueue_on_commit, outbox_drain
from roadmap.tasks import HEARTBEAT
from tests.test_scheduling_support import eager_celery, free_port, require_redis

MAIL_TASK = "evaluations.tasks.send_report_event_mail"


def _switch_broker(url: str) -> None:
    # The app keeps a pool of broker connections: drop it, so the next publish connects to `url`.
    app.conf.broker_url = url
    pools.reset()  # kombu's process-wide pools: closed and forgotten, new ones are made on the next publish
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    old = app.conf.broker_url
    _switch_broker(url)
    try:
        yield
    finally:
        _switch_broker(old)


@contextmanager
def broker_down() -> Iterator[None]:
    """Redis "stopped": the broker is a loopback port where nobody listens (connection refused)."""
    with broker_at(f"redis://127.0.0.1:{free_port()}/0"):
        yield


def needs_redis() -> None:
    require_redis()


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(django_settings.REDIS_URL)


def key(queue: str) -> str:
    """The Redis key of a Celery queue: its name after the broker's key prefix (one per pytest-xdist worker)."""
    options = getattr(django_settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    return options.get("global_keyprefix", "") + queue


def queued(queue: str) -> list[tuple[str, list]]:
    """(task name, args) of the messages waiting in a Redis queue, oldest first (kombu LPUSHes, workers BRPOP)."""
    out = []
    for raw in reversed(redis_client().lrange(key(queue), 0, -1)):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        out.append((message["headers"]["task"], args))
    return out


@pytest.fixture
def queues():
    needs_redis()
    client = redis_client()
    client.delete(key("default"), key("mail"))
    yield
    client.delete(key("default"), key("mail"))


@pytest.mark.django_db
def test_enqueue_publishes_to_redis_when_it_is_up(queues):
    assert enqueue(MAIL_TASK, 41, "submitted") is None
    assert queued("mail") == [(MAIL_TASK, [41, "submitted"])]  # routed to the mail queue, as .delay() does
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_dead_broker_fails_fast_and_the_message_is_kept(queues, caplog):
    with broker_down(), caplog.at_level(logging.WARNING, logger="roadmap.outbox"):
        started = time.monotonic()
        kept = enqueue(MAIL_TASK, 42, "approved")
        elapsed = time.monotonic() - started
    assert elapsed < 2.5, f"a dead broker held the caller for {elapsed:.1f} s"
    assert kept is not None
    row = OutboxMessage.objects.get()
    assert (row.task_name, row.args, row.kwargs, row.attempts, row.sent_at) == (
        MAIL_TASK,
        [42, "approved"],
        {},
        1,
        None,
    )
    assert "OperationalError" in row.last_error or "ConnectionError" in row.last_error
    assert f"outbox #{row.pk}" in caplog.text
    assert queued("mail") == []


@pytest.mark.django_db
def test_the_drain_republishes_in_order_once_redis_is_back(queues):
    with broker_down():
        enqueue(MAIL_TASK, 1, "submitted")
        enqueue("evaluations.tasks.remind_overdue_reports", today="2025-04-11")
        enqueue(MAIL_TASK, 2, "returned")
        # Still down: nothing is published, each row records the new attempt.
        assert outbox_drain() == 0
    first = OutboxMessage.objects.order_by("pk").first()
    assert first.attempts == 2 and first.sent_at is None
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 3

    assert outbox_drain() == 3
    assert queued("mail") == [(MAIL_TASK, [1, "submitted"]), (MAIL_TASK, [2, "returned"])]
    assert queued("default") == [("evaluations.tasks.remind_overdue_reports", [])]
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert outbox_drain() == 0  # sent rows are never published again
    assert len(queued("mail")) == 2


@pytest.mark.django_db(transaction=True)
def test_a_row_locked_by_another_drain_is_skipped_not_published_twice(queues):
    with broker_down():
        enqueue(MAIL_TASK, 7, "submitted")
    row = OutboxMessage.objects.get()
    db = connection.settings_dict
    other = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"])
    try:
        with other.cursor() as cursor:  # another drain holds the row (its transaction is open)
            cursor.execute("SELECT id FROM roadmap_outboxmessage WHERE id = %s FOR UPDATE", [row.pk])
            started = time.monotonic()
            assert outbox_drain() == 0
            assert time.monotonic() - started < 2  # skipped, not waited for
        other.rollback()
    finally:
        other.close()
    assert queued("mail") == []
    assert outbox_drain() == 1
    assert queued("mail") == [(MAIL_TASK, [7, "submitted"])]


@pytest.mark.django_db
def test_nothing_is_enqueued_when_the_transaction_rolls_back(queues, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(MAIL_TASK, 9, "submitted")
            raise RuntimeError
        enqueue_on_commit(MAIL_TASK, 10, "submitted")
    assert len(callbacks) == 1
    assert queued("mail") == [(MAIL_TASK, [10, "submitted"])]


@pytest.mark.django_db
def test_eager_mode_runs_the_task_in_process_even_with_the_broker_down():
    with broker_down(), eager_celery():
        assert enqueue(HEARTBEAT) is None
    assert not OutboxMessage.objects.exists()
    assert JobRun.objects.filter(name=HEARTBEAT).exists()  # recorded by the task_success signal


@pytest.mark.django_db
def test_drain_outbox_command(queues, capsys):
    with broker_down():
        enqueue(MAIL_TASK, 3, "approved")
        with pytest.raises(SystemExit) as exit_info:
            call_command("drain_outbox")
        assert exit_info.value.code == 1
        assert "0 tugas dikirim ulang, 1 masih menunggu" in capsys.readouterr().out
    call_command("drain_outbox")
    assert "1 tugas dikirim ulang, 0 masih menunggu" in capsys.readouterr().out
    assert queued("mail") == [(MAIL_TASK, [3, "approved"])]


@pytest.mark.django_db
def test_a_starting_worker_beats_and_drains(queues):
    with broker_down():
        enqueue(MAIL_TASK, 5, "reopened")
    worker_ready.send(sender=None)
    assert JobRun.objects.filter(name=HEARTBEAT).exists()
    assert OutboxMessage.objects.get().sent_at is not None
    assert queued("mail") == [(MAIL_TASK, [5, "reopened"])]


def test_the_beat_schedule_runs_the_heartbeat_and_the_drain_every_minute():
    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    for key, task in (("heartbeat", HEARTBEAT), ("drain-outbox", "roadmap.tasks.drain_outbox")):
        assert schedule[key]["task"] == task and task in app.tasks
        assert schedule[key]["schedule"].minute == set(range(60))


def test_no_task_is_enqueued_around_the_outbox():
    """Every enqueue goes through roadmap/outbox.py: a bare .delay()/apply_async elsewhere would be lost with Redis."""
    root = Path(__file__).resolve().parent.parent
    offenders = []
    for package in ("roadmap", "areas", "evaluations", "dashboards", "exports"):
        for path in (root / package).rglob("*.py"):
            if path.name == "outbox.py" or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"\.delay\(|\.apply_async\(|send_task\(", line):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


ENQUEUE_BY_NAME = """
import sys
import django
django.setup()
from roadmap.outbox import enqueue
before = "evaluations.tasks.review_mail" in sys.modules
assert enqueue("evaluations.tasks.send_report_event_mail", 0, "submitted") is None
print(before, "evaluations.tasks.review_mail" in sys.modules)
"""


@pytest.mark.django_db(transaction=True)
def test_a_process_that_never_imported_the_task_enqueues_it_by_name():
    # Services name their tasks and never import them (docs/architecture.md#tasks): a web process loads the task
    # modules at its first enqueue. In eager mode the task must run in-process (by name alone, Celery's
    # send_task would hand it to the broker instead). Report 0 does not exist: the task finds nothing to send.
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # no broker at all: only an in-process run succeeds
    }
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", ENQUEUE_BY_NAME], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
    assert not OutboxMessage.objects.exists()
