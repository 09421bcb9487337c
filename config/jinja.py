"""The Jinja2 environment for the few fragments rendered hundreds of times per page.

The report form's 40 indicator cards, the unit page's indicators × quarters table and the Dasbor's ranking,
heat map and at-risk rows are thousands of variables and tags per request; Jinja2 compiles a template to Python
and renders the same markup for a fraction of the Django template language's cost (the figures:
docs/performance.md#jinja2-for-the-long-lists). Everything else stays in Django templates. The helpers the
apps call (`render`, `pk_url`) are the core's: roadmap/rendering.py.

The fragments carry no translatable literal: their words come from the context (translated once per page by
the view, e.g. evaluations.selectors.reports.row_labels), so `makemessages` still sees every string.
Autoescaping is on; Django's safe strings and form fields (`__html__`) are not escaped twice.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat, linebreaksbr, stringformat
from django.urls import reverse
from jinja2 import Environment

from areas.templatetags.monev import angka, kategori, lampu, persen, predikat, rentang


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 - Django's Jinja2 backend sets autoescape=True in `options`
    env.globals.update({"url": url})
    env.filters.update(
        {
            "angka": angka,
            "persen": persen,
            "lampu": lampu,
            "kategori": kategori,
            "predikat": predikat,
            "rentang": rentang,
            "linebreaksbr": lambda value: linebreaksbr(value, autoescape=True),
            "filesizeformat": filesizeformat,
            "stringformat": stringformat,
        }
    )
    return env
