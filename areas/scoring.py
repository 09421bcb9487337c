"""The numbers rules of DESIGN.md as pure functions: capaian, clipping, traffic light, predikat.

Pure (no database, no settings at call time) so that they can be property-tested and
mirrored exactly by the SQL expressions of the dashboards' read layer. The traffic light's thresholds are
the admin's (areas.models.CapaianScale, read by areas.selectors.capaian_scale): the function takes them.
`predikat` is the official AA–D band of the yearly Indeks RB and of SAKIP, never a label of averaged capaian
(those carry a kategori capaian: areas.categories; docs/numbers.md#kategori-capaian).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
CLIP_MIN = Decimal(0)
CLIP_MAX = Decimal(120)
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


def capaian(
    *,
    polarity: str,
    target: Number = None,
    realisasi: Number = None,
    done: bool | None = None,
) -> Decimal | None:
    """Achievement in % of one indicator in one quarter, unclipped; None when it cannot be computed.

    higher is better: realisasi / target × 100; lower is better: (2 − realisasi / target) × 100
    (the SAKIP convention); milestone: 100 when done, else 0. A target of 0 or a missing value
    gives None ("—" on the page, left out of averages), and so does a result of 10^12 % or more,
    which no column can hold and no real indicator reaches. Never raises.
    """
    if polarity == "milestone":
        if done is None:
            return None
        return HUNDRED if done else Decimal(0)
    t = _to_decimal(target)
    r = _to_decimal(realisasi)
    if t is None or r is None or t == 0:
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
    return result.quantize(Decimal("0.01")) if result.is_finite() and abs(result) < Decimal("1e12") else None


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
