"""Keep the BPSDM Dasbor of every quarter rendered: the beat's warm_dashboards job (every minute).

A change of data bumps the generation and so makes every cached page stale, the closed quarters' too. The
first reviewer to open a quarter after a change would pay for its aggregates, its ranking of every unit and
its heat map (docs/performance.md#warm-dashboards). This job renders, once per generation, the Dasbor of
every quarter of the active road map as the staff see it by default (approved data, Indonesian), so that
opening any quarter is a cache hit. Other filters, languages and officers' pages are rendered on first visit.
It renders through dashboards.pages, the views' own composition, so the cached body is the one a reviewer gets.
"""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from dashboards import pages, selectors
from dashboards.selectors import cache
from roadmap.models import Roadmap, Role, User

WARMED = f"{cache.PREFIX}warmed"
LANGUAGE = "id"


def staff_viewer() -> User:
    """An unsaved staff user: the staff scope (every unit), nobody's account. Page bodies hold nothing of
    the user's own, so what it renders is what every staff member is served."""
    return User(username="dasbor-warm", role=Role.VERIFIKATOR, is_active=True)


def warm_dashboards() -> int:
    """Render the Dasbor of each quarter of the active road map into the cache, once per data generation.

    Returns the number of pages rendered: 0 when caching is off, nothing changed since the last run, or there is
    no active road map — so running it twice has one effect.
    """
    if cache.ttl() <= 0:
        return 0
    generation = cache.generation()
    if generation is None:
        return 0
    store = cache.backend()
    if store.get(WARMED) == generation:
        return 0
    roadmap = Roadmap.objects.filter(is_active=True).first()
    if roadmap is None:
        return 0
    viewer, path = staff_viewer(), reverse("dashboards:overview")
    rendered = 0
    with cache.one_generation(), translation.override(LANGUAGE):
        for cycle in roadmap.cycles.order_by("year", "quarter"):
            query = QueryDict(mutable=True)
            query.update({"tahun": str(cycle.year), "triwulan": str(cycle.quarter)})
            filters = selectors.dashboard_filters(query=query, user=viewer)
            pages.overview_body(viewer, path, filters)
            rendered += 1
    store.set(WARMED, generation, cache.ttl())
    return rendered
