"""Riwayat of a report: its status changes and every change of its progress values, newest first.

Built from django-simple-history records in five queries whatever the report's size: the report's records,
its progress rows' records, the indicators of those rows, and its
rencana aksi rows' records with their plans (ActionProgress; the subject is the plan's code), and its tindak lanjut
rows' records (FollowUp; the subject is the recommendation: "LHE 2024 No. 3").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from areas.templatetags.monev import angka
from evaluations.models import ActionProgress, ActionStatus, FollowUp, FollowUpStatus, Progress, Report, ReportStatus

# The progress fields the officer (or a service) changes, in the order Riwayat lists them.
PROGRESS_FIELDS = ("realisasi", "milestone_done", "penjelasan", "kendala", "rencana_tindak_lanjut", "capaian")
# The same for a rencana aksi row.
ACTION_FIELDS = (
    "action_status",
    "progress",
    "output_realised",
    "budget_realised",
    "penjelasan",
    "kendala",
    "rencana_tindak_lanjut",
)
# The same for a recommendation's tindak lanjut row.
FOLLOW_UP_FIELDS = ("follow_up_status", "explanation")


def _field_labels() -> dict[str, str]:
    """The fields' names in the active language; read once per history, not once per entry."""
    return {
        "status": _("Status"),
        "realisasi": _("Realisasi"),
        "milestone_done": _("Realisasi (milestone)"),
        "penjelasan": _("Penjelasan"),
        "kendala": _("Kendala"),
        "rencana_tindak_lanjut": _("Rencana Tindak Lanjut"),
        "capaian": _("Capaian"),
        "action_status": _("Status rencana aksi"),
        "progress": _("Progres kumulatif (%)"),
        "output_realised": _("Realisasi output"),
        "budget_realised": _("Realisasi anggaran (Rp)"),
        "follow_up_status": _("Status tindak lanjut"),
        "explanation": _("Penjelasan tindak lanjut"),
    }


def history_labels() -> dict[str, str]:
    """The words of Riwayat (templates/jinja2/evaluations/_history.jinja), translated once per page."""
    return {"menjadi": _("menjadi"), "kosong": _("Belum ada riwayat perubahan.")}


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    subject: str  # "Laporan" or the indicator's code
    subject_name: str
    field: str
    reason: str
    name: str  # the changed field ("status", "realisasi" …): how old and new values are written
    old_value: Any
    new_value: Any

    # Written when shown, not when read: a page shows the newest 50 of a history that may hold hundreds.
    @property
    def old(self) -> str:
        return _show(self.name, self.old_value)

    @property
    def new(self) -> str:
        return _show(self.name, self.new_value)

    @property
    def is_status(self) -> bool:
        return self.subject_name == ""


def _who(user: Any) -> str:
    if user is None:
        return _("Sistem")
    return user.get_full_name() or user.username


def _who_by_name(username: str | None, first_name: str | None, last_name: str | None) -> str:
    """_who from the user's columns (User.get_full_name is Django's: first and last name)."""
    if username is None:
        return _("Sistem")
    return f"{first_name} {last_name}".strip() or username


def _blank(value: Any) -> Any:
    # "" and None both mean "not filled"; False (milestone not reached) is a value.
    return None if value == "" else value


