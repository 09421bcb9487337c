"""Overdue reminders: recipients, escalation, once per day, SMTP failures on a real server, and the Pengingat page."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.urls import reverse

from evaluations.models import Cycle, Reminder, ReminderKind, ReminderStatus, Report, ReportStatus
from evaluations.services import cycles, reminders
from evaluations.tasks import remind_overdue_reports, send_reminder_mail
from roadmap.mail import MAIL_MAX_RETRIES
from tests import factories
from tests.test_scheduling_support import SmtpSink, eager_celery, free_port, smtp_server, use_smtp, wita

DUE = dt.date(2025, 4, 10)


@pytest.fixture(autouse=True)
def _eager():
    with eager_celery():
        yield


@pytest.fixture
def tw1(roadmap, unit_a, unit_b, officer_a, officer_b, reviewer):
    """TW I 2025 open (due 10 April), units A and B each with one report not yet submitted."""
    for unit in (unit_a, unit_b):
        indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit)
        factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1, value=Decimal(80))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    return cycle


def remind(today: dt.date, capture) -> list[reminders.OverdueLine]:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return reminders.remind_overdue(today=today)


@pytest.mark.django_db
class TestOverdue:
    def test_nothing_is_overdue_on_the_due_date(self, tw1, django_capture_on_commit_callbacks):
        assert remind(DUE, django_capture_on_commit_callbacks) == []
        assert mail.outbox == []

    def test_the_day_after_officers_get_it_with_the_reviewers_in_copy(
        self, tw1, unit_a, django_capture_on_commit_callbacks
    ):
        lines = remind(dt.date(2025, 4, 11), django_capture_on_commit_callbacks)
        assert len(lines) == 2
        message = next(m for m in mail.outbox if m.to == ["operator.a@example.test"])
        assert message.cc == ["bpsdm@example.test"]
        assert message.subject == "Terlambat 1 hari: laporan TW I 2025 Dinas A belum diajukan"
        report = Report.objects.get(unit=unit_a)
        assert f"http://testserver/laporan/{report.pk}/" in message.body
        assert "10 April 2025" in message.body and "terlambat 1 hari" in message.body
        html = message.alternatives[0][0]
        assert "10 April 2025" in html and "1 hari" in html and "Dinas A" in html
        reminder = Reminder.objects.get(report=report)
        assert (reminder.kind, reminder.status, reminder.sent_on, reminder.attempts) == (
            ReminderKind.OVERDUE,
            ReminderStatus.SENT,
            dt.date(2025, 4, 11),
            1,
        )
        assert reminder.sent_at is not None and reminder.escalated is False and reminder.days_overdue == 1
        assert reminder.recipients == "operator.a@example.test" and reminder.cc == "bpsdm@example.test"

    def test_submitted_and_approved_reports_are_not_reminded(self, tw1, unit_a, django_capture_on_commit_callbacks):
        Report.objects.filter(unit=unit_a).update(status=ReportStatus.DIAJUKAN)
        remind(dt.date(2025, 4, 11), django_capture_on_commit_callbacks)
        assert [m.to for m in mail.outbox] == [["operator.b@example.test"]]

    def test_a_returned_report_counts_from_its_revision_due_date(self, tw1, unit_a, django_capture_on_commit_callbacks):
        Report.objects.filter(unit=unit_a).update(
            status=ReportStatus.DIKEMBALIKAN, revision_due_on=dt.date(2025, 4, 15)
        )
        remind(dt.date(2025, 4, 12), django_capture_on_commit_callbacks)
        assert [m.to for m in mail.outbox] == [["operator.b@example.test"]]
        remind(dt.date(2025, 4, 17), django_capture_on_commit_callbacks)
        message = next(m for m in mail.outbox if m.to == ["operator.a@example.test"])
        assert "15 April 2025" in message.body and "terlambat 2 hari" in message.body

    def test_escalates_to_the_head_from_seven_days_overdue(self, tw1, unit_a, django_capture_on_commit_callbacks):
        remind(dt.date(2025, 4, 16), django_capture_on_commit_callbacks)  # 6 days
        six = next(m for m in mail.outbox if "Dinas A" in m.subject)
        assert six.to == ["operator.a@example.test"]
        mail.outbox.clear()
        remind(dt.date(2025, 4, 17), django_capture_on_commit_callbacks)  # 7 days
        seven = next(m for m in mail.outbox if "Dinas A" in m.subject)
        assert seven.to == ["operator.a@example.test", "kepala.dinas-a@example.test"]
        assert seven.cc == ["bpsdm@example.test"]
        assert "Kepala Perangkat Daerah" in seven.body
        reminder = Reminder.objects.get(report__unit=unit_a, sent_on=dt.date(2025, 4, 17))
        assert reminder.escalated is True and reminder.days_overdue == 7

    def test_the_escalation_threshold_is_configurable(self, tw1, unit_a, settings, django_capture_on_commit_callbacks):
        settings.REMINDER_ESCALATE_AFTER_DAYS = 3
        remind(dt.date(2025, 4, 13), django_capture_on_commit_callbacks)
        assert Reminder.objects.get(report__unit=unit_a).escalated is True

    def test_twice_the_same_day_is_one_reminder_and_the_next_day_another(self, tw1, django_capture_on_commit_callbacks):
        with time_machine.travel(wita(2025, 4, 11, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
            assert remind_overdue_reports.delay().get() == 2
            assert remind_overdue_reports.delay().get() == 0
        assert len(mail.outbox) == 2
        with time_machine.travel(wita(2025, 4, 12, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
            assert remind_overdue_reports.delay().get() == 2
        assert len(mail.outbox) == 4
        assert Reminder.objects.filter(kind=ReminderKind.OVERDUE).count() == 4

    def test_a_redelivered_mail_task_does_not_send_twice(self, tw1, django_capture_on_commit_callbacks):
        remind(dt.date(2025, 4, 11), django_capture_on_commit_callbacks)
        reminder = Reminder.objects.first()
        # Late acknowledgement: a worker that died after sending gets the task again.
        assert send_reminder_mail.delay(reminder.pk).get() == "skipped"
        assert len(mail.outbox) == 2
        reminder.refresh_from_db()
        assert reminder.attempts == 1

    def test_closed_cycles_are_not_reminded(self, tw1, django_capture_on_commit_callbacks):
        cycles.cycle_close(cycle=tw1)
        assert remind(dt.date(2025, 4, 22), django_capture_on_commit_callbacks) == []

    def test_a_unit_without_email_gets_a_no_recipient_row(
        self, tw1, unit_b, officer_b, django_capture_on_commit_callbacks
    ):
        officer_b.email = ""
        officer_b.save()
        unit_b.contact_email = ""
        unit_b.head_email = ""
        unit_b.save()
        remind(dt.date(2025, 4, 11), django_capture_on_commit_callbacks)
        row = Reminder.objects.get(report__unit=unit_b)
        assert row.status == ReminderStatus.NO_RECIPIENT and row.attempts == 0
        assert [m.to for m in mail.outbox] == [["operator.a@example.test"]]


@pytest.mark.django_db
class TestSmtpFailures:
    """A real SMTP server on loopback that refuses; never a mock of smtplib."""

    def _claim(self, capture) -> Reminder:  # type: ignore[no-untyped-def]
        # Claim without delivering, so that each test delivers under its own server.
        with capture(execute=False):
            reminders.remind_overdue(today=dt.date(2025, 4, 11))
        return Reminder.objects.get(report__unit__slug="dinas-a", kind=ReminderKind.OVERDUE)

    def test_a_4xx_reply_is_retried_then_recorded_as_failed(self, tw1, settings, django_capture_on_commit_callbacks):
        reminder = self._claim(django_capture_on_commit_callbacks)
        with smtp_server(SmtpSink(data_reply="451 4.3.0 Server sibuk, coba lagi nanti")) as sink:
            use_smtp(settings, sink.port)
            with eager_celery(propagate=False):  # eager retries run at once, one after the other
                send_reminder_mail.delay(reminder.pk)
        reminder.refresh_from_db()
        assert sink.data_attempts == MAIL_MAX_RETRIES + 1
        assert reminder.status == ReminderStatus.FAILED
        assert reminder.attempts == MAIL_MAX_RETRIES + 1
        assert reminder.sent_at is None
        assert "451" in reminder.error and "Server sibuk" in reminder.error

    def test_a_refused_connection_is_retried_then_recorded_as_failed(
        self, tw1, settings, django_capture_on_commit_callbacks
    ):
        reminder = self._claim(django_capture_on_commit_callbacks)
        use_smtp(settings, free_port())  # nobody listens there
        with eager_celery(propagate=False):
            send_reminder_mail.delay(reminder.pk)
        reminder.refresh_from_db()
        assert reminder.status == ReminderStatus.FAILED and reminder.attempts == MAIL_MAX_RETRIES + 1
        assert "ConnectionRefusedError" in reminder.error

    def test_a_5xx_reply_is_not_retried(self, tw1, settings, django_capture_on_commit_callbacks):
        reminder = self._claim(django_capture_on_commit_callbacks)
        with smtp_server(SmtpSink(rcpt_reply="550 5.1.1 Kotak surat tidak ada")) as sink:
            use_smtp(settings, sink.port)
            with eager_celery(propagate=False):
                send_reminder_mail.delay(reminder.pk)
        reminder.refresh_from_db()
        assert reminder.status == ReminderStatus.FAILED and reminder.attempts == 1
        assert "550" in reminder.error and "Kotak surat tidak ada" in reminder.error
        assert sink.messages == []

    def test_a_transient_failure_then_success_is_sent_once(self, tw1, settings, django_capture_on_commit_callbacks):
        reminder = self._claim(django_capture_on_commit_callbacks)
        use_smtp(settings, free_port())
        assert reminders.reminder_deliver(reminder_id=reminder.pk, final_attempt=False).outcome == "retry"
        reminder.refresh_from_db()
        assert (reminder.status, reminder.attempts) == (ReminderStatus.PENDING, 1)
        with smtp_server() as sink:
            use_smtp(settings, sink.port)
            assert reminders.reminder_deliver(reminder_id=reminder.pk, final_attempt=False).outcome == "sent"
            assert reminders.reminder_deliver(reminder_id=reminder.pk, final_attempt=False).outcome == "skipped"
        reminder.refresh_from_db()
        assert (reminder.status, reminder.attempts, reminder.error) == (ReminderStatus.SENT, 2, "")
        assert len(sink.messages) == 1
        assert sorted(sink.messages[0].rcpt_tos) == ["bpsdm@example.test", "operator.a@example.test"]

    def test_a_failed_reminder_is_tried_again_the_next_day(self, tw1, settings, django_capture_on_commit_callbacks):
        use_smtp(settings, free_port())
        with eager_celery(propagate=False):
            remind(dt.date(2025, 4, 11), django_capture_on_commit_callbacks)
        assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.FAILED}
        with smtp_server() as sink:
            use_smtp(settings, sink.port)
            remind(dt.date(2025, 4, 11), django_capture_on_commit_callbacks)  # same day: not again
            assert sink.messages == []
            remind(dt.date(2025, 4, 12), django_capture_on_commit_callbacks)
        assert len(sink.messages) == 2
        assert Reminder.objects.filter(sent_on=dt.date(2025, 4, 12), status=ReminderStatus.SENT).count() == 2
        assert Reminder.objects.filter(sent_on=dt.date(2025, 4, 11), status=ReminderStatus.FAILED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_give_one_reminder_and_one_email():
    """Two runs at once (two beats, or beat and the button) on the real PostgreSQL: one row, one e-mail."""
    roadmap = factories.RoadmapFactory()
    unit = factories.UnitFactory(name="Dinas Paralel", slug="dinas-paralel")
    factories.OperatorFactory(username="operator.paralel", unit=unit)
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit)
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1)
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    today = dt.date(2025, 4, 11)

    runs = 4
    barrier = threading.Barrier(runs)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            lines = reminders.remind_overdue(today=today)
            results.append(sum(1 for line in lines if line.reminder is not None))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert sorted(results) == [0] * (runs - 1) + [1]
    assert Reminder.objects.filter(kind=ReminderKind.OVERDUE, sent_on=today).count() == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT
    assert [m.to for m in mail.outbox] == [["operator.paralel@example.test"]]


@pytest.mark.django_db(transaction=True)
def test_handle_one_overdue_racing_on_one_report_claims_once():
    """The claim step itself, driven directly by two threads on the same report."""
    roadmap = factories.RoadmapFactory()
    unit = factories.UnitFactory()
    factories.OperatorFactory(unit=unit)
    factories.IndicatorTargetFactory(indicator=factories.IndicatorFactory(roadmap=roadmap, unit=unit))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    report = cycles.cycle_open(cycle=cycle).reports[0]
    barrier = threading.Barrier(2)
    lines: list[reminders.OverdueLine | None] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            lines.append(reminders.handle_one_overdue(report_id=report.pk, today=dt.date(2025, 4, 20)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(lines) == 2
    assert sorted(line.already_reminded for line in lines) == [False, True]
    assert Reminder.objects.count() == 1 and len(mail.outbox) == 1


# --- The Pengingat page -----------------------------------------------------------------

PAGE_MATRIX = {
    "anonymous": 302,
    "officer_a": 403,
    "officer_b": 403,
    "reviewer": 200,
    "pimpinan": 403,
    "admin": 200,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), PAGE_MATRIX.items())
def test_pengingat_page_permissions(who, status, people, as_user, tw1):
    response = as_user(people[who]).get(reverse("evaluations:reminders"))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [(w, s) for w, s in PAGE_MATRIX.items() if s != 200])
def test_send_now_is_refused_to_the_others(who, status, people, as_user, tw1, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(wita(2025, 4, 11, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = as_user(people[who]).post(reverse("evaluations:reminders_send_now"))
    assert response.status_code == status
    assert callbacks == [] and mail.outbox == [] and not Reminder.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_send_now_enqueues_the_run_and_says_so(who, people, as_user, tw1, django_capture_on_commit_callbacks):
    client = as_user(people[who])
    with (
        time_machine.travel(wita(2025, 4, 11, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(reverse("evaluations:reminders_send_now"), follow=True)
        # GET does nothing.
        assert client.get(reverse("evaluations:reminders_send_now")).status_code == 405
    assert response.redirect_chain == [(reverse("evaluations:reminders"), 302)]
    assert len(callbacks) >= 1
    assert "sudah dijadwalkan" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["operator.a@example.test", "operator.b@example.test"]


@pytest.mark.django_db
def test_pengingat_page_lists_sent_failed_overdue_and_units_without_email(
    people, as_user, tw1, unit_b, officer_b, settings, django_capture_on_commit_callbacks
):
    no_mail = factories.UnitFactory(name="Kecamatan Tanpa Surel", slug="kec-tanpa-surel", contact_email="")
    factories.OperatorFactory(username="operator.tanpa", unit=no_mail, email="")
    factories.IndicatorTargetFactory(indicator=factories.IndicatorFactory(roadmap=tw1.roadmap, unit=no_mail))
    cycles.cycle_open(cycle=tw1)  # the new unit gets its report
    # Unit B's mail fails for good; unit A's is delivered; the new unit has no address.
    Report.objects.filter(unit=unit_b).update(status=ReportStatus.DRAF)
    with smtp_server(SmtpSink(rcpt_reply="550 5.1.1 Kotak surat tidak ada")) as bad:
        use_smtp(settings, bad.port)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            lines = reminders.remind_overdue(today=dt.date(2025, 4, 13))
        with eager_celery(propagate=False):
            reminder_b = next(line.reminder for line in lines if line.report.unit_id == unit_b.pk)
            send_reminder_mail.delay(reminder_b.pk)
    with smtp_server() as good:
        use_smtp(settings, good.port)
        for callback in callbacks:
            callback()  # A's delivery (B's row is FAILED already: skipped)
    assert len(good.messages) == 1

    with time_machine.travel(wita(2025, 4, 13, 10), tick=False):
        response = as_user(people["reviewer"]).get(reverse("evaluations:reminders"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["cycle"] == tw1
    assert response.context["counts"][ReminderStatus.SENT] == 1
    assert response.context["counts"][ReminderStatus.FAILED] == 1
    assert response.context["counts"][ReminderStatus.NO_RECIPIENT] == 1
    failed = response.context["failed"]
    assert [r.report.unit for r in failed] == [unit_b] and failed[0].attempts == 1
    assert "Kotak surat tidak ada" in html
    assert [u.slug for u in response.context["units_without_email"]] == ["kec-tanpa-surel"]
    overdue = {row.report.unit.slug: row.days_overdue for row in response.context["overdue"]}
    assert overdue == {"dinas-a": 3, "dinas-b": 3, "kec-tanpa-surel": 3}
    assert 'data-days="3"' in html and "Kecamatan Tanpa Surel" in html
    assert "Kirim pengingat sekarang" in html
    assert "<script>" not in html.split("</main>")[0]


@pytest.mark.django_db
def test_pengingat_page_without_any_cycle(people, as_user):
    response = as_user(people["admin"]).get(reverse("evaluations:reminders"))
    assert response.status_code == 200
    assert "Belum ada periode evaluasi yang dibuka." in response.content.decode()


@pytest.mark.django_db
def test_pengingat_page_chooses_a_cycle(people, as_user, tw1):
    tw2, _ = cycles.cycle_get_or_create(roadmap=tw1.roadmap, year=2025, quarter=2)
    cycles.cycle_open(cycle=tw2)
    client = as_user(people["reviewer"])
    assert client.get(reverse("evaluations:reminders")).context["cycle"] == Cycle.objects.get(quarter=2)
    assert client.get(reverse("evaluations:reminders"), {"periode": tw1.pk}).context["cycle"] == tw1
    assert client.get(reverse("evaluations:reminders"), {"periode": "x"}).status_code == 200
