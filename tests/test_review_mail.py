"""E-mails of the review workflow, sent for real by the Celery task after commit (eager, in-process).

Submit → the active Verifikator BPSDM; Kembalikan / Setujui / Buka Kembali → the unit's active officers.
Indonesian subject, text and HTML parts, the link built on SITE_URL; transient SMTP errors are retried.
"""

from __future__ import annotations

import smtplib
import socket
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller
from celery import current_app
from celery.signals import task_retry
from django.core import mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from evaluations.services import reports
from evaluations.tasks import send_report_event_mail
from roadmap.mail import MAIL_MAX_RETRIES
from roadmap.models import User
from tests import factories
from tests.test_review_data import add_indicators, at_wita, attach_evidence, fill, open_cycle, report_of, submit_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(settings):
    """Run the enqueued task in-process, as the brief asks: CELERY_TASK_ALWAYS_EAGER (and Celery's own view of it)."""
    # Read Celery's value before changing the settings: Celery reads them lazily, on its first access.
    previous = current_app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SITE_URL = "https://monev.ppu.example"
    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = previous


@pytest.fixture
def team(unit_a, unit_b, officer_a, officer_b, reviewer, pimpinan, admin_user):
    """Who should and should not hear: a second officer of A, an inactive one, a second and an inactive reviewer."""
    factories.OperatorFactory(username="operator.a2", unit=unit_a)
    factories.OperatorFactory(username="operator.a-nonaktif", unit=unit_a, is_active=False)
    factories.VerifikatorFactory(username="bpsdm2")
    factories.VerifikatorFactory(username="bpsdm-nonaktif", is_active=False)


@pytest.fixture
def draft(roadmap, unit_a, officer_a, team):
    add_indicators(roadmap, unit_a, [("A-01", "higher", "80", 1), ("A-02", "milestone", "1", 3)])
    report = report_of(unit_a, open_cycle(roadmap))
    fill(report, officer_a, {"A-01": 60, "A-02": True})
    attach_evidence(report, officer_a)
    return report


@pytest.fixture
def submitted(draft, officer_a):
    return submit_at(draft, officer_a, at_wita(2025, 4, 12, 10, 5))


def _parts(message) -> tuple[str, str]:
    html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html) == 1
    return message.body, html[0]


