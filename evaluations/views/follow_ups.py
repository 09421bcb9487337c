"""Views: the tindak lanjut rows of the officer's report page (save one row, upload its bukti dukung).

As the rencana aksi rows (views/actions.py, whose save_row they share): the report and the row through
roadmap.permissions.scope (another unit's officer gets 404), changes need permissions.can_enter_data (reviewers
and Pimpinan: 403); htmx gets the card back, a plain POST (no JavaScript) the page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluations.forms_follow_ups import FollowUpForm
from evaluations.models import FollowUp, Report, today_wita
from evaluations.selectors import follow_ups as selectors
from evaluations.selectors.reports import current_decision
from evaluations.services import follow_ups as services
from evaluations.views import follow_up_fragments
from evaluations.views.actions import save_row
from evaluations.views.officer import _detail_url, _may_enter, _report, upload_evidence
from roadmap import permissions


def _row(request: HttpRequest, report: Report, row_pk: int) -> FollowUp:
    return get_object_or_404(selectors.follow_up_row_for(user=request.user, report=report, pk=row_pk))


def _anchor(report: Report, row: FollowUp) -> str:
    return f"{_detail_url(report)}#tl-{row.pk}"


@login_required
@require_POST
def follow_up_save(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Save one tindak lanjut row (htmx returns its card; without JavaScript, back to the page)."""
    report = _report(request, pk)
    row = _row(request, report, row_pk)
    permissions.check(_may_enter(request, report))

    def card(report: Report, form: FollowUpForm | None, error: str | None) -> str:
        item = selectors.follow_up_rows(report=report, row_ids=[row.pk], decision=current_decision(report))[0]
        editable = report.lock_reason(today_wita()) is None
        return follow_up_fragments.card_html(
            item,
            form=form or FollowUpForm(row=item.row, editable=editable),
            report=report,
            editable=editable,
            row_message=error or _("Tersimpan."),
            row_ok=error is None,
        )

    return save_row(
        request,
        report,
        FollowUpForm(request.POST, row=row),
        save=lambda item: services.follow_up_row_save(user=request.user, row=row, data=item.data, version=item.version),
        saved=_("Tindak lanjut %(code)s tersimpan.") % {"code": row.assignment.recommendation.code},
        invalid=_("Isian tindak lanjut ini belum benar; tidak ada yang disimpan."),
        anchor=_anchor(report, row),
        page_key="bound_follow_up",
        card=card,
    )


@login_required
@require_POST
def follow_up_evidence_upload(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    report = _report(request, pk)
    row = _row(request, report, row_pk)
    return upload_evidence(request, report, row, errors_key="follow_up_upload_errors", back=_anchor(report, row))


urlpatterns: list[URLPattern] = [
    path("laporan/<int:pk>/tindak-lanjut/<int:row_pk>/", follow_up_save, name="follow_up_save"),
    path(
        "laporan/<int:pk>/tindak-lanjut/<int:row_pk>/bukti/",
        follow_up_evidence_upload,
        name="follow_up_evidence_upload",
    ),
]
