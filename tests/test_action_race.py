"""Two saves of the same rencana aksi row at once, on PostgreSQL: one is saved, the other told it is stale.

The machinery of tests/test_races.py: a holder locks the row both racers need after they have read its version,
an observer waits until both wait for a lock, then the holder lets go. With the service's locks (the report,
then the row) the second racer reads the version only after the first committed, and is refused; with them
removed (both select_for_update calls of services.actions.action_rows_save) both read version 0, both write,
and the first value is lost: this test then fails (checked by hand when it was written).
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from evaluations.models import ActionProgress
from evaluations.services import actions
from tests import action_world, factories
from tests.test_races import Racer, holder, outcome, wait_for_lock_waiters

pytestmark = pytest.mark.django_db(transaction=True)

LOCK_ACTION_ROW = "SELECT 1 FROM evaluations_actionprogress WHERE id = %s FOR UPDATE"


def test_two_saves_of_the_same_action_row_one_saved_one_stale(roadmap, unit_a, unit_b):
    world = action_world.build(roadmap, unit_a, unit_b)
    first = factories.OperatorFactory(username="operator.satu", unit=unit_a)
    second = factories.OperatorFactory(username="operator.dua", unit=unit_a)
    values = {first.pk: Decimal("10"), second.pk: Decimal("20")}

    def save(user):
        row = ActionProgress(pk=world.ra01.pk, report_id=world.report_a.pk)
        return lambda: actions.action_row_save(
            user=user, row=row, data={"status": "berjalan", "progress": values[user.pk]}, version=0
        )

    barrier = threading.Barrier(2)
    racers = [Racer(save(user), barrier) for user in (first, second)]
    with holder(LOCK_ACTION_ROW, (world.ra01.pk,)) as release:
        for racer in racers:
            racer.start()
        assert wait_for_lock_waiters(2) == 2
        release()
    for racer in racers:
        racer.finish()

    assert sorted(outcome(r) for r in racers) == ["saved", "stale"]
    winner = next(user for user, r in zip((first, second), racers, strict=True) if r.error is None)
    loser = next(r for r in racers if r.error is not None)
    assert loser.error.problems == ["RA-01"]
    saved = ActionProgress.objects.get(pk=world.ra01.pk)
    assert (saved.version, saved.progress, saved.updated_by_id) == (1, values[winner.pk], winner.pk)
    # One change in Riwayat: the loser's value was never written and then overwritten.
    assert [h.progress for h in ActionProgress.history.filter(id=world.ra01.pk)] == [values[winner.pk]]
