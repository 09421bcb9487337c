"""Each pelaksana's quarterly rencana aksi rows in the demo's history, written through the services.

demo.history calls `save_action_rows` in each officer's Simpan Draf step (after the indicator rows): every row
of the report (the first half in a partial draft) gets the values of demo.action_stories, and a Selesai row its
bukti dukung (a small PDF of demo.evidence).

The rows go through `evaluations.services.actions.action_row_save` and the evidence service, with the story's day
as `today` (the lock check), like the indicator rows.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from demo import evidence
from demo.action_stories import ActionValues, PlanFacts, values_at
from evaluations.models import ROMAN, ActionProgress, Report
from evaluations.services.actions import action_row_save
from evaluations.services.evidence import PDF, evidence_add_many
from roadmap.models import User


def facts_of(row: ActionProgress) -> PlanFacts:
    assignment = row.assignment
    plan = assignment.plan
    return PlanFacts(
        code=plan.code,
        year=plan.year,
        slug=assignment.unit.slug,
        start=plan.start_quarter,
        end=plan.end_quarter,
        stages={s.quarter: (s.description, s.planned_progress) for s in plan.stages.all()},
        target=assignment.output_target if assignment.output_target is not None else plan.output_target,
        budget=assignment.budget or Decimal(0),
        satuan=plan.output_satuan,
    )


def rows_of(report: Report) -> list[ActionProgress]:
    return list(
        ActionProgress.objects.filter(report=report)
        .select_related("assignment__plan", "assignment__unit")
        .prefetch_related("assignment__plan__stages")
        .order_by("assignment__plan__code")
    )


def save_action_rows(*, report: Report, officer: User, day: dt.date, quarter: int, partial: bool) -> int:
    """The officer's rows of this report as the story has them; returns the rows written."""
    rows = rows_of(report)
    if partial:
        rows = rows[: len(rows) // 2]
    for row in rows:
        values = values_at(facts_of(row), quarter)
        saved = _save(user=officer, row=row, values=values, today=day)
        if values.done:
            _add_evidence(saved, officer, day)
    return len(rows)


# --- through the services ---------------------------------------------------------------------------------


def _save(*, user: User, row: ActionProgress, values: ActionValues, today: dt.date) -> ActionProgress:
    return action_row_save(user=user, row=row, data=values.as_data(), version=row.version, today=today)


def _add_evidence(row: ActionProgress, officer: User, day: dt.date) -> None:
    evidence_add_many(progress=row, user=officer, uploaded_files=[action_evidence_file(row)], today=day)


def action_evidence_file(row: ActionProgress) -> SimpleUploadedFile:
    """The laporan of a finished rencana aksi: Laporan_Rencana_Aksi_RA-PTL-1.01_Setda_TW_II_2026.pdf."""
    plan, unit = row.assignment.plan, row.assignment.unit
    cycle = row.report.cycle
    short = re.sub(r"[^A-Za-z0-9]+", "_", unit.short_name).strip("_")
    name = f"Laporan_Rencana_Aksi_{plan.code}_{short}_TW_{ROMAN[cycle.quarter]}_{cycle.year}.pdf"
    period = f"Triwulan {ROMAN[cycle.quarter]} Tahun {cycle.year}"
    lines = [
        f"Perangkat daerah pelaksana: {unit.name}",
        f"Periode: {period}",
        f"Rencana aksi: {plan.code} {plan.name}",
        f"Output: {plan.output} ({plan.output_satuan})",
        f"Realisasi output: {row.output_realised}",
        "Status: Selesai",
        "",
        "Tahapan:",
        *(f"- TW {s.quarter}: {s.description} ({s.planned_progress} %)" for s in plan.stages.all()),
        "",
        "Ditetapkan oleh kepala perangkat daerah.",
        "Dibuat otomatis untuk data demo Monev RB.",
    ]
    content = evidence.pdf_bytes(f"Laporan Rencana Aksi RB - {period}", lines)
    return SimpleUploadedFile(name, content, content_type=PDF.content_type)
