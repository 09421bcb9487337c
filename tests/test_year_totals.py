"""The Dasbor's year figure in SQL (dashboards.selectors.year_totals) against the rule's reference in Python
(dashboards.selectors.year.year_scores, whose rule areas.scoring.year_score tests/test_year_scores.py checks by
hand): two implementations, the same numbers, over indicators of every kind — cumulative and per quarter, higher-
and lower-better, ranges, milestones before and after their due quarter, a target of 0 or none, values beyond
10¹², capaian that round half to even — every quarter, with and without the submitted reports, for staff and
for an officer."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from dashboards.selectors.filters import dashboard_filters
from dashboards.selectors.year import year_scores
from dashboards.selectors.year_totals import year_totals
from evaluations.models import Progress, Report, ReportStatus
from tests import factories
from tests.test_indicator_rules import _open

pytestmark = pytest.mark.django_db

D = Decimal


def _indicator(roadmap, unit, rng, n):
    polarity = rng.choice(["higher", "higher", "lower", "milestone"])
    indicator = factories.IndicatorFactory(
        roadmap=roadmap,
        unit=unit,
        code=f"{unit.slug.upper()}-{n:02d}",
        polarity=polarity,
        cumulative=polarity != "milestone" and rng.random() < 0.4,
        weight=rng.choice([D(1), D(1), D(2), D("0.5"), D("2.75")]),
    )
    for quarter in (1, 2, 3, 4):  # a cycle opens reports for the units with targets that quarter
        factories.IndicatorTargetFactory(indicator=indicator, quarter=quarter, value=D(10))
    kind = rng.choice(["value", "value", "value", "range", "zero", "none"])
    if polarity == "milestone":
        factories.IndicatorAnnualTargetFactory(indicator=indicator, value=D(1), due_quarter=rng.choice([None, 2, 3, 4]))
    elif kind == "value":
        factories.IndicatorAnnualTargetFactory(indicator=indicator, value=D(rng.choice([32, 40, 64, 90, 100, 7])))
    elif kind == "range":
        low = D(rng.choice(["2.5", "0", "10"]))
        factories.IndicatorAnnualTargetFactory(indicator=indicator, value=low, value_upper=low + D(rng.choice([1, 3])))
    elif kind == "zero":
        factories.IndicatorAnnualTargetFactory(indicator=indicator, value=D(0))
    return indicator


def _realisasi(rng):
    return rng.choice(
        [None, D(1), D(3), D(5), D("2.6"), D("12.5"), D(30), D("33.3"), D(64), D(80), D(95), D(150), D(10) ** 11]
    )


@pytest.fixture
def varied_year(roadmap, unit_a, unit_b):
    """Thirty indicators per unit, four quarters of 2025 with values drawn from a fixed seed; unit A's TW I–III
    approved and TW IV a draft, unit B's TW I approved, TW II submitted, TW III approved, TW IV returned."""
    rng = random.Random(18)
    indicators = [_indicator(roadmap, unit, rng, n) for unit in (unit_a, unit_b) for n in range(30)]
    for quarter in (1, 2, 3, 4):
        _open(roadmap, quarter)
    for row in Progress.objects.filter(indicator__in=indicators).select_related("indicator"):
        if row.indicator.polarity == "milestone":
            row.milestone_done = rng.choice([None, False, False, True])
        else:
            row.realisasi = _realisasi(rng)
        row.save(update_fields=["realisasi", "milestone_done"])
    statuses = {
        unit_a.pk: [ReportStatus.DISETUJUI, ReportStatus.DISETUJUI, ReportStatus.DISETUJUI, ReportStatus.DRAF],
        unit_b.pk: [ReportStatus.DISETUJUI, ReportStatus.DIAJUKAN, ReportStatus.DISETUJUI, ReportStatus.DIKEMBALIKAN],
    }
    for report in Report.objects.select_related("cycle"):
        report.status = statuses[report.unit_id][report.cycle.quarter - 1]
        report.save(update_fields=["status"])
    return indicators


@pytest.mark.parametrize("who", ["reviewer", "officer_a"])
@pytest.mark.parametrize("submitted", [False, True])
def test_sql_and_python_give_the_same_year(varied_year, people, who, submitted):
    results = set()
    for quarter in (1, 2, 3, 4):
        query = {"tahun": "2025", "triwulan": str(quarter), **({"termasuk_diajukan": "1"} if submitted else {})}
        filters = dashboard_filters(query=query, user=people[who])
        reference = year_scores(user=people[who], filters=filters)
        totals = year_totals(user=people[who], filters=filters)
        assert (totals.year, totals.through_quarter) == (2025, quarter)
        assert (totals.capaian, totals.projection) == (reference.capaian, reference.projection), (quarter, who)
        results.add((totals.capaian, totals.projection))
    # The data is not degenerate: the quarters differ, and a figure exists.
    assert len(results) > 1 and any(c is not None for c, _p in results)


def _one(roadmap, unit, *, realisasi, target, polarity="higher", cumulative=False):
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit, polarity=polarity, cumulative=cumulative)
    factories.IndicatorAnnualTargetFactory(indicator=indicator, value=target)
    factories.IndicatorTargetFactory(indicator=indicator, quarter=1, value=D(10))
    _open(roadmap, 1)
    Progress.objects.filter(indicator=indicator).update(realisasi=realisasi)
    Report.objects.update(status=ReportStatus.DISETUJUI)
    return indicator


@pytest.mark.parametrize(
    ("realisasi", "target", "expected"),
    [
        (D(1), D(32), D("3.12")),  # 3,125: half to even rounds down (ROUND would give 3,13)
        (D(3), D(32), D("9.38")),  # 9,375: half to even rounds up
        (D(10) ** 11, D(1), None),  # 10¹³ %: no capaian (scoring._bounded), not a clipped 120
        (D(5), D(0), None),  # a target of 0: no capaian
    ],
)
def test_hand_computed_edges(roadmap, unit_a, reviewer, realisasi, target, expected):
    _one(roadmap, unit_a, realisasi=realisasi, target=target)
    filters = dashboard_filters(query={"tahun": "2025", "triwulan": "1"}, user=reviewer)
    totals = year_totals(user=reviewer, filters=filters)
    # Per quarter, TW I: the projection is the value reached, as the capaian.
    assert totals.capaian == totals.projection == expected
    assert year_scores(user=reviewer, filters=filters).capaian == expected


def test_cumulative_projection_after_one_quarter(roadmap, unit_a, reviewer):
    # 30 of 100 after TW I: capaian 30, projected 30 × 4 / 1 = 120 → 120 (at the clip).
    _one(roadmap, unit_a, realisasi=D(30), target=D(100), cumulative=True)
    filters = dashboard_filters(query={"tahun": "2025", "triwulan": "1"}, user=reviewer)
    totals = year_totals(user=reviewer, filters=filters)
    assert (totals.capaian, totals.projection) == (D(30), D(120))
