"""Small template helpers of the dashboards: traffic-light words, list indexing, and the pieces written once as
Jinja macros (templates/jinja2/dashboards/_macros.jinja) that the Django templates show too."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from markupsafe import Markup

from areas.scoring import TrafficLight
from dashboards.fragments import MACROS
from roadmap.rendering import macro

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


@register.simple_tag
def light(value: str | None) -> Markup:
    """The traffic light and its word (the `light` macro); — without a capaian."""
    return macro(MACROS, "light")(value or None, lampu_label(value))


@register.simple_tag
def status(report: Any, overdue: bool = False) -> Markup:
    """The report's status badge and, when `overdue`, Terlambat (the `status` macro); — without a report."""
    if report is None:
        return macro(MACROS, "status")(None, "")
    return macro(MACROS, "status")(report.status, report.get_status_display(), _("Terlambat") if overdue else "")


@register.simple_tag
def unit_options(units: list[tuple[int, str]], selected: Any) -> Markup:
    """The unit filter's <option>s from filter_choices' (pk, label) list; `selected`: the chosen unit."""
    return macro(MACROS, "unit_options")(units, getattr(selected, "pk", None))
