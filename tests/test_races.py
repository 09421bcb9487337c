"""The concurrency guarantees of the report and cycle services, proven by running the race on PostgreSQL.

Each test starts real threads (each with its own database connection) and makes the race deterministic without
any hook in the code: a third connection (the *holder*) takes a row lock that both racers need *after* they have
read what they decide on, and a fourth (the *observer*) watches pg_stat_activity until both racers wait for a
lock; only then does the holder let go. Without the service's lock both racers have read the same old state by
then, and the test sees the lost update (or the double opening); with it, the second racer waits before it reads.
Each test was run with its lock removed and failed (see the note of issue 14).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import psycopg2
import pytest
from django.core import mail
from django.db import connection, connections

from evaluations.exceptions import IncompleteReport, StaleEdit
from evaluations.models import Cycle, CycleState, Progress, Reminder, ReminderKind, Report, ReportStatus
from evaluations.services import cycles, reports, scheduling
from evaluations.services.reports import ProgressInput
from tests import factories
from tests.test_scheduling_support import eager_celery

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2025, 4, 5)  # TW I 2025 is open (1–20 April)
WAIT = 15.0  # seconds: far above what the racers need on a busy 2-core machine


# --- The machinery: a holder, an observer, racers ------------------------------------------------------------


def _connect(*, autocommit: bool) -> Any:
    settings = connection.settings_dict
    raw = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    raw.autocommit = autocommit
    return raw


@contextmanager
def holder(sql: str, params: tuple[Any, ...]) -> Iterator[Callable[[], None]]:
    """Run `sql` in an open transaction of its own connection; yields `release()` (a rollback)."""
    raw = _connect(autocommit=False)
    try:
        with raw.cursor() as cursor:
            cursor.execute(sql, params)
        yield raw.rollback
    finally:
        raw.rollback()
        raw.close()


def wait_for_lock_waiters(count: int, *, until: Callable[[], bool] = lambda: False) -> int:
    """Poll pg_stat_activity (from a connection of its own: a transaction would see a frozen snapshot) until
    `count` sessions of this database wait for a lock, or `until()` is true; returns the number seen."""
    observer = _connect(autocommit=True)
    deadline = time.monotonic() + WAIT
    try:
        while True:
            with observer.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                waiting = cursor.fetchone()[0]
            if waiting >= count or until() or time.monotonic() > deadline:
                return waiting
            time.sleep(0.02)
    finally:
        observer.close()


class Racer(threading.Thread):
    """Runs `work` once in its own thread (so on its own database connection); keeps its result or error."""

    def __init__(self, work: Callable[[], Any], barrier: threading.Barrier | None = None) -> None:
        super().__init__(daemon=True)
        self.work, self.barrier = work, barrier
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            if self.barrier is not None:
                self.barrier.wait(timeout=WAIT)
            self.result = self.work()
        except BaseException as exc:  # kept for the test to assert on
            self.error = exc
        finally:
            connections.close_all()

    def finish(self) -> None:
        self.join(timeout=WAIT * 2)
        assert not self.is_alive(), "a racer is still blocked"


def outcome(racer: Racer) -> str:
    if racer.error is None:
        return "saved"
    if isinstance(racer.error, StaleEdit):
        return "stale"
    if isinstance(racer.error, IncompleteReport):
        return "incomplete"
    raise racer.error


# --- The data ------------------------------------------------------------------------------------------------


@pytest.fixture
def open_report():
    """TW I 2025 open; Dinas Paralel with two officers and one indicator (no evidence required), nothing saved."""
    roadmap = factories.RoadmapFactory()
    unit = factories.UnitFactory(name="Dinas Paralel", short_name="DP", slug="dinas-paralel")
    first = factories.OperatorFactory(username="operator.satu", unit=unit)
    second = factories.OperatorFactory(username="operator.dua", unit=unit)
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit, code="PAR-01", requires_evidence=False)
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1, value=Decimal(100))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    report = cycles.cycle_open(cycle=cycle).reports[0]
    return {"report": report, "progress": report.progress_rows.get(), "officers": (first, second)}


def _save(report: Report, user, progress: Progress, version: int, realisasi: Decimal | None) -> Callable[[], Any]:
    row = ProgressInput(progress_id=progress.pk, version=version, realisasi=realisasi, penjelasan=f"oleh {user}")
    return lambda: reports.report_save_draft(report=Report(pk=report.pk), user=user, rows=[row], today=TODAY)


LOCK_PROGRESS_ROW = "SELECT 1 FROM evaluations_progress WHERE id = %s FOR UPDATE"


# --- Two people save the same progress row at once -----------------------------------------------------------


def test_two_saves_of_the_same_row_one_is_saved_the_other_is_told_nothing_is_lost(open_report):
    report, progress = open_report["report"], open_report["progress"]
    first, second = open_report["officers"]
    values = {first.pk: Decimal("10"), second.pk: Decimal("20")}
    barrier = threading.Barrier(2)
    racers = [Racer(_save(report, user, progress, 0, values[user.pk]), barrier) for user in (first, second)]
    with holder(LOCK_PROGRESS_ROW, (progress.pk,)) as release:
        for racer in racers:
            racer.start()
        # Both racers have read the row's version 0, or wait before reading it: both now wait for a lock.
        assert wait_for_lock_waiters(2) == 2
        release()
    for racer in racers:
        racer.finish()

    assert sorted(outcome(r) for r in racers) == ["saved", "stale"]
    winner = next(user for user, r in zip((first, second), racers, strict=True) if r.error is None)
    loser = next(r for r in racers if r.error is not None)
    assert loser.error.problems == ["PAR-01"]
    saved = Progress.objects.get(pk=progress.pk)
    assert (saved.version, saved.realisasi, saved.updated_by_id) == (1, values[winner.pk], winner.pk)
    # Exactly one change in Riwayat (the rows are bulk-created when the cycle opens, without a record): the loser's
    # value was never written and then overwritten.
    assert [h.realisasi for h in Progress.history.filter(id=progress.pk)] == [values[winner.pk]]


def test_the_loser_of_the_race_saves_after_reloading(open_report):
    """The refusal is not a dead end: with the version it reloads, the second person's save goes through."""
    report, progress = open_report["report"], open_report["progress"]
    first, second = open_report["officers"]
    _save(report, first, progress, 0, Decimal("10"))()
    with pytest.raises(StaleEdit):
        _save(report, second, progress, 0, Decimal("20"))()
    _save(report, second, progress, 1, Decimal("20"))()
    saved = Progress.objects.get(pk=progress.pk)
    assert (saved.version, saved.realisasi) == (2, Decimal("20"))


