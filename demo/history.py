"""The demo's history, played through the services in the order it happened.

For each past quarter of the active road map: the 06:00 job opens the cycle and claims the opening e-mails;
each morning after the due date the 08:00 job claims the overdue reminders; officers save drafts, upload their
evidence and submit (report_save_draft, evidence_add_many, report_submit); the Verifikator returns or approves
(report_return with notes, report_approve); the 07:00 job closes the cycle after day 20. The quarter open now
is played up to today. Reminders are delivered through reminder_deliver to a dummy mail backend, so they are
recorded as sent; every other e-mail of the past is dropped (demo.clock.past_events), and every time stamp is
set to the story's moment (demo.clock.at).

Not covered: Buka Kembali, reminders that fail, evidence that is deleted; the services' own tests show them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.mail import get_connection
from django.db.models import Model, Sum
from django.utils import translation

from demo import action_rows, evidence, recommendations, texts
from demo.catalog import PlannedIndicator
from demo.clock import at, past_events
from demo.quarters import Quarter, QuarterPlan, Window
from demo.stories import (
    Action,
    Flaw,
    Outcome,
    Story,
    capaian_share,
    current_outcome,
    current_story,
    flaw_for,
    history_outcome,
    history_story,
    milestone_done,
    moment,
    realisasi,
    rng,
)
from evaluations.models import (
    ActionProgress,
    Cycle,
    Evidence,
    FollowUp,
    Progress,
    Reminder,
    Report,
    ReviewDecision,
    default_window,
)
from evaluations.services import cycles, reminders, reports, scheduling
from evaluations.services.evidence import evidence_add_many
from roadmap.models import Roadmap, Unit, User

OPENING_HOUR, REMINDER_HOUR, CLOSING_HOUR = 6, 8, 7  # the beat's times (config/celery.py)


@dataclass
class Cast:
    reviewer: User
    officers: dict[int, User]  # unit id → its Operator Unit
    units: dict[int, Unit]
    indicators: dict[str, PlannedIndicator]  # code → the plan of the active road map's indicator


@dataclass
class Quarterly:
    """What one quarter's play needs to know."""

    roadmap: Roadmap
    quarter: Quarter
    position: int  # in plan.quarters
    plan: QuarterPlan
    today: dt.date
    cycle: Cycle | None = None
    flaws: dict[int, tuple[Flaw, int | None, Decimal | None]] = field(default_factory=dict)  # report → flaw


def play(*, roadmap: Roadmap, plan: QuarterPlan, cast: Cast, today: dt.date, now: dt.datetime) -> Cycle:
    """Every quarter of `plan`, oldest first; returns the cycle open now."""
    mail = get_connection("django.core.mail.backends.dummy.EmailBackend")
    with past_events(), translation.override("id"):
        for position, quarter in enumerate(plan.history):
            _play_quarter(Quarterly(roadmap, quarter, position, plan, today), cast, mail, now, closed=True)
        current = Quarterly(roadmap, plan.current, len(plan.history), plan, today)
        _play_quarter(current, cast, mail, now, closed=False)
    assert current.cycle is not None
    return current.cycle


def _play_quarter(q: Quarterly, cast: Cast, mail: object, now: dt.datetime, *, closed: bool) -> None:
    window = Window(*default_window(*q.quarter)) if closed else q.plan.window
    events: list[tuple[dt.datetime, int, Callable[[], None]]] = []  # (when, order, what)

    def add(when: dt.datetime, what: Callable[[], None]) -> None:
        events.append((when, len(events), what))

    opened_at = moment(window.opens_on, OPENING_HOUR)
    if not closed:
        opened_at = min(opened_at, now - dt.timedelta(hours=2))
    add(opened_at, lambda: _open(q, window, cast, mail, opened_at))
    day = window.due_on + dt.timedelta(days=1)
    last_reminder_day = window.closes_on if closed else q.today
    while day <= last_reminder_day:
        when = moment(day, REMINDER_HOUR)
        if when < now:
            add(when, _remind(q, day, cast, mail, when))
        day += dt.timedelta(days=1)
    for unit_id, unit in cast.units.items():
        story = _story_of(q, unit, window, now, closed=closed)
        for step in story.steps:
            add(step.at, _act(q, unit_id, step.action, step.at, cast))
    if closed:
        closes = moment(window.closes_on + dt.timedelta(days=1), CLOSING_HOUR)
        add(closes, lambda: _close(q, closes))
    for _when, _order, what in sorted(events, key=lambda e: (e[0], e[1])):
        what()


