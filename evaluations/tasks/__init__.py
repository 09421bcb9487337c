"""Celery tasks of the evaluation domain (thin wrappers over services and mail)."""

from evaluations.tasks.review_mail import send_report_event_mail

__all__ = ["send_report_event_mail"]
