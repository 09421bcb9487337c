"""Cycles: create a quarter's cycle with its default window, open it (creating the reports), close it.

Opening a cycle gives each unit that reports this quarter its report, with a row per indicator with a target,
per rencana aksi it carries out that year (sync_action_rows) and per LHE recommendation it still follows up
(sync_follow_up_rows, docs/recommendations.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from areas import scoring
from areas.models import ActionAssignment, IndicatorAnnualTarget, IndicatorTarget, Polarity
from evaluations import signals
from evaluations.models import (
    OWED_STATUSES,
    ActionProgress,
    Cycle,
    CycleState,
    FollowUp,
    FollowUpStatus,
    Progress,
    RecommendationAssignment,
    Report,
    ReportStatus,
    default_window,
)
from roadmap.models import Roadmap, Unit


@dataclass
class OpenResult:
    cycle: Cycle
    opened: bool  # False when it was open already (a second run changes nothing)
    reports: list[Report] = field(default_factory=list)  # the reports this call created
    follow_ups: int = 0  # the follow-up rows this call added


def cycle_get_or_create(*, roadmap: Roadmap, year: int, quarter: int) -> tuple[Cycle, bool]:
    """The cycle of a quarter, created with DESIGN.md's default window; safe when two processes race."""
    opens_on, due_on, closes_on = default_window(year, quarter)
    defaults = {"opens_on": opens_on, "due_on": due_on, "closes_on": closes_on}
    try:
        with transaction.atomic():
            return Cycle.objects.get_or_create(roadmap=roadmap, year=year, quarter=quarter, defaults=defaults)
    except IntegrityError:
        # The other process won the unique constraint: take its row.
        return Cycle.objects.get(roadmap=roadmap, year=year, quarter=quarter), False


def units_with_targets(*, roadmap: Roadmap, year: int, quarter: int) -> list[Unit]:
    """Active units that report this quarter: an active indicator with a target, a rencana aksi of the year, or an
    LHE recommendation to follow up (follow_up_assignments)."""
    unit_ids = (
        IndicatorTarget.objects.filter(
            year=year, quarter=quarter, indicator__roadmap=roadmap, indicator__is_active=True
        )
        .values_list("indicator__unit_id", flat=True)
        .distinct()
    )
    action_unit_ids = _assignments(roadmap=roadmap, year=year).values_list("unit_id", flat=True).distinct()
    follow_up_unit_ids = {unit_id for _pk, unit_id in follow_up_assignments(year=year, quarter=quarter)}
    return list(
        Unit.objects.active()
        .filter(Q(pk__in=unit_ids) | Q(pk__in=action_unit_ids) | Q(pk__in=follow_up_unit_ids))
        .order_by("name")
    )


def _assignments(*, roadmap: Roadmap, year: int) -> QuerySet[ActionAssignment]:
    """The pelaksana rows of the year's active rencana aksi: each is reported in every quarter of the year."""
    return ActionAssignment.objects.filter(plan__roadmap=roadmap, plan__year=year, plan__is_active=True)


def follow_up_assignments(*, year: int, quarter: int) -> list[tuple[int, int]]:
    """(assignment id, unit id) of the LHE recommendations followed up in this quarter's reports: from the quarter
    of the LHE (RbEvaluation.follow_up_from) until the unit's follow-up was Selesai in an approved report of an
    earlier quarter. The due quarter does not stop it: an overdue recommendation is reported until it is done.
    No road map: the LHE's recommendations are every road map's (below)."""
    earlier = Q(report__cycle__year__lt=year) | Q(report__cycle__year=year, report__cycle__quarter__lt=quarter)
    done = FollowUp.objects.filter(
        earlier, assignment=OuterRef("pk"), status=FollowUpStatus.SELESAI, report__status=ReportStatus.DISETUJUI
    )
    assignments = (
        # Every LHE's, whichever road map its year fell in: the evaluation grades the regency, and the road map in
        # force reports the follow-up (the 2024 LHE is followed up in the 2025–2029 road map's quarters).
        RecommendationAssignment.objects.exclude(Exists(done))
        .select_related("recommendation__evaluation")
        .order_by("pk")
    )
    return [(a.pk, a.unit_id) for a in assignments if a.recommendation.evaluation.follow_up_from() <= (year, quarter)]


def _add_missing_rows(model: type[Model], cycle: Cycle, reports: dict[int, int], pairs: list[tuple[int, int]]) -> int:
    """A row of `model` (ActionProgress, FollowUp) per (assignment id, unit id) for the unit's report among
    `reports` (unit id → report id) that lacks it; returns the rows added. Set-based and idempotent (the unique
    constraint and ignore_conflicts): nothing is ever removed."""
    have = set(model.objects.filter(report__cycle=cycle).values_list("report_id", "assignment_id"))  # type: ignore[attr-defined]
    rows = [
        model(report_id=reports[unit_id], assignment_id=assignment_id)
        for assignment_id, unit_id in pairs
        if unit_id in reports and (reports[unit_id], assignment_id) not in have
    ]
    model.objects.bulk_create(rows, ignore_conflicts=True)  # type: ignore[attr-defined]
    return len(rows)