def _story_of(q: Quarterly, unit: Unit, window: Window, now: dt.datetime, *, closed: bool) -> Story:
    r = rng("langkah", unit.slug, *q.quarter)
    if closed:
        outcome = history_outcome(unit.slug, q.position, len(q.plan.history), q.quarter)
        return history_story(outcome, window, r)
    return current_story(current_outcome(unit.slug), window, now, r)


# --- the scheduled jobs ------------------------------------------------------------------------------------


def _deliver(reminder: Reminder | None, mail: object) -> None:
    if reminder is not None:
        reminders.reminder_deliver(reminder_id=reminder.pk, final_attempt=True, connection=mail)


def _open(q: Quarterly, window: Window, cast: Cast, mail: object, when: dt.datetime) -> None:
    with at(when, Cycle, Report, Progress, ActionProgress, Reminder):
        cycle, _created = cycles.cycle_get_or_create(roadmap=q.roadmap, year=q.quarter[0], quarter=q.quarter[1])
        if (cycle.opens_on, cycle.due_on, cycle.closes_on) != (window.opens_on, window.due_on, window.closes_on):
            cycles.cycle_update_dates(
                cycle=cycle, opens_on=window.opens_on, due_on=window.due_on, closes_on=window.closes_on
            )
        ref = scheduling.QuarterRef(q.roadmap, *q.quarter)
        outcome = scheduling.handle_one_opening(ref=ref, today=window.opens_on)
        for notice in outcome.notices:
            _deliver(notice.reminder, mail)
    q.cycle = outcome.cycle


def _remind(q: Quarterly, day: dt.date, cast: Cast, mail: object, when: dt.datetime) -> Callable[[], None]:
    def run() -> None:
        with at(when, Reminder):
            for line in reminders.remind_overdue(today=day):
                _deliver(line.reminder, mail)

    return run


def _close(q: Quarterly, when: dt.datetime) -> None:
    assert q.cycle is not None
    with at(when, Cycle):
        cycles.cycle_close(cycle=q.cycle, now=when)


# --- what officers and the reviewer do ---------------------------------------------------------------------


def _act(q: Quarterly, unit_id: int, action: Action, when: dt.datetime, cast: Cast) -> Callable[[], None]:
    def run() -> None:
        assert q.cycle is not None
        report = Report.objects.select_related("unit", "cycle").get(cycle=q.cycle, unit_id=unit_id)
        officer, day = cast.officers[unit_id], when.date()
        actor = cast.reviewer if action in (Action.RETURN, Action.APPROVE) else officer
        with at(when, *WRITES[action], actor=actor):
            if action in (Action.DRAFT, Action.PARTIAL):
                _draft(q, report, officer, day, cast, partial=action == Action.PARTIAL)
            elif action == Action.SUBMIT:
                reports.report_submit(report=report, user=officer, today=day)
            elif action == Action.RETURN:
                _return(q, report, cast.reviewer, day, cast)
            elif action == Action.FIX:
                _fix(q, report, officer, day, cast)
                reports.report_submit(report=report, user=officer, today=day)
            elif action == Action.APPROVE:
                reports.report_approve(report=report, reviewer=cast.reviewer)

    return run


# What each step writes (demo.clock.at stamps these models only).
WRITES: dict[Action, tuple[type[Model], ...]] = {
    Action.DRAFT: (Report, Progress, ActionProgress, FollowUp, Evidence),
    Action.PARTIAL: (Report, Progress, ActionProgress, FollowUp, Evidence),
    Action.SUBMIT: (Report,),
    Action.RETURN: (Report, ReviewDecision),
    Action.FIX: (Report, Progress, ActionProgress, FollowUp, Evidence),
    Action.APPROVE: (Report, ReviewDecision),
}