def _show(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if name == "status":
        try:
            return str(ReportStatus(value).label)
        except ValueError:
            return str(value)
    if name == "milestone_done":
        return _("Tercapai") if value else _("Belum")
    if name == "action_status":
        try:
            return str(ActionStatus(value).label)
        except ValueError:
            return str(value)
    if name == "follow_up_status":
        try:
            return str(FollowUpStatus(value).label)
        except ValueError:
            return str(value)
    if name == "capaian":
        return f"{angka(value, 1)} %"
    if name == "progress":
        return f"{angka(value, 2)} %"
    if isinstance(value, Decimal):
        return angka(value, 4)
    return str(value)


def report_history(*, report: Report) -> list[HistoryEntry]:
    """Who changed what and when, with the old → new value and the reason; newest first."""
    labels = _field_labels()
    entries: list[HistoryEntry] = []

    previous_status: str | None = None
    for record in report.history.select_related("history_user").order_by("history_date", "history_id"):
        if previous_status is None and record.history_type != "+":
            # Reports are bulk-created when a cycle opens (no history row): they start as Belum Mulai.
            previous_status = ReportStatus.BELUM_MULAI
        if record.status != previous_status:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(record.history_user),
                    subject=_("Laporan"),
                    subject_name="",
                    field=labels["status"],
                    reason=record.history_change_reason or "",
                    name="status",
                    old_value=previous_status,
                    new_value=record.status,
                )
            )
            previous_status = record.status

    indicators = {
        pk: (code, name)
        for pk, code, name in Progress.objects.filter(report=report).values_list(
            "pk", "indicator__code", "indicator__name"
        )
    }
    # values(), not model instances: a report saved often has hundreds of records, three models each.
    # Who: the user of the request that saved (history_user), else the row's updated_by.
    people = ("username", "first_name", "last_name")
    records = (
        Progress.history.filter(report_id=report.pk)
        .order_by("id", "history_date", "history_id")
        .values(
            "id",
            "history_date",
            "history_change_reason",
            *PROGRESS_FIELDS,
            *(f"history_user__{c}" for c in people),
            *(f"updated_by__{c}" for c in people),
        )
    )
    last: dict[int, dict[str, Any]] = {}
    for record in records:
        before = last.get(record["id"])
        code, name = indicators.get(record["id"], ("?", ""))
        by = "history_user" if record["history_user__username"] is not None else "updated_by"
        who = _who_by_name(*(record[f"{by}__{c}"] for c in people))
        for name_ in PROGRESS_FIELDS:
            old = before[name_] if before is not None else None
            new = record[name_]
            if _blank(old) == _blank(new):
                continue
            entries.append(
                HistoryEntry(
                    when=record["history_date"],
                    who=who,
                    subject=code,
                    subject_name=name or code,
                    field=labels[name_],
                    reason=record["history_change_reason"] or "",
                    name=name_,
                    old_value=old,
                    new_value=new,
                )
            )
        last[record["id"]] = record
    entries.extend(action_history(report=report))
    entries.extend(follow_up_history(report=report))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def action_history(*, report: Report, row_id: int | None = None) -> list[HistoryEntry]:
    """Every change of the report's rencana aksi rows (or of row `row_id` only: its card's Riwayat), oldest first
    per row, subject the plan's code."""
    return _rows_history(
        ActionProgress,
        report,
        ACTION_FIELDS,
        "action_status",
        ("assignment__plan__code", "assignment__plan__name"),
        row_id,
    )


def follow_up_history(*, report: Report, row_id: int | None = None) -> list[HistoryEntry]:
    """Every change of the report's tindak lanjut rows (or of row `row_id` only), oldest first per row, subject
    the recommendation."""
    return _rows_history(
        FollowUp,
        report,
        FOLLOW_UP_FIELDS,
        "follow_up_status",
        ("assignment__recommendation__evaluation__year", "assignment__recommendation__number"),
        row_id,
    )


def _rows_history(
    model: Any,
    report: Report,
    fields: tuple[str, ...],
    status_name: str,
    subject: tuple[str, str],
    row_id: int | None = None,
) -> list[HistoryEntry]:
    """The changes of one kind of extra row of the report (rencana aksi, tindak lanjut) in one query: the
    records with their subject's two columns (the history's assignment is a plain join); the row's `status` is
    listed as `status_name` (its own labels); `row_id`: only that row's (its card's Riwayat)."""
    labels = _field_labels()
    people = ("username", "first_name", "last_name")
    plain = [name for name in fields if name != status_name]
    records = model.history.filter(report_id=report.pk)
    if row_id is not None:
        records = records.filter(id=row_id)
    records = records.order_by("id", "history_date", "history_id").values(
        "id",
        "history_date",
        "history_change_reason",
        "status",
        *subject,
        *plain,
        *(f"history_user__{c}" for c in people),
        *(f"updated_by__{c}" for c in people),
    )
    entries: list[HistoryEntry] = []
    last: dict[int, dict[str, Any]] = {}
    for record in records:
        record[status_name] = record.pop("status")
        before = last.get(record["id"])
        code, name = _subject(model, record[subject[0]], record[subject[1]])
        by = "history_user" if record["history_user__username"] is not None else "updated_by"
        who = _who_by_name(*(record[f"{by}__{c}"] for c in people))
        for name_ in fields:
            old = before[name_] if before is not None else None
            new = record[name_]
            if _blank(old) == _blank(new):
                continue
            entries.append(
                HistoryEntry(
                    when=record["history_date"],
                    who=who,
                    subject=code,
                    subject_name=name or code,
                    field=labels[name_],
                    reason=record["history_change_reason"] or "",
                    name=name_,
                    old_value=old,
                    new_value=new,
                )
            )
        last[record["id"]] = record
    return entries


def _subject(model: Any, first: Any, second: Any) -> tuple[str, str]:
    if model is FollowUp:
        code = f"LHE {first} No. {second}" if first is not None else "?"
        return code, code
    return first or "?", second or ""
