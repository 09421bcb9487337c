"""Views: the Operator Unit's pages — Laporan Triwulan, the report form, evidence, Riwayat.

Every object is fetched through roadmap.permissions.scope (another unit's officer gets 404);
changes need permissions.can_enter_data (reviewers and Pimpinan read only: 403 on POST).
Views are thin: permission → form → service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from evaluations.exceptions import IncompleteReport, InvalidTransition, ReportLocked, StaleEdit
from evaluations.forms import EvidenceUploadForm, ProgressForm, ReportForm
from evaluations.forms_actions import ActionProgressForm, ActionReportForm
from evaluations.forms_follow_ups import FollowUpForm, FollowUpReportForm
from evaluations.models import ActionProgress, FollowUp, Progress, Report, today_wita
from evaluations.selectors import actions as action_selectors
from evaluations.selectors import follow_ups as follow_up_selectors
from evaluations.selectors import reports as selectors
from evaluations.services import actions as action_services
from evaluations.services import evidence as evidence_services
from evaluations.services import follow_ups as follow_up_services
from evaluations.services import reports as report_services
from evaluations.views import action_fragments, follow_up_fragments, fragments
from roadmap import permissions


def _report(request: HttpRequest, pk: int) -> Report:
    return get_object_or_404(selectors.report_for_page(user=request.user, pk=pk))


def _progress(request: HttpRequest, report: Report, progress_pk: int) -> Progress:
    return get_object_or_404(selectors.progress_for(user=request.user, report=report, pk=progress_pk))


def _may_enter(request: HttpRequest, report: Report) -> bool:
    return permissions.can_enter_data(request.user, report.unit_id)


def _detail_url(report: Report, progress_pk: int | None = None) -> str:
    url = reverse("evaluations:report_detail", args=[report.pk])
    return f"{url}#ind-{progress_pk}" if progress_pk else url


def _page(
    request: HttpRequest,
    report: Report,
    *,
    posted: ReportForm | None = None,
    bound_row: ProgressForm | None = None,
    problems: list[str] | None = None,
    error: str | None = None,
    upload_errors: dict[int, list[str]] | None = None,
    posted_actions: ActionReportForm | None = None,
    bound_action: ActionProgressForm | None = None,
    action_upload_errors: dict[int, list[str]] | None = None,
    posted_follow_ups: FollowUpReportForm | None = None,
    bound_follow_up: FollowUpForm | None = None,
    follow_up_upload_errors: dict[int, list[str]] | None = None,
) -> HttpResponse:
    """The report page; on a refused save it shows the officer's own input with the messages."""
    today = today_wita()
    lock_reason = report.lock_reason(today)
    may_enter = _may_enter(request, report)
    editable = may_enter and lock_reason is None
    rows = selectors.report_rows(report=report)
    form = posted or ReportForm([r.progress for r in rows], editable=editable)
    forms = {
        row.progress.pk: form.forms.get(row.progress.pk) or ProgressForm(progress=row.progress, editable=editable)
        for row in rows
    }
    if bound_row is not None:
        forms[bound_row.progress.pk] = bound_row
    decision = selectors.current_decision(report)
    actions = action_fragments.section(
        request,
        report,
        editable=editable,
        decision=decision,
        posted=posted_actions,
        bound=bound_action,
        upload_errors=action_upload_errors,
    )
    follow_ups = follow_up_fragments.section(
        request,
        report,
        editable=editable,
        decision=decision,
        posted=posted_follow_ups,
        bound=bound_follow_up,
        upload_errors=follow_up_upload_errors,
    )
    error_count = posted.error_count if posted else (1 if bound_row is not None and bound_row.errors else 0)
    error_count += actions["action_error_count"] + (1 if bound_action is not None and bound_action.errors else 0)
    error_count += follow_ups["follow_up_error_count"]
    error_count += 1 if bound_follow_up is not None and bound_follow_up.errors else 0
    context: dict[str, Any] = {
        "report": report,
        "summary": selectors.ReportSummary(report=report, capaian=None, today=today),
        "groups": fragments.report_cards(
            selectors.group_by_area(rows), forms=forms, report=report, editable=editable, upload_errors=upload_errors
        ),
        "side_forms": fragments.side_forms(request, rows, report=report) if editable else "",
        "lock_reason": lock_reason,
        "editable": editable,
        "read_only_role": not may_enter,
        "decision": decision,
        "problems": problems or [],
        "error": error,
        "error_count": error_count,
        **actions,
        **follow_ups,
    }
    # Riwayat is not read here: the page loads it when the officer opens it (evaluations.views.history).
    return render(request, "evaluations/officer/report_detail.html", context)


