"""Views: the tindak lanjut rows of the officer's report page (save one row, upload its bukti dukung).

As the rencana aksi rows (views/actions.py; both through views/rows.py): the report and the row through
roadmap.permissions.scope (another unit's officer gets 404), changes need permissions.can_enter_data (reviewers
and Pimpinan: 403); htmx gets the card back, a plain POST (no JavaScript) the page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluations.forms_follow_ups import FollowUpForm
from evaluations.selectors import follow_ups as selectors
from evaluations.services import follow_ups as services
from evaluations.views import follow_up_fragments
from evaluations.views.officer import _report, upload_evidence
from evaluations.views.rows import RowKind, anchor, row_of, row_save

KIND = RowKind(
    row_for=selectors.follow_up_row_for,
    items=selectors.follow_up_rows,
    card_html=follow_up_fragments.card_html,
    form=FollowUpForm,
    save=services.follow_up_row_save,
    saved=lambda row: _("Tindak lanjut %(code)s tersimpan.") % {"code": row.assignment.recommendation.code},
    invalid=lambda: _("Isian tindak lanjut ini belum benar; tidak ada yang disimpan."),
    anchor_prefix="tl-",
    page_key="bound_follow_up",
)


@login_required
@require_POST
def follow_up_save(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Save one tindak lanjut row (htmx returns its card; without JavaScript, back to the page)."""
    return row_save(request, pk, row_pk, KIND)


@login_required
@require_POST
def follow_up_evidence_upload(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    report = _report(request, pk)
    row = row_of(request, report, row_pk, KIND)
    return upload_evidence(request, report, row, errors_key="follow_up_upload_errors", back=anchor(report, row, KIND))


urlpatterns: list[URLPattern] = [
    path("laporan/<int:pk>/tindak-lanjut/<int:row_pk>/", follow_up_save, name="follow_up_save"),
    path(
        "laporan/<int:pk>/tindak-lanjut/<int:row_pk>/bukti/",
        follow_up_evidence_upload,
        name="follow_up_evidence_upload",
    ),
]
