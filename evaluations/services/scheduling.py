"""The scheduled opening and closing of cycles, and the opening e-mail of each report.

Opening (06:00 WITA): for the active road map, every quarter whose window has started and
has not closed yet (opens_on <= today <= closes_on) and whose cycle is neither open nor
closed is opened: the cycle is created if needed, `cycle_open` creates the reports, and each
report gets one OPENING reminder (its officers are e-mailed once, ever: a partial unique
constraint). Old quarters are never opened en masse: a quarter whose closing date has passed
is opened only when an operator asks for it (`open_cycle --year --quarter`).

Closing (07:00 WITA): every open cycle whose closing date has passed is closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from evaluations.models import Cycle, CycleState, Reminder, ReminderKind, Report, default_window
from evaluations.services import cycles as cycle_services
from evaluations.services.reminders import Recipients, opening_recipients, reminder_claim
from roadmap.models import Roadmap, Unit


@dataclass(frozen=True)
class QuarterRef:
    roadmap: Roadmap
    year: int
    quarter: int


@dataclass(frozen=True)
class OpeningNotice:
    unit: Unit
    report: Report | None  # None in a dry run (the report does not exist yet)
    recipients: Recipients
    reminder: Reminder | None  # the OPENING row claimed by this call


@dataclass
class OpeningOutcome:
    ref: QuarterRef
    cycle: Cycle | None  # None in a dry run when the cycle does not exist yet
    opened: bool  # this call opened it (False: it was open already, or dry run)
    notices: list[OpeningNotice] = field(default_factory=list)


def quarters_to_open(*, today: dt.date) -> list[QuarterRef]:
    """Quarters of the active road map(s) whose window runs today and whose cycle is not open or closed yet."""
    refs = []
    for roadmap in Roadmap.objects.filter(is_active=True).order_by("start_year"):
        existing = {(c.year, c.quarter): c for c in Cycle.objects.filter(roadmap=roadmap)}
        for year in roadmap.years:
            for quarter in range(1, 5):
                cycle = existing.get((year, quarter))
                if cycle is not None and cycle.state != CycleState.SCHEDULED:
                    continue
                opens_on, _due, closes_on = (
                    (cycle.opens_on, cycle.due_on, cycle.closes_on) if cycle else default_window(year, quarter)
                )
                if opens_on <= today <= closes_on:
                    refs.append(QuarterRef(roadmap, year, quarter))
    return refs


def _claim_openings(cycle: Cycle, *, today: dt.date) -> list[OpeningNotice]:
    """One OPENING reminder for every report of the cycle that has none yet.

    Not only the reports this run created: if a run died between opening the cycle and
    claiming, the next run still owes those units their e-mail.
    """
    notices = []
    pending = (
        Report.objects.filter(cycle=cycle)
        .exclude(reminders__kind=ReminderKind.OPENING)
        .select_related("unit", "cycle")
        .order_by("unit__name")
    )
    for report in pending:
        recipients = opening_recipients(report)
        reminder = reminder_claim(report=report, kind=ReminderKind.OPENING, today=today, recipients=recipients)
        if reminder is not None:
            notices.append(OpeningNotice(report.unit, report, recipients, reminder))
    return notices


def handle_one_opening(*, ref: QuarterRef, today: dt.date, dry_run: bool = False) -> OpeningOutcome:
    """Open one quarter's cycle and claim its opening e-mails; a second call changes nothing."""
    if dry_run:
        return _plan_opening(ref)
    with transaction.atomic():
        # One transaction for the cycle, its reports and their reminder rows: a run that dies
        # half-way leaves nothing behind, and the mails are enqueued only once all is committed.
        cycle, _created = cycle_services.cycle_get_or_create(roadmap=ref.roadmap, year=ref.year, quarter=ref.quarter)
        result = cycle_services.cycle_open(cycle=cycle)
        # cycle_open holds the cycle's row lock until this transaction ends, so a concurrent
        # run waits here and then finds every report already claimed.
        notices = _claim_openings(result.cycle, today=today)
    return OpeningOutcome(ref=ref, cycle=result.cycle, opened=result.opened, notices=notices)


def _plan_opening(ref: QuarterRef) -> OpeningOutcome:
    """What opening would do: the units that would get a report, and who would be e-mailed."""
    cycle = Cycle.objects.filter(roadmap=ref.roadmap, year=ref.year, quarter=ref.quarter).first()
    units = cycle_services.units_with_targets(roadmap=ref.roadmap, year=ref.year, quarter=ref.quarter)
    notices = []
    claimed: set[int] = set()
    if cycle is not None:
        claimed = set(
            Reminder.objects.filter(report__cycle=cycle, kind=ReminderKind.OPENING).values_list(
                "report__unit_id", flat=True
            )
        )
    for unit in units:
        if unit.pk in claimed:
            continue
        notices.append(OpeningNotice(unit, None, opening_recipients(Report(unit=unit)), None))
    return OpeningOutcome(ref=ref, cycle=cycle, opened=False, notices=notices)


def open_due_cycles(*, today: dt.date, dry_run: bool = False) -> list[OpeningOutcome]:
    """The 06:00 job: open every quarter whose window has started today or earlier and not closed."""
    return [handle_one_opening(ref=ref, today=today, dry_run=dry_run) for ref in quarters_to_open(today=today)]


def cycles_to_close(*, today: dt.date) -> list[Cycle]:
    return list(
        Cycle.objects.filter(state=CycleState.OPEN, closes_on__lt=today)
        .select_related("roadmap")
        .order_by("year", "quarter")
    )


def close_due_cycles(*, today: dt.date, dry_run: bool = False) -> list[Cycle]:
    """The 07:00 job: close every open cycle past its closing date; returns the ones closed (or to close)."""
    due = cycles_to_close(today=today)
    if dry_run:
        return due
    return [cycle for cycle in due if cycle_services.cycle_close(cycle=cycle)]