# --- Simpan Draf and Ajukan at once (the report lock) --------------------------------------------------------


def test_a_save_and_a_submission_at_once_never_leave_a_submitted_report_incomplete(open_report):
    """One officer clears a value while the other presses Ajukan: either the save comes first and Ajukan sees
    the gap, or Ajukan comes first and the save is refused. Without the report lock of Simpan Draf, the save
    checked "editable" before Ajukan committed and wrote into the submitted report."""
    report, progress = open_report["report"], open_report["progress"]
    first, second = open_report["officers"]
    _save(report, first, progress, 0, Decimal("75"))()  # complete: Ajukan would pass
    clearing = Racer(_save(report, first, progress, 1, None))
    submitting = Racer(lambda: reports.report_submit(report=Report(pk=report.pk), user=second, today=TODAY))
    with holder(LOCK_PROGRESS_ROW, (progress.pk,)) as release:
        clearing.start()
        assert wait_for_lock_waiters(1) == 1  # the save has checked the report and waits for the row
        submitting.start()
        # With the report lock, Ajukan now waits for the save; without it, Ajukan runs to its end.
        wait_for_lock_waiters(2, until=lambda: not submitting.is_alive())
        release()
    clearing.finish()
    submitting.finish()

    final = Report.objects.get(pk=report.pk)
    row = Progress.objects.get(pk=progress.pk)
    assert not (final.status == ReportStatus.DIAJUKAN and row.realisasi is None), "a submitted report lost a value"
    assert (outcome(clearing), outcome(submitting)) == ("saved", "incomplete")
    assert (final.status, row.realisasi, row.version) == (ReportStatus.DRAF, None, 2)


# --- Two cycle openings at once ------------------------------------------------------------------------------


@pytest.fixture
def scheduled_quarter():
    """TW I 2025 scheduled, three units with an officer and an indicator with a target each."""
    roadmap = factories.RoadmapFactory()
    units = []
    for n in range(3):
        unit = factories.UnitFactory(name=f"Dinas Buka {n}", slug=f"dinas-buka-{n}")
        factories.OperatorFactory(username=f"operator.buka{n}", unit=unit)
        indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit)
        factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1)
        units.append(unit)
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    assert cycle.state == CycleState.SCHEDULED
    return {"roadmap": roadmap, "cycle": cycle, "units": units}


def test_two_openings_at_once_open_once_one_report_and_one_email_per_unit(scheduled_quarter):
    """Two 06:00 runs at once (two beats, or the beat and `open_cycle`). The holder has an uncommitted report
    row of the first unit, so whoever creates the reports waits there: after the cycle row was read (and locked)."""
    roadmap, cycle, units = scheduled_quarter["roadmap"], scheduled_quarter["cycle"], scheduled_quarter["units"]
    ref = scheduling.QuarterRef(roadmap, 2025, 1)
    barrier = threading.Barrier(2)
    racers = [Racer(lambda: scheduling.handle_one_opening(ref=ref, today=dt.date(2025, 4, 1)), barrier) for _ in "ab"]
    insert = (
        "INSERT INTO evaluations_report (unit_id, cycle_id, status, created_at, updated_at) "
        "VALUES (%s, %s, 'belum_mulai', now(), now())"
    )
    with eager_celery(), holder(insert, (units[0].pk, cycle.pk)) as release:
        for racer in racers:
            racer.start()
        assert wait_for_lock_waiters(2) == 2
        release()
        for racer in racers:
            racer.finish()
    for racer in racers:
        assert racer.error is None, racer.error

    outcomes = [r.result for r in racers]
    assert sorted(o.opened for o in outcomes) == [False, True]  # one run opened it; the other found it open
    assert sorted(len(o.notices) for o in outcomes) == [0, 3]
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.OPEN
    assert sorted(Report.objects.filter(cycle=cycle).values_list("unit_id", flat=True)) == sorted(u.pk for u in units)
    assert Progress.objects.filter(report__cycle=cycle).count() == 3
    openings = Reminder.objects.filter(report__cycle=cycle, kind=ReminderKind.OPENING)
    assert sorted(openings.values_list("report__unit_id", flat=True)) == sorted(u.pk for u in units)
    assert sorted(m.to[0] for m in mail.outbox) == [f"operator.buka{n}@example.test" for n in range(3)]
