"""The report workflow: save draft, submit, approve, return, reopen.

Belum Mulai → Draf → Diajukan → (Dikembalikan → Diajukan …) → Disetujui.
Every step locks the report row, checks who acts and from which status, records the
decision, and enqueues the e-mails after commit (evaluations.notifications).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from areas import scoring
from areas.models import IndicatorAnnualTarget, IndicatorTarget
from evaluations import notifications, signals
from evaluations.exceptions import IncompleteReport, InvalidTransition, ReportLocked, StaleEdit
from evaluations.models import (
    EDITABLE_STATUSES,
    ActionProgress,
    Decision,
    FollowUp,
    Progress,
    Report,
    ReportStatus,
    ReviewDecision,
    ReviewNote,
    today_wita,
)
from evaluations.selectors.actions import action_problems
from evaluations.selectors.follow_ups import follow_up_problems
from evaluations.services.guards import lock_report, require_editable, require_officer, require_reviewer
from roadmap.models import User
from roadmap.text import change_reason


@dataclass(frozen=True)
class ProgressInput:
    """What the form (or the API) sends for one indicator."""

    progress_id: int
    version: int
    realisasi: Decimal | None = None
    milestone_done: bool | None = None
    penjelasan: str = ""
    kendala: str = ""
    rencana_tindak_lanjut: str = ""


def _current_target(progress: Progress) -> tuple[Decimal | None, Decimal | None]:
    """The quarter's target as it stands: its value (a range's lower bound) and a range's upper bound."""
    cycle = progress.report.cycle
    row = (
        IndicatorTarget.objects.filter(indicator_id=progress.indicator_id, year=cycle.year, quarter=cycle.quarter)
        .order_by("pk")  # one row; not the model's order, which joins indicator, unit and area
        .values_list("value", "value_upper")
        .first()
    )
    return row or (None, None)


def _due_quarter(progress: Progress) -> int | None:
    """A milestone's due quarter in the report's year (None: due from TW I, as before due quarters existed)."""
    if not progress.indicator.is_milestone:
        return None
    return (
        IndicatorAnnualTarget.objects.filter(indicator_id=progress.indicator_id, year=progress.report.cycle.year)
        .order_by("pk")
        .values_list("due_quarter", flat=True)
        .first()
    )


def compute_capaian(progress: Progress) -> Decimal | None:
    """The row's capaian from its stored target snapshot: a cumulative indicator's realisasi to date against the
    target to date, anything else the quarter's own (docs/indicator-rules.md)."""
    realisasi = progress.realisasi
    if progress.indicator.cumulative and realisasi is not None:
        realisasi = progress.realisasi_to_date
    return scoring.capaian(
        polarity=progress.indicator.polarity,
        target=progress.target_value,
        upper=progress.target_upper,
        realisasi=realisasi,
        done=progress.milestone_done,
        not_yet_due=progress.not_yet_due,
    )


def _lock_year_rows(report: Report, progress_ids: Iterable[int]) -> dict[int, list[Progress]]:
    """Lock, in one order for every writer (indicator, quarter), the year's rows of the cumulative indicators
    among these rows; by indicator, in quarter order. Locked before the report's own rows so that two reports
    of the same year (TW I and TW II saved at once) wait for each other instead of deadlocking
    (tests/test_cumulative_race.py runs both races on PostgreSQL)."""
    indicator_ids = Progress.objects.filter(
        report=report, pk__in=list(progress_ids), indicator__cumulative=True
    ).values_list("indicator_id", flat=True)
    rows = (
        Progress.objects.select_for_update(of=("self",))
        .select_related("indicator", "report__cycle")
        .filter(indicator_id__in=list(indicator_ids), report__cycle__year=report.cycle.year)
        .order_by("indicator_id", "report__cycle__quarter", "pk")
    )
    by_indicator: dict[int, list[Progress]] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator_id, []).append(row)
    return by_indicator


