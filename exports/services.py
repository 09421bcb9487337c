"""Writes of the exports: background jobs (create, run, clean up) and the evidence ZIP stream."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import uuid
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from dashboards.selectors import DashboardFilters
from exports import selectors
from exports.models import ExportJob, ExportStatus
from exports.reports import ReportExporter, exporter_for
from roadmap.models import User
from roadmap.outbox import enqueue_on_commit
from roadmap.permissions import AnyUser

logger = logging.getLogger(__name__)

ZIP_CHUNK = 64 * 1024

# Enqueued by name: the task module (exports/tasks.py) imports this one, not the reverse.
RUN_EXPORT_JOB = "exports.run_export_job"


def async_rows() -> int:
    return int(getattr(settings, "EXPORT_ASYNC_ROWS", 5000))


def keep_hours() -> int:
    return int(getattr(settings, "EXPORT_KEEP_HOURS", 24))


def needs_background(exporter: ReportExporter, fmt: str) -> bool:
    """Long exports go to a worker: the whole year's Rekap XLSX, or more rows than EXPORT_ASYNC_ROWS."""
    if exporter.key == "rekap" and fmt == "xlsx" and not exporter.filters.quarter:
        return True
    return exporter.estimate_rows() > async_rows()


def export_job_create(
    *, user: User, report: str, fmt: str, filters: DashboardFilters, delimiter: str = ","
) -> ExportJob:
    """Record the job and enqueue it after commit, so a worker never looks for a row that was rolled back."""
    export_jobs_cleanup()
    job = ExportJob.objects.create(
        user=user,
        report=report,
        format=fmt,
        params={**filters.record(), "pemisah": delimiter},
        expires_at=timezone.now() + dt.timedelta(hours=keep_hours()),
    )
    enqueue_on_commit(RUN_EXPORT_JOB, job.pk)
    return job


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Produce the job's file. Claimed atomically: a task delivered twice (acks_late) runs once."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.PENDING).update(status=ExportStatus.RUNNING)
    if not claimed:
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        # The filters are parsed again with the user's scope as it is now: an operator's unit is forced again.
        filters = selectors.export_filters(query=job.params, user=job.user)
        exporter = exporter_for(job.report, user=job.user, filters=filters)
        estimate = max(1, exporter.estimate_rows())

        def on_progress(done: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(progress=min(99, done * 100 // estimate), rows=done)

        with tempfile.TemporaryFile() as tmp:
            rows = exporter.write(job.format, tmp, delimiter=job.params.get("pemisah", ","), on_progress=on_progress)
            tmp.seek(0)
            job.file.save(f"{uuid.uuid4().hex}.{job.format}", File(tmp), save=False)
        job.rows = rows
        job.filename = exporter.filename(job.format)
        job.status = ExportStatus.DONE
        job.progress = 100
    except Exception as exc:
        logger.exception("export job %s failed", job_id)
        job.status = ExportStatus.FAILED
        job.error = str(exc)[:1000] or exc.__class__.__name__
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows", "filename", "status", "progress", "error", "finished_at"])
    return job


def export_jobs_cleanup(*, now: dt.datetime | None = None) -> int:
    """Remove expired jobs and their files; returns how many jobs went."""
    expired = list(ExportJob.objects.filter(expires_at__lte=now or timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[j.pk for j in expired]).delete()
    return len(expired)


# --- evidence ZIP --------------------------------------------------------------------------


class _ZipSink:
    """An unseekable sink: zipfile then writes data descriptors, so the archive streams as it is built."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def safe_member_name(folder: str, code: str, original: str, used: set[str]) -> str:
    """A ZIP member name that cannot escape its folder and never repeats: unit/CODE_name.ext."""
    folder = slugify(folder) or "unit"
    try:
        name = get_valid_filename(original.replace("\\", "/").rsplit("/", 1)[-1])
    except SuspiciousFileOperation:
        name = "berkas"
    name = name.lstrip(".") or "berkas"
    stem, dot, ext = name[:120].rpartition(".")
    base = f"{get_valid_filename(code) if code else 'indikator'}_{stem if dot else ext}"
    suffix = f".{ext}" if dot else ""
    candidate, n = f"{folder}/{base}{suffix}", 2
    while candidate.lower() in used:
        candidate = f"{folder}/{base}-{n}{suffix}"
        n += 1
    used.add(candidate.lower())
    return candidate


def evidence_zip_stream(*, user: AnyUser, filters: DashboardFilters) -> Iterator[bytes]:
    """The ZIP of one cycle's evidence in the user's scope, a folder per unit, streamed file by file."""
    sink = _ZipSink()
    used: set[str] = set()
    missing: list[str] = []
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for evidence in selectors.evidence_files(user=user, filters=filters).iterator(chunk_size=200):
            report = evidence.progress.report
            name = safe_member_name(report.unit.slug, evidence.progress.indicator.code, evidence.original_name, used)
            try:
                source = evidence.file.open("rb")
            except (FileNotFoundError, OSError):
                missing.append(f"{name} ({evidence.original_name})")
                continue
            with source, archive.open(name, "w") as target:
                while chunk := source.read(ZIP_CHUNK):
                    target.write(chunk)
                    yield sink.drain()
            yield sink.drain()
        if missing:
            note = _("Berkas berikut tidak ditemukan di penyimpanan:") + "\n" + "\n".join(missing) + "\n"
            archive.writestr("BERKAS-TIDAK-DITEMUKAN.txt", note.encode())
    yield sink.drain()


def evidence_zip_filename(filters: DashboardFilters) -> str:
    return f"bukti-dukung-{filters.year}-tw{filters.quarter}.zip"
