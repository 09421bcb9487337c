"""The capaian rule of DESIGN.md (areas.scoring), with hypothesis property tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from areas import scoring

numbers = st.one_of(
    st.none(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
)
finite = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False, places=4
)
positive = st.decimals(
    min_value=Decimal("0.0001"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False, places=4
)


@given(
    polarity=st.sampled_from(["higher", "lower", "milestone", "nonsense"]),
    target=numbers,
    realisasi=numbers,
    done=st.one_of(st.none(), st.booleans()),
)
def test_never_raises_and_gives_decimal_or_none(polarity, target, realisasi, done):
    result = scoring.capaian(polarity=polarity, target=target, realisasi=realisasi, done=done)
    assert result is None or (isinstance(result, Decimal) and result.is_finite())


@given(target=positive, realisasi=finite)
def test_higher_is_ratio_times_hundred(target, realisasi):
    result = scoring.capaian(polarity="higher", target=target, realisasi=realisasi)
    expected = (realisasi / target * 100).quantize(Decimal("0.01"))
    # Beyond what the database column holds (10^12 %) the value is meaningless: "—", as for a zero target.
    assert result == (expected if abs(expected) < Decimal("1e12") else None)


@given(target=positive, realisasi=finite)
def test_lower_is_sakip_convention_and_mirrors_higher(target, realisasi):
    lower = scoring.capaian(polarity="lower", target=target, realisasi=realisasi)
    higher = scoring.capaian(polarity="higher", target=target, realisasi=realisasi)
    expected = ((2 - realisasi / target) * 100).quantize(Decimal("0.01"))
    if abs(expected) >= Decimal("1e11"):
        return  # out of the column's range: None, covered above
    assert lower == expected
    # Doing better on a lower-is-better indicator means a lower ratio: the two move in opposite directions.
    assert abs((lower + higher) - Decimal(200)) <= Decimal("0.02")


@given(realisasi=numbers, polarity=st.sampled_from(["higher", "lower"]))
def test_zero_or_missing_target_gives_none(realisasi, polarity):
    assert scoring.capaian(polarity=polarity, target=0, realisasi=realisasi) is None
    assert scoring.capaian(polarity=polarity, target=None, realisasi=realisasi) is None
    assert scoring.capaian(polarity=polarity, target=Decimal("10"), realisasi=None) is None


def test_milestone():
    assert scoring.capaian(polarity="milestone", done=True) == 100
    assert scoring.capaian(polarity="milestone", done=False) == 0
    assert scoring.capaian(polarity="milestone", done=None) is None


def test_worked_examples():
    assert scoring.capaian(polarity="higher", target=80, realisasi=60) == Decimal("75.00")
    # Inflation target 3,5 %, realised 4,2 %: (2 − 1,2) × 100 = 80.
    assert scoring.capaian(polarity="lower", target=Decimal("3.5"), realisasi=Decimal("4.2")) == Decimal("80.00")
    assert scoring.capaian(polarity="higher", target="85,5", realisasi=1) is None  # not a number: "—", no crash


@given(value=st.one_of(st.none(), finite))
def test_clip_bounds(value):
    clipped = scoring.clip(value)
    if value is None:
        assert clipped is None
    else:
        assert Decimal(0) <= clipped <= Decimal(120)
        if Decimal(0) <= value <= Decimal(120):
            assert clipped == value


@given(pairs=st.lists(st.tuples(st.one_of(st.none(), finite), positive), max_size=20))
def test_weighted_mean_is_within_clip_and_ignores_missing(pairs):
    result = scoring.weighted_mean(pairs)
    present = [(v, w) for v, w in pairs if v is not None]
    if not present:
        assert result is None
    else:
        assert Decimal(0) <= result <= Decimal(120)


def test_weighted_mean_example():
    # (150 → 120) × 2 + 60 × 1, and the missing one is left out: 300 / 3 = 100.
    assert scoring.weighted_mean([(Decimal(150), Decimal(2)), (Decimal(60), Decimal(1)), (None, Decimal(5))]) == 100


@pytest.mark.parametrize(
    ("value", "light"),
    [
        (Decimal(85), "hijau"),
        (Decimal("84.99"), "kuning"),
        (Decimal(60), "kuning"),
        (Decimal("59.9"), "merah"),
        (None, None),
    ],
)
def test_traffic_light(value, light):
    assert scoring.traffic_light(value, scoring.DEFAULT_LIGHTS) == light


def test_traffic_light_on_other_thresholds():
    lights = scoring.Lights(green_from=Decimal(90), yellow_from=Decimal(75))
    assert scoring.traffic_light(Decimal(89), lights) == "kuning"
    assert scoring.traffic_light(Decimal(90), lights) == "hijau"
    assert scoring.traffic_light(Decimal("74.99"), lights) == "merah"


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (Decimal("90.01"), "AA"),
        (Decimal(90), "A"),
        (Decimal("80.5"), "A"),
        (Decimal(80), "BB"),
        (Decimal(71), "BB"),
        (Decimal(70), "B"),
        (Decimal(61), "B"),
        (Decimal(60), "CC"),
        (Decimal(51), "CC"),
        (Decimal(50), "C"),
        (Decimal(31), "C"),
        (Decimal(30), "D"),
        (Decimal(0), "D"),
        (None, None),
    ],
)
def test_predikat_bands(value, grade):
    assert scoring.predikat(value) == grade
