"""The Rencana Aksi sections: the report page's cards (Jinja2, like the indicator cards) and their side forms,
and the review page's rows with their note fields.

The cards render the selector's rows (selectors.actions.ActionRow) with the view's forms into new values; the
words come from selectors (row_labels, action_labels), translated once per page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.forms import BoundField
from django.http import HttpRequest
from django.template import engines
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from evaluations.forms_actions import ActionProgressForm, ActionReportForm
from evaluations.forms_review import ReturnForm
from evaluations.models import Report, ReviewDecision
from evaluations.selectors import actions as selectors
from evaluations.selectors.reports import row_labels
from evaluations.views import fragments
from roadmap.rendering import pk_url, render

CARD_TEMPLATE = "evaluations/officer/_action_row.jinja"
SIDE_FORMS_TEMPLATE = "evaluations/officer/_action_side_forms.jinja"


def _urls(report: Report) -> SimpleNamespace:
    return SimpleNamespace(
        history=reverse("evaluations:report_history", args=[report.pk]),  # ?aksi=<row>: the card's Riwayat
        action_save=pk_url("evaluations:action_save", report.pk),
        action_upload=pk_url("evaluations:action_evidence_upload", report.pk),
        download=pk_url("evaluations:evidence_download"),
        delete=pk_url("evaluations:evidence_delete"),
    )


class Cards:
    """Renders the cards of one kind of row (rencana aksi, tindak lanjut) with what is the same for every card of a
    page (words, links), looked up once."""

    def __init__(
        self,
        *,
        report: Report,
        editable: bool,
        template: str = CARD_TEMPLATE,
        labels: dict[str, str] | None = None,
        urls: SimpleNamespace | None = None,
        **extra: Any,
    ) -> None:
        self.template = engines["jinja2"].get_template(template)
        self.context = {
            "w": fragments.widgets(),  # once per page, not an {% import %} per card
            "report": report,
            "editable": editable,
            "L": SimpleNamespace(**{**row_labels(), **(selectors.action_labels() if labels is None else labels)}),
            "urls": _urls(report) if urls is None else urls,
            **extra,
        }

    def card(self, item: Any, form: Any, upload_errors: list[str]) -> str:
        # The card's Riwayat is read when opened (evaluations.views.history, ?aksi= or ?tl=), not here.
        return self.template.render({**self.context, "item": item, "form": form, "upload_errors": upload_errors})


def section(
    request: HttpRequest,
    report: Report,
    *,
    editable: bool,
    decision: ReviewDecision | None,
    posted: ActionReportForm | None = None,
    bound: ActionProgressForm | None = None,
    upload_errors: Mapping[int, list[str]] | None = None,
) -> dict[str, Any]:
    """The report page's context for its Rencana Aksi section: the rendered cards and the side forms."""
    items = selectors.action_rows(report=report, decision=decision)
    if not items:
        return {"action_cards": "", "action_side_forms": "", "action_count": 0, "action_error_count": 0}
    forms = {
        item.row.pk: (posted.forms.get(item.row.pk) if posted is not None else None)
        or ActionProgressForm(row=item.row, editable=editable)
        for item in items
    }
    if bound is not None:
        forms[bound.row.pk] = bound
    cards, errors = Cards(report=report, editable=editable), upload_errors or {}
    html = "".join(cards.card(item, forms[item.row.pk], errors.get(item.row.pk, [])) for item in items)
    side = ""
    if editable:
        side = side_forms(request, items, urls=_urls(report), upload=_urls(report).action_upload, prefix="a")
    return {
        "action_cards": mark_safe(html),  # autoescaped by Jinja
        "action_side_forms": side,
        "action_count": len(items),
        "action_error_count": posted.error_count if posted is not None else 0,
    }


def side_forms(request: HttpRequest, items: list[Any], *, urls: SimpleNamespace, upload: Any, prefix: str) -> str:
    """The cards' upload and delete forms, outside the page's form (one kind of row: `prefix` a or f)."""
    context = {"items": items, "urls": urls, "upload": upload, "prefix": prefix, "csrf_input": csrf_input(request)}
    return render(SIDE_FORMS_TEMPLATE, context)


def card_html(
    item: selectors.ActionRow,
    *,
    form: ActionProgressForm,
    report: Report,
    editable: bool,
    row_message: str,
    row_ok: bool,
) -> SafeString:
    """One card after an htmx save, with the save's message."""
    cards = Cards(report=report, editable=editable, row_message=row_message, row_ok=row_ok)
    return mark_safe(cards.card(item, form, []))  # autoescaped by Jinja


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A rencana aksi on the review page: the selector's row and, when the page offers Kembalikan, its note field."""

    item: selectors.ActionRow
    note: BoundField | None


def review_section(report: Report, return_form: ReturnForm | None) -> dict[str, Any]:
    """The review page's context for its Rencana Aksi section (templates/evaluations/review/_actions.html)."""
    items = selectors.action_rows(report=report, plan_context=True)
    return {
        "action_items": [
            ReviewItem(item, return_form.action_note_field(item.row.pk) if return_form is not None else None)
            for item in items
        ],
        "action_count": len(items),
    }
