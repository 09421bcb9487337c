"""Helpers of the scheduling, reminder and command tests (no tests here): eager Celery, a real SMTP server.

Not a conftest: these files are the scheduled job's own, and the helpers are context
managers that each test file wraps in the fixtures it needs.
"""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

WITA = ZoneInfo("Asia/Makassar")


def wita(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


@contextmanager
def eager_celery(*, propagate: bool = True) -> Iterator[None]:
    """Run tasks in the calling thread. `propagate=False` lets eager retries run (Celery re-applies them)."""
    from config.celery import app

    old = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, propagate
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = old


def require_redis() -> str:
    """The real Redis of this machine. Without REDIS_URL the test fails (never skips): `make test` and CI set it."""
    url = django_settings.REDIS_URL
    if not url:
        pytest.fail("REDIS_URL is not set: this test needs the real Redis (run it with `make test`).")
    return url


def free_port() -> int:
    """A port nobody listens on (bound, then released): connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Delivered:
    message: EmailMessage
    rcpt_tos: list[str]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else ""


@dataclass
class SmtpSink:
    """An aiosmtpd handler that keeps what it accepts, or answers every DATA/RCPT with a fixed reply."""

    data_reply: str | None = None  # e.g. "451 4.3.0 Coba lagi nanti"
    rcpt_reply: str | None = None  # e.g. "550 5.1.1 Kotak surat tidak ada"
    messages: list[Delivered] = field(default_factory=list)
    data_attempts: int = 0
    port: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_attempts += 1
        if self.data_reply:
            return self.data_reply
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
        self.messages.append(Delivered(message, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(sink: SmtpSink | None = None) -> Iterator[SmtpSink]:
    """A real SMTP server on 127.0.0.1 and a free port, for the duration of the block."""
    sink = sink or SmtpSink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def use_smtp(settings, port: int) -> None:  # type: ignore[no-untyped-def]
    """Point Django's mail at 127.0.0.1:port through the pytest-django `settings` fixture."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
