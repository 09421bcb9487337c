"""Each pelaksana's quarterly rencana aksi rows in the demo's history, written through the services.

demo.history calls `save_action_rows` in each officer's Simpan Draf step (after the indicator rows): every row
of the report (the first half in a partial draft) gets the values of demo.action_stories, and a Selesai row its
bukti dukung (a small PDF of demo.evidence).

The rows go through `evaluations.services.actions.action_row_save` and the evidence service. Until those
accept an action row, `_interim_save` / `_interim_evidence` write the row with the same checks and effects
(report lock, officer, lock reason of the story's day, version, history with "Simpan Draf"): remove them once the
service is on main (the adapter below prefers the service whenever it exists).
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from demo import evidence
from demo.action_stories import ActionValues, PlanFacts, values_at
from evaluations.exceptions import ReportLocked, StaleEdit
from evaluations.models import ROMAN, ActionProgress, Evidence, Progress, Report, ReportStatus
from evaluations.services import evidence as evidence_service
from roadmap import permissions
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


# --- through the services (or, until they take an action row, the interim writers) ------------------------


def _service() -> Any:
    try:
        from evaluations.services import actions
    except ImportError:
        return None
    return getattr(actions, "action_row_save", None)


def _save(*, user: User, row: ActionProgress, values: ActionValues, today: dt.date) -> ActionProgress:
    service = _service()
    if service is None:
        return _interim_save(user=user, row=row, data=values.as_data(), today=today)
    extra = {"today": today} if "today" in inspect.signature(service).parameters else {}
    return service(user=user, row=row, data=values.as_data(), version=row.version, **extra)


def _evidence_keyword() -> str | None:
    """The keyword with which the evidence service takes an action row, or None while it takes indicator rows only
    (its `progress` typed as Progress alone)."""
    parameters = inspect.signature(evidence_service.evidence_add_many).parameters
    for name in ("row", "action_progress"):
        if name in parameters:
            return name
    annotation = parameters["progress"].annotation if "progress" in parameters else "Progress"
    return None if annotation in ("Progress", Progress) else "progress"


def _add_evidence(row: ActionProgress, officer: User, day: dt.date) -> None:
    upload = action_evidence_file(row)
    keyword = _evidence_keyword()
    if keyword is None:
        _interim_evidence(row=row, user=officer, upload=upload, today=day)
        return
    evidence_service.evidence_add_many(**{keyword: row}, user=officer, uploaded_files=[upload], today=day)


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
    return SimpleUploadedFile(name, content, content_type=evidence_service.PDF.content_type)


def _lock_editable(row: ActionProgress, user: User, today: dt.date) -> Report:
    report = Report.objects.select_for_update().select_related("cycle", "unit").get(pk=row.report_id)
    if not permissions.can_enter_data(user, report.unit_id):
        raise ReportLocked("Anda tidak berhak mengisi laporan unit ini.")
    reason = report.lock_reason(today)
    if reason:
        raise ReportLocked(reason)
    return report


def _interim_save(*, user: User, row: ActionProgress, data: dict[str, Any], today: dt.date) -> ActionProgress:
    """Interim: what action_row_save does, for the demo only, until S2a's service is on main."""
    with transaction.atomic():
        report = _lock_editable(row, user, today)
        locked = ActionProgress.objects.select_for_update().get(pk=row.pk)
        if locked.version != row.version:
            raise StaleEdit("Baris rencana aksi sudah diubah orang lain.", problems=[row.assignment.plan.code])
        for name, value in data.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.updated_by = user
        locked._change_reason = "Simpan Draf"  # type: ignore[attr-defined]
        locked.save()
        if report.status == ReportStatus.BELUM_MULAI:
            report.status = ReportStatus.DRAF
            report._change_reason = "Simpan Draf"  # type: ignore[attr-defined]
            report.save(update_fields=["status", "updated_at"])
    locked.assignment = row.assignment
    locked.report = report
    return locked


def _interim_evidence(*, row: ActionProgress, user: User, upload: SimpleUploadedFile, today: dt.date) -> None:
    """Interim: the evidence service's checks and storage for an action row, until it takes one."""
    checked = evidence_service.check_file(upload)
    with transaction.atomic():
        _lock_editable(row, user, today)
        item = Evidence(
            action_progress=row,
            original_name=checked.original_name,
            size=checked.size,
            content_type=checked.kind.content_type,
            uploaded_by=user,
        )
        upload.seek(0)
        item.file.save(f"bukti{checked.kind.extension}", File(upload), save=False)
        item.save()
