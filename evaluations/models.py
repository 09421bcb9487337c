"""Quarterly evaluation: cycles, reports, progress rows, evidence, review decisions, reminders.

State changes happen only in evaluations.services; the models hold the pure rules
(windows, lock reasons, what counts as overdue).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas import scoring
from areas.models import DECIMAL, PERCENT, QUARTERS, RUPIAH, ActionAssignment, Indicator, StrategicIndicator
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


def quarter_end(year: int, quarter: int) -> dt.date:
    """The last day of quarter `quarter` of `year`."""
    if quarter not in ROMAN:
        raise ValueError(f"quarter must be 1..4, not {quarter}")
    return default_window(year, quarter)[0] - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter) of a date."""
    return day.year, (day.month - 1) // 3 + 1


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
    target_upper = models.DecimalField(_("batas atas target"), null=True, blank=True, **DECIMAL)  # a range target
    realisasi = models.DecimalField(_("realisasi"), null=True, blank=True, **DECIMAL)
    # A cumulative indicator: Σ of the year's realisasi up to this quarter, which its capaian compares with the
    # target to date (docs/indicator-rules.md); kept when an earlier quarter's row changes. None otherwise.
    realisasi_to_date = models.DecimalField(_("realisasi s.d. triwulan"), null=True, blank=True, **DECIMAL)
    # A milestone whose due quarter is later this year: not done yet is no capaian ("belum jatuh tempo").
    not_yet_due = models.BooleanField(_("belum jatuh tempo"), default=False)
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

    @property
    def shows_not_due(self) -> bool:
        """No capaian because the milestone is not due yet: shown "belum jatuh tempo" rather than "—"."""
        return self.not_yet_due and self.capaian is None


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
    """A bukti dukung file of an indicator's, an action's or a recommendation's follow-up row; served only through a
    permission-checked view."""

    # Exactly one of the three rows (a check constraint): one table, one upload guard and one download view.
    progress = models.ForeignKey(Progress, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    action_progress = models.ForeignKey(
        ActionProgress, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    follow_up = models.ForeignKey("FollowUp", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
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
                condition=Q(progress__isnull=False, action_progress__isnull=True, follow_up__isnull=True)
                | Q(progress__isnull=True, action_progress__isnull=False, follow_up__isnull=True)
                | Q(progress__isnull=True, action_progress__isnull=True, follow_up__isnull=False),
                name="evidence_of_exactly_one_row",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def row(self) -> Progress | ActionProgress | FollowUp:
        if self.progress_id:
            return self.progress
        return self.action_progress if self.action_progress_id else self.follow_up

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
    """An optional note of the reviewer on one indicator, action or follow-up row, given with a decision."""

    decision = models.ForeignKey(ReviewDecision, on_delete=models.CASCADE, related_name="notes")
    # Exactly one of the three rows (a check constraint), as on Evidence.
    progress = models.ForeignKey(Progress, null=True, blank=True, on_delete=models.CASCADE, related_name="review_notes")
    action_progress = models.ForeignKey(
        ActionProgress, null=True, blank=True, on_delete=models.CASCADE, related_name="review_notes"
    )
    follow_up = models.ForeignKey(
        "FollowUp", null=True, blank=True, on_delete=models.CASCADE, related_name="review_notes"
    )
    note = models.TextField(_("catatan"))

    class Meta:
        verbose_name = _("catatan verifikator")
        verbose_name_plural = _("catatan verifikator")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=False, action_progress__isnull=True, follow_up__isnull=True)
                | Q(progress__isnull=True, action_progress__isnull=False, follow_up__isnull=True)
                | Q(progress__isnull=True, action_progress__isnull=True, follow_up__isnull=False),
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


# --- The yearly evaluation (DESIGN.md "The yearly evaluation"): the road map's sasaran realised, the Indeks RB and
# the LHE's recommendations with their follow-up. BPSDM enters the first two; the units report the follow-up in their
# quarterly reports, like their indicators and rencana aksi.


class StrategicRealisation(models.Model):
    """The realisation of one road-map sasaran indicator in one year: entered by BPSDM, never by a unit."""

    indicator = models.ForeignKey(
        StrategicIndicator, verbose_name=_("indikator sasaran"), on_delete=models.CASCADE, related_name="realisations"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("realisasi"), null=True, blank=True, **DECIMAL)
    note = models.TextField(_("keterangan"), blank=True)
    # Optimistic lock, as on Progress.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("realisasi sasaran road map")
        verbose_name_plural = _("realisasi sasaran road map")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="strategic_realisation_unique_year",
                violation_error_message=_("Realisasi indikator sasaran untuk tahun ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


def strategic_evidence_upload_to(instance: StrategicEvidence, filename: str) -> str:
    # A random stored name, as for evidence: the user's file name is only data.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"sasaran/{instance.realisation.year}/{uuid.uuid4().hex}{suffix}"


class StrategicEvidence(models.Model):
    """A bukti dukung file of a sasaran's yearly realisation; served only through a permission-checked view.

    Its own table rather than a fourth kind of `Evidence`: an Evidence row belongs to a unit's quarterly report
    (its path, its lock, its download rule and the evidence ZIP all go through the report), a sasaran's file to
    no unit and no report. The upload guard is the same (evaluations.services.evidence.check_file).
    """

    realisation = models.ForeignKey(
        StrategicRealisation, verbose_name=_("realisasi sasaran"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("berkas"), upload_to=strategic_evidence_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran"))
    content_type = models.CharField(_("jenis"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung sasaran")
        verbose_name_plural = _("bukti dukung sasaran")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


def lhe_upload_to(instance: RbEvaluation, filename: str) -> str:
    # A random stored name, as for evidence: the user's file name is only data.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"lhe/{instance.year}/{uuid.uuid4().hex}{suffix}"


TEMATIK_MAX = 20  # RB Tematik's weight in the Indeks RB (KepmenPANRB 739/2023; docs/evaluasi-rb.md)


class RbEvaluation(models.Model):
    """KemenPANRB's yearly evaluation of RB for one year: the Indeks RB values and its report (LHE)."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("road map"), on_delete=models.PROTECT, related_name="rb_evaluations"
    )
    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    general_value = models.DecimalField(
        _("nilai RB General"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # RB Tematik weighs up to 20 on top of RB General's 100 (docs/evaluasi-rb.md); empty: not evaluated.
    tematik_value = models.DecimalField(
        _("nilai RB Tematik"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(TEMATIK_MAX)],
    )
    lhe_number = models.CharField(_("nomor LHE"), max_length=100, blank=True)
    lhe_date = models.DateField(_("tanggal LHE"), null=True, blank=True)
    document = models.FileField(_("dokumen LHE"), upload_to=lhe_upload_to, max_length=255, blank=True)
    document_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    # Optimistic lock, as on Progress: two staff editing the same year never overwrite each other unseen.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("hasil evaluasi RB")
        verbose_name_plural = _("hasil evaluasi RB")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(general_value__gte=0, general_value__lte=100),
                name="rb_evaluation_general_0_to_100",
                violation_error_message=_("Nilai RB General harus 0 sampai 100."),
            ),
            models.CheckConstraint(
                condition=Q(tematik_value__isnull=True) | Q(tematik_value__gte=0, tematik_value__lte=TEMATIK_MAX),
                name="rb_evaluation_tematik_0_to_20",
                violation_error_message=_("Nilai RB Tematik harus 0 sampai 20."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Evaluasi RB %(year)s") % {"year": self.year})

    def follow_up_from(self) -> tuple[int, int]:
        """(year, quarter) of the first quarterly report that carries the follow-up of this LHE's recommendations:
        the quarter of the LHE's date (docs/recommendations.md); without a date, TW I of the next year, since the
        evaluation of year Y is published in Y+1."""
        if self.lhe_date is not None:
            return quarter_of(self.lhe_date)
        return self.year + 1, 1

    @property
    def indeks(self) -> Decimal:
        """The Indeks RB: RB General plus RB Tematik (docs/evaluasi-rb.md); General alone when Tematik is empty."""
        return self.general_value + (self.tematik_value or Decimal(0))

    @property
    def predikat(self) -> str | None:
        """The official band (AA–D) of the Indeks RB (areas.scoring.predikat)."""
        return scoring.predikat(self.indeks)


class FollowUpStatus(models.TextChoices):
    BELUM = "belum", _("Belum")
    DALAM_PROSES = "dalam_proses", _("Dalam Proses")
    SELESAI = "selesai", _("Selesai")


class Recommendation(models.Model):
    """One recommendation of an LHE, followed up by the units assigned to it until it is done."""

    evaluation = models.ForeignKey(
        RbEvaluation, verbose_name=_("hasil evaluasi"), on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    text = models.TextField(_("rekomendasi"))
    # When the follow-up is due: from then on an unfinished one is overdue (reminders, the page).
    due_year = models.PositiveSmallIntegerField(_("tahun jatuh tempo"))
    due_quarter = models.PositiveSmallIntegerField(_("triwulan jatuh tempo"), choices=QUARTERS)
    units = models.ManyToManyField(
        Unit, through="RecommendationAssignment", verbose_name=_("unit penanggung jawab"), related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekomendasi LHE")
        verbose_name_plural = _("rekomendasi LHE")
        ordering = ["evaluation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "number"],
                name="recommendation_unique_number",
                violation_error_message=_("Nomor rekomendasi sudah dipakai pada LHE ini."),
            ),
            models.CheckConstraint(
                condition=Q(due_quarter__gte=1, due_quarter__lte=4),
                name="recommendation_due_quarter_1_to_4",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation.year}-{self.number}"

    @property
    def code(self) -> str:
        """How a message names it: "LHE 2024 No. 3"."""
        return f"LHE {self.evaluation.year} No. {self.number}"

    @property
    def due_label(self) -> str:
        return f"{quarter_label(self.due_quarter)} {self.due_year}"

    def is_past_due(self, today: dt.date | None = None) -> bool:
        """The due quarter is over: from then on an unfinished follow-up is Terlambat."""
        return (today or today_wita()) > quarter_end(self.due_year, self.due_quarter)


class RecommendationAssignment(models.Model):
    """A unit responsible for following up one recommendation; it reports the tindak lanjut every quarter."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("rekomendasi"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit penanggung jawab"), on_delete=models.PROTECT, related_name="recommendations"
    )

    class Meta:
        verbose_name = _("penanggung jawab rekomendasi")
        verbose_name_plural = _("penanggung jawab rekomendasi")
        ordering = ["recommendation", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "unit"],
                name="recommendation_assignment_unique_unit",
                violation_error_message=_("Unit ini sudah menjadi penanggung jawab rekomendasi ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} — {self.unit}"


class FollowUp(models.Model):
    """What one assigned unit reports of one recommendation in one quarterly report: its tindak lanjut."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="follow_ups")
    assignment = models.ForeignKey(
        RecommendationAssignment,
        verbose_name=_("rekomendasi"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    # Empty: not reported yet in this report.
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices, blank=True)
    explanation = models.TextField(_("penjelasan tindak lanjut"), blank=True)
    # Optimistic lock, as on Progress.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("tindak lanjut rekomendasi")
        verbose_name_plural = _("tindak lanjut rekomendasi")
        constraints = [
            models.UniqueConstraint(fields=["report", "assignment"], name="follow_up_unique_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.recommendation} — {self.report}"

    @property
    def has_value(self) -> bool:
        return bool(self.status)