@dataclass(frozen=True)
class RowValues:
    progress: Progress
    plan: PlannedIndicator
    share: Decimal
    value: Decimal | None  # what the officer enters: a cumulative indicator's own quarter, not the sum to date
    done: bool | None
    to_date: Decimal | None = None  # a cumulative indicator's sum to date, which the texts and evidence quote

    def as_input(self, q: Quarterly, *, value: Decimal | None = None, explain: bool = True) -> reports.ProgressInput:
        t, r = self.plan.template, rng("teks", self.plan.code, *q.quarter)
        entered = self.value if value is None else value
        shown = self.to_date if value is None and self.to_date is not None else entered
        return reports.ProgressInput(
            progress_id=self.progress.pk,
            version=self.progress.version,
            realisasi=None if t.polarity == "milestone" else entered,
            milestone_done=self.done if t.polarity == "milestone" else None,
            penjelasan=texts.penjelasan(
                t, year=q.quarter[0], target=self.progress.target_value, value=shown, done=self.done, r=r
            ),
            kendala=texts.kendala(t, self.share, r) if explain else "",
            rencana_tindak_lanjut=texts.rencana_tindak_lanjut(t, self.share, r) if explain else "",
        )


def _earlier(report: Report) -> dict[int, Decimal]:
    """Σ of the realisasi of the year's earlier quarters, per cumulative indicator of the report's unit."""
    cycle = report.cycle
    rows = (
        Progress.objects.filter(
            indicator__unit_id=report.unit_id,
            indicator__cumulative=True,
            report__cycle__roadmap_id=cycle.roadmap_id,
            report__cycle__year=cycle.year,
            report__cycle__quarter__lt=cycle.quarter,
        )
        .values("indicator_id")
        .annotate(total=Sum("realisasi"))
        .values_list("indicator_id", "total")
    )
    return {indicator_id: total or Decimal(0) for indicator_id, total in rows}


def _rows(q: Quarterly, report: Report, cast: Cast) -> list[RowValues]:
    rows = []
    earlier = _earlier(report)
    progress = Progress.objects.filter(report=report).select_related("indicator").order_by("indicator__code")
    for p in progress:
        planned = cast.indicators[p.indicator.code]
        t = planned.template
        # A yearly figure (an external evaluation) is the same in every quarter of its year.
        position = q.position
        if t.yearly:
            position = next(i for i, (year, _q) in enumerate(q.plan.quarters) if year == q.quarter[0])
        share = capaian_share(report.unit.slug, t, position, len(q.plan.history))
        if t.polarity == "milestone":
            done = milestone_done(t, q.quarter)
            rows.append(RowValues(p, planned, Decimal(1) if done else Decimal(0), None, done))
        elif p.indicator.cumulative:
            # The story's figure is the year's to date (against the target to date); the officer enters the
            # quarter's own part of it, never below 0 (docs/indicator-rules.md).
            to_date = realisasi(t, p.target_value or Decimal(0), share)
            own = max(to_date - earlier.get(p.indicator_id, Decimal(0)), Decimal(0))
            rows.append(RowValues(p, planned, share, own, None, to_date))
        else:
            rows.append(RowValues(p, planned, share, realisasi(t, p.target_value or Decimal(0), share), None))
    return rows


def _flaw_row(q: Quarterly, report: Report, rows: list[RowValues]) -> tuple[Flaw, RowValues]:
    """The row a return will be about, and what is wrong with it in the first submission."""
    flaw = flaw_for(report.unit.slug, q.position, len(q.plan.history), q.quarter)
    numeric = [row for row in rows if row.value is not None and row.value > 0]
    if flaw.key is not None:
        chosen = next((row for row in numeric if row.plan.template.key == flaw.key), None)
        if chosen is not None:
            return flaw, chosen
    if flaw.kind == "kendala":
        below = [row for row in numeric if row.share < texts.BELOW_TARGET]
        if below:
            return flaw, below[0]
        flaw = Flaw("bukti")
    pick = rng("baris", report.unit.slug, *q.quarter).choice(numeric or rows)
    return (flaw if numeric or flaw.kind == "bukti" else Flaw("bukti")), pick


