"""Who hears of a report's step, and how: an e-mail task enqueued only after the step commits."""

from __future__ import annotations

from evaluations.models import Report
from roadmap.models import User
from roadmap.outbox import enqueue_on_commit

SUBMITTED = "submitted"
RETURNED = "returned"
APPROVED = "approved"
REOPENED = "reopened"
EVENTS = (SUBMITTED, RETURNED, APPROVED, REOPENED)

# Enqueued by name: the task module (evaluations/tasks/review_mail.py) imports the services, not the reverse.
SEND_REPORT_EVENT_MAIL = "evaluations.tasks.send_report_event_mail"


def report_event(*, report: Report, event: str, actor: User | None = None) -> None:
    """Enqueue the e-mail of `event` on commit, so a worker never reads a step that was rolled back.

    With the broker down the message waits in the outbox (roadmap/outbox.py): the step itself never fails.
    """
    if event not in EVENTS:
        raise ValueError(event)
    enqueue_on_commit(SEND_REPORT_EVENT_MAIL, report.pk, event)
