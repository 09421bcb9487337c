"""The LHE's recommendations and their tindak lanjut: BPSDM enters a recommendation with its units; each assigned
unit reports its follow-up (FollowUp rows) in its quarterly reports until it is done (docs/recommendations.md).

Saving the rows follows services.rows (the rencana aksi's rules: report lock, row lock, optimistic version, all or
nothing, Riwayat). The values, checked field by field (ValidationError by field):

- status: one of FollowUpStatus, or empty (not reported yet); an explanation without a status is refused.
- explanation: text, stripped.

Which reports get which rows is services.cycles.sync_follow_up_rows; what stops Ajukan is
selectors.follow_ups.follow_up_problems (a row without a status, a Selesai one without evidence).

Not covered: a unit cannot be taken off a recommendation once it has reported on it (its rows are the record);
a recommendation's text may be corrected at any time, the reports show the text as it is now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.exceptions import InvalidTransition
from evaluations.models import (
    Cycle,
    CycleState,
    FollowUp,
    FollowUpStatus,
    RbEvaluation,
    Recommendation,
    RecommendationAssignment,
    Report,
)
from evaluations.services import cycles
from evaluations.services.rows import RowInput, RowKind, RowsInvalid, row_save, rows_save
from roadmap import permissions
from roadmap.models import Unit, User

FIELDS = ("status", "explanation")


class FollowUpRowsInvalid(RowsInvalid):
    """Some follow-up rows' values were refused: `errors` = {row id: {field: [messages]}}; nothing was saved."""


def clean_follow_up_values(row: FollowUp, data: Mapping[str, Any]) -> dict[str, Any]:
    """The values to store for `row`: `data` over the stored ones, checked; ValidationError by field if refused."""
    values: dict[str, Any] = {name: getattr(row, name) for name in FIELDS}
    values.update({name: data[name] for name in FIELDS if name in data})
    errors: dict[str, list[str]] = {}
    status = values["status"] or ""
    if status not in ("", *FollowUpStatus.values):
        errors["status"] = [_("Pilih salah satu status: Belum, Dalam Proses atau Selesai.")]
    values["status"] = status
    values["explanation"] = "" if values["explanation"] is None else str(values["explanation"]).strip()
    if not status and values["explanation"] and "status" not in errors:
        errors["status"] = [_("Pilih status tindak lanjut ini sebelum mengisi penjelasannya.")]
    if errors:
        raise ValidationError(errors)
    return values


FOLLOW_UP_ROWS = RowKind(
    model=FollowUp,
    related=("assignment__recommendation__evaluation",),
    fields=FIELDS,
    code=lambda row: row.assignment.recommendation.code,
    clean=clean_follow_up_values,
    invalid=FollowUpRowsInvalid,
    not_of_report=gettext_lazy("Sebagian tindak lanjut rekomendasi tidak termasuk laporan ini."),
    stale=gettext_lazy(
        "Tindak lanjut rekomendasi %(codes)s sudah diubah orang lain sejak halaman ini dibuka. "
        "Muat ulang halaman untuk melihat nilai terbaru; tidak ada yang disimpan."
    ),
    refused=gettext_lazy("Ada isian tindak lanjut rekomendasi yang belum benar; tidak ada yang disimpan."),
)


def follow_up_rows_save(
    *, user: User, report: Report, rows: Sequence[RowInput], today: dt.date | None = None
) -> Report:
    """Save several follow-up rows of one report, all or nothing (services.rows): ReportLocked, StaleEdit (the
    recommendations' codes in `problems`) or FollowUpRowsInvalid, before anything is written."""
    return rows_save(kind=FOLLOW_UP_ROWS, user=user, report=report, rows=rows, today=today)


def follow_up_row_save(
    *, user: User, row: FollowUp, data: Mapping[str, Any], version: int, today: dt.date | None = None
) -> FollowUp:
    """Save one follow-up row (the card's save). Raises ReportLocked, StaleEdit, or ValidationError by field."""
    return row_save(kind=FOLLOW_UP_ROWS, user=user, row=row, data=data, version=version, today=today)


