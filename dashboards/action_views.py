"""The Rencana Aksi pages: the plan by area, theme, unit and status, and one action's page (read-only).

Staff (Verifikator, Pimpinan, Admin) see every action; an officer the actions their unit carries out or
coordinates (dashboards.selectors.action_plans.visible_plans): another action's page is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from areas.models import ActionKind
from dashboards import pages, selectors
from dashboards.selectors import action_plans
from dashboards.views import _filters, one_generation
from roadmap.querystring import query_int

PER_PAGE = 25


@require_safe  # read-only pages: the reporting and review pages write
@login_required
@one_generation
def action_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    context = pages.base(request.user, filters)
    list_filters = action_plans.PlanListFilters.parse(request.GET)
    plans = action_plans.plan_list(user=request.user, filters=filters, list_filters=list_filters)
    page = Paginator(plans, PER_PAGE).get_page(query_int(request.GET.get("halaman")) or 1)
    query = filters.query(**list_filters.params())
    context.update(
        {
            "list_filters": list_filters,
            "status_choices": action_plans.STATUS_CHOICES,
            "kind_choices": ActionKind.choices,
            "page": page,
            "entries": action_plans.plan_entries(user=request.user, filters=filters, plans=list(page.object_list)),
            "list_query": query,
        }
    )
    return render(request, "dashboards/actions.html", context)


@require_safe
@login_required
@one_generation
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filters = _filters(request)
    context = pages.base(request.user, filters)
    plan = get_object_or_404(
        action_plans.visible_plans(user=request.user).select_related(
            "group", "group__area", "group__theme", "coordinator", "roadmap"
        ),
        pk=pk,
    )
    if filters.roadmap is None or filters.roadmap.pk != plan.roadmap_id or filters.year != plan.year:
        # The action's own road map and year decide its quarters, whatever the URL says.
        query = request.GET.copy()
        query["roadmap"], query["tahun"] = str(plan.roadmap_id), str(plan.year)
        filters = selectors.dashboard_filters(query=query, user=request.user)
        context.update({"filters": filters, **selectors.filter_choices(user=request.user, filters=filters)})
    context["detail"] = action_plans.plan_detail(user=request.user, plan=plan, filters=filters)
    return render(request, "dashboards/action.html", context)
