"""The "Tindak Lanjut Rekomendasi LHE" sections: the report page's cards (Jinja2, like the rencana aksi cards, by
action_fragments.Cards) and their side forms, and the review page's rows with their note fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.forms import BoundField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from evaluations.forms_follow_ups import FollowUpForm, FollowUpReportForm
from evaluations.forms_review import ReturnForm
from evaluations.models import Report, ReviewDecision
from evaluations.selectors import follow_ups as selectors
from evaluations.views.action_fragments import Cards, side_forms
from roadmap.rendering import pk_url

CARD_TEMPLATE = "evaluations/officer/_follow_up_row.jinja"


def _urls(report: Report) -> SimpleNamespace:
    return SimpleNamespace(
        history=reverse("evaluations:report_history", args=[report.pk]),  # ?tl=<row>: the card's Riwayat
        save=pk_url("evaluations:follow_up_save", report.pk),
        upload=pk_url("evaluations:follow_up_evidence_upload", report.pk),
        download=pk_url("evaluations:evidence_download"),
        delete=pk_url("evaluations:evidence_delete"),
    )


def _cards(report: Report, editable: bool, **extra: Any) -> Cards:
    return Cards(
        report=report,
        editable=editable,
        template=CARD_TEMPLATE,
        labels=selectors.follow_up_labels(),
        urls=_urls(report),
        **extra,
    )


def section(
    request: HttpRequest,
    report: Report,
    *,
    editable: bool,
    decision: ReviewDecision | None,
    posted: FollowUpReportForm | None = None,
    bound: FollowUpForm | None = None,
    upload_errors: Mapping[int, list[str]] | None = None,
) -> dict[str, Any]:
    """The report page's context for its Tindak Lanjut Rekomendasi LHE section: the cards and the side forms."""
    items = selectors.follow_up_rows(report=report, decision=decision)
    if not items:
        return {"follow_up_cards": "", "follow_up_side_forms": "", "follow_up_count": 0, "follow_up_error_count": 0}
    forms = {
        item.row.pk: (posted.forms.get(item.row.pk) if posted is not None else None)
        or FollowUpForm(row=item.row, editable=editable)
        for item in items
    }
    if bound is not None:
        forms[bound.row.pk] = bound
    cards, errors = _cards(report, editable), upload_errors or {}
    html = "".join(cards.card(item, forms[item.row.pk], errors.get(item.row.pk, [])) for item in items)
    urls = _urls(report)
    return {
        "follow_up_cards": mark_safe(html),  # autoescaped by Jinja
        "follow_up_side_forms": side_forms(request, items, urls=urls, upload=urls.upload, prefix="f")
        if editable
        else "",
        "follow_up_count": len(items),
        "follow_up_error_count": posted.error_count if posted is not None else 0,
    }


def card_html(
    item: selectors.FollowUpRow, *, form: FollowUpForm, report: Report, editable: bool, row_message: str, row_ok: bool
) -> SafeString:
    """One card after an htmx save, with the save's message."""
    cards = _cards(report, editable, row_message=row_message, row_ok=row_ok)
    return mark_safe(cards.card(item, form, []))  # autoescaped by Jinja


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A tindak lanjut on the review page: the selector's row and, when the page offers Kembalikan, its note field."""

    item: selectors.FollowUpRow
    note: BoundField | None


def review_section(report: Report, return_form: ReturnForm | None) -> dict[str, Any]:
    """The review page's context for its follow-up section (templates/evaluations/review/_follow_ups.html)."""
    items = selectors.follow_up_rows(report=report)
    return {
        "follow_up_items": [
            ReviewItem(item, return_form.follow_up_note_field(item.row.pk) if return_form is not None else None)
            for item in items
        ],
        "follow_up_count": len(items),
    }