def _upload(q: Quarterly, row: RowValues, report: Report, officer: User, day: dt.date, **extra: object) -> None:
    t = row.plan.template
    upload = evidence.evidence_file(
        t,
        unit_name=report.unit.name,
        unit_short=report.unit.short_name,
        year=q.quarter[0],
        quarter=q.quarter[1],
        value=row.value if row.to_date is None else row.to_date,
        target=None if t.polarity == "milestone" else row.progress.target_value,
        done=row.done,
        r=rng("bukti", row.plan.code, *q.quarter),
        **extra,  # type: ignore[arg-type]
    )
    evidence_add_many(progress=row.progress, user=officer, uploaded_files=[upload], today=day)


def _draft(q: Quarterly, report: Report, officer: User, day: dt.date, cast: Cast, *, partial: bool) -> None:
    rows = _rows(q, report, cast)
    if partial:
        rows = rows[: max(1, len(rows) // 2)]
    returned_later = _outcome(q, report) in (Outcome.RETURNED, Outcome.TO_FIX)
    flaw, flawed = _flaw_row(q, report, rows) if returned_later else (None, None)
    inputs = []
    for row in rows:
        if flawed is not None and row.progress.pk == flawed.progress.pk and flaw is not None:
            if flaw.kind == "angka":
                typed = row.value * 10 if row.value is not None else None
                inputs.append(row.as_input(q, value=typed))
                q.flaws[report.pk] = (flaw, row.progress.pk, typed)
                continue
            if flaw.kind == "kendala":
                inputs.append(row.as_input(q, explain=False))
                q.flaws[report.pk] = (flaw, row.progress.pk, None)
                continue
            q.flaws[report.pk] = (flaw, row.progress.pk, None)
        inputs.append(row.as_input(q))
    reports.report_save_draft(report=report, user=officer, rows=inputs, today=day)
    for row in rows:
        unsigned = flaw is not None and flaw.kind == "bukti" and flawed is not None and row is flawed
        _upload(q, row, report, officer, day, signed=not unsigned)
    # The rencana aksi the unit carries out this year, after its indicators (demo.action_rows).
    action_rows.save_action_rows(report=report, officer=officer, day=day, quarter=q.quarter[1], partial=partial)
    # Then its tindak lanjut of the LHE's recommendations (demo.recommendations).
    recommendations.save_follow_up_rows(report=report, officer=officer, day=day, partial=partial)


def _outcome(q: Quarterly, report: Report) -> Outcome:
    if q.position < len(q.plan.history):
        return history_outcome(report.unit.slug, q.position, len(q.plan.history), q.quarter)
    return current_outcome(report.unit.slug)


def _return(q: Quarterly, report: Report, reviewer: User, day: dt.date, cast: Cast) -> None:
    flaw, progress_id, typed = q.flaws[report.pk]
    row = next(row for row in _rows(q, report, cast) if row.progress.pk == progress_id)
    reason, note = texts.return_texts(flaw.kind, row.progress.indicator.code, correct=row.value, typed=typed)
    # The open quarter's returned report is due again a few days from today, so it is work to do now.
    due = q.today + dt.timedelta(days=4) if q.position == len(q.plan.history) else None
    reports.report_return(
        report=report, reviewer=reviewer, reason=reason, notes={progress_id: note}, revision_due_on=due, today=day
    )


def _fix(q: Quarterly, report: Report, officer: User, day: dt.date, cast: Cast) -> None:
    flaw, progress_id, _typed = q.flaws[report.pk]
    row = next(row for row in _rows(q, report, cast) if row.progress.pk == progress_id)
    if flaw.kind == "bukti":
        _upload(q, row, report, officer, day, suffix="_ttd")
        return
    fixed = row.as_input(q)
    fixed = dataclasses.replace(fixed, penjelasan=f"{fixed.penjelasan} {texts.REVISION_REASON}")
    reports.report_save_draft(report=report, user=officer, rows=[fixed], today=day)
