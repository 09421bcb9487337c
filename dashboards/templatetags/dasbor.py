"""Small template helpers of the dashboards: traffic-light words and list indexing."""

from __future__ import annotations

from typing import Any

from django import template

from areas.scoring import TrafficLight

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
