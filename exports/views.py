"""Views of the Ekspor page and the import: permission → parse → selector/service → response."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboards.selectors import DashboardFilters
from exports import importer, plan_importer, selectors, services
from exports.base import CONTENT_TYPES
from exports.forms import ImportForm
from exports.models import ExportJob, ExportStatus
from exports.reports import exporter_for, reports_for
from roadmap import audit
from roadmap.models import AuditKind, Role
from roadmap.permissions import role_required

EXPORT_ROLES = (Role.ADMIN, Role.VERIFIKATOR, Role.PIMPINAN, Role.OPERATOR)


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> HttpResponse | StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _index_url(filters: DashboardFilters) -> str:
    return f"{reverse('exports:index')}?{filters.query()}"


def _user_jobs(request: HttpRequest):  # type: ignore[no-untyped-def]
    return ExportJob.objects.filter(user=request.user, expires_at__gt=timezone.now()).order_by("-created_at")


@require_GET
@role_required(*EXPORT_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    filters = selectors.export_filters(query=request.GET, user=request.user)
    context = {
        "filters": filters,
        "reports": reports_for(request.user),
        "jobs": _user_jobs(request)[:10],
        "can_import": request.user.is_admin_role,
        **selectors.filter_choices(user=request.user, filters=filters),
    }
    return render(request, "exports/index.html", context)


@require_POST
@role_required(*EXPORT_ROLES)
def run(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = selectors.export_filters(query=request.POST, user=request.user)
    report = request.POST.get("laporan", "")
    fmt = request.POST.get("format", "")
    delimiter = ";" if request.POST.get("pemisah") == ";" else ","
    if report == "bukti":
        if not filters.quarter:
            messages.error(request, _("Pilih triwulan untuk mengunduh bukti dukung."))
            return redirect(_index_url(filters))
        stream = services.evidence_zip_stream(user=request.user, filters=filters)
        audit.record(
            AuditKind.EXPORT_DOWNLOADED,
            request=request,
            detail={"laporan": report, "format": "zip", **filters.record()},
        )
        response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES["zip"])
        return _attachment(response, services.evidence_zip_filename(filters))
    try:
        exporter = exporter_for(report, user=request.user, filters=filters)
        if fmt not in exporter.formats:
            raise ValueError(_("Format %(fmt)s tidak tersedia.") % {"fmt": fmt})
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(_index_url(filters))

    if services.needs_background(exporter, fmt):
        job = services.export_job_create(
            user=request.user, report=report, fmt=fmt, filters=filters, delimiter=delimiter
        )
        messages.info(request, _("Ekspor sedang disiapkan. Berkas dapat diunduh setelah selesai."))
        return redirect(f"{_index_url(filters)}#tugas-{job.pk}")

    filename = exporter.filename(fmt)
    audit.record(
        AuditKind.EXPORT_DOWNLOADED, request=request, detail={"laporan": report, "format": fmt, **filters.record()}
    )
    if fmt == "csv":
        response = StreamingHttpResponse(exporter.iter_csv(delimiter=delimiter), content_type=CONTENT_TYPES["csv"])
        return _attachment(response, filename)
    # XLSX is a ZIP and PDF is laid out whole: both are built in a temporary file, then sent.
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    exporter.write(fmt, tmp)
    tmp.seek(0)
    response = FileResponse(tmp, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(*EXPORT_ROLES)
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    # Through the user's own jobs: someone else's job id is a 404, never a 403 that confirms it exists.
    job = get_object_or_404(_user_jobs(request), pk=pk)
    return render(request, "exports/_job.html", {"job": job})


@require_GET
@role_required(*EXPORT_ROLES)
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(_user_jobs(request).filter(status=ExportStatus.DONE).exclude(file=""), pk=pk)
    fmt = job.format if job.format in CONTENT_TYPES else "csv"
    audit.record(AuditKind.EXPORT_DOWNLOADED, request=request, detail={"tugas": job.pk, "berkas": job.filename})
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[fmt]
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(Role.ADMIN)
def import_template(request: HttpRequest) -> FileResponse:
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    importer.write_template(tmp)
    tmp.seek(0)
    return FileResponse(
        tmp, as_attachment=True, filename="templat-impor-indikator.xlsx", content_type=CONTENT_TYPES["xlsx"]
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def import_indicators(request: HttpRequest) -> HttpResponse:
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        apply = request.POST.get("aksi") == "terapkan"
        result = importer.import_indicators(
            file=form.cleaned_data["berkas"], roadmap=form.cleaned_data["roadmap"], apply=apply
        )
        if result.applied:
            messages.success(
                request,
                _("Impor diterapkan: %(ind)s indikator, %(tgt)s target.")
                % {"ind": result.indicator_count, "tgt": result.target_count},
            )
            return redirect("exports:import")
        if apply and result.errors:
            messages.error(request, _("Impor dibatalkan: tidak ada data yang disimpan karena ada kesalahan."))
    return render(request, "exports/import.html", {"form": form, "result": result})


@require_GET
@role_required(Role.ADMIN)
def import_plan_template(request: HttpRequest) -> FileResponse:
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    plan_importer.write_template(tmp)
    tmp.seek(0)
    return FileResponse(
        tmp, as_attachment=True, filename="templat-impor-rencana-aksi.xlsx", content_type=CONTENT_TYPES["xlsx"]
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def import_plan(request: HttpRequest) -> HttpResponse:
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        apply = request.POST.get("aksi") == "terapkan"
        result = plan_importer.import_plan(
            file=form.cleaned_data["berkas"], roadmap=form.cleaned_data["roadmap"], apply=apply
        )
        if result.applied:
            messages.success(
                request,
                _(
                    "Impor diterapkan: %(groups)s kegiatan, %(plans)s rencana aksi, %(assignments)s pelaksana, "
                    "%(stages)s tahapan."
                )
                % {
                    "groups": result.group_count,
                    "plans": result.plan_count,
                    "assignments": result.assignment_count,
                    "stages": result.stage_count,
                },
            )
            return redirect("exports:import_plan")
        if apply and result.errors:
            messages.error(request, _("Impor dibatalkan: tidak ada data yang disimpan karena ada kesalahan."))
    return render(request, "exports/import_plan.html", {"form": form, "result": result})
