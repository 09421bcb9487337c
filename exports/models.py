"""A background export: who asked for what, how far it got, and the private file it produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    FAILED = "gagal", _("Gagal")


class ExportReport(models.TextChoices):
    REKAP = "rekap", _("Rekap Capaian Triwulan")
    MATRIKS = "matriks", _("Matriks Capaian Tahunan")
    KELENGKAPAN = "kelengkapan", _("Kelengkapan Laporan")
    RENCANA_AKSI = "rencana-aksi", _("Laporan Monev Rencana Aksi RB")
    REKOMENDASI = "rekomendasi", _("Tindak Lanjut Rekomendasi LHE")
    SASARAN = "sasaran", _("Capaian Sasaran Road Map")
    INDEKS_RB = "indeks-rb", _("Hasil Evaluasi RB (Indeks RB)")


def export_upload_to(instance: ExportJob, filename: str) -> str:
    # Under MEDIA_ROOT/exports/, which no web server serves: the file leaves only through
    # the permission-checked download view. The name is chosen by the service, never by the user.
    return f"exports/{filename}"


class ExportJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    report = models.CharField(_("laporan"), max_length=20, choices=ExportReport.choices)
    format = models.CharField(_("format"), max_length=8)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("kemajuan"), default=0)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    file = models.FileField(_("berkas"), upload_to=export_upload_to, max_length=255, blank=True)
    filename = models.CharField(_("nama berkas unduhan"), max_length=200, blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa pada"))

    class Meta:
        verbose_name = _("tugas ekspor")
        verbose_name_plural = _("tugas ekspor")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"]), models.Index(fields=["user", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="exportjob_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.report}.{self.format} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
