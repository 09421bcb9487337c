"""The demo's realisation of the active road map's sasaran indicators for the years already over (a year is
realised after it ends): get_or_create per indicator and year, so a second run changes nothing and an entry made
on the page is kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from areas.models import StrategicIndicator
from demo import indeks_rb
from evaluations.models import StrategicRealisation
from roadmap.models import Roadmap, User

# The road map's Indeks RB indicator is realised by the evaluation's Indeks (General + Tematik) of that year.
INDEKS_RB = "Indeks Reformasi Birokrasi"
# Other indicators: their target times this share, by how many years into the road map (a plausible path).
SHARES = [Decimal("1.03"), Decimal("0.98"), Decimal("1.01"), Decimal("0.99"), Decimal("1.02")]
NOTES = {
    INDEKS_RB: "Sesuai Laporan Hasil Evaluasi RB KemenPANRB.",
}


def _value(indicator: StrategicIndicator, year: int, target: Decimal | None, index: int) -> Decimal | None:
    if indicator.name == INDEKS_RB:
        for result_year, general, tematik, _number, _date in indeks_rb.RESULTS:
            if result_year == year:
                return general + tematik
    if target is None:
        return None
    return (target * SHARES[index % len(SHARES)]).quantize(Decimal("0.01"))


def seed_sasaran(*, roadmap: Roadmap, today: dt.date, by: User | None) -> int:
    """Realisations of the road map's years before today's; returns how many rows exist for them."""
    years = [year for year in roadmap.years if year < today.year]
    count = 0
    for indicator in StrategicIndicator.objects.filter(strategic_target__roadmap=roadmap).prefetch_related("targets"):
        targets = {t.year: t.value for t in indicator.targets.all()}
        for index, year in enumerate(years):
            value = _value(indicator, year, targets.get(year), index)
            if value is None:
                continue
            StrategicRealisation.objects.get_or_create(
                indicator=indicator,
                year=year,
                defaults={"value": value, "note": NOTES.get(indicator.name, ""), "updated_by": by},
            )
            count += 1
    return count
