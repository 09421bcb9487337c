"""The numbers rules of DESIGN.md as pure functions: capaian (ranges, milestones due in a quarter, realisasi to
date, the year and its projection), clipping, traffic light, predikat. docs/indicator-rules.md explains the rules.

Pure (no database, no settings at call time) so that they can be property-tested and
mirrored exactly by the SQL expressions of the dashboards' read layer. The traffic light's thresholds are
the admin's (areas.models.CapaianScale, read by areas.selectors.capaian_scale): the function takes them.
`predikat` is the official AA–D band of the yearly Indeks RB and of SAKIP, never a label of averaged capaian
(those carry a kategori capaian: areas.categories; docs/numbers.md#kategori-capaian).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
CLIP_MIN = Decimal(0)
CLIP_MAX = Decimal(120)
CAPAIAN_BOUND = Decimal("1e12")  # from 10^12 % on no capaian: no column holds it, no real indicator reaches it
# Predikat bands of the Indeks RB and SAKIP: (lower bound, exclusive; grade), highest first.
PREDIKAT_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "AA"),
    (Decimal(80), "A"),
    (Decimal(70), "BB"),
    (Decimal(60), "B"),
    (Decimal(50), "CC"),
    (Decimal(30), "C"),
)

Number = Decimal | int | float | str | None


class Lights(NamedTuple):
    """The traffic light's thresholds: hijau from `green_from`, kuning from `yellow_from` (both inclusive)."""

    green_from: Decimal
    yellow_from: Decimal


# A local convention (DESIGN.md), not a regulation's: the admin may change them (docs/numbers.md#lampu-capaian).
DEFAULT_LIGHTS = Lights(green_from=Decimal(85), yellow_from=Decimal(60))


class TrafficLight(models.TextChoices):
    HIJAU = "hijau", _("Hijau")
    KUNING = "kuning", _("Kuning")
    MERAH = "merah", _("Merah")


def _to_decimal(value: Number) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def before_due(quarter: int | None, due_quarter: int | None) -> bool:
    """A quarter before a milestone's due quarter: not yet due ("belum jatuh tempo"); no due quarter: due at once."""
    return quarter is not None and due_quarter is not None and quarter < due_quarter


def capaian(
    *,
    polarity: str,
    target: Number = None,
    realisasi: Number = None,
    done: bool | None = None,
    upper: Number = None,
    not_yet_due: bool = False,
) -> Decimal | None:
    """Achievement in % of one indicator in one quarter, unclipped; None when it cannot be computed.

    higher is better: realisasi / target × 100; lower is better: (2 − realisasi / target) × 100
    (the SAKIP convention). A range target (`target` the lower bound, `upper` the upper one) overrides the
    polarity: see range_capaian. Milestone: 100 when done; not done: 0 from its due quarter on, None before
    it (`not_yet_due`, see before_due: "belum jatuh tempo", left out of averages). A target of 0 or a missing
    value gives None ("—" on the page, left out of averages), and so does a result of 10^12 % or more, which no
    column can hold and no real indicator reaches. Never raises. For a cumulative indicator the caller passes
    the realisasi and the target to date (realisasi_to_date).
    """
    if polarity == "milestone":
        if done is None:
            return None
        if done:
            return HUNDRED
        return None if not_yet_due else Decimal(0)
    t = _to_decimal(target)
    r = _to_decimal(realisasi)
    if t is None or r is None:
        return None
    hi = _to_decimal(upper)
    if hi is not None:
        return range_capaian(low=t, high=hi, realisasi=r)
    if t == 0:
        return None
    try:
        ratio = r / t
        if polarity == "higher":
            result = ratio * HUNDRED
        elif polarity == "lower":
            result = (2 - ratio) * HUNDRED
        else:
            return None
    except (InvalidOperation, ArithmeticError):
        return None
    return _bounded(result)


def _bounded(result: Decimal) -> Decimal | None:
    return result.quantize(Decimal("0.01")) if result.is_finite() and abs(result) < CAPAIAN_BOUND else None


def range_capaian(*, low: Decimal, high: Decimal, realisasi: Decimal) -> Decimal | None:
    """A target range [low, high]: 100 inside it (bounds included); below it, scored against the lower bound as
    higher-better (r / low × 100); above it, against the upper bound as lower-better ((2 − r / high) × 100).
    None when the bound it is scored against is 0 (as any target of 0) or the range is upside down."""
    if high < low:
        return None
    if low <= realisasi <= high:
        return HUNDRED
    bound = low if realisasi < low else high
    if bound == 0:
        return None
    try:
        ratio = realisasi / bound
        result = ratio * HUNDRED if realisasi < low else (2 - ratio) * HUNDRED
    except (InvalidOperation, ArithmeticError):
        return None
    return _bounded(result)