def _restate_year(rows: list[Progress], saved: dict[int, Progress]) -> None:
    """A cumulative indicator's year, in quarter order: each row's realisasi to date and capaian again. The rows
    the officer just changed (`saved`, unsaved objects) are saved whole; a later quarter whose numbers move
    because an earlier one changed is saved with only those two fields and its own reason in Riwayat."""
    running: Decimal | None = None
    for locked in rows:
        row = saved.get(locked.pk, locked)
        before = (locked.realisasi_to_date, locked.capaian)  # read before `row` (often `locked` itself) moves
        if row.realisasi is not None:
            running = (running or Decimal(0)) + row.realisasi
        to_date = row.realisasi_to_date = running
        capaian = compute_capaian(row)
        if row.pk in saved:
            row.capaian = capaian
            row.save()
        elif before != (to_date, capaian):
            row.capaian = capaian  # its officer's values and updated_by stay: only the sum to date moved
            row._change_reason = "Hitung ulang s.d. triwulan"  # type: ignore[attr-defined]  # shown in Riwayat
            row.save(update_fields=["realisasi_to_date", "capaian", "updated_at"])


def report_save_draft(
    *, report: Report, user: User, rows: Sequence[ProgressInput], today: dt.date | None = None
) -> Report:
    """Simpan Draf: saves the given rows without requiring completeness, all or nothing.

    Each row names the version it was loaded at; if another person saved that row since,
    nothing is saved and StaleEdit names the indicators (no update is ever lost).
    """
    today = today or today_wita()
    # progress_batch(): what follows the progress rows (the dashboards' summary) reacts once, in this
    # transaction, not once per row (evaluations/signals.py).
    with transaction.atomic(), signals.progress_batch():
        report = lock_report(report)
        require_officer(user, report)
        require_editable(report, today)
        wanted = {row.progress_id: row for row in rows}
        year_rows = _lock_year_rows(report, wanted)
        # The report lock above already orders every writer of these rows (this is the only one, and it locks the
        # report first); the row lock keeps the version check sound should a writer ever skip the report lock.
        # tests/test_races.py runs both races (same row twice; Simpan Draf against Ajukan) on PostgreSQL.
        progress_rows = list(
            Progress.objects.select_for_update(of=("self",))
            .select_related("indicator")
            .filter(report=report, pk__in=wanted)
        )
        if len(progress_rows) != len(wanted):
            raise ReportLocked(_("Sebagian indikator tidak termasuk laporan ini."))
        stale = [p.indicator.code for p in progress_rows if p.version != wanted[p.pk].version]
        if stale:
            raise StaleEdit(
                _(
                    "Data indikator %(codes)s sudah diubah orang lain sejak halaman ini dibuka. "
                    "Muat ulang halaman untuk melihat nilai terbaru; tidak ada yang disimpan."
                )
                % {"codes": ", ".join(sorted(stale))},
                problems=stale,
            )
        cumulative: dict[int, Progress] = {}
        for progress in progress_rows:
            row = wanted[progress.pk]
            changed = (
                progress.realisasi != row.realisasi
                or progress.milestone_done != row.milestone_done
                or progress.penjelasan != row.penjelasan
                or progress.kendala != row.kendala
                or progress.rencana_tindak_lanjut != row.rencana_tindak_lanjut
            )
            if not changed:
                continue
            progress.report = report  # the locked report and its cycle (_current_target), not one read per row
            progress.realisasi = None if progress.indicator.is_milestone else row.realisasi
            progress.milestone_done = row.milestone_done if progress.indicator.is_milestone else None
            progress.penjelasan = row.penjelasan
            progress.kendala = row.kendala
            progress.rencana_tindak_lanjut = row.rencana_tindak_lanjut
            progress.target_value, progress.target_upper = _current_target(progress)
            progress.not_yet_due = scoring.before_due(report.cycle.quarter, _due_quarter(progress))
            progress.version += 1
            progress.updated_by = user
            progress._change_reason = "Simpan Draf"  # type: ignore[attr-defined]  # shown in Riwayat
            if progress.indicator.cumulative:
                cumulative[progress.pk] = progress  # saved with its year below: its capaian needs the sum to date
                continue
            progress.capaian = compute_capaian(progress)
            progress.save()
        # A cumulative indicator's capaian is its realisasi to date: this quarter's change moves every later
        # quarter of the year too, restated here, in this transaction (the summary follows their post_save).
        restated: set[int] = set()
        for indicator_rows in year_rows.values():
            if any(row.pk in cumulative for row in indicator_rows):
                _restate_year(indicator_rows, cumulative)
                restated.update(row.pk for row in indicator_rows)
        for pk in cumulative.keys() - restated:  # marked cumulative after _lock_year_rows read the flag
            _restate_year([cumulative[pk]], cumulative)
        if report.status == ReportStatus.BELUM_MULAI:
            report.status = ReportStatus.DRAF
            report._change_reason = "Simpan Draf"  # type: ignore[attr-defined]
            report.save(update_fields=["status", "updated_at"])
    return report


