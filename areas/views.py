"""Indicators of the active road map: a list and a detail page, scoped to what the user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from areas import selectors


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.IndicatorFilters.from_query(request.GET)
    indicators = selectors.indicators_for(user=request.user, filters=filters)
    page = Paginator(indicators, 50).get_page(request.GET.get("halaman"))
    context = {"page": page, "filters": filters, **selectors.filter_choices(user=request.user, filters=filters)}
    return render(request, "areas/indicator_list.html", context)


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(selectors.indicators_for(user=request.user), pk=pk)
    return render(
        request,
        "areas/indicator_detail.html",
        {"indicator": indicator, "targets": selectors.targets_by_year(indicator=indicator)},
    )