@dataclass(frozen=True)
class Refused:
    """A refused save of the whole page: the bound forms (indicators, rencana aksi, tindak lanjut) and the message."""

    form: ReportForm
    actions: ActionReportForm
    follow_ups: FollowUpReportForm
    error: str


def _save_posted(request: HttpRequest, report: Report) -> Refused | None:
    """Validate and save the whole posted form (indicators, rencana aksi, tindak lanjut); a Refused when nothing
    was saved."""
    form = ReportForm(selectors.progress_rows_to_save(report), request.POST)
    actions = ActionReportForm(action_selectors.action_rows_to_save(report), request.POST)
    follow_ups = FollowUpReportForm(follow_up_selectors.follow_up_rows_to_save(report), request.POST)
    invalid = _("Ada isian yang belum benar; tidak ada yang disimpan. Periksa pesan di samping isian.")
    if not all([form.is_valid(), actions.is_valid(), follow_ups.is_valid()]):
        return Refused(form, actions, follow_ups, invalid)
    try:
        action_services.report_save_all(
            report=report,
            user=request.user,
            rows=form.inputs(),
            action_rows=actions.inputs(),
            follow_up_rows=follow_ups.inputs(),
        )
    except (StaleEdit, ReportLocked) as error:
        return Refused(form, actions, follow_ups, str(error))
    except action_services.ActionRowsInvalid as error:
        actions.add_service_errors(error.errors)
        return Refused(form, actions, follow_ups, invalid)
    except follow_up_services.FollowUpRowsInvalid as error:
        follow_ups.add_service_errors(error.errors)
        return Refused(form, actions, follow_ups, invalid)
    return None


def _refused_page(request: HttpRequest, report: Report, refused: Refused) -> HttpResponse:
    return _page(
        request,
        report,
        posted=refused.form,
        posted_actions=refused.actions,
        posted_follow_ups=refused.follow_ups,
        error=refused.error,
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    summaries = selectors.report_summaries(user=request.user)
    return render(request, "evaluations/officer/report_list.html", {"summaries": summaries})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if request.method != "POST":
        return _page(request, report)
    permissions.check(_may_enter(request, report))
    refused = _save_posted(request, report)
    if refused is not None:
        return _refused_page(request, report, refused)
    messages.success(request, _("Draf tersimpan."))
    return redirect(_detail_url(report))


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Ajukan. When the page's form comes along, it is saved first, so that nothing typed is lost."""
    report = _report(request, pk)
    permissions.check(_may_enter(request, report))
    if any(key.endswith("-version") for key in request.POST):
        refused = _save_posted(request, report)
        if refused is not None:
            return _refused_page(request, report, refused)
    try:
        report_services.report_submit(report=report, user=request.user)
    except IncompleteReport as error:
        return _page(request, report, problems=error.problems, error=str(error))
    except (ReportLocked, InvalidTransition) as error:
        messages.error(request, str(error))
        return redirect(_detail_url(report))
    messages.success(
        request,
        _("Laporan diajukan. %(unit)s akan memverifikasinya; sementara itu laporan terkunci.")
        % {"unit": settings.VERIFIER_UNIT_NAME},
    )
    return redirect(_detail_url(report))


@login_required
@require_POST
def progress_save(request: HttpRequest, pk: int, progress_pk: int) -> HttpResponse:
    """Save one indicator (htmx returns its card; without JavaScript, back to the page)."""
    report = _report(request, pk)
    progress = _progress(request, report, progress_pk)
    permissions.check(_may_enter(request, report))
    form = ProgressForm(request.POST, progress=progress)
    error = None
    if form.is_valid():
        try:
            report = report_services.report_save_draft(report=report, user=request.user, rows=[form.to_input()])
        except (StaleEdit, ReportLocked) as refused:
            error = str(refused)
    else:
        error = _("Isian indikator ini belum benar; tidak ada yang disimpan.")
    if not request.htmx:
        if error is None:
            messages.success(request, _("Indikator %(code)s tersimpan.") % {"code": progress.indicator.code})
            return redirect(_detail_url(report, progress.pk))
        return _page(request, report, bound_row=form, error=error)
    report.refresh_from_db()
    row = selectors.report_rows(report=report, progress_ids=[progress.pk])[0]
    editable = report.lock_reason(today_wita()) is None
    card = fragments.card_html(
        row,
        form=form if error else ProgressForm(progress=row.progress, editable=editable),
        report=report,
        editable=editable,
        row_message=error or _("Tersimpan."),
        row_ok=error is None,
    )
    # The status badge in the page's header follows along (htmx out-of-band swap).
    status = render_to_string("evaluations/officer/_status.html", {"report": report, "oob": True})
    return HttpResponse(card + "\n" + status)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int, progress_pk: int) -> HttpResponse:
    report = _report(request, pk)
    progress = _progress(request, report, progress_pk)
    return upload_evidence(request, report, progress, errors_key="upload_errors", back=_detail_url(report, progress.pk))