# --- Entering the recommendations (BPSDM) ------------------------------------------------------------------------


def _check_values(
    evaluation: RbEvaluation, number: int, due_year: int, due_quarter: int, units: list[Unit], pk: int | None
) -> None:
    errors: dict[str, list[str]] = {}
    if number < 1:
        errors["number"] = [_("Nomor rekomendasi mulai dari 1.")]
    elif Recommendation.objects.filter(evaluation=evaluation, number=number).exclude(pk=pk).exists():
        errors["number"] = [_("Nomor rekomendasi sudah dipakai pada LHE ini.")]
    if due_quarter not in (1, 2, 3, 4):
        errors["due_quarter"] = [_("Triwulan harus 1 sampai 4.")]
    if due_year < evaluation.year:
        errors["due_year"] = [
            _("Tahun jatuh tempo tidak boleh sebelum tahun evaluasi (%(year)s).") % {"year": evaluation.year}
        ]
    if not units:
        errors["units"] = [_("Pilih minimal satu unit penanggung jawab.")]
    if errors:
        raise ValidationError(errors)


def _set_units(recommendation: Recommendation, units: list[Unit]) -> None:
    """Add the new units; take off the ones no longer named, unless they have reported on it already."""
    wanted = {u.pk for u in units}
    current = {a.unit_id: a for a in recommendation.assignments.select_related("unit")}
    gone = [a for unit_id, a in current.items() if unit_id not in wanted]
    reported = [a.unit.name for a in gone if a.follow_ups.exclude(status="").exists()]
    if reported:
        raise ValidationError(
            {
                "units": [
                    _("%(units)s sudah melaporkan tindak lanjut rekomendasi ini dan tidak dapat dilepas.")
                    % {"units": ", ".join(sorted(reported))}
                ]
            }
        )
    for assignment in gone:
        assignment.follow_ups.all().delete()  # rows not reported on yet
        assignment.delete()
    RecommendationAssignment.objects.bulk_create(
        [RecommendationAssignment(recommendation=recommendation, unit_id=pk) for pk in wanted - set(current)],
        ignore_conflicts=True,
    )


def recommendation_save(
    *,
    user: User,
    evaluation: RbEvaluation,
    number: int,
    text: str,
    due_year: int,
    due_quarter: int,
    units: Iterable[Unit],
    recommendation: Recommendation | None = None,
) -> Recommendation:
    """Add (or change) a recommendation of an LHE with its responsible units; only a Verifikator or the Admin.

    The open cycles' reports of its units get their rows at once (services.cycles.sync_follow_up_rows: an open,
    still editable report; a submitted or approved one is left as it is, its unit reports the recommendation from
    the next quarter). Raises InvalidTransition (who), ValidationError by field (number, due_year, due_quarter,
    units, text).
    """
    if not permissions.can_review(user):
        raise InvalidTransition(_("Hanya Verifikator atau Admin yang dapat mengisi rekomendasi LHE."))
    text = (text or "").strip()
    units = list(units)
    _check_values(evaluation, number, due_year, due_quarter, units, recommendation.pk if recommendation else None)
    if not text:
        raise ValidationError({"text": [_("Isi rekomendasi wajib diisi.")]})
    with transaction.atomic():
        if recommendation is None:
            recommendation = Recommendation(evaluation=evaluation)
        else:
            recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        recommendation.number, recommendation.text = number, text
        recommendation.due_year, recommendation.due_quarter = due_year, due_quarter
        recommendation.save()
        _set_units(recommendation, units)
        follow_up_sync_open_cycles(evaluation=evaluation)
    return recommendation


def follow_up_sync_open_cycles(*, evaluation: RbEvaluation) -> int:
    """After recommendations changed: the open cycles give their units' reports the rows (and a report to a unit
    that had none). Returns the rows added. The Django admin calls it too. `evaluation` is whose recommendations
    changed: every open cycle follows up every LHE (services.cycles.follow_up_assignments)."""
    added = 0
    for cycle in Cycle.objects.filter(state=CycleState.OPEN).select_related("roadmap"):
        added += cycles.cycle_open(cycle=cycle).follow_ups
    return added
