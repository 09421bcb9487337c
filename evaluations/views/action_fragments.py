"""The Rencana Aksi sections: the report page's cards (Jinja2, like the indicator cards) and their side forms,
and the review page's rows with their note fields.

The cards render the selector's rows (selectors.actions.ActionRow) with the view's forms into new values; the
words come from selectors (row_labels, action_labels), translated once per page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.forms import BoundField
from django.http import HttpRequest
from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils.safestring import SafeString, mark_safe

from evaluations.forms_actions import ActionProgressForm, ActionReportForm
from evaluations.forms_review import ReturnForm
from evaluations.models import Report, ReviewDecision
from evaluations.selectors import actions as selectors
from evaluations.selectors import history as history_selectors
from evaluations.selectors.reports import row_labels
from evaluations.views import fragments
from roadmap.rendering import pk_url, render

CARD_TEMPLATE = "evaluations/officer/_action_row.jinja"
SIDE_FORMS_TEMPLATE = "evaluations/officer/_action_side_forms.jinja"


def _urls(report: Report) -> SimpleNamespace:
    return SimpleNamespace(
        action_save=pk_url("evaluations:action_save", report.pk),
        action_upload=pk_url("evaluations:action_evidence_upload", report.pk),
        download=pk_url("evaluations:evidence_download"),
        delete=pk_url("evaluations:evidence_delete"),
    )


class _Cards:
    """Renders rencana aksi cards with what is the same for every card of a page (words, links), looked up once."""

    def __init__(self, *, report: Report, editable: bool, **extra: Any) -> None:
        self.template = engines["jinja2"].get_template(CARD_TEMPLATE)
        self.context = {
            "w": fragments.widgets(),  # once per page, not an {% import %} per card
            "report": report,
            "editable": editable,
            "L": SimpleNamespace(**{**row_labels(), **selectors.action_labels()}),
            "urls": _urls(report),
            **extra,
        }

    def card(
        self, item: selectors.ActionRow, form: ActionProgressForm, upload_errors: list[str], history: SafeString
    ) -> str:
        return self.template.render(
            {**self.context, "item": item, "form": form, "upload_errors": upload_errors, "history": history}
        )


def _histories(report: Report, entries: list[history_selectors.HistoryEntry] | None = None) -> dict[int, SafeString]:
    """Each action row's Riwayat, newest first (rendered like the report's); `entries`: action_history(report),
    when the caller has read it already (the report page shows it in the page's Riwayat too)."""
    by_row: dict[int, list[history_selectors.HistoryEntry]] = defaultdict(list)
    for entry in history_selectors.action_history(report=report) if entries is None else entries:
        if entry.action_row is not None:
            by_row[entry.action_row].append(entry)
    return {pk: fragments.history_html(sorted(e, key=lambda x: x.when, reverse=True)) for pk, e in by_row.items()}


def section(
    request: HttpRequest,
    report: Report,
    *,
    editable: bool,
    decision: ReviewDecision | None,
    posted: ActionReportForm | None = None,
    bound: ActionProgressForm | None = None,
    upload_errors: Mapping[int, list[str]] | None = None,
    history: list[history_selectors.HistoryEntry] | None = None,
) -> dict[str, Any]:
    """The report page's context for its Rencana Aksi section: the rendered cards and the side forms.

    `history`: the rows' Riwayat (history_selectors.action_history), read once by the page."""
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
    cards, errors = _Cards(report=report, editable=editable), upload_errors or {}
    histories = _histories(report, history)
    html = "".join(
        cards.card(item, forms[item.row.pk], errors.get(item.row.pk, []), histories.get(item.row.pk, SafeString("")))
        for item in items
    )
    side = ""
    if editable:
        side = render(SIDE_FORMS_TEMPLATE, {"items": items, "urls": _urls(report), "csrf_input": csrf_input(request)})
    return {
        "action_cards": mark_safe(html),  # autoescaped by Jinja
        "action_side_forms": side,
        "action_count": len(items),
        "action_error_count": posted.error_count if posted is not None else 0,
    }


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
    cards = _Cards(report=report, editable=editable, row_message=row_message, row_ok=row_ok)
    history = _histories(report).get(item.row.pk, SafeString(""))
    return mark_safe(cards.card(item, form, [], history))  # autoescaped by Jinja


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A rencana aksi on the review page: the selector's row and, when the page offers Kembalikan, its note field."""

    item: selectors.ActionRow
    note: BoundField | None


def review_section(report: Report, return_form: ReturnForm | None) -> dict[str, Any]:
    """The review page's context for its Rencana Aksi section (templates/evaluations/review/_actions.html)."""
    items = selectors.action_rows(report=report)
    return {
        "action_items": [
            ReviewItem(item, return_form.action_note_field(item.row.pk) if return_form is not None else None)
            for item in items
        ],
        "action_count": len(items),
    }
