"""Views: the road map's yearly results, Sasaran Road Map and Evaluasi RB (the Indeks RB with its LHE).

Permission rule: Verifikator, Admin and Pimpinan read (roadmap.permissions.can_read_yearly_results); Verifikator
and Admin enter and change (can_enter_yearly_results), Pimpinan gets 403 on the edit URLs; an Operator Unit gets
403 on every URL here (the results are the road map's, the officer's pages are their unit's); anonymous users are
sent to the login page. The files leave only through the download views below, never a media URL.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exceptions import ReportError
from evaluations.forms_yearly import RbEvaluationForm, SasaranLineForm
from evaluations.models import RbEvaluation, StrategicEvidence, today_wita
from evaluations.selectors import recommendations as recommendation_selectors
from evaluations.selectors import yearly as selectors
from evaluations.services import evidence as evidence_services
from evaluations.services import yearly as services
from roadmap.models import Roadmap, Role
from roadmap.permissions import can_enter_yearly_results, can_review, role_required
from roadmap.querystring import query_int

READERS = (Role.VERIFIKATOR, Role.ADMIN, Role.PIMPINAN)
WRITERS = (Role.VERIFIKATOR, Role.ADMIN)
CONTENT_TYPES = {kind.extension: kind.content_type for kind in evidence_services.KINDS}


def _file_response(field: Any, name: str, content_type: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Berkas tidak ditemukan.")) from error
    inline = content_type in evidence_services.INLINE_CONTENT_TYPES
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request: HttpRequest, error: ReportError) -> None:
    messages.error(request, str(error))
    for problem in error.problems:
        messages.error(request, problem)


# --- Sasaran Road Map ---------------------------------------------------------------------------------------


def _roadmap(request: HttpRequest) -> Roadmap:
    """The road map of ?roadmap= (any one: they are no unit's), else the active one."""
    wanted = query_int(request.GET.get("roadmap"))
    roadmaps = Roadmap.objects.order_by("-is_active", "-start_year")
    roadmap = roadmaps.filter(pk=wanted).first() if wanted else roadmaps.first()
    if roadmap is None:
        raise Http404(_("Belum ada road map."))
    return roadmap


def _sasaran_url(roadmap: Roadmap, year: int) -> str:
    return f"{reverse('evaluations:sasaran')}?roadmap={roadmap.pk}&tahun={year}"


@role_required(*READERS)
@require_GET
def sasaran(request: HttpRequest) -> HttpResponse:
    roadmap = _roadmap(request)
    year = query_int(request.GET.get("tahun"))
    if year is None or year not in roadmap.years:
        year = selectors.default_sasaran_year(roadmap=roadmap, today=today_wita())
    context = {
        "roadmap": roadmap,
        "roadmaps": Roadmap.objects.order_by("-start_year"),
        "years": list(roadmap.years),
        "data": selectors.sasaran_year(roadmap=roadmap, year=year),
        "can_edit": can_enter_yearly_results(request.user),
    }
    return render(request, "evaluations/sasaran/page.html", context)


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def sasaran_edit(request: HttpRequest, year: int) -> HttpResponse:
    roadmap = _roadmap(request)
    if year not in roadmap.years:
        raise Http404(_("Tahun di luar masa road map."))
    data = selectors.sasaran_year(roadmap=roadmap, year=year)
    bound = request.method == "POST"
    forms = [
        SasaranLineForm(request.POST if bound else None, request.FILES if bound else None, line=line)
        for line in data.lines
    ]
    if bound:
        if all(form.is_valid() for form in forms):
            try:
                services.strategic_realisations_save(
                    user=request.user, roadmap=roadmap, year=year, rows=[f.to_input() for f in forms]
                )
            except ReportError as error:
                _refused(request, error)
            else:
                messages.success(request, _("Realisasi sasaran tahun %(year)s disimpan.") % {"year": year})
                return redirect(_sasaran_url(roadmap, year))
        else:
            messages.error(request, _("Tidak ada yang disimpan: periksa isian yang ditandai."))
    by_indicator = {f.line.indicator.pk: f for f in forms}
    sections = [(group, [(line, by_indicator[line.indicator.pk]) for line in group.lines]) for group in data.groups]
    context = {"roadmap": roadmap, "year": year, "data": data, "sections": sections}
    status = 400 if bound else 200
    return render(request, "evaluations/sasaran/edit.html", context, status=status)


@role_required(*READERS)
@require_GET
def sasaran_evidence(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(StrategicEvidence, pk=pk)
    return _file_response(evidence.file, evidence.original_name, evidence.content_type)


@role_required(*WRITERS)
@require_POST
def sasaran_evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        StrategicEvidence.objects.select_related("realisation__indicator__strategic_target__roadmap"), pk=pk
    )
    realisation = evidence.realisation
    try:
        services.strategic_evidence_delete(
            user=request.user, evidence=evidence, version=query_int(request.POST.get("version"))
        )
    except ReportError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Bukti dukung %(name)s dihapus.") % {"name": evidence.original_name})
    roadmap = realisation.indicator.strategic_target.roadmap
    return redirect(f"{reverse('evaluations:sasaran_edit', args=[realisation.year])}?roadmap={roadmap.pk}")


# --- Evaluasi RB --------------------------------------------------------------------------------------------


@role_required(*READERS)
@require_GET
def rb_list(request: HttpRequest) -> HttpResponse:
    evaluations = selectors.rb_evaluations()
    context = {
        "evaluations": list(reversed(evaluations)),  # the newest first in the table
        "chart": selectors.indeks_chart(evaluations),
        "can_edit": can_enter_yearly_results(request.user),
    }
    return render(request, "evaluations/yearly/list.html", context)


@role_required(*READERS)
@require_GET
def rb_detail(request: HttpRequest, year: int) -> HttpResponse:
    evaluation = get_object_or_404(RbEvaluation.objects.select_related("roadmap", "updated_by"), year=year)
    context = {
        "evaluation": evaluation,
        "can_edit": can_enter_yearly_results(request.user),
        # The LHE's recommendations of this year with their units' follow-up, as on the Rekomendasi LHE page.
        "recommendation_lines": recommendation_selectors.recommendation_lines(
            user=request.user, filters=recommendation_selectors.RecommendationFilters(year=year)
        ),
        "can_add_recommendation": can_review(request.user),  # as views.recommendations.recommendation_add
    }
    return render(request, "evaluations/yearly/detail.html", context)


def _save(request: HttpRequest, form: RbEvaluationForm, evaluation: RbEvaluation | None) -> HttpResponse | None:
    if not form.is_valid():
        messages.error(request, _("Tidak ada yang disimpan: periksa isian yang ditandai."))
        return None
    try:
        saved = services.rb_evaluation_save(user=request.user, data=form.to_input(), evaluation=evaluation)
    except ReportError as error:
        _refused(request, error)
        return None
    messages.success(request, _("Hasil evaluasi RB tahun %(year)s disimpan.") % {"year": saved.year})
    return redirect("evaluations:rb_detail", year=saved.year)


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def rb_create(request: HttpRequest) -> HttpResponse:
    form = RbEvaluationForm(request.POST or None, request.FILES or None, initial={"tahun": today_wita().year - 1})
    if request.method == "POST" and (response := _save(request, form, None)):
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/yearly/form.html", {"form": form, "evaluation": None}, status=status)


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def rb_edit(request: HttpRequest, year: int) -> HttpResponse:
    evaluation = get_object_or_404(RbEvaluation, year=year)
    initial = {
        "version": evaluation.version,
        "nilai_general": evaluation.general_value,
        "nilai_tematik": evaluation.tematik_value,
        "nomor_lhe": evaluation.lhe_number,
        "tanggal_lhe": evaluation.lhe_date,
        "catatan": evaluation.notes,
    }
    form = RbEvaluationForm(request.POST or None, request.FILES or None, initial=initial, year=year)
    if request.method == "POST" and (response := _save(request, form, evaluation)):
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/yearly/form.html", {"form": form, "evaluation": evaluation}, status=status)


@role_required(*READERS)
@require_GET
def rb_document(request: HttpRequest, year: int) -> FileResponse:
    evaluation = get_object_or_404(RbEvaluation.objects.exclude(document=""), year=year)
    # The stored name carries the canonical extension of what the guard found the file to be.
    suffix = PurePosixPath(evaluation.document.name).suffix
    content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
    return _file_response(evaluation.document, evaluation.document_name or f"lhe-{year}{suffix}", content_type)


urlpatterns: list[URLPattern] = [
    path("sasaran-road-map/", sasaran, name="sasaran"),
    path("sasaran-road-map/<int:year>/ubah/", sasaran_edit, name="sasaran_edit"),
    path("sasaran-road-map/bukti/<int:pk>/", sasaran_evidence, name="sasaran_evidence"),
    path("sasaran-road-map/bukti/<int:pk>/hapus/", sasaran_evidence_delete, name="sasaran_evidence_delete"),
    path("evaluasi-rb/", rb_list, name="rb_list"),
    path("evaluasi-rb/tambah/", rb_create, name="rb_create"),
    path("evaluasi-rb/<int:year>/", rb_detail, name="rb_detail"),
    path("evaluasi-rb/<int:year>/ubah/", rb_edit, name="rb_edit"),
    path("evaluasi-rb/<int:year>/dokumen/", rb_document, name="rb_document"),
]
