"""Views: the rencana aksi rows of the officer's report page (save one row, upload its bukti dukung).

As the indicator rows (views/officer.py): the report and the row through roadmap.permissions.scope (another
unit's officer gets 404), changes need permissions.can_enter_data (reviewers and Pimpinan: 403); htmx gets the
card back, a plain POST (no JavaScript) the page. Deleting and downloading evidence are officer.py's views, for
either kind of row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluations.exceptions import ReportLocked, StaleEdit
from evaluations.forms_actions import ActionProgressForm
from evaluations.models import ActionProgress, Report, today_wita
from evaluations.selectors import actions as selectors
from evaluations.selectors.reports import current_decision
from evaluations.services import actions as services
from evaluations.views import action_fragments
from evaluations.views.officer import _detail_url, _may_enter, _page, _report, upload_evidence
from roadmap import permissions


def _row(request: HttpRequest, report: Report, row_pk: int) -> ActionProgress:
    return get_object_or_404(selectors.action_row_for(user=request.user, report=report, pk=row_pk))


def _anchor(report: Report, row: ActionProgress) -> str:
    return f"{_detail_url(report)}#aksi-{row.pk}"


def save_row(
    request: HttpRequest,
    report: Report,
    form: Any,
    *,
    save: Callable[[Any], Any],
    saved: str,
    invalid: str,
    anchor: str,
    page_key: str,
    card: Callable[[Report, Any | None, str | None], str],
) -> HttpResponse:
    """Save one extra row (rencana aksi, tindak lanjut) from its card's form: `save(item)` calls the service with the
    form's RowInput. htmx gets `card(report, form or None, error)` back with the header's status badge; without
    JavaScript, the page (`page_key`: the page's keyword for the refused form) or a redirect to `anchor`."""
    error = None
    if form.is_valid():
        try:
            save(form.to_input())
        except (StaleEdit, ReportLocked) as refused:
            error = str(refused)
        except ValidationError as refused:
            form.add_service_errors(refused.message_dict)
            error = invalid
    else:
        error = invalid
    if not request.htmx:
        if error is None:
            messages.success(request, saved)
            return redirect(anchor)
        return _page(request, report, **{page_key: form}, error=error)
    report.refresh_from_db()
    html = card(report, form if error else None, error)
    # The status badge in the page's header follows along (htmx out-of-band swap).
    status = render_to_string("evaluations/officer/_status.html", {"report": report, "oob": True})
    return HttpResponse(html + "\n" + status)


@login_required
@require_POST
def action_save(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Save one rencana aksi row (htmx returns its card; without JavaScript, back to the page)."""
    report = _report(request, pk)
    row = _row(request, report, row_pk)
    permissions.check(_may_enter(request, report))

    def card(report: Report, form: ActionProgressForm | None, error: str | None) -> str:
        item = selectors.action_rows(report=report, row_ids=[row.pk], decision=current_decision(report))[0]
        editable = report.lock_reason(today_wita()) is None
        return action_fragments.card_html(
            item,
            form=form or ActionProgressForm(row=item.row, editable=editable),
            report=report,
            editable=editable,
            row_message=error or _("Tersimpan."),
            row_ok=error is None,
        )

    return save_row(
        request,
        report,
        ActionProgressForm(request.POST, row=row),
        save=lambda item: services.action_row_save(user=request.user, row=row, data=item.data, version=item.version),
        saved=_("Rencana aksi %(code)s tersimpan.") % {"code": row.assignment.plan.code},
        invalid=_("Isian rencana aksi ini belum benar; tidak ada yang disimpan."),
        anchor=_anchor(report, row),
        page_key="bound_action",
        card=card,
    )


@login_required
@require_POST
def action_evidence_upload(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    report = _report(request, pk)
    row = _row(request, report, row_pk)
    return upload_evidence(request, report, row, errors_key="action_upload_errors", back=_anchor(report, row))


urlpatterns: list[URLPattern] = [
    path("laporan/<int:pk>/rencana-aksi/<int:row_pk>/", action_save, name="action_save"),
    path("laporan/<int:pk>/rencana-aksi/<int:row_pk>/bukti/", action_evidence_upload, name="action_evidence_upload"),
]
