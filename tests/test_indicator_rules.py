"""Issue 18's indicator rules, hand-computed: milestones due in a quarter, range targets, cumulative and
per-quarter targets over four quarters (docs/indicator-rules.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from areas import scoring
from areas.models import IndicatorAnnualTarget, IndicatorTarget
from dashboards.models import ReportAreaScore
from evaluations.models import Progress
from evaluations.services import cycles, reports
from evaluations.services.reports import ProgressInput
from tests import factories

pytestmark = pytest.mark.django_db(transaction=False)

D = Decimal


# --- the pure rules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quarter", "due", "done", "expected"),
    [
        (1, 3, False, None),  # before its due quarter, not done: belum jatuh tempo, no capaian
        (2, 3, True, D(100)),  # done early
        (3, 3, False, D(0)),  # at the due quarter, not done
        (3, 3, True, D(100)),
        (4, 3, False, D(0)),  # after it
        (1, None, False, D(0)),  # no due quarter: due from TW I, as before
        (1, 3, None, None),  # nothing answered
    ],
)
def test_milestone_before_at_and_after_its_due_quarter(quarter, due, done, expected):
    not_due = scoring.before_due(quarter, due)
    assert scoring.capaian(polarity="milestone", done=done, not_yet_due=not_due) == expected


@pytest.mark.parametrize(
    ("realisasi", "expected"),
    [
        ("2.5", "100.00"),  # the lower bound
        ("3", "100.00"),  # inside
        ("3.5", "100.00"),  # the upper bound
        ("2", "80.00"),  # below: 2 / 2,5 × 100
        ("4.2", "80.00"),  # above: (2 − 4,2 / 3,5) × 100 = 80
        ("7", "0.00"),  # twice the upper bound: (2 − 2) × 100
    ],
)
def test_range_target(realisasi, expected):
    for polarity in ("higher", "lower"):  # the range decides, not the polarity
        result = scoring.capaian(polarity=polarity, target=D("2.5"), upper=D("3.5"), realisasi=D(realisasi))
        assert result == D(expected)


def test_zero_or_missing_targets_still_give_none():
    assert scoring.capaian(polarity="higher", target=0, upper=None, realisasi=5) is None
    assert scoring.capaian(polarity="higher", target=None, upper=D(3), realisasi=5) is None
    assert scoring.capaian(polarity="higher", target=0, upper=0, realisasi=5) is None  # above a 0 upper bound
    assert scoring.capaian(polarity="higher", target=0, upper=D(3), realisasi=0) == D(100)  # inside [0, 3]
    assert scoring.capaian(polarity="higher", target=D(2), upper=D(3), realisasi=None) is None
    assert scoring.range_capaian(low=D(3), high=D(2), realisasi=D(2)) is None  # upside down


def test_realisasi_to_date_counts_a_missing_quarter_as_zero():
    assert scoring.realisasi_to_date([D(10), None, D(5)]) == D(15)
    assert scoring.realisasi_to_date([None, None]) is None


# --- the models -------------------------------------------------------------------------------------------


def test_a_milestone_year_needs_its_due_quarter_and_a_range_its_order(roadmap, unit_a):
    milestone = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, polarity="milestone")
    target = IndicatorAnnualTarget(indicator=milestone, year=2025, value=D(1))
    with pytest.raises(ValidationError) as e:
        target.full_clean()
    assert e.value.message_dict["due_quarter"] == ["Indikator milestone wajib memiliki triwulan jatuh tempo."]
    target.due_quarter = 5
    with pytest.raises(ValidationError):
        target.full_clean()
    target.due_quarter = 3
    target.full_clean()
    higher = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a)
    upside_down = IndicatorTarget(indicator=higher, year=2025, quarter=1, value=D("3.5"), value_upper=D("2.5"))
    with pytest.raises(ValidationError) as e:
        upside_down.full_clean()
    assert "Batas atas target tidak boleh di bawah batas bawahnya." in str(e.value)


# --- the service: four quarters -------------------------------------------------------------------------------


def _open(roadmap, quarter):
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=quarter)
    cycles.cycle_open(cycle=cycle)
    return cycle


def _row(indicator, quarter) -> Progress:
    return Progress.objects.select_related("report__cycle").get(indicator=indicator, report__cycle__quarter=quarter)


def _save(indicator, quarter, officer, *, realisasi=None, done=None):
    row = _row(indicator, quarter)
    today = row.report.cycle.opens_on + dt.timedelta(days=1)
    reports.report_save_draft(
        report=row.report,
        user=officer,
        rows=[ProgressInput(progress_id=row.pk, version=row.version, realisasi=realisasi, milestone_done=done)],
        today=today,
    )
    return _row(indicator, quarter)


@pytest.fixture
def four_quarters(roadmap, unit_a):
    """A cumulative count (targets to date 25, 50, 75, 100), a per-quarter share (80, 80, 85, 90) and a
    milestone due in TW III, with all four cycles of 2025 open."""
    count = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-CUM", satuan="dokumen", cumulative=True)
    share = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-PER", satuan="persen")
    milestone = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-MS", polarity="milestone")
    factories.IndicatorAnnualTargetFactory(indicator=count, value=D(100))
    factories.IndicatorAnnualTargetFactory(indicator=share, value=D(90))
    factories.IndicatorAnnualTargetFactory(indicator=milestone, value=D(1), due_quarter=3)
    for q, (to_date, own) in enumerate(zip((25, 50, 75, 100), (80, 80, 85, 90), strict=True), start=1):
        factories.IndicatorTargetFactory(indicator=count, quarter=q, value=D(to_date))
        factories.IndicatorTargetFactory(indicator=share, quarter=q, value=D(own))
        factories.IndicatorTargetFactory(indicator=milestone, quarter=q, value=D(1))
    for q in range(1, 5):
        _open(roadmap, q)
    return {"count": count, "share": share, "milestone": milestone}


def test_cumulative_indicator_compares_the_sum_to_date_with_the_target_to_date(four_quarters, officer_a):
    count = four_quarters["count"]
    # Realisasi of each quarter: 10, 20, 0, 30 → to date 10, 30, 30, 60 against 25, 50, 75, 100.
    for q, value in zip(range(1, 5), (10, 20, 0, 30), strict=True):
        _save(count, q, officer_a, realisasi=D(value))
    rows = [_row(count, q) for q in range(1, 5)]
    assert [r.realisasi_to_date for r in rows] == [D(10), D(30), D(30), D(60)]
    assert [r.capaian for r in rows] == [D("40.00"), D("60.00"), D("40.00"), D("60.00")]
    # TW I corrected to 20: every later quarter moves, in the same save: 20/25, 40/50, 40/75, 70/100.
    _save(count, 1, officer_a, realisasi=D(20))
    rows = [_row(count, q) for q in range(1, 5)]
    assert [r.realisasi_to_date for r in rows] == [D(20), D(40), D(40), D(70)]
    assert [r.capaian for r in rows] == [D("80.00"), D("80.00"), D("53.33"), D("70.00")]
    # The later quarters keep their officer's own values and version (no stale edit for whoever has them open).
    assert [r.realisasi for r in rows] == [D(20), D(20), D(0), D(30)]
    assert rows[2].version == 1
    # … and the Dasbor's summary of TW III followed: one row of weight 1 at 53,33.
    summary = ReportAreaScore.objects.filter(report=rows[2].report).values_list("num", "den")
    assert [(num.quantize(D("0.01")), den) for num, den in summary] == [(D("53.33"), D(1))]


def test_per_quarter_indicator_compares_each_quarter_with_its_own_target(four_quarters, officer_a):
    share = four_quarters["share"]
    for q, value in zip(range(1, 5), ("72", "80", "90", "81"), strict=True):
        _save(share, q, officer_a, realisasi=D(value))
    # 72/80, 80/80, 90/85, 81/90.
    rows = [_row(share, q) for q in range(1, 5)]
    assert [r.capaian for r in rows] == [D("90.00"), D("100.00"), D("105.88"), D("90.00")]
    assert {r.realisasi_to_date for r in rows} == {None}


def test_milestone_due_in_tw_iii_through_the_service(four_quarters, officer_a):
    milestone = four_quarters["milestone"]
    tw1 = _row(milestone, 1)
    assert tw1.not_yet_due and tw1.shows_not_due  # from the cycle's opening
    assert _save(milestone, 1, officer_a, done=False).capaian is None
    assert _save(milestone, 2, officer_a, done=True).capaian == D(100)  # done early
    tw3 = _save(milestone, 3, officer_a, done=False)
    assert (tw3.not_yet_due, tw3.capaian) == (False, D(0))
    assert _save(milestone, 4, officer_a, done=False).capaian == D(0)
    # Left out of the averages before it is due: TW I's report has no summary row for it.
    assert not ReportAreaScore.objects.filter(report=_row(milestone, 1).report).exists()


def test_range_target_through_the_service(roadmap, unit_a, officer_a):
    inflation = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-INF", polarity="lower")
    factories.IndicatorTargetFactory(indicator=inflation, quarter=1, value=D("1.5"), value_upper=D("3.5"))
    _open(roadmap, 1)
    row = _row(inflation, 1)
    assert (row.target_value, row.target_upper) == (D("1.5"), D("3.5"))
    assert _save(inflation, 1, officer_a, realisasi=D("2.8")).capaian == D(100)
    assert _save(inflation, 1, officer_a, realisasi=D("4.2")).capaian == D("80.00")
    assert _save(inflation, 1, officer_a, realisasi=D("1.2")).capaian == D("80.00")


# --- what the officer's form shows --------------------------------------------------------------------------


def test_the_form_shows_the_sum_to_date_the_due_quarter_a_range_and_the_kind(four_quarters, officer_a, as_user):
    count, milestone = four_quarters["count"], four_quarters["milestone"]
    _save(count, 1, officer_a, realisasi=D(10))
    _save(count, 2, officer_a, realisasi=D(20))
    _save(milestone, 2, officer_a, done=False)
    IndicatorTarget.objects.filter(indicator=four_quarters["share"], quarter=2).update(
        value=D("1.5"), value_upper=D("3.5")
    )
    report = _row(count, 2).report
    html = as_user(officer_a).get(reverse("evaluations:report_detail", args=[report.pk])).content.decode()
    # TW II of the count: 10 + 20 to date, against 50 → 60 %; the data the live preview adds to.
    assert 'data-before="10.0000"' in html or 'data-before="10"' in html
    assert 'Realisasi s.d. TW II 2025: <span class="fw-semibold" data-role="to-date">30</span>' in html
    assert '<span data-role="capaian">60 %</span>' in html
    # The milestone, due in TW III and not done: no capaian, said so; its target names the due quarter.
    assert "Belum jatuh tempo</span>" in html
    assert "(Jatuh tempo TW III)" in html
    assert "1,5–3,5" in html  # the share's range target
    assert html.count('data-role="kind">Outcome</span>') == 3
