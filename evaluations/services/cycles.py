"""Cycles: create a quarter's cycle with its default window, open it (creating the reports), close it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from areas import scoring
from areas.models import ActionAssignment, IndicatorAnnualTarget, IndicatorTarget, Polarity
from evaluations import signals
from evaluations.models import ActionProgress, Cycle, CycleState, Progress, Report, default_window
from roadmap.models import Roadmap, Unit


@dataclass
class OpenResult:
    cycle: Cycle
    opened: bool  # False when it was open already (a second run changes nothing)
    reports: list[Report] = field(default_factory=list)  # the reports this call created


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
    """Active units that report this quarter: an active indicator with a target, or a rencana aksi of the year."""
    unit_ids = (
        IndicatorTarget.objects.filter(
            year=year, quarter=quarter, indicator__roadmap=roadmap, indicator__is_active=True
        )
        .values_list("indicator__unit_id", flat=True)
        .distinct()
    )
    action_unit_ids = _assignments(roadmap=roadmap, year=year).values_list("unit_id", flat=True).distinct()
    return list(Unit.objects.active().filter(Q(pk__in=unit_ids) | Q(pk__in=action_unit_ids)).order_by("name"))


def _assignments(*, roadmap: Roadmap, year: int) -> QuerySet[ActionAssignment]:
    """The pelaksana rows of the year's active rencana aksi: each is reported in every quarter of the year."""
    return ActionAssignment.objects.filter(plan__roadmap=roadmap, plan__year=year, plan__is_active=True)


def sync_action_rows(cycle: Cycle) -> int:
    """Give every report of the cycle a row per rencana aksi its unit carries out that year; returns rows added.

    Set-based and idempotent (the unique constraint and ignore_conflicts): a pelaksana added to the plan while
    the cycle is open gets its row on the next opening run, and nothing is ever removed.
    """
    reports = dict(Report.objects.filter(cycle=cycle).values_list("unit_id", "pk"))
    have = set(ActionProgress.objects.filter(report__cycle=cycle).values_list("report_id", "assignment_id"))
    rows = [
        ActionProgress(report_id=reports[unit_id], assignment_id=assignment_id)
        for assignment_id, unit_id in _assignments(roadmap=cycle.roadmap, year=cycle.year)
        .filter(unit_id__in=reports)
        .values_list("pk", "unit_id")
        if (reports[unit_id], assignment_id) not in have
    ]
    ActionProgress.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


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
        if reports:
            # bulk_create sends no model signals: say it here, in the transaction (the dashboards' summary and
            # completeness follow the new reports). The cycle's own save above sent its post_save.
            signals.reports_created.send(sender=Report, report_ids=[r.pk for r in reports])
    cycle.refresh_from_db()
    return OpenResult(cycle=locked, opened=opened, reports=reports)


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