def report_problems(report: Report) -> list[str]:
    """What stops Ajukan: indicators without realisasi, or without the evidence they require; then the rencana
    aksi due this quarter without a status, or finished without evidence (selectors.actions.action_problems); then
    the LHE recommendations without a tindak lanjut status, or Selesai without evidence (selectors.follow_ups)."""
    problems: list[str] = []
    rows = (
        Progress.objects.filter(report=report)
        .select_related("indicator")
        .annotate(evidence_count=Count("evidence"))
        .order_by("indicator__area__order", "indicator__code")
    )
    for p in rows:
        if not p.has_value:
            problems.append(_("%(code)s: realisasi belum diisi.") % {"code": p.indicator.code})
        if p.indicator.requires_evidence and p.evidence_count == 0:
            problems.append(_("%(code)s: bukti dukung belum diunggah.") % {"code": p.indicator.code})
    problems.extend(action_problems(report))
    problems.extend(follow_up_problems(report))
    if (
        not rows
        and not ActionProgress.objects.filter(report=report).exists()
        and not FollowUp.objects.filter(report=report).exists()
    ):
        problems.append(_("Laporan ini tidak memiliki indikator."))
    return problems


def report_submit(*, report: Report, user: User, today: dt.date | None = None) -> Report:
    """Ajukan: every indicator has a realisasi and its evidence; then the report is locked for the officer."""
    today = today or today_wita()
    with transaction.atomic():
        report = lock_report(report)
        require_officer(user, report)
        require_editable(report, today)
        if report.status not in EDITABLE_STATUSES:
            raise InvalidTransition(
                _("Laporan dengan status %(s)s tidak dapat diajukan.") % {"s": report.get_status_display()}
            )
        problems = report_problems(report)
        if problems:
            raise IncompleteReport(_("Laporan belum lengkap; perbaiki dulu hal berikut."), problems=problems)
        now = timezone.now()
        report.status = ReportStatus.DIAJUKAN
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report._change_reason = "Ajukan"  # type: ignore[attr-defined]
        report.save()
        notifications.report_event(report=report, event=notifications.SUBMITTED, actor=user)
    return report


def _decide(report: Report, reviewer: User, decision: str, reason: str = "") -> ReviewDecision:
    return ReviewDecision.objects.create(report=report, reviewer=reviewer, decision=decision, reason=reason)


def report_approve(*, report: Report, reviewer: User) -> Report:
    """Setujui: only a submitted report; it becomes read-only."""
    require_reviewer(reviewer)
    with transaction.atomic():
        report = lock_report(report)
        if report.status != ReportStatus.DIAJUKAN:
            raise InvalidTransition(
                _("Hanya laporan berstatus Diajukan yang dapat disetujui (status sekarang: %(s)s).")
                % {"s": report.get_status_display()}
            )
        report.status = ReportStatus.DISETUJUI
        report.approved_at = timezone.now()
        report.reopened_until = None
        report._change_reason = "Setujui"  # type: ignore[attr-defined]
        report.save()
        _decide(report, reviewer, Decision.APPROVE)
        notifications.report_event(report=report, event=notifications.APPROVED, actor=reviewer)
    return report


