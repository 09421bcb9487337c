"""Quarterly evaluation: cycles, reports, progress rows, evidence, review decisions, reminders.

State changes happen only in evaluations.services; the models hold the pure rules
(windows, lock reasons, what counts as overdue).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import DECIMAL, PERCENT, RUPIAH, ActionAssignment, Indicator
from roadmap.models import Roadmap, Unit

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUARTER_CHOICES = [(q, f"TW {r}") for q, r in ROMAN.items()]
# Default window (DESIGN.md): opens the day after the quarter ends, due on day 10, closes on day 20.
DEFAULT_DUE_DAY = 10
DEFAULT_CLOSE_DAY = 20


def quarter_label(quarter: int) -> str:
    return f"TW {ROMAN[quarter]}"


def default_window(year: int, quarter: int) -> tuple[dt.date, dt.date, dt.date]:
    """(opens_on, due_on, closes_on) of quarter `quarter` of `year`; TW IV opens 1 January of year+1."""
    if quarter not in ROMAN:
        raise ValueError(f"quarter must be 1..4, not {quarter}")
    month = quarter * 3 + 1
    open_year = year + 1 if month > 12 else year
    month = 1 if month > 12 else month
    return (
        dt.date(open_year, month, 1),
        dt.date(open_year, month, DEFAULT_DUE_DAY),
        dt.date(open_year, month, DEFAULT_CLOSE_DAY),
    )


def today_wita() -> dt.date:
    """Today in the project's time zone (WITA): business dates are WITA dates."""
    return timezone.localdate()


class CycleState(models.TextChoices):
    SCHEDULED = "dijadwalkan", _("Dijadwalkan")
    OPEN = "dibuka", _("Dibuka")
    CLOSED = "ditutup", _("Ditutup")


class Cycle(models.Model):
    """The evaluation window of one quarter of one road map."""

    roadmap = models.ForeignKey(Roadmap, verbose_name=_("road map"), on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTER_CHOICES)
    opens_on = models.DateField(_("dibuka pada"))
    due_on = models.DateField(_("batas waktu"))
    closes_on = models.DateField(_("ditutup pada"))
    state = models.CharField(_("status"), max_length=12, choices=CycleState.choices, default=CycleState.SCHEDULED)
    opened_at = models.DateTimeField(_("waktu dibuka"), null=True, blank=True)
    closed_at = models.DateTimeField(_("waktu ditutup"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("periode evaluasi")
        verbose_name_plural = _("periode evaluasi")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "year", "quarter"],
                name="cycle_unique_quarter",
                violation_error_message=_("Periode untuk triwulan ini sudah ada."),
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="cycle_quarter_1_to_4"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("due_on"), due_on__lte=models.F("closes_on")),
                name="cycle_dates_in_order",
                violation_error_message=_("Tanggal harus berurutan: dibuka ≤ batas waktu ≤ ditutup."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.roadmap})"

    @property
    def label(self) -> str:
        return f"{quarter_label(self.quarter)} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.state == CycleState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == CycleState.CLOSED

    def days_left(self, today: dt.date | None = None) -> int:
        return (self.due_on - (today or today_wita())).days


class ReportStatus(models.TextChoices):
    BELUM_MULAI = "belum_mulai", _("Belum Mulai")
    DRAF = "draf", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
    DISETUJUI = "disetujui", _("Disetujui")


# Statuses in which the unit still owes the verifying body (BKPSDM) a submission.
OWED_STATUSES = (ReportStatus.BELUM_MULAI, ReportStatus.DRAF, ReportStatus.DIKEMBALIKAN)
EDITABLE_STATUSES = OWED_STATUSES


class ReportQuerySet(models.QuerySet["Report"]):
    def overdue(self, today: dt.date) -> ReportQuerySet:
        """Not submitted by the due date, or by its own revision due date when it was returned."""
        first_time = Q(status__in=[ReportStatus.BELUM_MULAI, ReportStatus.DRAF], cycle__due_on__lt=today)
        returned = Q(status=ReportStatus.DIKEMBALIKAN) & (
            Q(revision_due_on__lt=today) | Q(revision_due_on__isnull=True, cycle__due_on__lt=today)
        )
        return self.filter(first_time | returned)


