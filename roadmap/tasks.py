"""Operations tasks: the outbox drain and the worker heartbeat; the record of every scheduled job's last run.

`record_job_run` (Celery's task_success signal) writes the finishing time of every task that
is in the beat schedule, whoever enqueued it (beat, the Pengingat button, a test), into
`JobRun`; /healthz/ reports their age. The heartbeat is such a job: it does nothing but finish.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app, shared_task
from celery.signals import task_success, worker_ready

from roadmap.ops import job_run_record
from roadmap.outbox import outbox_drain

logger = logging.getLogger(__name__)

HEARTBEAT = "roadmap.tasks.heartbeat"
DRAIN_OUTBOX = "roadmap.tasks.drain_outbox"


@shared_task(name=DRAIN_OUTBOX)
def drain_outbox() -> int:
    """Every minute: re-publish the tasks kept in the outbox while the broker was down."""
    return outbox_drain()


@shared_task(name=HEARTBEAT)
def heartbeat() -> None:
    """Every minute: proves that beat, the broker, a worker and the database all work (recorded on success)."""


def scheduled_task_names() -> set[str]:
    # The beat schedule of the project's app (config/celery.py), read through Celery's current app.
    return {entry["task"] for entry in (current_app.conf.beat_schedule or {}).values()}


@task_success.connect(weak=False)
def record_job_run(sender: Any = None, **kwargs: Any) -> None:
    name = getattr(sender, "name", None)
    if name in scheduled_task_names():
        try:
            job_run_record(name=name)
        except Exception:  # the job itself succeeded: a failed record must not turn it into a failure
            logger.exception("Waktu selesai tugas %s tidak dapat dicatat", name)


@worker_ready.connect(weak=False)
def on_worker_ready(**kwargs: Any) -> None:
    """A worker that starts writes the heartbeat and drains what was kept while the broker was down."""
    try:
        job_run_record(name=HEARTBEAT)
        outbox_drain()
    except Exception:  # never keep a worker from starting
        logger.exception("Heartbeat/outbox saat pekerja mulai gagal")
