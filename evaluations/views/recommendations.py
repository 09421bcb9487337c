"""Views: the Rekomendasi LHE page (every role; an officer sees its own unit's) and the staff pages that add and
change a recommendation of a year's evaluation.

Permission rule: the list is for every signed-in role, scoped by roadmap.permissions (an officer's other units
are simply not in it); adding and changing are for the Verifikator and the Admin (403 for Pimpinan and officers).
Thin views: the form reads, services.follow_ups.recommendation_save decides and writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from evaluations.exceptions import InvalidTransition
from evaluations.forms_recommendations import RecommendationForm
from evaluations.models import RbEvaluation, Recommendation, today_wita
from evaluations.selectors import recommendations as selectors
from evaluations.services import follow_ups as services
from roadmap.models import Role
from roadmap.permissions import can_review, role_required, visible_units

REVIEWERS = (Role.VERIFIKATOR, Role.ADMIN)


@login_required
@require_GET
def recommendation_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.RecommendationFilters.from_query(request.GET)
    today = today_wita()
    context = {
        "lines": selectors.recommendation_lines(user=request.user, filters=filters, today=today),
        "filters": filters,
        "years": selectors.evaluation_years(),
        "units": visible_units(request.user).active().order_by("name"),
        "statuses": selectors.status_choices(),
        "query": urlencode(filters.as_query()),
        "can_edit": can_review(request.user),
        # The export lists the evaluations up to a year (exports.reports.RekomendasiExporter): this year by default.
        "export_year": filters.year or today.year,
    }
    return render(request, "evaluations/recommendations/list.html", context)


def _save(request: HttpRequest, evaluation: RbEvaluation, recommendation: Recommendation | None) -> HttpResponse:
    form = RecommendationForm(request.POST or None, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.recommendation_save(
                user=request.user,
                evaluation=evaluation,
                number=data["number"],
                text=data["text"],
                due_year=data["due_year"],
                due_quarter=data["due_quarter"],
                units=data["units"],
                recommendation=recommendation,
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        except InvalidTransition as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Rekomendasi %(code)s tersimpan.") % {"code": saved.code})
            return redirect(f"{_list_url()}?tahun={evaluation.year}")
    context = {"form": form, "evaluation": evaluation, "recommendation": recommendation}
    return render(request, "evaluations/recommendations/form.html", context)


def _list_url() -> str:
    return reverse("evaluations:recommendation_list")


@role_required(*REVIEWERS)
def recommendation_add(request: HttpRequest, year: int) -> HttpResponse:
    evaluation = get_object_or_404(RbEvaluation, year=year)
    return _save(request, evaluation, None)


@role_required(*REVIEWERS)
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("evaluation"), pk=pk)
    return _save(request, recommendation.evaluation, recommendation)


urlpatterns: list[URLPattern] = [
    path("rekomendasi-lhe/", recommendation_list, name="recommendation_list"),
    path("evaluasi-rb/<int:year>/rekomendasi/tambah/", recommendation_add, name="recommendation_add"),
    path("rekomendasi/<int:pk>/ubah/", recommendation_edit, name="recommendation_edit"),
]
