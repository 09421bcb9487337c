"""Issue 18 item 5, hand-checked: the year's capaian against the annual target and its year-end projection
(areas.scoring.year_score, dashboards.selectors.year), on the Dasbor and the unit page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from areas import scoring
from evaluations.models import Report, ReportStatus
from tests import factories
from tests.test_indicator_rules import _open, _save

pytestmark = pytest.mark.django_db(transaction=False)

D = Decimal
Q = scoring.QuarterValue


def year(**kwargs):
    return scoring.year_score(**kwargs)


def test_cumulative_year_is_the_sum_projected_linearly():
    # 10 + 20 + 0 after TW III against 100: 30; projected 30 × 4 / 3 = 40.
    score = year(polarity="higher", cumulative=True, annual_target=100, quarters=[Q(1, D(10)), Q(2, D(20)), Q(3, D(0))])
    assert (score.realisasi, score.capaian, score.projection, score.last_quarter) == (D(30), D(30), D(40), 3)
    # A quarter not reported counts 0, and the projection runs over the quarters elapsed: (10 + 20) × 4 / 3.
    score = year(polarity="higher", cumulative=True, annual_target=100, quarters=[Q(1, D(10)), Q(3, D(20))])
    assert (score.capaian, score.projection) == (D(30), D(40))
    # Lower-better: 30 against 40 → (2 − 0,75) × 100 = 125; projected 120 → (2 − 3) × 100 = −100 (unclipped).
    score = year(polarity="lower", cumulative=True, annual_target=40, quarters=[Q(1, D(30))])
    assert (score.capaian, score.projection) == (D(125), D(-100))


def test_per_quarter_year_is_the_last_value():
    score = year(
        polarity="higher", cumulative=False, annual_target=90, quarters=[Q(1, D(72)), Q(2, D(80)), Q(3, D(81))]
    )
    assert (score.realisasi, score.capaian, score.projection) == (D(81), D(90), D(90))
    # A range annual target 2,5–3,5, the last value 4,2: (2 − 4,2 / 3,5) × 100 = 80.
    score = year(
        polarity="lower", cumulative=False, annual_target=D("2.5"), annual_upper=D("3.5"), quarters=[Q(2, D("4.2"))]
    )
    assert score.capaian == score.projection == D(80)


def test_milestone_year_by_its_due_quarter():
    def ms(*quarters, due=3):
        s = year(polarity="milestone", cumulative=False, annual_target=1, due_quarter=due, quarters=quarters)
        return s.capaian, s.projection

    assert ms(Q(1, done=False), Q(2, done=False)) == (None, None)  # not due yet
    assert ms(Q(1, done=False), Q(2, done=True)) == (D(100), D(100))  # done early
    assert ms(Q(1, done=False), Q(2, done=False), Q(3, done=False)) == (D(0), D(0))
    assert ms(Q(1, done=False), due=None) == (D(0), D(0))  # no due quarter: due from TW I


def test_no_target_or_no_value_gives_none():
    assert year(polarity="higher", cumulative=True, annual_target=None, quarters=[Q(1, D(5))]).capaian is None
    assert year(polarity="higher", cumulative=True, annual_target=0, quarters=[Q(1, D(5))]).projection is None
    assert year(polarity="higher", cumulative=False, annual_target=10, quarters=[Q(1)]) == scoring.YearScore()


@pytest.fixture
def two_quarters(roadmap, unit_a, officer_a):
    """A cumulative count (annual 100; to date 25, 50) and a per-quarter share (annual 90), two quarters
    reported and approved: count 10 then 20, share 72 then 81."""
    count = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-CUM", satuan="dokumen", cumulative=True)
    share = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-PER", satuan="persen")
    factories.IndicatorAnnualTargetFactory(indicator=count, value=D(100))
    factories.IndicatorAnnualTargetFactory(indicator=share, value=D(90))
    for q, to_date in ((1, 25), (2, 50)):
        factories.IndicatorTargetFactory(indicator=count, quarter=q, value=D(to_date))
        factories.IndicatorTargetFactory(indicator=share, quarter=q, value=D(90))
    for q in (1, 2):
        _open(roadmap, q)
    for q, (c, s) in ((1, (10, 72)), (2, (20, 81))):
        _save(count, q, officer_a, realisasi=D(c))
        _save(share, q, officer_a, realisasi=D(s))
    Report.objects.update(status=ReportStatus.DISETUJUI)
    return count, share


def test_the_dasbor_and_the_unit_page_show_the_year(two_quarters, unit_a, reviewer, as_user):
    # Through TW II: the count 30 of 100 → 30, projected 60; the share 81 of 90 → 90, projected 90.
    # Weighted means (weights 1): (30 + 90) / 2 = 60 and (60 + 90) / 2 = 75.
    client = as_user(reviewer)
    for url in (reverse("dashboards:overview"), reverse("dashboards:unit", args=[unit_a.pk])):
        html = client.get(url, {"tahun": 2025, "triwulan": 2}).content.decode()
        assert 'id="capaian-tahun">60 %</div>' in html, url
        assert 'id="proyeksi-tahun">75 %</div>' in html, url
    # TW I only: the count 10 → 10, projected 40; the share 72 → 80, projected 80 → 45 and 60.
    html = client.get(reverse("dashboards:overview"), {"tahun": 2025, "triwulan": 1}).content.decode()
    assert 'id="capaian-tahun">45 %</div>' in html and 'id="proyeksi-tahun">60 %</div>' in html
    # The unit page's indicator table: each indicator's year and projection.
    html = client.get(reverse("dashboards:unit", args=[unit_a.pk]), {"tahun": 2025, "triwulan": 2}).content.decode()
    row = html[html.index('data-indicator="A-CUM"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="num" data-tahun>30 %</td>' in row and '<td class="num" data-proyeksi>60 %</td>' in row
