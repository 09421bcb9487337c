"""E-mails of the review workflow: to reviewers on submit, to the unit's officers on return/approve/reopen."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from evaluations.models import Report
from evaluations.tasks.common import TRANSIENT_SMTP_ERRORS
from roadmap import mail, selectors

TEMPLATES = {
    "submitted": "report-submitted",
    "returned": "report-returned",
    "approved": "report-approved",
    "reopened": "report-reopened",
}


@shared_task(
    name="evaluations.tasks.send_report_event_mail",
    autoretry_for=TRANSIENT_SMTP_ERRORS,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
)
def send_report_event_mail(report_id: int, event: str) -> int:
    """Send the e-mail of one workflow step; returns the number of recipients."""
    report = (
        Report.objects.select_related("unit", "cycle", "cycle__roadmap")
        .prefetch_related("decisions__reviewer", "decisions__notes__progress__indicator")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    to = selectors.reviewer_emails() if event == "submitted" else selectors.officer_emails(unit_id=report.unit_id)
    if not to:
        return 0
    decision = report.decisions.first()  # newest first
    page = "evaluations:review_detail" if event == "submitted" else "evaluations:report_detail"
    link = settings.SITE_URL + reverse(page, args=[report.pk])
    mail.send_mail(TEMPLATES[event], {"report": report, "decision": decision, "link": link}, to=to)
    return len(to)
