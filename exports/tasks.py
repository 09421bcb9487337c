"""Celery tasks of the exports: thin wrappers over exports.services."""

from __future__ import annotations

from celery import shared_task

from exports import services


@shared_task(name=services.RUN_EXPORT_JOB)
def run_export_job(job_id: int) -> None:
    services.export_job_run(job_id=job_id)


@shared_task(name="exports.cleanup_export_jobs")
def cleanup_export_jobs() -> int:
    # Meant for Celery beat (hourly); export_job_create also sweeps expired jobs, so files never pile up.
    return services.export_jobs_cleanup()
