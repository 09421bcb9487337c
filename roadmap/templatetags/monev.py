"""Template filters for numbers the Indonesian way (85,5 and 1.234,5) and capaian badges."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats

from areas import scoring

register = template.Library()


@register.filter
def angka(value: Any, places: int = 2) -> str:
    """A number in the active language's format, at most `places` decimals, no trailing zeros; "—" if none."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "—"
    if not number.is_finite():
        return "—"
    number = number.quantize(Decimal(1).scaleb(-int(places)))
    text = format(number.normalize(), "f")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return formats.number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def persen(value: Any) -> str:
    text = angka(value, 1)
    return text if text == "—" else f"{text} %"


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
