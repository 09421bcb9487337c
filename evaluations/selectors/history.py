"""Riwayat of a report: its status changes and every change of its progress values, newest first.

Built from django-simple-history records in three queries whatever the report's size:
the report's records, its progress rows' records, and the indicators of those rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from evaluations.models import Progress, Report, ReportStatus
from roadmap.templatetags.monev import angka

# The progress fields the officer (or a service) changes, in the order Riwayat lists them.
PROGRESS_FIELDS = ("realisasi", "milestone_done", "penjelasan", "kendala", "rencana_tindak_lanjut", "capaian")


def _field_label(name: str) -> str:
    return {
        "status": _("Status"),
        "realisasi": _("Realisasi"),
        "milestone_done": _("Realisasi (milestone)"),
        "penjelasan": _("Penjelasan"),
        "kendala": _("Kendala"),
        "rencana_tindak_lanjut": _("Rencana Tindak Lanjut"),
        "capaian": _("Capaian"),
    }[name]


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    subject: str  # "Laporan" or the indicator's code
    subject_name: str
    field: str
    old: str
    new: str
    reason: str

    @property
    def is_status(self) -> bool:
        return self.subject_name == ""


def _who(user: Any) -> str:
    if user is None:
        return _("Sistem")
    return user.get_full_name() or user.username


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
    if name == "capaian":
        return f"{angka(value, 1)} %"
    if isinstance(value, Decimal):
        return angka(value, 4)
    return str(value)


def report_history(*, report: Report) -> list[HistoryEntry]:
    """Who changed what and when, with the old → new value and the reason; newest first."""
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
                    field=_field_label("status"),
                    old=_show("status", previous_status) if previous_status is not None else "—",
                    new=_show("status", record.status),
                    reason=record.history_change_reason or "",
                )
            )
            previous_status = record.status

    indicators = {
        pk: (code, name)
        for pk, code, name in Progress.objects.filter(report=report).values_list(
            "pk", "indicator__code", "indicator__name"
        )
    }
    records = (
        Progress.history.filter(report_id=report.pk)
        .select_related("history_user", "updated_by")
        .order_by("id", "history_date", "history_id")
    )
    last: dict[int, Any] = {}
    for record in records:
        before = last.get(record.id)
        code, name = indicators.get(record.id, ("?", ""))
        who = record.history_user or record.updated_by
        for name_ in PROGRESS_FIELDS:
            old = getattr(before, name_) if before is not None else None
            new = getattr(record, name_)
            if _blank(old) == _blank(new):
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(who),
                    subject=code,
                    subject_name=name or code,
                    field=_field_label(name_),
                    old=_show(name_, old),
                    new=_show(name_, new),
                    reason=record.history_change_reason or "",
                )
            )
        last[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
