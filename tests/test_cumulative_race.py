"""A cumulative indicator's quarters saved at once, on PostgreSQL (issue 18): the year's rows are locked together.

A cumulative indicator's capaian compares its realisasi to date (Σ of the year's quarters so far) with the target
to date, so Simpan Draf of TW I restates TW II, III and IV (services.reports._restate_year). Two reports of one
year are open at once (every cycle of the year open; a reopened report is the same), so TW I's officer may
correct TW I while TW II's officer saves TW II. services.reports._lock_year_rows locks the year's rows of the
indicator, in one order, before either save reads them.

The machinery of tests/test_races.py: a holder locks the quarters' progress rows, so each racer stops there after
it has locked its report (and, without the year lock, after it has read the year's rows); an observer waits until
every racer waits for a lock; then the holder lets go.

Checked by hand when this was written:
- `select_for_update(of=("self",))` removed from _lock_year_rows (a plain read): both racers read the year before
  either wrote, and the first test fails (TW II's realisasi to date is 25 or 40, not 35);
- _lock_year_rows called after the report's own rows are locked: each racer holds its own quarter and waits for
  the other's, PostgreSQL reports a deadlock, and both tests fail (a racer's "deadlock detected").

Writing them found two faults, fixed with them: services.guards.lock_report took FOR UPDATE of the report, its
cycle and its unit, so TW II's save queued at the unit's row while holding its report, and TW I's save, holding
the year's rows, waited for that report to insert TW II's summary rows (dashboards.ReportAreaScore: a foreign key,
a KEY SHARE lock): a deadlock; now FOR NO KEY UPDATE of the report and its cycle. And _restate_year compared a
later quarter's old sum to date after setting the new one on the same object, so a quarter without realisasi
(TW IV below) kept a stale sum to date.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from dashboards.models import ReportAreaScore
from evaluations.models import Progress, Report
from evaluations.services import cycles, reports
from evaluations.services.reports import ProgressInput
from tests import factories
from tests.test_races import Racer, holder, wait_for_lock_waiters

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal
LOCK_ROWS = "SELECT 1 FROM evaluations_progress WHERE id = ANY(%s) FOR UPDATE"


@pytest.fixture
def year(roadmap, unit_a):
    """A cumulative count of Dinas A (targets to date 25, 50, 75, 100; annual 100), every cycle of 2025 open (so
    every quarter's report editable at once), TW I, II and III saved with 10, 20 and 5 (to date 10, 30, 35)."""
    count = factories.IndicatorFactory(
        roadmap=roadmap, unit=unit_a, code="A-CUM", satuan="dokumen", cumulative=True, requires_evidence=False
    )
    factories.IndicatorAnnualTargetFactory(indicator=count, value=D(100))
    for q, to_date in enumerate((25, 50, 75, 100), start=1):
        factories.IndicatorTargetFactory(indicator=count, year=2025, quarter=q, value=D(to_date))
    for q in range(1, 5):
        cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=q)
        cycles.cycle_open(cycle=cycle)
    first = factories.OperatorFactory(username="operator.tw1", unit=unit_a)
    second = factories.OperatorFactory(username="operator.tw2", unit=unit_a)
    third = factories.OperatorFactory(username="operator.tw3", unit=unit_a)
    for q, value in ((1, 10), (2, 20), (3, 5)):
        _save(count, q, first, D(value))()
    rows = [_row(count, q) for q in (1, 2, 3)]
    assert [r.realisasi_to_date for r in rows] == [D(10), D(30), D(35)]
    assert [r.capaian for r in rows] == [D("40.00"), D("60.00"), D("46.67")]
    return {"count": count, "officers": (first, second, third)}


def _row(indicator, quarter) -> Progress:
    return Progress.objects.select_related("report__cycle").get(indicator=indicator, report__cycle__quarter=quarter)


