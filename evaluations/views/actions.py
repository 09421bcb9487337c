"""Views: the rencana aksi rows of the officer's report page (save one row, upload its bukti dukung).

As the indicator rows (views/officer.py): the report and the row through roadmap.permissions.scope (another
unit's officer gets 404), changes need permissions.can_enter_data (reviewers and Pimpinan: 403); htmx gets the
card back, a plain POST (no JavaScript) the page (the save: views/rows.py, shared with the tindak lanjut rows).
Deleting and downloading evidence are officer.py's views, for either kind of row.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluations.forms_actions import ActionProgressForm
from evaluations.selectors import actions as selectors
from evaluations.services import actions as services
from evaluations.views import action_fragments
from evaluations.views.officer import _report, upload_evidence
from evaluations.views.rows import RowKind, anchor, row_of, row_save

KIND = RowKind(
    row_for=selectors.action_row_for,
    items=selectors.action_rows,
    card_html=action_fragments.card_html,
    form=ActionProgressForm,
    save=services.action_row_save,
    saved=lambda row: _("Rencana aksi %(code)s tersimpan.") % {"code": row.assignment.plan.code},
    invalid=lambda: _("Isian rencana aksi ini belum benar; tidak ada yang disimpan."),
    anchor_prefix="aksi-",
    page_key="bound_action",
)


@login_required
@require_POST
def action_save(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Save one rencana aksi row (htmx returns its card; without JavaScript, back to the page)."""
    return row_save(request, pk, row_pk, KIND)


@login_required
@require_POST
def action_evidence_upload(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    report = _report(request, pk)
    row = row_of(request, report, row_pk, KIND)
    return upload_evidence(request, report, row, errors_key="action_upload_errors", back=anchor(report, row, KIND))


urlpatterns: list[URLPattern] = [
    path("laporan/<int:pk>/rencana-aksi/<int:row_pk>/", action_save, name="action_save"),
    path("laporan/<int:pk>/rencana-aksi/<int:row_pk>/bukti/", action_evidence_upload, name="action_evidence_upload"),
]
