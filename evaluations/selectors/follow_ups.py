"""Reads of a report's tindak lanjut rows (FollowUp): the report form's and the review page's "Tindak Lanjut
Rekomendasi LHE" section, and what stops Ajukan. Always through roadmap.permissions.scope.

A row of the page (FollowUpRow) is built once here with what both pages show beside the inputs: the
recommendation with its LHE, whether it is past its due quarter, what the unit reported last time (the latest
earlier row with a status), the evidence and the reviewer's notes of the return the officer works on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from evaluations.models import (
    Evidence,
    FollowUp,
    FollowUpStatus,
    Recommendation,
    Report,
    ReviewDecision,
    ReviewNote,
    today_wita,
)
from roadmap.permissions import AnyUser, scope


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """One recommendation of the report, as the report form and the review page show it."""

    row: FollowUp  # with assignment, recommendation and its evaluation
    previous: FollowUp | None  # the unit's latest earlier row with a status (the last quarter's tindak lanjut)
    overdue: bool  # past its due quarter and not Selesai in this row
    evidence: list[Evidence]
    notes: list[ReviewNote]

    @property
    def recommendation(self) -> Recommendation:
        return self.row.assignment.recommendation

    @property
    def status_label(self) -> str:
        return str(FollowUpStatus(self.row.status).label) if self.row.status else ""

    @property
    def previous_label(self) -> str:
        if self.previous is None:
            return ""
        return f"{FollowUpStatus(self.previous.status).label} ({self.previous.report.cycle.label})"


def _rows_qs(report: Report) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(report=report)
        .select_related("assignment__recommendation__evaluation")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"), to_attr="evidence_files")
        )
        .order_by("assignment__recommendation__evaluation__year", "assignment__recommendation__number", "pk")
    )


def _previous(report: Report, assignment_ids: list[int]) -> dict[int, FollowUp]:
    cycle = report.cycle
    earlier = Q(report__cycle__year__lt=cycle.year) | Q(
        report__cycle__year=cycle.year, report__cycle__quarter__lt=cycle.quarter
    )
    latest: dict[int, FollowUp] = {}
    rows = (
        FollowUp.objects.filter(earlier, assignment_id__in=assignment_ids)
        .exclude(status="")
        .select_related("report__cycle")
        .order_by("-report__cycle__year", "-report__cycle__quarter")
    )
    for row in rows:
        latest.setdefault(row.assignment_id, row)
    return latest


def _current_notes(decision: ReviewDecision | None) -> dict[int, list[ReviewNote]]:
    notes: dict[int, list[ReviewNote]] = defaultdict(list)
    if decision is not None:
        for note in ReviewNote.objects.filter(decision=decision, follow_up__isnull=False).order_by("pk"):
            notes[note.follow_up_id].append(note)  # type: ignore[index]
    return notes


def follow_up_rows(
    *,
    report: Report,
    row_ids: list[int] | None = None,
    decision: ReviewDecision | None = None,
    today: dt.date | None = None,
) -> list[FollowUpRow]:
    """The report's follow-up rows (all, or `row_ids`) by LHE year and number, in a fixed number of queries.

    `decision`: the return whose notes the officer sees on the rows (selectors.reports.current_decision)."""
    today = today or today_wita()
    qs = _rows_qs(report)
    if row_ids is not None:
        qs = qs.filter(pk__in=row_ids)
    rows = list(qs)
    previous = _previous(report, [row.assignment_id for row in rows])
    notes = _current_notes(decision)
    return [
        FollowUpRow(
            row=row,
            previous=previous.get(row.assignment_id),
            overdue=row.assignment.recommendation.is_past_due(today) and row.status != FollowUpStatus.SELESAI,
            evidence=row.evidence_files,  # type: ignore[attr-defined]  # Prefetch(to_attr=…)
            notes=notes.get(row.pk, []),
        )
        for row in rows
    ]


def follow_up_problems(report: Report) -> list[str]:
    """What stops Ajukan among the follow-ups: a row without a status, a Selesai one without evidence."""
    problems: list[str] = []
    rows = (
        FollowUp.objects.filter(report=report)
        .select_related("assignment__recommendation__evaluation")
        .annotate(evidence_count=Count("evidence"))
        .order_by("assignment__recommendation__evaluation__year", "assignment__recommendation__number", "pk")
    )
    for row in rows:
        code = row.assignment.recommendation.code
        if not row.status:
            problems.append(_("%(code)s: status tindak lanjut rekomendasi belum diisi.") % {"code": code})
        elif row.status == FollowUpStatus.SELESAI and row.evidence_count == 0:  # type: ignore[attr-defined]
            problems.append(_("%(code)s: bukti dukung tindak lanjut yang Selesai belum diunggah.") % {"code": code})
    return problems


def follow_up_rows_to_save(report: Report) -> list[FollowUp]:
    """The rows a posted report form is checked against (the service re-reads and locks them)."""
    return list(
        FollowUp.objects.filter(report=report).select_related("assignment__recommendation__evaluation").order_by("pk")
    )


def follow_up_row_for(*, user: AnyUser, report: Report, pk: int) -> QuerySet[FollowUp]:
    """One follow-up row of `report` through the user's scope (404 for another unit's officer)."""
    return scope(
        FollowUp.objects.select_related("report", "assignment__recommendation__evaluation"), user, "report__unit"
    ).filter(Q(report=report) & Q(pk=pk))


def follow_up_labels() -> dict[str, str]:
    """The words of a follow-up card (templates/jinja2/evaluations/officer/_follow_up_row.jinja), translated once."""
    return {
        "belum_dilaporkan": _("Belum dilaporkan"),
        "bukti": _("Bukti Dukung"),
        "bukti_selesai": _("wajib bila Selesai"),
        "catatan": _("Catatan verifikator"),
        "hapus": _("Hapus"),
        "hapus_konfirmasi": _("Hapus %(name)s?"),
        "jatuh_tempo": _("Jatuh tempo"),
        "lalu": _("Tindak lanjut terakhir"),
        "no_evidence": _("Belum ada bukti dukung."),
        "penjelasan": _("Penjelasan tindak lanjut"),
        "pilih_berkas": _("Pilih berkas bukti dukung"),
        "riwayat": _("Riwayat"),
        "buka_riwayat": _("Buka riwayat tindak lanjut ini"),
        "simpan": _("Simpan tindak lanjut ini"),
        "status": _("Status tindak lanjut"),
        "terlambat": _("Terlambat"),
        "unggah": _("Unggah"),
        "versi": _("Versi baris tidak sah; muat ulang halaman."),
    }
