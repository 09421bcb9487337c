"""Views: a report's Riwayat, which the report page loads only when the officer opens it.

The report page's Riwayat and each rencana aksi's or tindak lanjut's Riwayat are closed `<details>`; opening one
asks this view for its entries by htmx (the page itself no longer reads and writes out every change of the report:
a fifth of its time, docs/performance.md round 8). Without JavaScript the same `<details>` holds a link to the
whole Riwayat on a page of its own. Reads go through roadmap.permissions.scope like the report page's:
another unit's officer gets 404, reviewers and Pimpinan read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from evaluations.models import ActionProgress, FollowUp, Report
from evaluations.selectors import history as history_selectors
from evaluations.selectors import reports as selectors
from evaluations.views import fragments

HISTORY_SHOWN = 50  # the fragment shows the newest entries; the page of its own shows them all

# ?aksi=<row> and ?tl=<row>: one rencana aksi's or one tindak lanjut's Riwayat (its card's): the row's model, what
# names it on the page of its own (read with the row), and its history.
ROW_KINDS = {
    "aksi": (ActionProgress, "assignment__plan", history_selectors.action_history),
    "tl": (FollowUp, "assignment__recommendation__evaluation", history_selectors.follow_up_history),
}


def _row(request: HttpRequest, report: Report) -> tuple[str, Any] | None:
    """The card the request asks for (its kind and row), or None for the whole report; 404 for a row that is
    not the report's or an id that is no number."""
    for kind, (model, subject, _reader) in ROW_KINDS.items():
        raw = request.GET.get(kind)
        if raw is None:
            continue
        if not raw.isdigit():
            raise Http404
        return kind, get_object_or_404(model.objects.filter(report=report).select_related(subject), pk=int(raw))
    return None


def _entries(report: Report, row: tuple[str, Any] | None) -> list[history_selectors.HistoryEntry]:
    if row is None:
        return history_selectors.report_history(report=report)
    kind, instance = row
    entries = ROW_KINDS[kind][2](report=report, row_id=instance.pk)
    return sorted(entries, key=lambda e: e.when, reverse=True)


@login_required
@require_GET
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Riwayat of the report (or of one card's row): the newest entries as a fragment for htmx, all of them as a
    page of its own."""
    report = get_object_or_404(selectors.report_for_page(user=request.user, pk=pk))
    row = _row(request, report)
    entries = _entries(report, row)
    if request.htmx:
        shown = entries if row is not None else entries[:HISTORY_SHOWN]
        context = {"report": report, "history": fragments.history_html(shown), "hidden": len(entries) - len(shown)}
        return render(request, "evaluations/officer/_history_fragment.html", context)
    context = {
        "report": report,
        "history": fragments.history_html(entries),
        "subject": _subject(row),
    }
    return render(request, "evaluations/officer/report_history.html", context)


def _subject(row: tuple[str, Any] | None) -> str:
    """The card's name on the page of its own: the plan's code, or the recommendation's."""
    if row is None:
        return ""
    kind, instance = row
    return instance.assignment.plan.code if kind == "aksi" else instance.assignment.recommendation.code


urlpatterns: list[URLPattern] = [
    path("laporan/<int:pk>/riwayat/", report_history, name="report_history"),
]