def realisasi_to_date(values: Iterable[Number]) -> Decimal | None:
    """Σ of a cumulative indicator's realisasi of the year's quarters so far (a quarter not reported counts 0);
    None when none of them has a value."""
    numbers = [d for d in (_to_decimal(v) for v in values) if d is not None]
    if not numbers:
        return None
    return sum(numbers, Decimal(0))


class QuarterValue(NamedTuple):
    """What one quarter's report says of an indicator: its realisasi (or, for a milestone, done or not)."""

    quarter: int
    realisasi: Decimal | None = None
    done: bool | None = None


@dataclass(frozen=True)
class YearScore:
    """An indicator's year so far: the year's realisasi, its capaian against the annual target, the projected
    year-end capaian, and the last quarter reported (None when no quarter has a value)."""

    realisasi: Decimal | None = None
    capaian: Decimal | None = None
    projection: Decimal | None = None
    last_quarter: int | None = None


def year_score(
    *,
    polarity: str,
    cumulative: bool,
    annual_target: Number,
    quarters: Iterable[QuarterValue],
    annual_upper: Number = None,
    due_quarter: int | None = None,
) -> YearScore:
    """The year's capaian against the annual target, and its year-end projection (docs/indicator-rules.md#the-year).

    Cumulative (a flow): the year's realisasi is Σ of the quarters so far; projected linearly,
    Σ × 4 / n after n quarters (the last one reported; a quarter not reported counts 0).
    Per quarter (a stock: a level, a share): the year's realisasi is the last quarter's value, and so is the
    projection (the level reached is the best guess of the level at the year's end).
    Milestone: 100 once done in any quarter; not done: 0 from its due quarter on, None before it, with no
    projection until it is due.
    """
    rows = sorted(quarters, key=lambda q: q.quarter)
    if polarity == "milestone":
        answered = [q for q in rows if q.done is not None]
        if not answered:
            return YearScore()
        last = answered[-1].quarter
        if any(q.done for q in answered):
            return YearScore(capaian=HUNDRED, projection=HUNDRED, last_quarter=last)
        value = capaian(polarity=polarity, done=False, not_yet_due=before_due(last, due_quarter))
        return YearScore(capaian=value, projection=value, last_quarter=last)
    valued = [q for q in rows if _to_decimal(q.realisasi) is not None]
    if not valued:
        return YearScore()
    last = valued[-1].quarter
    if cumulative:
        realisasi = realisasi_to_date(q.realisasi for q in valued)
        projected = None if realisasi is None else realisasi * 4 / Decimal(last)
    else:
        realisasi = projected = _to_decimal(valued[-1].realisasi)
    score = capaian(polarity=polarity, target=annual_target, upper=annual_upper, realisasi=realisasi)
    projection = capaian(polarity=polarity, target=annual_target, upper=annual_upper, realisasi=projected)
    return YearScore(realisasi=realisasi, capaian=score, projection=projection, last_quarter=last)


def clip(value: Decimal | None) -> Decimal | None:
    """Clip an indicator's capaian to 0–120 % before it enters an aggregate."""
    if value is None:
        return None
    return max(CLIP_MIN, min(CLIP_MAX, value))


def traffic_light(value: Decimal | None, lights: Lights) -> str | None:
    """hijau (on track) ≥ green_from, kuning ≥ yellow_from, merah below; None when there is no capaian."""
    if value is None:
        return None
    if value >= lights.green_from:
        return TrafficLight.HIJAU
    if value >= lights.yellow_from:
        return TrafficLight.KUNING
    return TrafficLight.MERAH


def predikat(value: Decimal | None) -> str | None:
    """The official grade band of an Indeks RB or SAKIP value: AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30,
    D ≤ 30. Not for averages of capaian (areas.categories.kategori is)."""
    if value is None:
        return None
    for bound, grade in PREDIKAT_BANDS:
        if value > bound:
            return grade
    return "D"


def weighted_mean(pairs: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Weighted mean of clipped capaian; pairs without a capaian are left out."""
    total = Decimal(0)
    weights = Decimal(0)
    for value, weight in pairs:
        clipped = clip(value)
        if clipped is None or not weight or weight <= 0:
            continue
        total += clipped * weight
        weights += weight
    if weights == 0:
        return None
    return (total / weights).quantize(Decimal("0.01"))
