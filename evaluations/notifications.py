"""Who hears of a report's step, and how: an e-mail task enqueued only after the step commits."""

from __future__ import annotations

from django.db import transaction

from evaluations.models import Report
from roadmap.models import User

SUBMITTED = "submitted"
RETURNED = "returned"
APPROVED = "approved"
REOPENED = "reopened"
EVENTS = (SUBMITTED, RETURNED, APPROVED, REOPENED)


def report_event(*, report: Report, event: str, actor: User | None = None) -> None:
    """Enqueue the e-mail of `event` on commit, so a worker never reads a step that was rolled back."""
    if event not in EVENTS:
        raise ValueError(event)
    from evaluations.tasks import send_report_event_mail

    report_id = report.pk
    transaction.on_commit(lambda: send_report_event_mail.delay(report_id, event))
