"""The Jinja2 environment for the few fragments rendered hundreds of times per page, and their macros.

Django's template language costs ≈10–20 µs per variable and tag; the report form's 40 indicator cards, the
unit page's indicators × quarters table and the Dasbor's ranking, heat map and at-risk rows are thousands of
them per request, most of those pages' CPU (docs/performance.md). Jinja2 compiles a template to Python, about
ten times faster for the same markup. Everything else stays in Django templates. The small pieces that both
kinds of template show (a traffic light, a status badge) are Jinja macros; a Django template calls them through
a template tag (`macro()` below), so each piece of markup is written once.

The fragments carry no translatable literal: their words come from the context (translated once per page by
the view, e.g. evaluations.selectors.reports.row_labels), so `makemessages` still sees every string.
Autoescaping is on; Django's safe strings and form fields (`__html__`) are not escaped twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template import engines
from django.template.defaultfilters import filesizeformat, linebreaksbr, stringformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment
from markupsafe import Markup

from roadmap.templatetags.monev import angka, lampu, persen, predikat


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


_MARKER = 987654321  # any number: pk_url looks for its last occurrence, which is the marker's


def pk_url(name: str, *args: Any) -> Callable[[int], str]:
    """reverse(name, args=[*args, pk]) for many pks: reverse() costs ≈15 µs and a page needs hundreds of
    them, so reverse once with a marker as the last pk and put each pk in its place."""
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


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 - Django's Jinja2 backend sets autoescape=True in `options`
    env.globals.update({"url": url})
    env.filters.update(
        {
            "angka": angka,
            "persen": persen,
            "lampu": lampu,
            "predikat": predikat,
            "linebreaksbr": lambda value: linebreaksbr(value, autoescape=True),
            "filesizeformat": filesizeformat,
            "stringformat": stringformat,
        }
    )
    return env
