"""Views: the rencana aksi rows of the officer's report page (save one row, upload its bukti dukung).

As the indicator rows (views/officer.py): the report and the row through roadmap.permissions.scope (another
unit's officer gets 404), changes need permissions.can_enter_data (reviewers and Pimpinan: 403); htmx gets the
card back, a plain POST (no JavaScript) the page. Deleting and downloading evidence are officer.py's views, for
either kind of row.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from evaluations.exceptions import ReportLocked, StaleEdit
from evaluations.forms import EvidenceUploadForm
from evaluations.forms_actions import ActionProgressForm
from evaluations.models import ActionProgress, Report, today_wita
from evaluations.selectors import actions as selectors
from evaluations.selectors.reports import current_decision
from evaluations.services import actions as services
from evaluations.services import evidence as evidence_services
from evaluations.views import action_fragments
from evaluations.views.officer import _detail_url, _may_enter, _page, _report
from roadmap import permissions


def _row(request: HttpRequest, report: Report, row_pk: int) -> ActionProgress:
    return get_object_or_404(selectors.action_row_for(user=request.user, report=report, pk=row_pk))


def _anchor(report: Report, row: ActionProgress) -> str:
    return f"{_detail_url(report)}#aksi-{row.pk}"


@login_required
@require_POST
def action_save(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Save one rencana aksi row (htmx returns its card; without JavaScript, back to the page)."""
    report = _report(request, pk)
    row = _row(request, report, row_pk)
    permissions.check(_may_enter(request, report))
    form = ActionProgressForm(request.POST, row=row)
    error = None
    if form.is_valid():
        item = form.to_input()
        try:
            services.action_row_save(user=request.user, row=row, data=item.data, version=item.version)
        except (StaleEdit, ReportLocked) as refused:
            error = str(refused)
        except ValidationError as refused:
            form.add_service_errors(refused.message_dict)
            error = _("Isian rencana aksi ini belum benar; tidak ada yang disimpan.")
    else:
        error = _("Isian rencana aksi ini belum benar; tidak ada yang disimpan.")
    if not request.htmx:
        if error is None:
            messages.success(request, _("Rencana aksi %(code)s tersimpan.") % {"code": row.assignment.plan.code})
            return redirect(_anchor(report, row))
        return _page(request, report, bound_action=form, error=error)
    report.refresh_from_db()
    item = selectors.action_rows(report=report, row_ids=[row.pk], decision=current_decision(report))[0]
    editable = report.lock_reason(today_wita()) is None
    card = action_fragments.card_html(
        item,
        form=form if error else ActionProgressForm(row=item.row, editable=editable),
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
def action_evidence_upload(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    report = _report(request, pk)
    row = _row(request, report, row_pk)
    permissions.check(_may_enter(request, report))
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, report, action_upload_errors={row.pk: form.errors.get("berkas", [])})
    try:
        created = evidence_services.evidence_add_many(
            progress=row, user=request.user, uploaded_files=form.cleaned_data["berkas"]
        )
    except evidence_services.EvidenceRejected as error:
        return _page(request, report, action_upload_errors={row.pk: [error.message, *error.problems]})
    except ReportLocked as error:
        return _page(request, report, action_upload_errors={row.pk: [str(error)]})
    messages.success(
        request,
        ngettext("%(n)d berkas bukti dukung diunggah.", "%(n)d berkas bukti dukung diunggah.", len(created))
        % {"n": len(created)},
    )
    return redirect(_anchor(report, row))


urlpatterns: list[URLPattern] = [
    path("laporan/<int:pk>/rencana-aksi/<int:row_pk>/", action_save, name="action_save"),
    path("laporan/<int:pk>/rencana-aksi/<int:row_pk>/bukti/", action_evidence_upload, name="action_evidence_upload"),
]
