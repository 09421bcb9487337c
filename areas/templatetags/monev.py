"""Template filters for numbers the Indonesian way (85,5 and 1.234,5, by roadmap.numbers) and capaian badges."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from areas import scoring
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
        return scoring.traffic_light(Decimal(str(value))) or ""
    except (InvalidOperation, ValueError):
        return ""


@register.filter
def predikat(value: Any) -> str:
    if value is None:
        return "—"
    try:
        return scoring.predikat(Decimal(str(value))) or "—"
    except (InvalidOperation, ValueError):
        return "—"
