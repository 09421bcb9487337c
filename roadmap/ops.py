"""Tables of the operations side: the Celery outbox and the last run of each scheduled job.

Imported by roadmap/models.py so that Django registers them with the roadmap app.
The logic lives in roadmap/outbox.py (enqueue, drain) and roadmap/health.py (/healthz/).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task that could not be handed to the broker; re-published by drain_outbox when it is back."""

    task_name = models.CharField(_("tugas"), max_length=200)
    args = models.JSONField(_("argumen"), default=list, blank=True)
    kwargs = models.JSONField(_("argumen bernama"), default=dict, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        app_label = "roadmap"
        verbose_name = _("pesan outbox")
        verbose_name_plural = _("outbox")
        ordering = ["pk"]
        indexes = [
            # The drain reads only the pending rows, oldest first.
            models.Index(fields=["id"], condition=models.Q(sent_at__isnull=True), name="outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} {self.args} ({'terkirim' if self.sent_at else 'menunggu'})"


class JobRun(models.Model):
    """When a scheduled job (or the worker heartbeat) last finished; one row per task name."""

    name = models.CharField(_("tugas"), max_length=200, unique=True)
    finished_at = models.DateTimeField(_("selesai"))

    class Meta:
        app_label = "roadmap"
        verbose_name = _("jalannya tugas")
        verbose_name_plural = _("jalannya tugas")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.finished_at:%Y-%m-%d %H:%M:%S}"


def job_run_record(*, name: str, at: dt.datetime | None = None) -> None:
    """Upsert the finishing time of `name` (one statement: two workers finishing at once never collide)."""
    JobRun.objects.bulk_create(
        [JobRun(name=name, finished_at=at or timezone.now())],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["finished_at"],
    )
