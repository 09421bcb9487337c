"""E-mails of the review workflow: to reviewers on submit, to the unit's officers on return/approve/reopen.

Composed and sent here; the task `evaluations.tasks.send_report_event_mail` (evaluations/tasks/review_mail.py),
enqueued on commit by evaluations.notifications.report_event, only calls `report_event_mail_send` and retries a
transient SMTP failure (a 4xx reply, a refused or dropped connection, a timeout) with exponential backoff; a
permanent one (5xx, a broken template) fails at once and is logged.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from evaluations.models import Decision, Report, ReviewDecision, ReviewNote
from roadmap import mail, selectors

logger = logging.getLogger(__name__)

TEMPLATES = {
    "submitted": "report-submitted",
    "returned": "report-returned",
    "approved": "report-approved",
    "reopened": "report-reopened",
}
# The decision each event e-mails about (a submission has none).
EVENT_DECISION = {
    "returned": Decision.RETURN,
    "approved": Decision.APPROVE,
    "reopened": Decision.REOPEN,
}


def _link(event: str, report: Report) -> str:
    """The page the reader acts on: the review page for reviewers, the report page for the unit."""
    page = "evaluations:review_detail" if event == "submitted" else "evaluations:report_detail"
    try:
        path = reverse(page, args=[report.pk])
    except NoReverseMatch:  # the officer pages are not installed: the Beranda still leads there
        path = reverse("home")
    return settings.SITE_URL + path


def _decision(event: str, report: Report) -> ReviewDecision | None:
    """The newest decision of this event's kind; ties (same instant) go to the later row."""
    kind = EVENT_DECISION.get(event)
    if kind is None:
        return None
    decision = (
        ReviewDecision.objects.filter(report=report, decision=kind)
        .select_related("reviewer")
        .order_by("-created_at", "-pk")
        .first()
    )
    if decision is not None:
        decision.note_list = list(  # type: ignore[attr-defined]
            ReviewNote.objects.filter(decision=decision, progress__isnull=False)
            .select_related("progress__indicator")
            .order_by("progress__indicator__area__order", "progress__indicator__code", "pk")
        )
        decision.action_note_list = list(  # type: ignore[attr-defined]  # the notes on rencana aksi rows
            ReviewNote.objects.filter(decision=decision, action_progress__isnull=False)
            .select_related("action_progress__assignment__plan")
            .order_by("action_progress__assignment__plan__code", "pk")
        )
    return decision


def report_event_mail_send(*, report_id: int, event: str) -> int:
    """Render and send the e-mail of one workflow step; returns the number of recipients (0: nothing sent)."""
    if event not in TEMPLATES:
        raise ValueError(event)
    report = Report.objects.select_related("unit", "cycle", "cycle__roadmap").filter(pk=report_id).first()
    if report is None:
        return 0
    to = selectors.reviewer_emails() if event == "submitted" else selectors.officer_emails(unit_id=report.unit_id)
    if not to:
        logger.warning("E-mail %s laporan %s: tidak ada penerima", event, report_id)
        return 0
    context = {
        "report": report,
        "decision": _decision(event, report),
        "link": _link(event, report),
        "indicator_count": report.progress_rows.count(),
        "late": report.submitted_late(),
    }
    mail.send_mail(TEMPLATES[event], context, to=to)
    return len(to)