def upload_evidence(
    request: HttpRequest, report: Report, row: Progress | ActionProgress | FollowUp, *, errors_key: str, back: str
) -> HttpResponse:
    """Upload bukti dukung to an indicator's, an action's or a tindak lanjut's row; refused files come back on the
    page under `errors_key` (the page's keyword for that kind of row), accepted ones go back to the row at `back`."""
    permissions.check(_may_enter(request, report))
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, report, **{errors_key: {row.pk: form.errors.get("berkas", [])}})
    try:
        created = evidence_services.evidence_add_many(
            progress=row, user=request.user, uploaded_files=form.cleaned_data["berkas"]
        )
    except evidence_services.EvidenceRejected as error:
        return _page(request, report, **{errors_key: {row.pk: [error.message, *error.problems]}})
    except ReportLocked as error:
        return _page(request, report, **{errors_key: {row.pk: [str(error)]}})
    messages.success(
        request,
        ngettext("%(n)d berkas bukti dukung diunggah.", "%(n)d berkas bukti dukung diunggah.", len(created))
        % {"n": len(created)},
    )
    return redirect(back)


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(selectors.evidence_for(user=request.user), pk=pk)
    report = evidence.report  # of an indicator's row, a rencana aksi's or a tindak lanjut's
    permissions.check(_may_enter(request, report))
    try:
        evidence_services.evidence_delete(evidence=evidence, user=request.user)
    except ReportLocked as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Bukti dukung %(name)s dihapus.") % {"name": evidence.original_name})
    if evidence.action_progress_id:
        return redirect(_detail_url(report) + f"#aksi-{evidence.action_progress_id}")
    if evidence.follow_up_id:
        return redirect(_detail_url(report) + f"#tl-{evidence.follow_up_id}")
    return redirect(_detail_url(report, evidence.progress_id))


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Unduh / preview: the file goes only through this permission-checked view, never a media URL."""
    evidence = get_object_or_404(selectors.evidence_for(user=request.user), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Berkas tidak ditemukan.")) from error
    inline = evidence.content_type in evidence_services.INLINE_CONTENT_TYPES
    response = FileResponse(
        handle, as_attachment=not inline, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("laporan/", report_list, name="report_list"),
    path("laporan/<int:pk>/", report_detail, name="report_detail"),
    path("laporan/<int:pk>/ajukan/", report_submit, name="report_submit"),
    path("laporan/<int:pk>/indikator/<int:progress_pk>/", progress_save, name="progress_save"),
    path("laporan/<int:pk>/bukti/<int:progress_pk>/", evidence_upload, name="evidence_upload"),
    path("bukti/<int:pk>/hapus/", evidence_delete, name="evidence_delete"),
    path("bukti/<int:pk>/", evidence_download, name="evidence_download"),
]
