"""One way to send an e-mail: templates emails/<name>-subject.txt, -body.txt and -body.html."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