def test_submit_mails_the_active_reviewers(eager, draft, officer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = submit_at(draft, officer_a, at_wita(2025, 4, 12, 10, 5))
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["bpsdm2@example.test", "bpsdm@example.test"]
    assert message.subject == "[Monev RB] Laporan TW I 2025 Dinas A menunggu verifikasi"
    text, html = _parts(message)
    link = "https://monev.ppu.example" + reverse("evaluations:review_detail", args=[report.pk])
    assert link in text and f'href="{link}"' in html
    assert "12 April 2025, 10.05 WITA (Terlambat)" in text  # due 10 April
    assert "Jumlah indikator: 2" in text
    assert "Dinas A" in html and "menunggu verifikasi" in html


def test_nothing_is_sent_when_the_step_rolls_back(eager, draft, officer_a, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit_at(draft, officer_a, at_wita(2025, 4, 8))
        raise RuntimeError("rolled back")
    assert callbacks == [] and mail.outbox == []


def test_return_mails_the_units_officers_with_reason_and_notes(
    eager, submitted, reviewer, django_capture_on_commit_callbacks
):
    rows = {p.indicator.code: p.pk for p in submitted.progress_rows.select_related("indicator")}
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.report_return(
            report=submitted,
            reviewer=reviewer,
            reason="Bukti < 2 halaman & belum ditandatangani",
            notes={rows["A-01"]: "Lampirkan SK kepala dinas", rows["A-02"]: "Unggah berita acara"},
            revision_due_on=at_wita(2025, 4, 22).date(),
            today=at_wita(2025, 4, 15).date(),
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    # Active officers of unit A only: not unit B's, not the inactive one, not the reviewers.
    assert sorted(message.to) == ["operator.a2@example.test", "operator.a@example.test"]
    assert message.subject == "[Monev RB] Laporan TW I 2025 dikembalikan untuk diperbaiki"
    text, html = _parts(message)
    assert "Alasan: Bukti < 2 halaman & belum ditandatangani" in text  # plain text is not HTML-escaped
    assert "Bukti &lt; 2 halaman &amp; belum ditandatangani" in html  # HTML is
    assert "- A-01 Indikator A-01: Lampirkan SK kepala dinas" in text
    assert "- A-02 Indikator A-02: Unggah berita acara" in text
    assert "Lampirkan SK kepala dinas" in html and "Unggah berita acara" in html
    assert "Batas waktu perbaikan: 22 April 2025" in text
    try:
        path = reverse("evaluations:report_detail", args=[report.pk])
    except NoReverseMatch:  # the officer pages may not be installed in this checkout
        path = reverse("home")
    assert f"https://monev.ppu.example{path}" in text and f'href="https://monev.ppu.example{path}"' in html


def test_approve_and_reopen_mail_the_units_officers(eager, submitted, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved = reports.report_approve(report=submitted, reviewer=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_reopen(
            report=approved,
            reviewer=reviewer,
            reason="Salah ketik realisasi A-01",
            until=at_wita(2025, 4, 25).date(),
            today=at_wita(2025, 4, 15).date(),
        )
    assert [m.subject for m in mail.outbox] == [
        "[Monev RB] Laporan TW I 2025 disetujui",
        "[Monev RB] Laporan TW I 2025 dibuka kembali",
    ]
    for message in mail.outbox:
        assert sorted(message.to) == ["operator.a2@example.test", "operator.a@example.test"]
        text, html = _parts(message)
        assert "Yth. Operator Dinas A" in text and "Yth. Operator Dinas A" in html
        assert "https://monev.ppu.example/" in text
    text, html = _parts(mail.outbox[1])
    assert "Alasan: Salah ketik realisasi A-01" in text and "Salah ketik realisasi A-01" in html
    assert "Dapat diubah sampai: 25 April 2025" in text
    assert "disetujui oleh Verifikator BKPSDM" in _parts(mail.outbox[0])[0]


def test_no_recipient_or_no_report_sends_nothing(eager, unit_a, submitted):
    # Unit A's officers have no address and the unit no contact address: nothing to send, and no error.
    User.objects.filter(unit=unit_a).update(email="")
    unit_a.contact_email = ""
    unit_a.save()
    assert send_report_event_mail.apply(args=[submitted.pk, "approved"]).get() == 0
    assert send_report_event_mail.apply(args=[submitted.pk + 10_000, "submitted"]).get() == 0
    assert mail.outbox == []


def test_the_units_contact_address_is_used_when_no_officer_has_one(eager, unit_a, submitted):
    User.objects.filter(unit=unit_a).update(email="")
    assert send_report_event_mail.apply(args=[submitted.pk, "approved"]).get() == 1
    assert mail.outbox[0].to == ["dinas-a@example.test"]


# --- Delivery failures, against real sockets on loopback -----------------------------------------------------------


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed when the block ends: connecting is refused


def _use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@contextmanager
def _retries():
    seen: list[BaseException] = []

    def on_retry(sender=None, reason=None, **kwargs):
        seen.append(reason)

    task_retry.connect(on_retry, weak=False)
    try:
        yield seen
    finally:
        task_retry.disconnect(on_retry)


@pytest.fixture
def collect_failures(settings):
    """Eager retries re-run at once; the last failure is kept on the result instead of propagating."""
    previous = current_app.conf.task_eager_propagates
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    current_app.conf.task_eager_propagates = False
    yield
    current_app.conf.task_eager_propagates = previous


def test_a_refused_connection_is_retried_then_fails(eager, collect_failures, settings, submitted):
    _use_smtp(settings, _closed_port())
    with _retries() as retries:
        result = send_report_event_mail.apply(args=[submitted.pk, "submitted"])
    # Every try failed the same transient way; the task gave up after MAIL_MAX_RETRIES retries.
    assert result.failed() and isinstance(result.result, ConnectionRefusedError)
    assert len(retries) == MAIL_MAX_RETRIES
    assert all(isinstance(reason.exc, ConnectionRefusedError) for reason in retries)  # celery Retry(exc=…)


class _Refuser:
    """An SMTP server that refuses every recipient for good (5xx)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 Kotak surat tidak ada"


def test_a_permanent_smtp_error_is_not_retried(eager, collect_failures, settings, submitted):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(_Refuser(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        _use_smtp(settings, port)
        with _retries() as retries:
            result = send_report_event_mail.apply(args=[submitted.pk, "submitted"])
    finally:
        controller.stop()
    assert result.failed() and isinstance(result.result, smtplib.SMTPRecipientsRefused)
    assert retries == []
