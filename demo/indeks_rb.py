"""The demo's yearly Indeks RB results: two years of KemenPANRB's evaluation with their LHE (get_or_create by year,
so a second run, or another part of the demo creating the same year with the same values, changes nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evaluations.models import RbEvaluation
from evaluations.services.yearly import roadmap_of_year
from roadmap.models import User

# (year, RB General, RB Tematik, LHE number, LHE date): the values the whole demo agrees on.
RESULTS = [
    (2024, Decimal("62.15"), Decimal("8.50"), "B/1234/M.RB.06/2025", dt.date(2025, 3, 14)),
    (2025, Decimal("68.40"), Decimal("11.25"), "B/0987/M.RB.06/2026", dt.date(2026, 3, 20)),
]


def seed_indeks_rb(*, by: User | None) -> list[RbEvaluation]:
    rows = []
    for year, general, tematik, number, date in RESULTS:
        roadmap = roadmap_of_year(year)
        if roadmap is None:
            continue
        row, _created = RbEvaluation.objects.get_or_create(
            year=year,
            defaults={
                "roadmap": roadmap,
                "general_value": general,
                "tematik_value": tematik,
                "lhe_number": number,
                "lhe_date": date,
                "updated_by": by,
            },
        )
        rows.append(row)
    return rows
