"""The scheduled jobs (beat, config/celery.py) and the reminder mail task; thin wrappers over services."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from evaluations.models import today_wita
from evaluations.services import reminders, scheduling
from roadmap.mail import MAIL_MAX_RETRIES, retry_countdown

logger = logging.getLogger(__name__)


def _date(value: str | None) -> dt.date:
    # Beat passes nothing: the business date is today's in WITA when the task runs.
    return dt.date.fromisoformat(value) if value else today_wita()


@shared_task(name="evaluations.tasks.open_cycles")
def open_cycles(today: str | None = None) -> int:
    """06:00 WITA: open the cycles whose window has started; returns the number of opening e-mails claimed."""
    outcomes = scheduling.open_due_cycles(today=_date(today))
    claimed = sum(1 for o in outcomes for n in o.notices if n.reminder is not None)
    for outcome in outcomes:
        logger.info(
            "Periode %s %s: dibuka=%s, %d pemberitahuan",
            outcome.ref.roadmap,
            outcome.cycle.label if outcome.cycle else "",
            outcome.opened,
            len(outcome.notices),
        )
    return claimed


@shared_task(name="evaluations.tasks.close_cycles")
def close_cycles(today: str | None = None) -> int:
    """07:00 WITA: close the open cycles past their closing date; returns how many were closed."""
    closed = scheduling.close_due_cycles(today=_date(today))
    for cycle in closed:
        logger.info("Periode %s ditutup", cycle)
    return len(closed)


@shared_task(name=reminders.REMIND_OVERDUE_REPORTS)
def remind_overdue_reports(today: str | None = None) -> int:
    """08:00 WITA: claim today's reminder of every overdue report; returns how many were claimed."""
    lines = reminders.remind_overdue(today=_date(today))
    return sum(1 for line in lines if line.reminder is not None)


@shared_task(bind=True, name=reminders.SEND_REMINDER_MAIL, max_retries=MAIL_MAX_RETRIES)
def send_reminder_mail(self, reminder_id: int) -> str:  # type: ignore[no-untyped-def]
    """Deliver one claimed reminder (queue `mail`); transient SMTP errors are retried with backoff."""
    final = self.request.retries >= self.max_retries
    result = reminders.reminder_deliver(reminder_id=reminder_id, final_attempt=final)
    if result.outcome == reminders.Delivery.RETRY:
        raise self.retry(exc=result.error, countdown=retry_countdown(self.request.retries))
    return str(result.outcome)
