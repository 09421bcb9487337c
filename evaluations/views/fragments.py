"""The repeated parts of the evaluation pages, rendered with Jinja2 (config/jinja.py).

The report form's forty indicator cards and Riwayat's entries were most of their pages' time as Django
templates; the same markup in Jinja2 costs a fraction. The pages around them stay Django templates and put the
HTML in as it is (`{{ group.cards }}`, `{{ history }}`). The fragments render the selectors' rows and the view's
forms as they are, into new values; they carry no translatable words: those come from the selectors
(row_labels, history_labels), translated once per page.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest
from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime

from areas.models import ChangeArea
from evaluations.forms import ProgressForm
from evaluations.models import Report
from evaluations.selectors import history as history_selectors
from evaluations.selectors import reports as selectors
from roadmap.rendering import macros, pk_url, render

CARD_TEMPLATE = "evaluations/officer/_row.jinja"
WIDGETS_TEMPLATE = "evaluations/officer/_widgets.jinja"
SIDE_FORMS_TEMPLATE = "evaluations/officer/_side_forms.jinja"
HISTORY_TEMPLATE = "evaluations/_history.jinja"
HISTORY_TEXT_SHOWN = 200  # characters of an old or new value; longer ones end with "…"


def _urls(report: Report) -> SimpleNamespace:
    return SimpleNamespace(
        save=pk_url("evaluations:progress_save", report.pk),
        upload=pk_url("evaluations:evidence_upload", report.pk),
        download=pk_url("evaluations:evidence_download"),
        delete=pk_url("evaluations:evidence_delete"),
    )


@dataclass(frozen=True)
class AreaCards:
    """An area of the report page and its indicators' cards, rendered."""

    area: ChangeArea
    cards: SafeString


def widgets() -> Any:
    """The input macros of the report form's cards (_widgets.jinja), for the indicator and rencana aksi cards."""
    return macros(WIDGETS_TEMPLATE)


class _Cards:
    """Renders report cards with what is the same for every card of a page (words, links), looked up once."""

    def __init__(self, *, report: Report, editable: bool, **extra: Any) -> None:
        self.template = engines["jinja2"].get_template(CARD_TEMPLATE)
        self.context = {
            "w": widgets(),  # once per page, not an {% import %} per card
            "report": report,
            "editable": editable,
            # attributes, not a dict: Jinja tries getattr() before [], and a failed getattr costs an exception
            "L": SimpleNamespace(**selectors.row_labels()),
            "urls": _urls(report),
            **extra,
        }

    def card(self, row: selectors.Row, form: ProgressForm, upload_errors: list[str]) -> str:
        return self.template.render({**self.context, "row": row, "form": form, "upload_errors": upload_errors})


def report_cards(
    groups: list[selectors.AreaGroup],
    *,
    forms: Mapping[int, ProgressForm],
    report: Report,
    editable: bool,
    upload_errors: Mapping[int, list[str]] | None = None,
) -> list[AreaCards]:
    """Every area's cards: each row with its form (`forms`, by progress id) and its refused files' messages."""
    cards, errors = _Cards(report=report, editable=editable), upload_errors or {}
    return [
        AreaCards(
            area=group.area,
            cards=mark_safe(  # autoescaped by Jinja
                "".join(cards.card(row, forms[row.progress.pk], errors.get(row.progress.pk, [])) for row in group.rows)
            ),
        )
        for group in groups
    ]


def card_html(
    row: selectors.Row, *, form: ProgressForm, report: Report, editable: bool, row_message: str, row_ok: bool
) -> SafeString:
    """One card after an htmx save, with the save's message."""
    cards = _Cards(report=report, editable=editable, row_message=row_message, row_ok=row_ok)
    return mark_safe(cards.card(row, form, []))  # autoescaped by Jinja


def side_forms(request: HttpRequest, rows: list[selectors.Row], *, report: Report) -> SafeString:
    """The cards' upload and delete forms, which live outside the page's form (forms cannot nest)."""
    return render(SIDE_FORMS_TEMPLATE, {"rows": rows, "urls": _urls(report), "csrf_input": csrf_input(request)})


def _when(value: Any, format_: str) -> str:
    """Django's `date` filter: the time in the current time zone (WITA), in the active language."""
    return formats.date_format(template_localtime(value), format_)


def _short(text: str) -> str:
    """Django's `truncatechars` filter: what Truncator.chars gives, without building one for a short text."""
    if len(text) <= HISTORY_TEXT_SHOWN:  # nothing to cut; Truncator would return the text in NFC
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(HISTORY_TEXT_SHOWN)


def history_html(entries: list[history_selectors.HistoryEntry]) -> SafeString:
    """Riwayat (selectors.history.report_history), as the report page and the review page show it."""
    template = engines["jinja2"].get_template(HISTORY_TEMPLATE)
    context = {
        "history": entries,
        "L": SimpleNamespace(**history_selectors.history_labels()),
        # the entries of one save share their time: write each time once
        "when": functools.cache(_when),
        "short": _short,
    }
    return mark_safe(template.render(context))  # autoescaped by Jinja
