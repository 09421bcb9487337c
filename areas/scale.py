"""The admin's capaian scale (kategori names and bounds, traffic-light thresholds), read once per request.

`capaian_scale()` is what every page, export and API answer labels an average with. Inside `one_scale()` the
scale is read at its first use and kept to the block's end; the middleware opens that block around every
request (pages with no capaian on them read nothing), and long jobs outside a request (an export task, the
warm job) may open it themselves. Outside any block each call reads the database: always right, never stale.

Read lazily, at first use, so that a cached dashboard page reads the scale *after* its data generation
(dashboards.selectors.cache.one_generation): a scale change bumps the generation in its own transaction, and
a page computed under the new generation cannot carry the old labels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from areas import scoring
from areas.categories import DEFAULT_SCALE, Category, Scale
from areas.models import CapaianCategory, CapaianScale

_memo: ContextVar[list[Scale] | None] = ContextVar("capaian_scale", default=None)


def read_capaian_scale() -> Scale:
    """The scale as stored (one query); the default (areas.categories) while none is stored or before migrate."""
    try:
        rows = list(
            CapaianCategory.objects.filter(scale_id=CapaianScale.SINGLETON)
            .select_related("scale")
            .order_by("-lower_bound", "inclusive")
        )
    except DatabaseError:  # the table is not migrated yet
        return DEFAULT_SCALE
    if len(rows) < 2:  # the admin cannot save fewer (areas.admin); a database emptied by hand gets the default
        return DEFAULT_SCALE
    scale = rows[0].scale
    return Scale(
        tuple(Category(r.name, r.lower_bound, r.inclusive) for r in rows),
        scoring.Lights(green_from=scale.green_from, yellow_from=scale.yellow_from),
    )


def capaian_scale() -> Scale:
    memo = _memo.get()
    if memo is None:
        return read_capaian_scale()
    if not memo:
        memo.append(read_capaian_scale())
    return memo[0]


@contextmanager
def one_scale() -> Iterator[None]:
    """The scale is read at most once inside this block."""
    token = _memo.set([])
    try:
        yield
    finally:
        _memo.reset(token)


def forget() -> None:
    """Drop the scale read in this block (after the admin saved a new one within it)."""
    memo = _memo.get()
    if memo:
        memo.clear()


class OneScaleMiddleware:
    """Every request reads the capaian scale at most once (areas.scale.one_scale)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with one_scale():
            return self.get_response(request)