class Report(models.Model):
    """The quarterly report of one unit in one cycle."""

    unit = models.ForeignKey(Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="reports")
    cycle = models.ForeignKey(Cycle, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        _("status"), max_length=14, choices=ReportStatus.choices, default=ReportStatus.BELUM_MULAI
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("pertama diajukan pada"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    returned_at = models.DateTimeField(_("dikembalikan pada"), null=True, blank=True)
    revision_due_on = models.DateField(_("batas waktu perbaikan"), null=True, blank=True)
    # A reviewer may reopen one unit's report after the cycle closed ("Buka Kembali").
    reopened_until = models.DateField(_("dibuka kembali sampai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("laporan triwulan")
        verbose_name_plural = _("laporan triwulan")
        ordering = ["cycle", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "cycle"], name="report_unique_unit_cycle"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.cycle.label}"

    def effective_due_on(self) -> dt.date:
        if self.status == ReportStatus.DIKEMBALIKAN and self.revision_due_on:
            return self.revision_due_on
        return self.cycle.due_on

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Terlambat: still owed after its due date (a returned report has its own)."""
        return self.status in OWED_STATUSES and (today or today_wita()) > self.effective_due_on()

    def days_overdue(self, today: dt.date | None = None) -> int:
        return max(0, ((today or today_wita()) - self.effective_due_on()).days)

    def submitted_late(self) -> bool:
        """For timeliness: the first submission came after the cycle's due date."""
        first = self.first_submitted_at or self.submitted_at
        return bool(first) and timezone.localdate(first) > self.cycle.due_on

    def is_reopened(self, today: dt.date | None = None) -> bool:
        return bool(self.reopened_until) and (today or today_wita()) <= self.reopened_until

    def entry_open(self, today: dt.date | None = None) -> bool:
        """The window for entry: the cycle is open, or this report was reopened."""
        return self.cycle.is_open or self.is_reopened(today)

    def lock_reason(self, today: dt.date | None = None) -> str | None:
        """Why the officer cannot edit now, in words for the page; None when they can."""
        if self.status == ReportStatus.DISETUJUI:
            return str(_("Laporan sudah disetujui."))
        if self.status == ReportStatus.DIAJUKAN:
            return str(_("Menunggu verifikasi %(unit)s.") % {"unit": settings.VERIFIER_UNIT_NAME})
        if not self.entry_open(today):
            if self.cycle.state == CycleState.SCHEDULED:
                return str(_("Periode belum dibuka."))
            return str(_("Periode sudah ditutup."))
        return None

    def is_editable(self, today: dt.date | None = None) -> bool:
        return self.lock_reason(today) is None


class Progress(models.Model):
    """The realisation of one indicator in one report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="progress_rows")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="progress_rows"
    )
    # The quarter's target when the row was last saved: the capaian stays explainable if targets change.
    target_value = models.DecimalField(_("target"), null=True, blank=True, **DECIMAL)
    realisasi = models.DecimalField(_("realisasi"), null=True, blank=True, **DECIMAL)
    milestone_done = models.BooleanField(_("tercapai"), null=True, blank=True)
    capaian = models.DecimalField(_("capaian"), max_digits=14, decimal_places=2, null=True, blank=True)
    penjelasan = models.TextField(_("penjelasan"), blank=True)
    kendala = models.TextField(_("kendala"), blank=True)
    rencana_tindak_lanjut = models.TextField(_("rencana tindak lanjut"), blank=True)
    # Optimistic lock: a save must name the version it started from.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("realisasi indikator")
        verbose_name_plural = _("realisasi indikator")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="progress_unique_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} — {self.report}"

    @property
    def has_value(self) -> bool:
        if self.indicator.is_milestone:
            return self.milestone_done is not None
        return self.realisasi is not None


class ActionStatus(models.TextChoices):
    NOT_STARTED = "belum_dimulai", _("Belum Dimulai")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    NOT_DONE = "tidak_terlaksana", _("Tidak Terlaksana")


class ActionProgress(models.Model):
    """What one pelaksana unit reports of one rencana aksi (its share) in one quarterly report.

    The numbers are cumulative from the start of the year, like the plan's tahapan: progress in %, the
    output realised so far and the budget spent so far. An empty status means "not reported yet".
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="action_rows")
    assignment = models.ForeignKey(
        ActionAssignment, verbose_name=_("rencana aksi"), on_delete=models.PROTECT, related_name="progress_rows"
    )
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, blank=True)
    progress = models.DecimalField(_("progres kumulatif (%)"), null=True, blank=True, **PERCENT)
    output_realised = models.DecimalField(_("realisasi output"), null=True, blank=True, **DECIMAL)
    budget_realised = models.DecimalField(_("realisasi anggaran (Rp)"), null=True, blank=True, **RUPIAH)
    penjelasan = models.TextField(_("penjelasan"), blank=True)
    kendala = models.TextField(_("kendala"), blank=True)
    rencana_tindak_lanjut = models.TextField(_("rencana tindak lanjut"), blank=True)
    # Optimistic lock, as on Progress: a save must name the version it started from.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("realisasi rencana aksi")
        verbose_name_plural = _("realisasi rencana aksi")
        constraints = [
            models.UniqueConstraint(fields=["report", "assignment"], name="action_progress_unique_assignment"),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="action_progress_0_to_100",
                violation_error_message=_("Progres harus 0 sampai 100 persen."),
            ),
            models.CheckConstraint(
                condition=Q(output_realised__isnull=True) | Q(output_realised__gte=0),
                name="action_progress_output_not_negative",
                violation_error_message=_("Realisasi output tidak boleh negatif."),
            ),
            models.CheckConstraint(
                condition=Q(budget_realised__isnull=True) | Q(budget_realised__gte=0),
                name="action_progress_budget_not_negative",
                violation_error_message=_("Realisasi anggaran tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.plan.code} — {self.report}"

    @property
    def has_value(self) -> bool:
        return bool(self.status)


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name is random: the user's file name is kept only as data, so a
    # hostile name ("../../x") never reaches the file system.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    report = instance.report
    return f"evidence/{report.cycle.year}/q{report.cycle.quarter}/{report.unit_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A bukti dukung file of an indicator's or an action's row; served only through a permission-checked view."""

    # Exactly one of the two rows (a check constraint): one table, one upload guard and one download view.
    progress = models.ForeignKey(Progress, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    action_progress = models.ForeignKey(
        ActionProgress, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("berkas"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran"))
    content_type = models.CharField(_("jenis"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=False, action_progress__isnull=True)
                | Q(progress__isnull=True, action_progress__isnull=False),
                name="evidence_of_exactly_one_row",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def row(self) -> Progress | ActionProgress:
        return self.progress if self.progress_id else self.action_progress

    @property
    def report(self) -> Report:
        return self.row.report


class Decision(models.TextChoices):
    APPROVE = "setujui", _("Setujui")
    RETURN = "kembalikan", _("Kembalikan")
    REOPEN = "buka_kembali", _("Buka Kembali")


class ReviewDecision(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="decisions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("keputusan"), max_length=14, choices=Decision.choices)
    reason = models.TextField(_("alasan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("keputusan verifikasi")
        verbose_name_plural = _("keputusan verifikasi")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="kembalikan") | ~Q(reason=""),
                name="decision_return_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} — {self.report}"


class ReviewNote(models.Model):
    """An optional note of the reviewer on one indicator or one action, given with a decision."""

    decision = models.ForeignKey(ReviewDecision, on_delete=models.CASCADE, related_name="notes")
    # Exactly one of the two rows (a check constraint), as on Evidence.
    progress = models.ForeignKey(Progress, null=True, blank=True, on_delete=models.CASCADE, related_name="review_notes")
    action_progress = models.ForeignKey(
        ActionProgress, null=True, blank=True, on_delete=models.CASCADE, related_name="review_notes"
    )
    note = models.TextField(_("catatan"))

    class Meta:
        verbose_name = _("catatan verifikator")
        verbose_name_plural = _("catatan verifikator")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=False, action_progress__isnull=True)
                | Q(progress__isnull=True, action_progress__isnull=False),
                name="review_note_of_exactly_one_row",
            ),
        ]

    def __str__(self) -> str:
        return self.note[:60]


class ReminderKind(models.TextChoices):
    OPENING = "pembukaan", _("Pembukaan periode")
    OVERDUE = "terlambat", _("Terlambat")


class ReminderStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu")
    SENT = "terkirim", _("Terkirim")
    FAILED = "gagal", _("Gagal")
    NO_RECIPIENT = "tanpa_penerima", _("Tanpa penerima")


class Reminder(models.Model):
    """One e-mail the scheduled job owes a report; the row is claimed before the mail is sent."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("jenis"), max_length=12, choices=ReminderKind.choices)
    sent_on = models.DateField(_("tanggal"))
    recipients = models.TextField(_("penerima"), blank=True)
    cc = models.TextField(_("tembusan"), blank=True)
    escalated = models.BooleanField(_("diteruskan ke kepala"), default=False)
    days_overdue = models.PositiveIntegerField(_("hari terlambat"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        ordering = ["-sent_on", "report"]
        constraints = [
            # At most one reminder per report per day, whatever runs twice.
            models.UniqueConstraint(fields=["report", "kind", "sent_on"], name="reminder_once_per_day"),
            # The opening e-mail goes once per report, ever.
            models.UniqueConstraint(fields=["report"], condition=Q(kind="pembukaan"), name="reminder_opening_once"),
        ]
        indexes = [models.Index(fields=["status", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on} — {self.report}"
