"""Views: the Verifikator BPSDM's pages (Antrian Verifikasi, the review page and its actions).

Permission rule: Verifikator BPSDM and Admin may use every review URL; Pimpinan may read the
queue and the review page (GET) but every action is 403; an Operator Unit gets 403 on all of
them (they use the officer pages). Reports are always fetched through scope(); the services
enforce the state rules again, so a stale button only yields a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from evaluations.exceptions import InvalidTransition
from evaluations.forms_review import BulkApproveForm, ReopenForm, ReturnForm
from evaluations.models import ActionProgress, FollowUp, Report, ReportStatus, today_wita
from evaluations.selectors import review as selectors
from evaluations.selectors.history import report_history
from evaluations.services import reports as services
from evaluations.views import action_fragments, follow_up_fragments, fragments
from roadmap.models import Role
from roadmap.permissions import can_review, role_required, scope

REVIEWERS = (Role.VERIFIKATOR, Role.ADMIN)
READERS = (*REVIEWERS, Role.PIMPINAN)
QUEUE_PAGE_SIZE = 50


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    report = selectors.report_for_review(user=request.user, pk=pk)
    if report is None:
        raise Http404
    return report


@role_required(*READERS)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    today = today_wita()
    filters = selectors.QueueFilters.from_query(request.GET)
    queue = selectors.review_queue(user=request.user, filters=filters)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("halaman"))
    counts = selectors.queue_status_counts(user=request.user, filters=filters)
    tabs = [
        {
            "status": value,
            "label": label,
            "count": counts[value],
            "url": "?" + urlencode(filters.as_query(status=value)),
            "active": filters.status == value,
        }
        for value, label in [*ReportStatus.choices, (selectors.STATUS_ALL, _("Semua"))]
    ]
    context = {
        "page": page,
        "rows": selectors.queue_rows(page, today=today),
        "filters": filters,
        "tabs": tabs,
        "query": urlencode(filters.as_query()),
        "can_review": can_review(request.user),
        "bulk_enabled": filters.status == ReportStatus.DIAJUKAN and can_review(request.user),
        **selectors.queue_filter_choices(user=request.user),
    }
    return render(request, "evaluations/review/queue.html", context)


def _back_to_queue(request: HttpRequest) -> HttpResponseRedirect:
    # Rebuilt from the parsed filters, never the raw value: the redirect stays on our own queue.
    filters = selectors.QueueFilters.from_query(request.POST)
    return redirect(reverse("evaluations:review_queue") + "?" + urlencode(filters.as_query()))


@role_required(*REVIEWERS)
@require_POST
def review_bulk_approve(request: HttpRequest) -> HttpResponse:
    visible = scope(Report.objects.select_related("unit", "cycle"), request.user)
    form = BulkApproveForm(request.POST, reports=visible)
    if not form.is_valid():
        for error in form.errors.get("laporan", []):
            messages.error(request, error)
        return _back_to_queue(request)
    chosen = sorted(form.cleaned_data["laporan"], key=lambda r: (r.submitted_at is None, r.submitted_at, r.pk))
    result = services.reports_bulk_approve(reports=chosen, reviewer=request.user)
    if result.approved:
        n = len(result.approved)
        messages.success(
            request,
            ngettext("%(n)d laporan disetujui.", "%(n)d laporan disetujui.", n) % {"n": n},
        )
    for report, reason in result.refused:
        messages.warning(
            request,
            _("Tidak disetujui: %(report)s — %(reason)s")
            % {"report": f"{report.unit} {report.cycle.label}", "reason": reason},
        )
    return _back_to_queue(request)


def _detail_context(
    request: HttpRequest,
    report: Report,
    *,
    return_form: ReturnForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> dict[str, Any]:
    today = today_wita()
    groups = selectors.review_rows(report=report)
    progress_rows = [row.progress for g in groups for row in g.rows]
    actions = selectors.review_actions(report=report, user=request.user, today=today)
    if return_form is None and actions.can_return:
        return_form = ReturnForm(
            progress_rows=progress_rows,
            action_rows=_action_rows(report),
            follow_up_rows=_follow_up_rows(report),
            today=today,
        )
    if reopen_form is None and actions.can_reopen:
        reopen_form = ReopenForm(today=today)
    return {
        "report": report,
        "groups": groups,
        "indicator_count": len(progress_rows),
        "score": selectors.report_score(report=report),
        "late": report.submitted_late() or report.is_overdue(today),
        "overdue": report.is_overdue(today),
        "due_on": report.effective_due_on(),
        "actions": actions,
        "return_form": return_form if actions.can_return else None,
        "reopen_form": reopen_form if actions.can_reopen else None,
        "decisions": selectors.review_decisions(report=report),
        "history": fragments.history_html(report_history(report=report)),
        "can_review": can_review(request.user),
        "today": today,
        **action_fragments.review_section(report, return_form if actions.can_return else None),
        **follow_up_fragments.review_section(report, return_form if actions.can_return else None),
    }


def _action_rows(report: Report) -> list[ActionProgress]:
    return list(report.action_rows.select_related("assignment__plan"))


def _follow_up_rows(report: Report) -> list[FollowUp]:
    return list(report.follow_ups.select_related("assignment__recommendation__evaluation").order_by("pk"))


@role_required(*READERS)
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    return render(request, "evaluations/review/detail.html", _detail_context(request, report))


def _detail_redirect(report: Report) -> HttpResponseRedirect:
    return redirect("evaluations:review_detail", pk=report.pk)


@role_required(*REVIEWERS)
@require_POST
def review_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    try:
        services.report_approve(report=report, reviewer=request.user)
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Laporan %(label)s %(unit)s disetujui.") % _labels(report))
    return _detail_redirect(report)


def _labels(report: Report) -> dict[str, str]:
    return {"label": report.cycle.label, "unit": str(report.unit)}


@role_required(*REVIEWERS)
@require_POST
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    today = today_wita()
    progress_rows = list(report.progress_rows.select_related("indicator"))
    form = ReturnForm(
        request.POST,
        progress_rows=progress_rows,
        action_rows=_action_rows(report),
        follow_up_rows=_follow_up_rows(report),
        today=today,
    )
    if not form.is_valid():
        context = _detail_context(request, report, return_form=form)
        if context["return_form"] is None:
            # The report left Diajukan meanwhile: say so instead of showing a form that cannot be used.
            messages.error(request, _("Laporan ini tidak lagi berstatus Diajukan; tidak ada yang diubah."))
            return _detail_redirect(report)
        return render(request, "evaluations/review/detail.html", context)
    try:
        services.report_return(
            report=report,
            reviewer=request.user,
            reason=form.cleaned_data["alasan"],
            notes=form.notes,
            action_notes=form.action_notes,
            follow_up_notes=form.follow_up_notes,
            revision_due_on=form.cleaned_data.get("batas_perbaikan"),
            today=today,
        )
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Laporan %(label)s %(unit)s dikembalikan untuk diperbaiki.") % _labels(report))
    return _detail_redirect(report)


@role_required(*REVIEWERS)
@require_POST
def review_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    today = today_wita()
    form = ReopenForm(request.POST, today=today)
    if not form.is_valid():
        context = _detail_context(request, report, reopen_form=form)
        if context["reopen_form"] is None:
            messages.error(request, _("Laporan ini tidak dapat dibuka kembali; tidak ada yang diubah."))
            return _detail_redirect(report)
        return render(request, "evaluations/review/detail.html", context)
    try:
        services.report_reopen(
            report=report,
            reviewer=request.user,
            reason=form.cleaned_data["alasan"],
            until=form.cleaned_data.get("sampai"),
            today=today,
        )
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Laporan %(label)s %(unit)s dibuka kembali.") % _labels(report))
    return _detail_redirect(report)


urlpatterns: list[URLPattern] = [
    path("verifikasi/", review_queue, name="review_queue"),
    path("verifikasi/setujui-massal/", review_bulk_approve, name="review_bulk_approve"),
    path("verifikasi/<int:pk>/", review_detail, name="review_detail"),
    path("verifikasi/<int:pk>/setujui/", review_approve, name="review_approve"),
    path("verifikasi/<int:pk>/kembalikan/", review_return, name="review_return"),
    path("verifikasi/<int:pk>/buka-kembali/", review_reopen, name="review_reopen"),
]
