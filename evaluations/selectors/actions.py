"""Reads of a report's rencana aksi rows: the report form's and the review page's Rencana Aksi section, and what
stops Ajukan. Always through roadmap.permissions.scope; the plan's rules are areas.action_rules'.

A row of the page (ActionRow) is built once here with what both pages show beside the inputs: the plan's tahapan
for the report's quarter (description and planned cumulative %), the planned % the rule compares with
(action_rules.planned_progress_at), the unit's share of the output target and of the budget, the evidence, and
the reviewer's notes of the return the officer works on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from areas import action_rules
from areas.models import ActionStage
from evaluations.models import ActionProgress, ActionStatus, Evidence, Report, ReviewDecision, ReviewNote
from roadmap.permissions import AnyUser, scope

PREVIEWABLE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One rencana aksi of the report, as the report form and the review page show it."""

    row: ActionProgress  # with assignment and plan (and, on the review page, its coordinator)
    stage: ActionStage | None  # the tahapan of the report's quarter, if the plan has one
    planned: Decimal  # the planned cumulative % at the report's quarter (areas.action_rules)
    due: bool  # something is due this quarter (a tahapan, or the planned end): Ajukan needs a status
    output_target: Decimal  # the unit's share of the output target (the whole target when no share is set)
    budget: Decimal | None  # the unit's share of the budget (Rp)
    evidence: list[Evidence]
    notes: list[ReviewNote]

    @property
    def plan(self) -> Any:
        return self.row.assignment.plan

    @property
    def reached(self) -> bool:
        return action_rules.reaches_plan(self.row.status, self.row.progress, self.planned)

    @property
    def status_label(self) -> str:
        return str(ActionStatus(self.row.status).label) if self.row.status else ""

    @property
    def absorption(self) -> Decimal | None:
        return action_rules.absorption(self.row.budget_realised, self.budget)

    def previewable(self, evidence: Evidence) -> bool:
        return evidence.content_type in PREVIEWABLE_TYPES


