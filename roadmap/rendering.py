"""Rendering helpers of the Jinja2 fragments (the environment itself is the shell's: config/jinja.py).

`render` turns a fragment into HTML for a Django page; `pk_url` builds hundreds of links of one URL pattern for the
price of one `reverse()`. Why Jinja2 for the long lists: docs/performance.md#jinja2-for-the-long-lists.
`macros` / `macro` hand out a template's macros: the small pieces that both kinds of template show (a traffic
light, a status badge) are Jinja macros, which a Django template calls through a template tag, so each piece of
markup is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template import engines
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup

_MARKER = 987654321  # any number: pk_url looks for its last occurrence, which is the marker's


def pk_url(name: str, *args: Any) -> Callable[[int], str]:
    """reverse(name, args=[*args, pk]) for many pks: reverse once with a marker as the last pk and put each pk in
    its place (the cost of reverse(): docs/performance.md#jinja2-for-the-long-lists)."""
    head, marker, tail = reverse(name, args=[*args, _MARKER]).rpartition(str(_MARKER))
    if not marker:
        raise ValueError(f"{name}: its last argument is not a plain pk in the URL")
    return lambda pk: f"{head}{int(pk)}{tail}"


def render(name: str, context: dict[str, Any]) -> SafeString:
    """A Jinja fragment as HTML for a Django page (autoescaped by the environment)."""
    return mark_safe(engines["jinja2"].get_template(name).render(context))


def macros(template: str) -> Any:
    """A Jinja template's macros (its module, built once and kept by Jinja), to call from Python or to hand to
    fragments rendered many times per page instead of an {% import %} in each."""
    return engines["jinja2"].env.get_template(template).module  # type: ignore[attr-defined]


def macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a Jinja template, to call from Python (a Django template tag): the one definition of a small
    repeated piece, whichever kind of template shows it."""
    return getattr(macros(template), name)  # type: ignore[no-any-return]
