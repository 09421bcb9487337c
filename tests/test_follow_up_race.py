"""Two saves of the same tindak lanjut row at once, on PostgreSQL: one is saved, the other told it is stale.

The machinery of tests/test_races.py, as tests/test_action_race.py: a holder locks the row both racers need after
they have read its version, an observer waits until both wait for a lock, then the holder lets go. With the
service's locks (the report, then the row: services.rows.rows_save) the second racer reads the version only after
the first committed, and is refused; with both select_for_update calls removed both read version 0, both write,
and the first value is lost: this test then fails (checked by hand when it was written).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from evaluations.models import FollowUp
from evaluations.services import follow_ups
from tests import factories, follow_up_world
from tests.test_races import Racer, holder, outcome, wait_for_lock_waiters

pytestmark = pytest.mark.django_db(transaction=True)

LOCK_FOLLOW_UP_ROW = "SELECT 1 FROM evaluations_followup WHERE id = %s FOR UPDATE"
TODAY = dt.date(2025, 7, 5)


def test_two_saves_of_the_same_follow_up_row_one_saved_one_stale(roadmap, unit_a, unit_b):
    world = follow_up_world.build(roadmap, unit_a, unit_b)
    first = factories.OperatorFactory(username="operator.satu", unit=unit_a)
    second = factories.OperatorFactory(username="operator.dua", unit=unit_a)
    values = {first.pk: "dalam_proses", second.pk: "selesai"}

    def save(user):
        row = FollowUp(pk=world.a1.pk, report_id=world.report_a.pk)
        return lambda: follow_ups.follow_up_row_save(
            user=user, row=row, data={"status": values[user.pk]}, version=0, today=TODAY
        )

    barrier = threading.Barrier(2)
    racers = [Racer(save(user), barrier) for user in (first, second)]
    with holder(LOCK_FOLLOW_UP_ROW, (world.a1.pk,)) as release:
        for racer in racers:
            racer.start()
        assert wait_for_lock_waiters(2) == 2
        release()
    for racer in racers:
        racer.finish()

    assert sorted(outcome(r) for r in racers) == ["saved", "stale"]
    winner = next(user for user, r in zip((first, second), racers, strict=True) if r.error is None)
    loser = next(r for r in racers if r.error is not None)
    assert loser.error.problems == ["LHE 2024 No. 1"]
    saved = FollowUp.objects.get(pk=world.a1.pk)
    assert (saved.version, saved.status, saved.updated_by_id) == (1, values[winner.pk], winner.pk)
    # One change in Riwayat: the loser's value was never written and then overwritten.
    assert [h.status for h in FollowUp.history.filter(id=world.a1.pk)] == [values[winner.pk]]
