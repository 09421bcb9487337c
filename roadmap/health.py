"""/healthz/ for monitoring: the database, Redis, the worker's heartbeat, the scheduled jobs and the outbox.

No login, JSON, no secrets (only states, times and exception class names). HTTP 200 while the
database answers (the app can serve pages), 503 when it does not. "status" is "ok" when
everything is fine and "degraded" when Redis is down, the heartbeat is stale or missing, or
tasks wait in the outbox for more than HEARTBEAT_STALE_MINUTES: pages still work, background
work (e-mails, exports, the scheduled jobs) does not. What monitors alert on: docs/deploy.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from roadmap.ops import JobRun, OutboxMessage
from roadmap.tasks import HEARTBEAT, scheduled_task_names

DB_TIMEOUT_MS = 2000
REDIS_TIMEOUT_S = 1.0


def database_state() -> dict[str, Any]:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = %s", [DB_TIMEOUT_MS])
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}


def redis_state() -> dict[str, Any]:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return {"status": "not configured"}
    client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        return {"status": "down", "error": type(exc).__name__}
    finally:
        client.close()
    return {"status": "ok"}


def _age(at: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if at is None else max(0, int((now - at).total_seconds()))


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "HEARTBEAT_STALE_MINUTES", 5))


def background_state(now: dt.datetime) -> dict[str, Any]:
    """The worker heartbeat, the last run of each beat job and the outbox (needs the database)."""
    runs = dict(JobRun.objects.values_list("name", "finished_at"))
    beat = runs.get(HEARTBEAT)
    if beat is None:
        worker = {"status": "never", "last_seen": None, "age_seconds": None}
    else:
        worker = {
            "status": "stale" if now - beat > stale_after() else "ok",
            "last_seen": beat.isoformat(),
            "age_seconds": _age(beat, now),
        }
    jobs = {
        name: {"last_run": runs[name].isoformat() if name in runs else None, "age_seconds": _age(runs.get(name), now)}
        for name in sorted(scheduled_task_names() - {HEARTBEAT})
    }
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).aggregate(oldest=Min("created_at"))
    count = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    oldest = pending["oldest"]
    outbox = {
        "status": "ok" if oldest is None or now - oldest <= stale_after() else "backlog",
        "pending": count,
        "oldest_age_seconds": _age(oldest, now),
    }
    return {"worker": worker, "jobs": jobs, "outbox": outbox}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    body: dict[str, Any] = {"time": now.isoformat(), "database": database_state(), "redis": redis_state()}
    if body["database"]["status"] != "ok":
        body["status"] = "down"
        return JsonResponse(body, status=503)
    try:
        body.update(background_state(now))
    except DatabaseError as exc:  # the database went away between the two checks
        body["database"] = {"status": "down", "error": type(exc).__name__}
        body["status"] = "down"
        return JsonResponse(body, status=503)
    fine = (
        body["redis"]["status"] in ("ok", "not configured")
        and body["worker"]["status"] == "ok"
        and body["outbox"]["status"] == "ok"
    )
    body["status"] = "ok" if fine else "degraded"
    return JsonResponse(body, status=200)
