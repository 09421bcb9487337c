"""/healthz/ on the real PostgreSQL and Redis: JSON, no login, no secrets; 503 only with the database down."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.tasks import close_cycles
from roadmap.ops import JobRun, OutboxMessage, job_run_record
from roadmap.tasks import HEARTBEAT, drain_outbox, heartbeat
from tests.test_scheduling_support import eager_celery, free_port

SCHEDULED = {
    "evaluations.tasks.open_cycles",
    "evaluations.tasks.close_cycles",
    "evaluations.tasks.remind_overdue_reports",
    "exports.cleanup_export_jobs",
    "dashboards.warm_dashboards",
    "roadmap.tasks.drain_outbox",
}


def get_health(client: Client | None = None):  # type: ignore[no-untyped-def]
    response = (client or Client()).get(reverse("healthz"))
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_anonymous_gets_json_and_a_fresh_install_is_degraded_until_the_worker_beats(settings):
    assert reverse("healthz") == "/healthz/"
    response, body = get_health()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert body["database"] == {"status": "ok"}
    assert body["redis"] == {"status": "ok" if settings.REDIS_URL else "not configured"}
    assert body["worker"] == {"status": "never", "last_seen": None, "age_seconds": None}
    assert set(body["jobs"]) == SCHEDULED
    assert all(job == {"last_run": None, "age_seconds": None} for job in body["jobs"].values())
    assert body["outbox"] == {"status": "ok", "pending": 0, "oldest_age_seconds": None}
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_the_heartbeat_and_the_jobs_are_reported_once_they_ran():
    with eager_celery():
        heartbeat.delay()
        close_cycles.delay("2025-04-21")
        drain_outbox.delay()
    response, body = get_health()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["worker"]["status"] == "ok" and body["worker"]["age_seconds"] < 60
    assert body["jobs"]["evaluations.tasks.close_cycles"]["age_seconds"] < 60
    assert body["jobs"]["roadmap.tasks.drain_outbox"]["last_run"] is not None
    assert body["jobs"]["evaluations.tasks.open_cycles"]["last_run"] is None


@pytest.mark.django_db
def test_a_failed_job_is_not_recorded_as_run():
    with eager_celery(), pytest.raises(ValueError):
        close_cycles.delay("not-a-date")
    assert not JobRun.objects.filter(name="evaluations.tasks.close_cycles").exists()


@pytest.mark.django_db
def test_an_old_heartbeat_is_stale(settings):
    settings.HEARTBEAT_STALE_MINUTES = 5
    job_run_record(name=HEARTBEAT, at=timezone.now() - dt.timedelta(minutes=6))
    _, body = get_health()
    assert body["worker"]["status"] == "stale" and body["worker"]["age_seconds"] >= 360
    assert body["status"] == "degraded"
    settings.HEARTBEAT_STALE_MINUTES = 10
    _, body = get_health()
    assert body["worker"]["status"] == "ok"


@pytest.mark.django_db
def test_tasks_waiting_long_in_the_outbox_are_a_backlog():
    job_run_record(name=HEARTBEAT)
    OutboxMessage.objects.create(task_name="x", created_at=timezone.now() - dt.timedelta(minutes=1))
    assert get_health()[1]["outbox"]["status"] == "ok"
    OutboxMessage.objects.create(task_name="y", created_at=timezone.now() - dt.timedelta(minutes=30))
    OutboxMessage.objects.create(
        task_name="z", created_at=timezone.now() - dt.timedelta(hours=2), sent_at=timezone.now()
    )
    _, body = get_health()
    assert body["outbox"]["status"] == "backlog" and body["outbox"]["pending"] == 2
    assert body["outbox"]["oldest_age_seconds"] >= 30 * 60
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_redis_down_or_not_configured(settings):
    job_run_record(name=HEARTBEAT)
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response, body = get_health()
    assert response.status_code == 200  # pages still work: not a reason to take the machine out
    assert body["redis"] == {"status": "down", "error": "ConnectionError"}
    assert body["status"] == "degraded"
    settings.REDIS_URL = ""
    _, body = get_health()
    assert body["redis"] == {"status": "not configured"} and body["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_database_down_is_503_without_secrets(settings):
    settings.REDIS_URL = "redis://:s3cret-redis-pass@127.0.0.1:1/0"
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(PORT=free_port(), PASSWORD="s3cret-db-pass")  # PostgreSQL is "stopped"
    try:
        response = Client().get(reverse("healthz"))
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "down"
    assert body["database"] == {"status": "down", "error": "OperationalError"}
    assert body["redis"]["status"] == "down"
    text = response.content.decode()
    for secret in ("s3cret", "127.0.0.1", original["NAME"], original["USER"]):
        assert secret not in text


@pytest.mark.django_db
def test_only_get():
    assert Client().post(reverse("healthz")).status_code == 405