def _rows_qs(report: Report, *, plan_context: bool) -> QuerySet[ActionProgress]:
    # The report form's cards show the plan itself; the review page also names its coordinator. Neither reads
    # the group, area or theme (they only order the rows), so no instance of them is built (≈2 ms a page).
    related = ("assignment__plan__coordinator",) if plan_context else ("assignment__plan",)
    return (
        ActionProgress.objects.filter(report=report)
        .select_related(*related)
        .prefetch_related(
            Prefetch("assignment__plan__stages", queryset=ActionStage.objects.order_by("quarter")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"), to_attr="evidence_files"),
        )
        .order_by("assignment__plan__group__kind", "assignment__plan__group__order", "assignment__plan__code", "pk")
    )


def _current_notes(report: Report, decision: ReviewDecision | None) -> dict[int, list[ReviewNote]]:
    notes: dict[int, list[ReviewNote]] = defaultdict(list)
    if decision is not None:
        for note in ReviewNote.objects.filter(decision=decision, action_progress__isnull=False).order_by("pk"):
            notes[note.action_progress_id].append(note)  # type: ignore[index]
    return notes


def action_rows(
    *,
    report: Report,
    row_ids: list[int] | None = None,
    decision: ReviewDecision | None = None,
    plan_context: bool = False,
) -> list[ActionRow]:
    """The report's rencana aksi (all, or `row_ids`) by kind, group and code, in a fixed number of queries.

    `decision`: the return whose notes the officer sees on the rows (selectors.reports.current_decision);
    `plan_context`: with each plan's coordinator (the review page)."""
    qs = _rows_qs(report, plan_context=plan_context)
    if row_ids is not None:
        qs = qs.filter(pk__in=row_ids)
    quarter = report.cycle.quarter
    notes = _current_notes(report, decision)
    rows = []
    for row in qs:
        assignment = row.assignment
        plan = assignment.plan
        stages = list(plan.stages.all())
        rows.append(
            ActionRow(
                row=row,
                stage=next((s for s in stages if s.quarter == quarter), None),
                planned=action_rules.planned_progress_at(
                    [(s.quarter, s.planned_progress) for s in stages], quarter, plan.end_quarter
                ),
                due=plan.is_due_in(quarter),
                output_target=assignment.output_target if assignment.output_target is not None else plan.output_target,
                budget=assignment.budget,
                evidence=row.evidence_files,  # type: ignore[attr-defined]  # Prefetch(to_attr=…)
                notes=notes.get(row.pk, []),
            )
        )
    return rows


def action_problems(report: Report) -> list[str]:
    """What stops Ajukan among the actions: one due this quarter without a status, a Selesai one without evidence."""
    quarter = report.cycle.quarter
    problems: list[str] = []
    rows = (
        ActionProgress.objects.filter(report=report, assignment__plan__is_active=True)
        .select_related("assignment__plan")
        .prefetch_related("assignment__plan__stages")
        .annotate(evidence_count=Count("evidence"))
        .order_by("assignment__plan__code", "pk")
    )
    for row in rows:
        plan = row.assignment.plan
        if not row.status and plan.is_due_in(quarter):
            problems.append(_("%(code)s: status rencana aksi belum diisi.") % {"code": plan.code})
        if row.status == ActionStatus.DONE and row.evidence_count == 0:  # type: ignore[attr-defined]
            problems.append(_("%(code)s: bukti dukung rencana aksi yang Selesai belum diunggah.") % {"code": plan.code})
    return problems


def action_rows_to_save(report: Report) -> list[ActionProgress]:
    """The rows a posted report form is checked against (the service re-reads and locks them)."""
    return list(ActionProgress.objects.filter(report=report).select_related("assignment__plan").order_by("pk"))


def action_row_for(*, user: AnyUser, report: Report, pk: int) -> QuerySet[ActionProgress]:
    """One action row of `report` through the user's scope (404 for another unit's officer)."""
    return scope(ActionProgress.objects.select_related("report", "assignment__plan"), user, "report__unit").filter(
        Q(report=report) & Q(pk=pk)
    )


def action_rows_for(*, user: AnyUser) -> QuerySet[ActionProgress]:
    """Every action row the user may see (the API's write looks its row up here: another unit's is a 404)."""
    return scope(
        ActionProgress.objects.select_related("report__cycle", "report__unit", "assignment__plan"),
        user,
        "report__unit",
    )


def action_labels() -> dict[str, str]:
    """The words of a Rencana Aksi card (templates/jinja2/evaluations/officer/_action_row.jinja), translated once."""
    return {
        "anggaran": _("Anggaran (bagian unit)"),
        "belum_dilaporkan": _("Belum dilaporkan"),
        "bukti": _("Bukti Dukung"),
        "bukti_selesai": _("wajib bila Selesai"),
        "catatan": _("Catatan verifikator"),
        "contoh_rp": _("Rupiah kumulatif, contoh: 12.500.000"),
        "contoh_persen": _("0–100, kumulatif"),
        "hapus": _("Hapus"),
        "hapus_konfirmasi": _("Hapus %(name)s?"),
        "jatuh_tempo": _("Jatuh tempo triwulan ini"),
        "kendala": _("Kendala"),
        "no_evidence": _("Belum ada bukti dukung."),
        "output": _("Output"),
        "penjelasan": _("Penjelasan"),
        "pilih_berkas": _("Pilih berkas bukti dukung"),
        "progres": _("Progres kumulatif (%)"),
        "realisasi_anggaran": _("Realisasi anggaran (Rp)"),
        "realisasi_output": _("Realisasi output"),
        "rencana": _("Rencana progres"),
        "riwayat": _("Riwayat"),
        "buka_riwayat": _("Buka riwayat rencana aksi ini"),
        "rtl": _("Rencana Tindak Lanjut"),
        "simpan": _("Simpan rencana aksi ini"),
        "status": _("Status"),
        "tahapan": _("Tahapan"),
        "tanpa_tahapan": _("Tidak ada tahapan pada triwulan ini."),
        "target_output": _("Target output (bagian unit)"),
        "unggah": _("Unggah"),
        "versi": _("Versi baris tidak sah; muat ulang halaman."),
        "quick_win": _("Quick win"),
    }
