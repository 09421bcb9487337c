"""What the report lock (evaluations.services.guards.lock_report) waits for and what it does not, on PostgreSQL:
the officers of two units save their reports of one quarter at the same time without waiting for each other
(the cycle row was locked for update, and every save of the quarter queued behind the one before it); and
closing the cycle waits for a save under way (the cycle row is held FOR SHARE), so no save of a closed quarter
commits after the closing. The machinery (a holder connection, the lock observer, threads) is tests/test_races.py's.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connections, transaction

from evaluations.models import Cycle, CycleState, Progress, Report
from evaluations.services import cycles, reports
from evaluations.services.guards import lock_report
from evaluations.services.reports import ProgressInput
from tests import factories
from tests.test_races import TODAY, WAIT, Racer, wait_for_lock_waiters

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_units():
    """TW I 2025 open for two units, one indicator each, nothing saved."""
    roadmap = factories.RoadmapFactory()
    out = []
    for slug in ("dinas-satu", "dinas-dua"):
        unit = factories.UnitFactory(name=slug.title(), slug=slug)
        officer = factories.OperatorFactory(username=f"operator.{slug}", unit=unit)
        indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit, requires_evidence=False)
        factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1, value=Decimal(100))
        out.append((unit, officer))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    return cycle, [(Report.objects.get(unit=unit, cycle=cycle), officer) for unit, officer in out]


class Holding(threading.Thread):
    """Holds lock_report(report) in an open transaction of its own connection until released."""

    def __init__(self, report: Report) -> None:
        super().__init__(daemon=True)
        self.report, self.locked, self.release = report, threading.Event(), threading.Event()

    def run(self) -> None:
        try:
            with transaction.atomic():
                lock_report(Report(pk=self.report.pk))
                self.locked.set()
                self.release.wait(timeout=WAIT * 2)
        finally:
            connections.close_all()


def _save(report: Report, officer, value: Decimal):
    row = Progress.objects.get(report=report)
    rows = [ProgressInput(progress_id=row.pk, version=row.version, realisasi=value)]
    return lambda: reports.report_save_draft(report=Report(pk=report.pk), user=officer, rows=rows, today=TODAY)


def test_two_units_save_the_same_quarter_without_waiting_for_each_other(two_units):
    _cycle, [(first, _officer), (second, officer)] = two_units
    holding = Holding(first)
    holding.start()
    assert holding.locked.wait(WAIT)
    saving = Racer(_save(second, officer, Decimal(70)))
    saving.start()
    try:
        # With the cycle locked for update the second unit's save would wait here until the first lets go.
        saving.join(timeout=5)
        assert not saving.is_alive(), "the second unit's save waited for the first unit's"
    finally:
        holding.release.set()
        holding.join(WAIT)
        saving.finish()
    assert saving.error is None
    assert Progress.objects.get(report=second).realisasi == Decimal(70)


def test_closing_the_quarter_waits_for_a_save_under_way(two_units):
    cycle, [(first, _officer), _second] = two_units
    holding = Holding(first)
    holding.start()
    assert holding.locked.wait(WAIT)
    closing = Racer(lambda: cycles.cycle_close(cycle=Cycle.objects.get(pk=cycle.pk)))
    closing.start()
    try:
        # The closing's UPDATE of the cycle row waits for the save's FOR SHARE of it.
        assert wait_for_lock_waiters(1, until=lambda: not closing.is_alive()) == 1
        assert closing.is_alive()
        assert Cycle.objects.get(pk=cycle.pk).state == CycleState.OPEN
    finally:
        holding.release.set()
        holding.join(WAIT)
        closing.finish()
    assert closing.error is None and closing.result is True
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.CLOSED
