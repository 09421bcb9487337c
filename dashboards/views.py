"""The dashboards: Dasbor, and the area, unit and indicator pages; what they show is dashboards.pages'.

Access is enforced here and in the selectors' querysets (roadmap.permissions.scope): an officer
gets the same pages limited to their own unit; another unit's unit or indicator page is a 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render

from areas.models import ChangeArea, Indicator
from dashboards import pages, selectors
from dashboards.selectors import cache, drilldown
from roadmap.permissions import can_view_dashboards, check, scope, visible_units


def one_generation(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The data generation is read once per page (dashboards.selectors.cache.one_generation)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with cache.one_generation():
            return view(request, *args, **kwargs)

    return wrapped


def _filters(request: HttpRequest, query: QueryDict | None = None) -> selectors.DashboardFilters:
    check(can_view_dashboards(request.user))
    return selectors.dashboard_filters(query=request.GET if query is None else query, user=request.user)


@login_required
@one_generation
def overview(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    context = pages.base(request.user, filters)
    context["body"] = pages.overview_body(request.user, request.path, filters)
    context.update(pages.yearly_cards(request.user, filters))
    return render(request, "dashboards/overview.html", context)


@login_required
@one_generation
def area(request: HttpRequest, pk: int) -> HttpResponse:
    check(can_view_dashboards(request.user))
    change_area = get_object_or_404(ChangeArea, pk=pk)
    query = request.GET.copy()
    query["roadmap"] = str(change_area.roadmap_id)  # an area is of one road map: its page shows that one
    filters = _filters(request, query)
    context = pages.base(request.user, filters)
    context.update(pages.area_page(request.user, change_area, replace(filters, area=change_area)))
    return render(request, "dashboards/area.html", context)


@login_required
@one_generation
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    filters = _filters(request)
    context = pages.base(request.user, filters)
    the_unit = get_object_or_404(visible_units(request.user), pk=pk)
    filters = drilldown.for_unit(filters, the_unit)
    context.update({"filters": filters, "unit": the_unit})
    context["body"] = pages.unit_body(request.user, request.path, the_unit, filters)
    return render(request, "dashboards/unit.html", context)


@login_required
@one_generation
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    filters = _filters(request)
    the_indicator = get_object_or_404(
        scope(Indicator.objects.select_related("unit", "area", "aspect", "theme", "roadmap"), request.user), pk=pk
    )
    if filters.roadmap is None or filters.roadmap.pk != the_indicator.roadmap_id:
        # The indicator's own road map decides its quarters, whatever the URL says.
        query = request.GET.copy()
        query["roadmap"] = str(the_indicator.roadmap_id)
        filters = selectors.dashboard_filters(query=query, user=request.user)
    context = pages.base(request.user, filters)
    context.update(pages.indicator_page(request.user, the_indicator, filters))
    return render(request, "dashboards/indicator.html", context)
