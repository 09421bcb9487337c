"""The save view of one extra row of the officer's report page (rencana aksi: views/actions.py, tindak lanjut:
views/follow_ups.py), shared: each kind says how to find its row, draw its card and save it (RowKind); `row_save`
does the rest alike.

The report and the row through roadmap.permissions.scope (another unit's officer gets 404), changes need
permissions.can_enter_data (reviewers and Pimpinan: 403); htmx gets the card back with the header's status badge,
a plain POST (no JavaScript) the page with the refused form, or a redirect to the row's anchor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from evaluations.exceptions import ReportLocked, StaleEdit
from evaluations.models import Report, today_wita
from evaluations.selectors.reports import current_decision
from evaluations.views.officer import _detail_url, _may_enter, _page, _report
from roadmap import permissions
from roadmap.models import User


@dataclass(frozen=True)
class RowKind:
    """What differs between the kinds of row; the messages are callables (translated per request)."""

    row_for: Callable[..., QuerySet[Any]]  # (user=, report=, pk=) → the row, scoped
    items: Callable[..., Sequence[Any]]  # (report=, row_ids=, decision=) → the card items (`.row`)
    card_html: Callable[..., str]  # the kind's fragments.card_html
    form: type  # the row's form: form(data, row=) / form(row=, editable=)
    save: Callable[..., Any]  # the service: (user=, row=, data=, version=)
    saved: Callable[[Any], str]  # row → the success message
    invalid: Callable[[], str]
    anchor_prefix: str  # the card's id on the page: "aksi-", "tl-"
    page_key: str  # the page's keyword for the refused form


def row_of(request: HttpRequest, report: Report, row_pk: int, kind: RowKind) -> Model:
    return get_object_or_404(kind.row_for(user=request.user, report=report, pk=row_pk))


def anchor(report: Report, row: Model, kind: RowKind) -> str:
    return f"{_detail_url(report)}#{kind.anchor_prefix}{row.pk}"


def row_save(request: HttpRequest, pk: int, row_pk: int, kind: RowKind) -> HttpResponse:
    """Save one row from its card's form (htmx returns its card; without JavaScript, back to the page)."""
    report = _report(request, pk)
    row = row_of(request, report, row_pk, kind)
    permissions.check(_may_enter(request, report))
    user: User = request.user  # type: ignore[assignment]  # signed in: login_required on the kinds' views
    form = kind.form(request.POST, row=row)
    error = None
    if form.is_valid():
        item = form.to_input()
        try:
            kind.save(user=user, row=row, data=item.data, version=item.version)
        except (StaleEdit, ReportLocked) as refused:
            error = str(refused)
        except ValidationError as refused:
            form.add_service_errors(refused.message_dict)
            error = kind.invalid()
    else:
        error = kind.invalid()
    if not request.htmx:
        if error is None:
            messages.success(request, kind.saved(row))
            return redirect(anchor(report, row, kind))
        return _page(request, report, **{kind.page_key: form}, error=error)
    report.refresh_from_db()
    shown = kind.items(report=report, row_ids=[row.pk], decision=current_decision(report))[0]
    editable = report.lock_reason(today_wita()) is None
    html = kind.card_html(
        shown,
        form=form if error else kind.form(row=shown.row, editable=editable),
        report=report,
        editable=editable,
        row_message=error or _("Tersimpan."),
        row_ok=error is None,
    )
    # The status badge in the page's header follows along (htmx out-of-band swap).
    status = render_to_string("evaluations/officer/_status.html", {"report": report, "oob": True})
    return HttpResponse(html + "\n" + status)
