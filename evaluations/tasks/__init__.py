"""Celery tasks of the evaluation domain (thin wrappers over services and mail)."""

from evaluations.tasks.review_mail import send_report_event_mail
from evaluations.tasks.scheduled import close_cycles, open_cycles, remind_overdue_reports, send_reminder_mail

__all__ = ["close_cycles", "open_cycles", "remind_overdue_reports", "send_reminder_mail", "send_report_event_mail"]
