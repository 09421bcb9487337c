"""One way to send an e-mail: templates emails/<name>-subject.txt, -body.txt and -body.html.

And what every mail task shares: which SMTP errors are worth another try, how to describe one for the
Pengingat page, and how long to wait before the next try (evaluations/tasks/).
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_mail(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) of the e-mail `name`, in Indonesian."""
    context = {"site_url": settings.SITE_URL, "verifier_unit": settings.VERIFIER_UNIT_NAME, **context}
    with translation.override("id"):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def send_mail(
    name: str,
    context: dict[str, Any],
    *,
    to: Sequence[str],
    cc: Sequence[str] = (),
    connection: Any = None,
) -> None:
    """Render and send; raises on SMTP errors so that the caller (a task) can retry and record them."""
    subject, text, html = render_mail(name, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        cc=list(cc),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


# --- SMTP errors and retries ------------------------------------------------------------------------------

# Transient delivery errors worth another try; a bad address or template is not.
TRANSIENT_SMTP_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPDataError,
    smtplib.SMTPHeloError,
    ConnectionError,
    TimeoutError,
)

# Six tries over about a quarter of an hour: 30 s, 1, 2, 4, 8 min. A longer outage is
# picked up by the next day's run, which claims a new reminder row.
MAIL_MAX_RETRIES = 5
MAIL_RETRY_BACKOFF_SECONDS = 30
MAIL_RETRY_BACKOFF_MAX_SECONDS = 30 * 60


def is_transient_smtp_error(exc: BaseException) -> bool:
    """True when another try later may succeed: a 4xx reply, a dropped or refused connection, a timeout.

    A 5xx reply (unknown mailbox, message refused for good) is permanent, whatever
    exception class smtplib chose for it.
    """
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return False  # e.g. the server lacks a required extension: another try changes nothing
    # Every other OSError: a refused connection, a reset, an unreachable host, a socket timeout.
    return isinstance(exc, OSError)


def describe_smtp_error(exc: BaseException) -> str:
    """A one-line account of the failure for the Pengingat page (code and server text when there is one)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{type(exc).__name__}: {exc.smtp_code} {text}"[:1000]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = []
        for address, (code, msg) in exc.recipients.items():
            text = msg.decode(errors="replace") if isinstance(msg, bytes) else str(msg)
            parts.append(f"{address}: {code} {text}")
        return f"{type(exc).__name__}: {'; '.join(parts)}"[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def retry_countdown(retries: int) -> int:
    """Seconds before try number `retries + 1`: exponential, capped, with full jitter."""
    return get_exponential_backoff_interval(
        factor=getattr(settings, "MAIL_RETRY_BACKOFF_SECONDS", MAIL_RETRY_BACKOFF_SECONDS),
        retries=retries,
        maximum=getattr(settings, "MAIL_RETRY_BACKOFF_MAX_SECONDS", MAIL_RETRY_BACKOFF_MAX_SECONDS),
        full_jitter=True,
    )
