"""Saving the extra rows of a quarterly report (rencana aksi, tindak lanjut rekomendasi), one rule for each kind.

A kind of row (RowKind) says which model it is, what its fields are, how a row is named in a message and how its
values are checked; `rows_save` does the rest the same way for every kind, as report_save_draft does for the
indicator rows: the report is locked first, then the rows (in id order); the officer of the report's unit (or the
Admin) saves while the report is editable; each row names the version it was loaded at and a stale one refuses the
whole save (StaleEdit names the rows); refused values refuse the whole save (RowsInvalid with every row's field
errors); all or nothing; Riwayat records the step ("Simpan Draf"); a report that was Belum Mulai becomes Draf.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from evaluations import signals
from evaluations.exceptions import ReportError, ReportLocked, StaleEdit
from evaluations.models import Report, ReportStatus, today_wita
from evaluations.services.guards import lock_report, require_editable, require_officer
from roadmap.models import User

STEP = "Simpan Draf"  # the Riwayat's name of the step, as for the indicators


class RowsInvalid(ReportError):
    """Some rows' values were refused: `errors` = {row id: {field: [messages]}}; nothing was saved."""

    def __init__(self, message: str, errors: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(message)
        self.errors = errors


@dataclass(frozen=True)
class RowInput:
    """One row's input: its id, the version it was loaded at, and the values (any of the kind's fields; a field
    left out keeps its stored value)."""

    row_id: int
    version: int
    data: Mapping[str, Any]


@dataclass(frozen=True)
class RowKind:
    """What `rows_save` needs to know of one kind of row; the messages are lazy (translated when raised)."""

    model: type[models.Model]
    related: tuple[str, ...]  # select_related of the locked rows (what `code` and `clean` read)
    fields: tuple[str, ...]
    code: Callable[[Any], str]  # the row's name in a message (the plan's code, the recommendation's number)
    clean: Callable[[Any, Mapping[str, Any]], dict[str, Any]]  # raises ValidationError by field
    invalid: type[RowsInvalid]
    not_of_report: Any  # message: a row of another report
    stale: Any  # message with %(codes)s
    refused: Any  # message of RowsInvalid


def rows_save(
    *, kind: RowKind, user: User, report: Report, rows: Sequence[RowInput], today: dt.date | None = None
) -> Report:
    """Save several rows of one kind of one report, all or nothing.

    Raises ReportLocked (not the unit's officer, the report is locked, a row of another report), StaleEdit (a row
    changed since it was loaded: the rows' codes in `problems`) or `kind.invalid` with the field errors of every
    refused row, before anything is written.
    """
    today = today or today_wita()
    # As report_save_draft: whatever follows the rows' writes (evaluations/signals.py) reacts in this transaction.
    with transaction.atomic(), signals.progress_batch():
        report = lock_report(report)
        require_officer(user, report)
        require_editable(report, today)
        wanted = {item.row_id: item for item in rows}
        # The report lock orders every writer of the report's rows; the row lock keeps the version check sound
        # should a writer ever skip it (tests/test_action_race.py, tests/test_follow_up_race.py on PostgreSQL).
        locked = list(
            kind.model.objects.select_for_update(of=("self",))
            .select_related(*kind.related)
            .filter(report=report, pk__in=wanted)
            .order_by("pk")
        )
        if len(locked) != len(wanted):
            raise ReportLocked(str(kind.not_of_report))
        stale = sorted(kind.code(row) for row in locked if row.version != wanted[row.pk].version)  # type: ignore[attr-defined]
        if stale:
            raise StaleEdit(str(kind.stale) % {"codes": ", ".join(stale)}, problems=stale)
        cleaned: dict[int, dict[str, Any]] = {}
        refused: dict[int, dict[str, list[str]]] = {}
        for row in locked:
            try:
                cleaned[row.pk] = kind.clean(row, wanted[row.pk].data)
            except ValidationError as error:
                refused[row.pk] = error.message_dict
        if refused:
            raise kind.invalid(str(kind.refused), refused)
        for row in locked:
            values = cleaned[row.pk]
            if all(getattr(row, name) == values[name] for name in kind.fields):
                continue
            for name in kind.fields:
                setattr(row, name, values[name])
            row.report = report  # type: ignore[attr-defined]
            row.version += 1  # type: ignore[attr-defined]
            row.updated_by = user  # type: ignore[attr-defined]
            row._change_reason = STEP  # type: ignore[attr-defined]  # shown in Riwayat
            row.save()  # post_save: the dashboards' cache hears of it like of an indicator row
        if report.status == ReportStatus.BELUM_MULAI and locked:
            report.status = ReportStatus.DRAF
            report._change_reason = STEP  # type: ignore[attr-defined]
            report.save(update_fields=["status", "updated_at"])
    return report


def row_save(
    *, kind: RowKind, user: User, row: Any, data: Mapping[str, Any], version: int, today: dt.date | None = None
) -> Any:
    """Save one row (a card's save, the API): `rows_save` of one row, whose refusal is a ValidationError by field."""
    try:
        rows_save(
            kind=kind, user=user, report=Report(pk=row.report_id), rows=[RowInput(row.pk, version, data)], today=today
        )
    except RowsInvalid as error:
        raise ValidationError(error.errors[row.pk]) from None
    return kind.model.objects.select_related("report", *kind.related).get(pk=row.pk)