def report_return(
    *,
    report: Report,
    reviewer: User,
    reason: str,
    notes: dict[int, str] | None = None,
    action_notes: dict[int, str] | None = None,
    follow_up_notes: dict[int, str] | None = None,
    revision_due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Report:
    """Kembalikan with a required reason (and optional notes per indicator, per rencana aksi row and per tindak
    lanjut row, by row id); the report gets its own due date."""
    require_reviewer(reviewer)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidTransition(_("Alasan pengembalian wajib diisi."))
    today = today or today_wita()
    with transaction.atomic():
        report = lock_report(report)
        if report.status != ReportStatus.DIAJUKAN:
            raise InvalidTransition(
                _("Hanya laporan berstatus Diajukan yang dapat dikembalikan (status sekarang: %(s)s).")
                % {"s": report.get_status_display()}
            )
        due = revision_due_on or today + dt.timedelta(days=settings.REVISION_DAYS)
        if due < today:
            raise InvalidTransition(_("Batas waktu perbaikan tidak boleh sebelum hari ini."))
        report.status = ReportStatus.DIKEMBALIKAN
        report.returned_at = timezone.now()
        report.revision_due_on = due
        if not report.cycle.is_open:
            # Returned after the window closed: the officer must still be able to fix it.
            report.reopened_until = due
        # The history keeps the step and a cut summary (varchar 100); the whole reason is the decision's.
        report._change_reason = change_reason(Report, "Kembalikan", reason)  # type: ignore[attr-defined]
        report.save()
        decision = _decide(report, reviewer, Decision.RETURN, reason)
        _add_notes(
            report,
            decision,
            {
                ReviewNote.progress: notes or {},
                ReviewNote.action_progress: action_notes or {},
                ReviewNote.follow_up: follow_up_notes or {},
            },
        )
        notifications.report_event(report=report, event=notifications.RETURNED, actor=reviewer)
    return report


def _add_notes(report: Report, decision: ReviewDecision, notes: dict[Any, dict[int, str]]) -> None:
    """The notes of the report's own rows, by kind of row (ReviewNote's foreign key to it: progress,
    action_progress, follow_up); a row id of another report is ignored."""
    created = []
    for field, texts in notes.items():
        cleaned = {pk: text.strip() for pk, text in texts.items() if text and text.strip()}
        rows = field.field.related_model.objects.filter(report=report, pk__in=cleaned)
        valid = set(rows.values_list("pk", flat=True))
        created += [
            ReviewNote(decision=decision, note=text, **{field.field.attname: pk})
            for pk, text in cleaned.items()
            if pk in valid
        ]
    ReviewNote.objects.bulk_create(created)


def report_reopen(
    *,
    report: Report,
    reviewer: User,
    reason: str,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> Report:
    """Buka Kembali: a closed or approved report is opened again for its unit until a date."""
    require_reviewer(reviewer)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidTransition(_("Alasan membuka kembali wajib diisi."))
    today = today or today_wita()
    with transaction.atomic():
        report = lock_report(report)
        closed_for_officer = not report.entry_open(today)
        if report.status != ReportStatus.DISETUJUI and not closed_for_officer:
            raise InvalidTransition(
                _("Hanya laporan yang sudah disetujui atau yang periodenya sudah ditutup yang dapat dibuka kembali.")
            )
        until = until or today + dt.timedelta(days=settings.REOPEN_DAYS)
        if until < today:
            raise InvalidTransition(_("Tanggal buka kembali tidak boleh sebelum hari ini."))
        if report.status in (ReportStatus.DISETUJUI, ReportStatus.DIAJUKAN):
            report.status = ReportStatus.DIKEMBALIKAN
            report.approved_at = None
        report.reopened_until = until
        report.revision_due_on = until
        report._change_reason = change_reason(Report, "Buka Kembali", reason)  # type: ignore[attr-defined]
        report.save()
        _decide(report, reviewer, Decision.REOPEN, reason)
        notifications.report_event(report=report, event=notifications.REOPENED, actor=reviewer)
    return report


@dataclass
class BulkResult:
    approved: list[Report]
    refused: list[tuple[Report, str]]


def reports_bulk_approve(*, reports: Iterable[Report], reviewer: User) -> BulkResult:
    """Approve many from the queue; each report on its own, so one refusal does not undo the others."""
    result = BulkResult(approved=[], refused=[])
    for report in reports:
        try:
            result.approved.append(report_approve(report=report, reviewer=reviewer))
        except InvalidTransition as error:
            result.refused.append((report, str(error)))
    return result
