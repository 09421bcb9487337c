"""The one way to enqueue a Celery task: publish now, or keep it in the outbox when the broker is down.

Every task of the project is enqueued after the transaction that produced its work commits
(`enqueue_on_commit`, or `enqueue` inside an on_commit callback), so a worker never reads a
row that was rolled back. Services name the task (`"evaluations.tasks.send_reminder_mail"`) rather than
import it: a task module imports its services, so the import goes one way (docs/architecture.md#tasks).

The publish is bounded: a short retry policy here and the Redis socket timeouts in the settings
(CELERY_BROKER_TRANSPORT_OPTIONS) make a dead broker fail within about a second or two instead of hanging the
request. On a broker error the message is written to `OutboxMessage` and a warning is logged; the request goes
on normally.

`outbox_drain()` re-publishes the pending rows when Redis is back. It runs every minute in
beat (`roadmap.tasks.drain_outbox`), on every worker start (`worker_ready`), and by hand
(`python manage.py drain_outbox`). Rows are claimed with `select_for_update(skip_locked=True)`,
so two drains at once never publish the same row twice.

What this does not cover: a process that dies between its commit and the publish (or the
outbox write) loses that one message. The scheduled jobs catch up by date on their next run;
a review e-mail would be missing. Writing every message to the outbox inside the transaction
would close that gap at the cost of two writes per enqueue.

With CELERY_TASK_ALWAYS_EAGER (tests, local scripts) the task runs in-process, as `.delay()` would.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from typing import Any

from celery import Celery, Task, current_app
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from roadmap.ops import OutboxMessage

logger = logging.getLogger(__name__)

# One quick second try, then give up (a dead broker must not hold up a page for long).
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.2, "interval_step": 0.2, "interval_max": 0.2}

# What a broker that is down, unreachable or restarting raises while publishing.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    KombuOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
    socket.error,
)

DRAIN_BATCH = 100
KEEP_SENT_DAYS = 7


def _app() -> Celery:
    # The project's Celery app (config/celery.py), current since the settings loaded it: the core does not
    # import the shell above it.
    return current_app._get_current_object()


def task_name(task: str | Task) -> str:
    return task if isinstance(task, str) else task.name


def publish(name: str, args: list[Any] | tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Hand one message to the broker (bounded retry); raises one of BROKER_ERRORS when it is down.

    Routing (the `mail` queue) and eager mode come from the task and the app configuration,
    exactly as with `.delay()`.
    """
    app = _app()
    task = app.tasks.get(name)
    if task is None:
        # Services enqueue by name and never import the task modules (which import them): a web process loads
        # them at its first enqueue. Celery's own autodiscovery, done now rather than at a worker's start.
        app.autodiscover_tasks(force=True)
        task = app.tasks.get(name)
    if task is None:  # a task this process does not know (e.g. an old row after a rename): by name
        app.send_task(name, args=list(args), kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        return
    task.apply_async(args=list(args), kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def enqueue(task: str | Task, *args: Any, **kwargs: Any) -> OutboxMessage | None:
    """Publish `task(*args, **kwargs)` now; when the broker is down keep it in the outbox.

    Returns the OutboxMessage when the message was kept, None when it was published (or run eagerly).
    Call it after commit (inside a `transaction.on_commit` callback) or use `enqueue_on_commit`.
    """
    name = task_name(task)
    if _app().conf.task_always_eager:
        # In-process: errors of the task itself must reach the caller, not the outbox.
        publish(name, args, kwargs)
        return None
    try:
        publish(name, args, kwargs)
    except BROKER_ERRORS as exc:
        message = OutboxMessage.objects.create(
            task_name=name, args=list(args), kwargs=kwargs, attempts=1, last_error=_describe(exc)
        )
        logger.warning(
            "Broker tidak tersedia: tugas %s%s disimpan di outbox #%s (%s)", name, tuple(args), message.pk, exc
        )
        return message
    return None


def enqueue_on_commit(task: str | Task, *args: Any, **kwargs: Any) -> None:
    """`enqueue` once the current transaction commits (at once when there is none)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def outbox_drain(*, batch: int = DRAIN_BATCH) -> int:
    """Re-publish the pending outbox rows, oldest first; returns how many were published.

    Stops at the first broker error (the attempt is recorded on the row) and leaves the
    rest for the next run. Sent rows older than KEEP_SENT_DAYS are removed.
    """
    published = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True)
                .order_by("pk")[:batch]
            )
            if not rows:
                break
            for row in rows:
                row.attempts += 1
                try:
                    publish(row.task_name, row.args, row.kwargs)
                except BROKER_ERRORS as exc:
                    row.last_error = _describe(exc)
                    row.save(update_fields=["attempts", "last_error"])
                    logger.warning("Outbox #%s belum dapat dikirim: %s", row.pk, exc)
                    return published
                row.sent_at = timezone.now()
                row.save(update_fields=["attempts", "sent_at"])
                published += 1
        if len(rows) < batch:
            break
    OutboxMessage.objects.filter(sent_at__lt=timezone.now() - dt.timedelta(days=KEEP_SENT_DAYS)).delete()
    if published:
        logger.info("Outbox: %d tugas dikirim ulang ke broker", published)
    return published
