"""Saving what a pelaksana unit reports of its rencana aksi in a quarterly report (ActionProgress rows).

The same rules as the indicator rows (services/reports.py report_save_draft): the report is locked first, then
the rows; the officer of the report's unit (or the Admin) saves while the report is editable; each row names the
version it was loaded at and a stale one refuses the whole save (StaleEdit names the actions); all or nothing;
Riwayat records the step ("Simpan Draf"); a report that was Belum Mulai becomes Draf.

The values arrive parsed (the form and the API read numbers with roadmap.numbers); they are checked here again,
field by field, so that every caller gets the same rules and messages (django ValidationError by field):

- status: one of ActionStatus, or empty (not reported yet); numbers without a status are refused.
- progress: 0–100 %. Selesai means 100 (filled in when empty or left out); Belum Dimulai means 0 (likewise).
- output_realised, budget_realised: not negative, within their columns.

Not covered: a budget realised above the unit's share is accepted (an action may overspend; the scores show it);
Ajukan's rules for actions (a due action's status, a finished one's evidence) are selectors.actions.action_problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations import signals
from evaluations.exceptions import ReportError, ReportLocked, StaleEdit
from evaluations.models import ActionProgress, ActionStatus, Report, ReportStatus, today_wita
from evaluations.services.guards import lock_report, require_editable, require_officer
from evaluations.services.reports import ProgressInput, report_save_draft
from roadmap import numbers
from roadmap.models import User

NUMBER_FIELDS = {
    "progress": numbers.PERCENT,
    "output_realised": numbers.VALUE,
    "budget_realised": numbers.RUPIAH,
}
TEXT_FIELDS = ("penjelasan", "kendala", "rencana_tindak_lanjut")
FIELDS = ("status", *NUMBER_FIELDS, *TEXT_FIELDS)
HUNDRED = Decimal(100)
STEP = "Simpan Draf"  # the Riwayat's name of the step, as for the indicators


class ActionRowsInvalid(ReportError):
    """Some rows' values were refused: `errors` = {row id: {field: [messages]}}; nothing was saved."""

    def __init__(self, message: str, errors: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(message)
        self.errors = errors


@dataclass(frozen=True)
class ActionInput:
    """One action row's input: its id, the version it was loaded at, and the values (any of FIELDS; a field
    left out keeps its stored value)."""

    row_id: int
    version: int
    data: Mapping[str, Any]


def _number(name: str, value: Any, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        return numbers.parse(value, NUMBER_FIELDS[name])
    except ValidationError as error:
        errors[name] = list(error.messages)
        return None


def clean_action_values(row: ActionProgress, data: Mapping[str, Any]) -> dict[str, Any]:
    """The values to store for `row`: `data` over the stored ones, checked; ValidationError by field if refused."""
    values: dict[str, Any] = {name: getattr(row, name) for name in FIELDS}
    values.update({name: data[name] for name in FIELDS if name in data})
    errors: dict[str, list[str]] = {}

    status = values["status"] or ""
    if status not in ("", *ActionStatus.values):
        errors["status"] = [_("Pilih salah satu status: Belum Dimulai, Berjalan, Selesai atau Tidak Terlaksana.")]
    values["status"] = status
    for name in NUMBER_FIELDS:
        values[name] = _number(name, values[name], errors)
    for name in TEXT_FIELDS:
        text = values[name]
        values[name] = "" if text is None else str(text).strip()

    # Selesai means 100 and Belum Dimulai 0 when the progress is empty or not given with the new status.
    progress = values["progress"] if "progress" in data or status == row.status else None
    if "progress" not in errors:
        if progress is not None and progress > HUNDRED:
            errors["progress"] = [_("Progres paling besar 100 %.")]
        elif status == ActionStatus.DONE:
            if progress is None:
                values["progress"] = HUNDRED
            elif progress != HUNDRED:
                errors["progress"] = [_("Rencana aksi yang Selesai berprogres 100 %; ubah status atau progresnya.")]
        elif status == ActionStatus.NOT_STARTED:
            if progress is None:
                values["progress"] = Decimal(0)
            elif progress != 0:
                errors["progress"] = [_("Rencana aksi yang Belum Dimulai berprogres 0 %; ubah status atau progresnya.")]
    if not status and "status" not in errors and any(values[n] is not None for n in NUMBER_FIELDS):
        errors["status"] = [_("Pilih status rencana aksi ini sebelum mengisi progres, output atau anggaran.")]
    if errors:
        raise ValidationError(errors)
    return values


def action_rows_save(
    *, user: User, report: Report, rows: Sequence[ActionInput], today: dt.date | None = None
) -> Report:
    """Save several action rows of one report, all or nothing (the report page's Simpan Draf).

    Raises ReportLocked (not the unit's officer, the report is locked, a row of another report), StaleEdit
    (a row changed since it was loaded: the plans' codes in `problems`) or ActionRowsInvalid with the field
    errors of every refused row, before anything is written.
    """
    today = today or today_wita()
    # As report_save_draft: whatever follows the rows' writes (evaluations/signals.py) reacts in this transaction,
    # once for the batch where it can (the dashboards' cache hears of each row's post_save).
    with transaction.atomic(), signals.progress_batch():
        report = lock_report(report)
        require_officer(user, report)
        require_editable(report, today)
        wanted = {item.row_id: item for item in rows}
        # The report lock orders every writer of the report's rows; the row lock keeps the version check sound
        # should a writer ever skip it (tests/test_action_race.py runs the race on PostgreSQL).
        locked = list(
            ActionProgress.objects.select_for_update(of=("self",))
            .select_related("assignment__plan")
            .filter(report=report, pk__in=wanted)
            .order_by("pk")
        )
        if len(locked) != len(wanted):
            raise ReportLocked(_("Sebagian rencana aksi tidak termasuk laporan ini."))
        stale = [row.assignment.plan.code for row in locked if row.version != wanted[row.pk].version]
        if stale:
            raise StaleEdit(
                _(
                    "Data rencana aksi %(codes)s sudah diubah orang lain sejak halaman ini dibuka. "
                    "Muat ulang halaman untuk melihat nilai terbaru; tidak ada yang disimpan."
                )
                % {"codes": ", ".join(sorted(stale))},
                problems=sorted(stale),
            )
        cleaned: dict[int, dict[str, Any]] = {}
        refused: dict[int, dict[str, list[str]]] = {}
        for row in locked:
            try:
                cleaned[row.pk] = clean_action_values(row, wanted[row.pk].data)
            except ValidationError as error:
                refused[row.pk] = error.message_dict
        if refused:
            raise ActionRowsInvalid(_("Ada isian rencana aksi yang belum benar; tidak ada yang disimpan."), refused)
        for row in locked:
            values = cleaned[row.pk]
            if all(getattr(row, name) == values[name] for name in FIELDS):
                continue
            for name in FIELDS:
                setattr(row, name, values[name])
            row.report = report
            row.version += 1
            row.updated_by = user
            row._change_reason = STEP  # type: ignore[attr-defined]  # shown in Riwayat
            row.save()  # post_save: the dashboards' cache hears of it like of an indicator row
        if report.status == ReportStatus.BELUM_MULAI and locked:
            report.status = ReportStatus.DRAF
            report._change_reason = STEP  # type: ignore[attr-defined]
            report.save(update_fields=["status", "updated_at"])
    return report


def action_row_save(
    *, user: User, row: ActionProgress, data: Mapping[str, Any], version: int, today: dt.date | None = None
) -> ActionProgress:
    """Save one action row (the card's save, the API). `data`: any of FIELDS, parsed (Decimal / None / str);
    a field left out keeps its value. Raises ReportLocked, StaleEdit, or ValidationError by field."""
    try:
        action_rows_save(
            user=user, report=Report(pk=row.report_id), rows=[ActionInput(row.pk, version, data)], today=today
        )
    except ActionRowsInvalid as error:
        raise ValidationError(error.errors[row.pk]) from None
    return ActionProgress.objects.select_related("report", "assignment__plan").get(pk=row.pk)


def report_save_all(
    *,
    report: Report,
    user: User,
    rows: Sequence[ProgressInput],
    action_rows: Sequence[ActionInput],
    today: dt.date | None = None,
) -> Report:
    """The report page's Simpan Draf: its indicator rows and its rencana aksi rows, all or nothing."""
    with transaction.atomic():
        report = report_save_draft(report=report, user=user, rows=rows, today=today)
        if action_rows:
            report = action_rows_save(user=user, report=report, rows=action_rows, today=today)
    return report
