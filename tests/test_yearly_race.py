"""Two saves of the same sasaran realisation at once, on PostgreSQL: one is saved, the other told it is stale.

The machinery of tests/test_races.py: a holder locks the row both racers need after they have read what they
check; the observer waits until both wait for the lock, then the holder lets go. With the service's row lock
(select_for_update in services.yearly.strategic_realisations_save) the second racer reads the version only after
the first committed, and is refused; without it both read version 0, both write, and the first value is lost:
this test then fails (checked by hand when it was written: "saved", "saved").
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from evaluations.models import StrategicRealisation
from evaluations.services import yearly
from evaluations.services.yearly import RealisationInput
from tests import factories
from tests.test_races import Racer, holder, outcome, wait_for_lock_waiters
from tests.yearly_data import build_sasaran

pytestmark = pytest.mark.django_db(transaction=True)

LOCK_ROW = "SELECT 1 FROM evaluations_strategicrealisation WHERE id = %s FOR UPDATE"


def test_two_saves_of_the_same_realisation_one_saved_one_stale(roadmap):
    world = build_sasaran(roadmap)
    row = StrategicRealisation.objects.get(indicator=world.h1, year=2025)
    first = factories.VerifikatorFactory(username="verifikator.satu")
    second = factories.AdminFactory(username="admin.dua")
    values = {first.pk: Decimal("64"), second.pk: Decimal("65")}

    def save(user):
        line = RealisationInput(indicator_id=world.h1.pk, value=values[user.pk], version=0)
        return lambda: yearly.strategic_realisations_save(user=user, roadmap=roadmap, year=2025, rows=[line])

    barrier = threading.Barrier(2)
    racers = [Racer(save(user), barrier) for user in (first, second)]
    with holder(LOCK_ROW, (row.pk,)) as release:
        for racer in racers:
            racer.start()
        assert wait_for_lock_waiters(2) == 2
        release()
    for racer in racers:
        racer.finish()

    assert sorted(outcome(r) for r in racers) == ["saved", "stale"]
    winner = next(user for user, r in zip((first, second), racers, strict=True) if r.error is None)
    saved = StrategicRealisation.objects.get(pk=row.pk)
    assert (saved.version, saved.value, saved.updated_by_id) == (1, values[winner.pk], winner.pk)
    # Riwayat: the creation and the winner's change; the loser's value was never written.
    assert [h.value for h in StrategicRealisation.history.filter(id=row.pk).order_by("history_date")] == [
        Decimal("63"),
        values[winner.pk],
    ]
