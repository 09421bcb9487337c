"""Template filters for numbers the Indonesian way (85,5 and 1.234,5, by roadmap.numbers) and capaian badges.

`lampu` and `kategori` read the admin's capaian scale (areas.scale: once per request); `predikat` is the AA–D
band of an Indeks RB or SAKIP value only, never of an average of capaian.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from areas import categories, scoring
from areas.scale import capaian_scale
from roadmap import numbers

register = template.Library()


@register.filter
def angka(value: Any, places: int = 2) -> str:
    """roadmap.numbers.display: the active language's format, at most `places` decimals; "—" if none."""
    return numbers.display(value, places)


@register.filter
def rentang(value: Any, upper: Any = None, places: int = 2) -> str:
    """A target: one number, or a range "1,5–3,5" when it has an upper bound (roadmap.numbers.display_target);
    `places` as angka's (Jinja may pass it, Django's one argument is the upper bound)."""
    return numbers.display_target(value, upper, places)


@register.filter
def persen(value: Any) -> str:
    return numbers.percent(value)


@register.filter
def lampu(value: Any) -> str:
    """The traffic light (hijau/kuning/merah) of a capaian, clipped as in aggregates; "" when none."""
    if value is None:
        return ""
    try:
        return scoring.traffic_light(Decimal(str(value)), capaian_scale().lights) or ""
    except (InvalidOperation, ValueError):
        return ""


@register.simple_tag
def capaian_lights() -> scoring.Lights:
    """`{% capaian_lights as lights %}`: the traffic light's thresholds, for the report form's script."""
    return capaian_scale().lights


@register.filter
def kategori(value: Any) -> str:
    """The kategori capaian of an average (Sangat Baik … Sangat Kurang, the admin's scale); "—" if none."""
    if value is None:
        return numbers.NONE
    try:
        return categories.kategori(Decimal(str(value)), capaian_scale()) or numbers.NONE
    except (InvalidOperation, ValueError):
        return numbers.NONE


@register.filter
def predikat(value: Any) -> str:
    """The AA–D predikat of an Indeks RB or SAKIP value (areas.scoring.predikat); "—" if none."""
    if value is None:
        return "—"
    try:
        return scoring.predikat(Decimal(str(value))) or "—"
    except (InvalidOperation, ValueError):
        return "—"
