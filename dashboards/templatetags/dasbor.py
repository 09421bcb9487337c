"""Small template helpers of the dashboards: traffic-light words, list indexing, the unit filter's options."""

from __future__ import annotations

from typing import Any

from django import template

from areas.scoring import TrafficLight
from dashboards.selectors.filters import unit_options_html

register = template.Library()


@register.filter
def lampu_label(light: str | None) -> str:
    """The traffic light in words (for screen readers and print): Hijau, Kuning, Merah."""
    if not light:
        return ""
    try:
        return str(TrafficLight(light).label)
    except ValueError:
        return ""


@register.filter
def item(sequence: Any, index: int) -> Any:
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return None


@register.filter
def unit_options(units: list[tuple[int, str]], selected: Any) -> Any:
    """The unit filter's <option>s from filter_choices' (pk, label) list; `selected`: the chosen unit."""
    return unit_options_html(units, getattr(selected, "pk", None))
