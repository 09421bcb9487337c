"""The scheduled opening and closing of cycles, across the calendar, with the opening e-mails."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from celery.schedules import crontab
from django.core import mail

from config.celery import app
from demo.seed import seed_demo
from demo.units import DEMO_EMAIL_DOMAIN
from evaluations.models import Cycle, CycleState, Reminder, ReminderKind, ReminderStatus, Report, ReportStatus
from evaluations.services import cycles, scheduling
from evaluations.tasks import close_cycles, open_cycles, remind_overdue_reports
from tests import factories
from tests.test_scheduling_support import eager_celery, wita

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager():
    with eager_celery():
        yield


@pytest.fixture
def targets(roadmap, unit_a, unit_b, officer_a, officer_b, reviewer):
    """Units A and B each own one indicator with a target in every quarter of 2025 and 2026."""
    for unit in (unit_a, unit_b):
        indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit)
        for year in (2025, 2026):
            for quarter in range(1, 5):
                factories.IndicatorTargetFactory(indicator=indicator, year=year, quarter=quarter, value=Decimal(80))
    return roadmap


def run_open(django_capture_on_commit_callbacks) -> int:
    # The e-mails are enqueued on commit; the test's transaction never commits, so run them here.
    with django_capture_on_commit_callbacks(execute=True):
        return open_cycles.delay().get()


def test_beat_schedule_is_declared_once_in_wita():
    app.loader.import_default_modules()  # what a worker does at start: autodiscover every app's tasks
    schedule = app.conf.beat_schedule
    assert app.conf.timezone == "Asia/Makassar"
    expected = {
        "open-cycles": ("evaluations.tasks.open_cycles", 6),
        "close-cycles": ("evaluations.tasks.close_cycles", 7),
        "remind-overdue-reports": ("evaluations.tasks.remind_overdue_reports", 8),
    }
    assert set(schedule) == {*expected, "cleanup-export-jobs", "heartbeat", "drain-outbox", "warm-dashboards"}
    for name, (task, hour) in expected.items():
        entry = schedule[name]
        assert entry["task"] == task
        assert task in app.tasks
        assert isinstance(entry["schedule"], crontab)
        assert entry["schedule"].hour == {hour} and entry["schedule"].minute == {0}
    # Housekeeping: expired background export files go every hour.
    assert schedule["cleanup-export-jobs"]["task"] in app.tasks
    assert schedule["cleanup-export-jobs"]["schedule"].hour == set(range(24))
    # The mail task goes to its own queue; the scheduled jobs stay on the default one.
    router = app.amqp.router
    assert router.route({}, "evaluations.tasks.send_reminder_mail")["queue"].name == "mail"
    assert router.route({}, "evaluations.tasks.remind_overdue_reports")["queue"].name == "default"


@pytest.mark.parametrize(
    ("moment", "year", "quarter", "due"),
    [
        (wita(2025, 4, 1, 6), 2025, 1, dt.date(2025, 4, 10)),
        (wita(2025, 7, 1, 6), 2025, 2, dt.date(2025, 7, 10)),
        (wita(2025, 10, 1, 6), 2025, 3, dt.date(2025, 10, 10)),
        # TW IV opens on 1 January of the next year; 06:00 WITA is still 31 December in UTC.
        (wita(2026, 1, 1, 6), 2025, 4, dt.date(2026, 1, 10)),
    ],
)
def test_each_quarter_opens_on_its_first_day(targets, moment, year, quarter, due, django_capture_on_commit_callbacks):
    with time_machine.travel(moment, tick=False):
        claimed = run_open(django_capture_on_commit_callbacks)
    cycle = Cycle.objects.get()
    assert (cycle.year, cycle.quarter, cycle.state, cycle.due_on) == (year, quarter, CycleState.OPEN, due)
    assert cycle.opens_on == moment.date()
    assert claimed == 2
    assert sorted(tuple(m.to) for m in mail.outbox) == [("operator.a@example.test",), ("operator.b@example.test",)]
    assert (
        Reminder.objects.filter(kind=ReminderKind.OPENING, status=ReminderStatus.SENT, sent_on=moment.date()).count()
        == 2
    )


@pytest.mark.parametrize(
    "moment",
    [wita(2025, 3, 31, 23, 59), wita(2025, 6, 30, 6), wita(2025, 9, 30, 6), wita(2025, 12, 31, 23, 59)],
)
def test_nothing_opens_the_day_before(targets, moment, django_capture_on_commit_callbacks):
    with time_machine.travel(moment, tick=False):
        assert run_open(django_capture_on_commit_callbacks) == 0
    assert not Cycle.objects.exists()
    assert mail.outbox == []


def test_old_quarters_are_not_opened_en_masse(targets, django_capture_on_commit_callbacks):
    # A fresh install in mid-July opens TW II (window 1–20 July) but not TW I, whose window has closed.
    with time_machine.travel(wita(2025, 7, 5, 6), tick=False):
        run_open(django_capture_on_commit_callbacks)
    assert list(Cycle.objects.values_list("year", "quarter")) == [(2025, 2)]
    # Between windows (21 July–30 September) nothing is due at all.
    assert scheduling.quarters_to_open(today=dt.date(2025, 7, 21)) == []


def test_quarters_outside_the_road_map_years_and_inactive_road_maps_are_skipped(targets):
    old = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    # TW IV 2024 of the old road map would open on 1 January 2025, but that road map is not active.
    assert scheduling.quarters_to_open(today=dt.date(2025, 1, 1)) == []
    assert not Cycle.objects.filter(roadmap=old).exists()
    # The last quarter of the active road map (TW IV 2029) opens in January 2030.
    refs = scheduling.quarters_to_open(today=dt.date(2030, 1, 1))
    assert [(r.year, r.quarter) for r in refs] == [(2029, 4)]


def test_opening_twice_has_one_effect(targets, django_capture_on_commit_callbacks):
    with time_machine.travel(wita(2025, 4, 1, 6), tick=False):
        assert run_open(django_capture_on_commit_callbacks) == 2
        assert run_open(django_capture_on_commit_callbacks) == 0
    with time_machine.travel(wita(2025, 4, 2, 6), tick=False):
        assert run_open(django_capture_on_commit_callbacks) == 0
    assert Cycle.objects.count() == 1
    assert Report.objects.count() == 2
    assert Reminder.objects.count() == 2
    assert len(mail.outbox) == 2


def test_opening_email_names_the_quarter_the_due_date_and_links_the_form(
    targets, unit_a, django_capture_on_commit_callbacks
):
    with time_machine.travel(wita(2025, 4, 1, 6), tick=False):
        run_open(django_capture_on_commit_callbacks)
    report = Report.objects.get(unit=unit_a)
    message = next(m for m in mail.outbox if m.to == ["operator.a@example.test"])
    assert message.subject == "Periode evaluasi TW I 2025 dibuka, batas waktu 10 April 2025"
    link = f"http://testserver/laporan/{report.pk}/"
    assert "Dinas A" in message.body and link in message.body and "20 April 2025" in message.body
    html = message.alternatives[0][0]
    assert 'href="' + link + '"' in html and "10 April 2025" in html and "TW I 2025" in html


def test_a_unit_without_officer_email_is_recorded_not_a_crash(
    targets, unit_b, officer_b, django_capture_on_commit_callbacks
):
    officer_b.email = ""
    officer_b.save()
    unit_b.contact_email = ""
    unit_b.save()
    with time_machine.travel(wita(2025, 4, 1, 6), tick=False):
        run_open(django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get(report__unit=unit_b)
    assert reminder.status == ReminderStatus.NO_RECIPIENT and reminder.recipients == ""
    assert [m.to for m in mail.outbox] == [["operator.a@example.test"]]


def test_the_unit_contact_address_is_used_when_no_officer_has_one(
    targets, unit_b, officer_b, django_capture_on_commit_callbacks
):
    officer_b.email = ""
    officer_b.save()
    with time_machine.travel(wita(2025, 4, 1, 6), tick=False):
        run_open(django_capture_on_commit_callbacks)
    assert ["dinas-b@example.test"] in [m.to for m in mail.outbox]


def test_a_cycle_opened_by_the_admin_with_moved_dates_is_respected(targets, django_capture_on_commit_callbacks):
    cycle, _ = cycles.cycle_get_or_create(roadmap=targets, year=2025, quarter=1)
    cycles.cycle_update_dates(
        cycle=cycle, opens_on=dt.date(2025, 4, 3), due_on=dt.date(2025, 4, 14), closes_on=dt.date(2025, 4, 25)
    )
    with time_machine.travel(wita(2025, 4, 1, 6), tick=False):
        assert run_open(django_capture_on_commit_callbacks) == 0
    with time_machine.travel(wita(2025, 4, 3, 6), tick=False):
        assert run_open(django_capture_on_commit_callbacks) == 2
    assert mail.outbox[0].subject == "Periode evaluasi TW I 2025 dibuka, batas waktu 14 April 2025"


def test_cycles_close_the_day_after_their_closing_date(targets, django_capture_on_commit_callbacks):
    with time_machine.travel(wita(2025, 4, 1, 6), tick=False):
        run_open(django_capture_on_commit_callbacks)
    with time_machine.travel(wita(2025, 4, 20, 7), tick=False):
        assert close_cycles.delay().get() == 0
    assert Cycle.objects.get().state == CycleState.OPEN
    with time_machine.travel(wita(2025, 4, 21, 7), tick=False):
        assert close_cycles.delay().get() == 1
        assert close_cycles.delay().get() == 0  # a second run closes nothing more
    cycle = Cycle.objects.get()
    assert cycle.state == CycleState.CLOSED and cycle.closed_at is not None
    # A closed cycle is never reopened by the opening job, even inside its old window.
    with time_machine.travel(wita(2025, 4, 21, 8), tick=False):
        assert scheduling.quarters_to_open(today=dt.date(2025, 4, 21)) == []


def test_tw_iv_closes_in_january_of_the_next_year(targets, django_capture_on_commit_callbacks):
    with time_machine.travel(wita(2026, 1, 1, 6), tick=False):
        run_open(django_capture_on_commit_callbacks)
    with time_machine.travel(wita(2026, 1, 21, 7), tick=False):
        assert close_cycles.delay().get() == 1
    assert Cycle.objects.get(year=2025, quarter=4).state == CycleState.CLOSED


def test_must_show_with_the_demo_data(django_capture_on_commit_callbacks):
    """The issue's MUST SHOW, on a fresh database with the demo's master data (this test plays the quarter)."""
    seed_demo(with_history=False)
    units = 26
    # 2025-04-01 06:00 WITA: TW I 2025 opens; each unit's officers get exactly one e-mail.
    with time_machine.travel(wita(2025, 4, 1, 6), tick=False):
        run_open(django_capture_on_commit_callbacks)
    cycle = Cycle.objects.get()
    assert (cycle.year, cycle.quarter, cycle.roadmap.start_year, cycle.state) == (2025, 1, 2025, CycleState.OPEN)
    assert Report.objects.filter(cycle=cycle).count() == units
    per_recipient = Counter(address for m in mail.outbox for address in m.to)
    assert len(mail.outbox) == units
    assert len(per_recipient) == units and set(per_recipient.values()) == {1}
    assert all(a.startswith("operator.") and a.endswith(DEMO_EMAIL_DOMAIN) for a in per_recipient)
    assert {m.subject for m in mail.outbox} == {"Periode evaluasi TW I 2025 dibuka, batas waktu 10 April 2025"}

    # Five units submit on time; the others do not.
    submitted_slugs = ["setda", "bkpsdm", "dinkes", "kec-waru", "diskominfo"]
    Report.objects.filter(unit__slug__in=submitted_slugs).update(
        status=ReportStatus.DIAJUKAN, submitted_at=wita(2025, 4, 9, 10), first_submitted_at=wita(2025, 4, 9, 10)
    )
    mail.outbox.clear()

    # 2025-04-11 08:00 WITA: exactly the units that have not submitted get one reminder.
    with time_machine.travel(wita(2025, 4, 11, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue_reports.delay().get() == units - len(submitted_slugs)
    reminded = Counter(address for m in mail.outbox for address in m.to)
    expected = {
        f"operator.{slug}@{DEMO_EMAIL_DOMAIN}"
        for slug in Report.objects.exclude(unit__slug__in=submitted_slugs).values_list("unit__slug", flat=True)
    }
    assert set(reminded) == expected and set(reminded.values()) == {1}
    assert all(m.cc == [f"verifikator@{DEMO_EMAIL_DOMAIN}"] for m in mail.outbox)
    assert all("terlambat 1 hari" in m.body for m in mail.outbox)

    # Run again that day (beat twice, or the button): no new e-mail.
    with time_machine.travel(wita(2025, 4, 11, 15), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue_reports.delay().get() == 0
        assert open_cycles.delay().get() == 0
    assert len(mail.outbox) == units - len(submitted_slugs)
    assert Reminder.objects.filter(kind=ReminderKind.OVERDUE, sent_on=dt.date(2025, 4, 11)).count() == units - len(
        submitted_slugs
    )