def _save(indicator, quarter, user, realisasi):
    """Simpan Draf of one quarter's row, at the version it has now (read before the race starts)."""
    row = _row(indicator, quarter)
    today = row.report.cycle.opens_on  # every cycle of the year is open: any day will do
    item = ProgressInput(progress_id=row.pk, version=row.version, realisasi=realisasi, penjelasan=f"oleh {user}")
    report = Report(pk=row.report_id)
    return lambda: reports.report_save_draft(report=report, user=user, rows=[item], today=today)


def _race(count, saves):
    """Run the saves at once: all of them stop at the holder's lock on the quarters' rows, then it lets go."""
    row_ids = list(Progress.objects.filter(indicator=count).values_list("pk", flat=True))
    barrier = threading.Barrier(len(saves))
    racers = [Racer(save, barrier) for save in saves]
    with holder(LOCK_ROWS, (row_ids,)) as release:
        for racer in racers:
            racer.start()
        assert wait_for_lock_waiters(len(racers)) == len(racers)
        release()
    for racer in racers:
        racer.finish()
    for racer in racers:
        assert racer.error is None, repr(racer.error)


def _summary(report_id):
    rows = ReportAreaScore.objects.filter(report_id=report_id).values_list("num", "den", "rows")
    return [(num.quantize(D("0.01")), den, n) for num, den, n in rows]


def test_tw1_corrected_while_tw2_is_saved_tw2_counts_both(year):
    """TW I 10 → 20 while TW II 20 → 15: TW II's realisasi to date is 20 + 15 = 35, capaian 35 / 50 = 70 %,
    whichever save commits first. Without the year lock TW II's sum kept the old TW I (10 + 15 = 25) or TW I's
    restatement kept the old TW II (20 + 20 = 40)."""
    count = year["count"]
    first, second, _ = year["officers"]
    _race(count, [_save(count, 1, first, D(20)), _save(count, 2, second, D(15))])

    tw1, tw2, tw3 = (_row(count, q) for q in (1, 2, 3))
    assert (tw1.realisasi, tw1.realisasi_to_date, tw1.capaian) == (D(20), D(20), D("80.00"))  # 20 / 25
    assert (tw2.realisasi, tw2.realisasi_to_date, tw2.capaian) == (D(15), D(35), D("70.00"))  # 35 / 50
    # TW III (nobody's save) follows both: 20 + 15 + 5 = 40 against 75.
    assert (tw3.realisasi, tw3.realisasi_to_date, tw3.capaian) == (D(5), D(40), D("53.33"))
    assert (tw2.version, tw2.updated_by_id) == (2, second.pk)  # TW II's officer's values, saved once in the race
    # The Dasbor's summary of each report matches its progress row: one row of weight 1.
    assert _summary(tw2.report_id) == [(D("70.00"), D(1), 1)]
    assert _summary(tw1.report_id) == [(D("80.00"), D(1), 1)]
    assert _summary(tw3.report_id) == [(D("53.33"), D(1), 1)]


def test_three_quarters_saved_at_once_all_finish_without_deadlock(year):
    """TW I, II and III saved at the same moment (each restates the later ones): every save finishes (none is
    PostgreSQL's deadlock victim: the year's rows are locked first, in quarter order, by every writer) and the
    sums to date add every quarter's new value: 1, 1 + 2, 1 + 2 + 3."""
    count = year["count"]
    first, second, third = year["officers"]
    _race(count, [_save(count, 1, first, D(1)), _save(count, 2, second, D(2)), _save(count, 3, third, D(3))])

    rows = [_row(count, q) for q in (1, 2, 3, 4)]
    assert [r.realisasi for r in rows] == [D(1), D(2), D(3), None]
    assert [r.realisasi_to_date for r in rows] == [D(1), D(3), D(6), D(6)]
    # 1 / 25, 3 / 50, 6 / 75; TW IV has no realisasi of its own: no capaian.
    assert [r.capaian for r in rows] == [D("4.00"), D("6.00"), D("8.00"), None]
    for row in rows[:3]:
        assert _summary(row.report_id) == [(row.capaian, D(1), 1)]