def sync_action_rows(cycle: Cycle) -> int:
    """Give every report of the cycle a row per rencana aksi its unit carries out that year; returns rows added.

    A pelaksana added to the plan while the cycle is open gets its row on the next opening run.
    """
    reports = dict(Report.objects.filter(cycle=cycle).values_list("unit_id", "pk"))
    pairs = list(_assignments(roadmap=cycle.roadmap, year=cycle.year).values_list("pk", "unit_id"))
    return _add_missing_rows(ActionProgress, cycle, reports, pairs)


def sync_follow_up_rows(cycle: Cycle) -> int:
    """Give the cycle's reports a row per LHE recommendation their unit follows up this quarter; returns rows added.

    Only reports the unit still owes (Belum Mulai, Draf, Dikembalikan): a submitted or approved report is not
    changed behind its reviewer's back; a recommendation added meanwhile is reported from the next quarter.
    """
    reports = dict(Report.objects.filter(cycle=cycle, status__in=OWED_STATUSES).values_list("unit_id", "pk"))
    pairs = follow_up_assignments(year=cycle.year, quarter=cycle.quarter)
    return _add_missing_rows(FollowUp, cycle, reports, pairs)


def _create_reports(cycle: Cycle) -> list[Report]:
    units = units_with_targets(roadmap=cycle.roadmap, year=cycle.year, quarter=cycle.quarter)
    existing = set(Report.objects.filter(cycle=cycle).values_list("unit_id", flat=True))
    new_reports = [Report(unit=u, cycle=cycle) for u in units if u.pk not in existing]
    Report.objects.bulk_create(new_reports, ignore_conflicts=True)
    created = list(
        Report.objects.filter(cycle=cycle, unit_id__in=[r.unit_id for r in new_reports]).select_related("unit", "cycle")
    )
    # A progress row per indicator with a target this quarter, with the target as it stands today.
    targets = IndicatorTarget.objects.filter(
        year=cycle.year,
        quarter=cycle.quarter,
        indicator__roadmap=cycle.roadmap,
        indicator__is_active=True,
        indicator__unit_id__in=[r.unit_id for r in created],
    ).values_list("indicator_id", "indicator__unit_id", "value", "value_upper")
    report_by_unit = {r.unit_id: r for r in created}
    # A milestone due later this year starts as "belum jatuh tempo" (areas.scoring.before_due).
    due = dict(
        IndicatorAnnualTarget.objects.filter(
            year=cycle.year, indicator__roadmap=cycle.roadmap, indicator__polarity=Polarity.MILESTONE
        ).values_list("indicator_id", "due_quarter")
    )
    Progress.objects.bulk_create(
        [
            Progress(
                report=report_by_unit[unit_id],
                indicator_id=indicator_id,
                target_value=value,
                target_upper=upper,
                not_yet_due=scoring.before_due(cycle.quarter, due.get(indicator_id)),
            )
            for indicator_id, unit_id, value, upper in targets
        ],
        ignore_conflicts=True,
    )
    return created


def cycle_open(*, cycle: Cycle, now: dt.datetime | None = None) -> OpenResult:
    """Open the cycle and create a report for every unit with targets this quarter.

    Idempotent under concurrency: the cycle row is locked, and a cycle that is already
    open only gains the reports of units added since (none on a second run).
    """
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        opened = locked.state != CycleState.OPEN
        if opened:
            locked.state = CycleState.OPEN
            locked.opened_at = now or timezone.now()
            locked.closed_at = None
            locked.save(update_fields=["state", "opened_at", "closed_at"])
        reports = _create_reports(locked)
        sync_action_rows(locked)
        follow_ups = sync_follow_up_rows(locked)
        if reports:
            # bulk_create sends no model signals: say it here, in the transaction (the dashboards' summary and
            # completeness follow the new reports). The cycle's own save above sent its post_save.
            signals.reports_created.send(sender=Report, report_ids=[r.pk for r in reports])
    cycle.refresh_from_db()
    return OpenResult(cycle=locked, opened=opened, reports=reports, follow_ups=follow_ups)


def cycle_close(*, cycle: Cycle, now: dt.datetime | None = None) -> bool:
    """Close the cycle: entry is locked for every report not reopened. True when this call closed it."""
    changed = (
        Cycle.objects.filter(pk=cycle.pk)
        .exclude(state=CycleState.CLOSED)
        .update(state=CycleState.CLOSED, closed_at=now or timezone.now())
    )
    if changed:
        # update() sends no model signal; the cycle's state shows on the dashboards. Without a transaction the
        # receivers' writes are autocommitted right after the update, as before.
        signals.cycle_closed.send(sender=Cycle, cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return bool(changed)


def cycle_update_dates(*, cycle: Cycle, opens_on: dt.date, due_on: dt.date, closes_on: dt.date) -> Cycle:
    """The Admin may move a cycle's window; the database keeps the dates in order."""
    cycle.opens_on, cycle.due_on, cycle.closes_on = opens_on, due_on, closes_on
    cycle.full_clean()
    cycle.save(update_fields=["opens_on", "due_on", "closes_on"])
    return cycle
