"""The review e-mail task: a thin wrapper over evaluations/services/review_mail.py, with retries."""

from __future__ import annotations

import logging

from celery import shared_task

from evaluations.notifications import SEND_REPORT_EVENT_MAIL
from evaluations.services.review_mail import report_event_mail_send
from roadmap.mail import MAIL_MAX_RETRIES, describe_smtp_error, is_transient_smtp_error, retry_countdown

logger = logging.getLogger(__name__)


@shared_task(bind=True, name=SEND_REPORT_EVENT_MAIL, max_retries=MAIL_MAX_RETRIES)
def send_report_event_mail(self, report_id: int, event: str) -> int:  # type: ignore[no-untyped-def]
    """Send the e-mail of one workflow step (queue `mail`); transient SMTP errors are retried with backoff."""
    try:
        return report_event_mail_send(report_id=report_id, event=event)
    except Exception as error:
        if is_transient_smtp_error(error) and self.request.retries < self.max_retries:
            logger.warning(
                "E-mail %s laporan %s gagal (percobaan %s), dicoba lagi: %s",
                event,
                report_id,
                self.request.retries + 1,
                describe_smtp_error(error),
            )
            raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error
        logger.error("E-mail %s laporan %s gagal: %s", event, report_id, describe_smtp_error(error))
        raise
