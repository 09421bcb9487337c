"""The operators' commands: open_cycle, send_overdue_reminders, close_cycles — what they print and do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from evaluations.models import Cycle, CycleState, Reminder, ReminderStatus, Report
from evaluations.services import cycles
from tests import factories
from tests.test_scheduling_support import eager_celery, wita

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager():
    with eager_celery():
        yield


@pytest.fixture
def targets(roadmap, unit_a, unit_b, officer_a, officer_b, reviewer):
    for unit in (unit_a, unit_b):
        indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit)
        for quarter in range(1, 5):
            factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=quarter, value=Decimal(80))
    return roadmap


def run(capture, *args: str) -> str:  # type: ignore[no-untyped-def]
    out = StringIO()
    with capture(execute=True):
        call_command(*args, stdout=out, no_color=True)
    return out.getvalue()


def test_open_cycle_dry_run_changes_nothing(targets, django_capture_on_commit_callbacks):
    with time_machine.travel(wita(2025, 4, 1, 9), tick=False):
        out = run(django_capture_on_commit_callbacks, "open_cycle", "--year", "2025", "--quarter", "1", "--dry-run")
    assert "[uji coba] Periode evaluasi TW I 2025 (Road Map RB 2025–2029) akan dibuka." in out
    assert "[uji coba]   - Dinas A: akan dikirimi email ke operator.a@example.test" in out
    assert "[uji coba]   - Dinas B: akan dikirimi email ke operator.b@example.test" in out
    assert "2 perangkat daerah, 2 email akan dikirim" in out
    assert not Cycle.objects.exists() and mail.outbox == []


def test_open_cycle_opens_and_emails_once(targets, unit_b, officer_b, django_capture_on_commit_callbacks):
    officer_b.email = ""
    officer_b.save()
    unit_b.contact_email = ""
    unit_b.save()
    with time_machine.travel(wita(2025, 4, 1, 9), tick=False):
        out = run(django_capture_on_commit_callbacks, "open_cycle", "--year", "2025", "--quarter", "1")
        assert "Periode evaluasi TW I 2025 (Road Map RB 2025–2029) dibuka." in out
        assert "Batas waktu 10 April 2025, ditutup 20 April 2025." in out
        assert "  - Dinas A: dikirimi email ke operator.a@example.test" in out
        assert "  - Dinas B: TANPA EMAIL OPERATOR, email tidak dikirim" in out
        assert "2 perangkat daerah, 1 email masuk antrean pengiriman, 1 tanpa email operator." in out
        again = run(django_capture_on_commit_callbacks, "open_cycle", "--year", "2025", "--quarter", "1")
    assert "sudah dibuka sebelumnya" in again and "0 perangkat daerah" in again
    assert Cycle.objects.get().state == CycleState.OPEN
    assert [m.to for m in mail.outbox] == [["operator.a@example.test"]]
    assert Reminder.objects.get(report__unit=unit_b).status == ReminderStatus.NO_RECIPIENT


def test_open_cycle_can_open_a_past_quarter_when_asked(targets, django_capture_on_commit_callbacks):
    # The job never opens a quarter whose window closed; an operator may, by name.
    with time_machine.travel(wita(2025, 8, 1, 9), tick=False):
        out = run(django_capture_on_commit_callbacks, "open_cycle", "--year", "2025", "--quarter", "1")
    assert "TW I 2025" in out and Cycle.objects.get(quarter=1).state == CycleState.OPEN
    assert len(mail.outbox) == 2


def test_open_cycle_refuses_bad_requests(targets):
    with pytest.raises(CommandError, match="Tahun 2031 di luar"):
        call_command("open_cycle", "--year", "2031", "--quarter", "1", stdout=StringIO())
    with pytest.raises(CommandError, match="ID 999999 tidak ada"):
        call_command("open_cycle", "--year", "2025", "--quarter", "1", "--roadmap", "999999", stdout=StringIO())
    cycle, _ = cycles.cycle_get_or_create(roadmap=targets, year=2025, quarter=2)
    cycles.cycle_close(cycle=cycle)
    with pytest.raises(CommandError, match="sudah ditutup"):
        call_command("open_cycle", "--year", "2025", "--quarter", "2", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("open_cycle", "--year", "2025", "--quarter", "5", stdout=StringIO())


def test_open_cycle_for_another_road_map_by_id(targets, unit_a, django_capture_on_commit_callbacks):
    old = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    indicator = factories.IndicatorFactory(roadmap=old, unit=unit_a)
    factories.IndicatorTargetFactory(indicator=indicator, year=2024, quarter=4)
    out = run(
        django_capture_on_commit_callbacks, "open_cycle", "--year", "2024", "--quarter", "4", "--roadmap", str(old.pk)
    )
    assert "TW IV 2024 (Road Map RB 2020–2024) dibuka" in out and "Batas waktu 10 Januari 2025" in out
    assert [m.to for m in mail.outbox] == [["operator.a@example.test"]]


def test_send_overdue_reminders_dry_run_then_real_then_again(targets, django_capture_on_commit_callbacks):
    cycle, _ = cycles.cycle_get_or_create(roadmap=targets, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)

    out = run(django_capture_on_commit_callbacks, "send_overdue_reminders", "--date", "2025-04-17", "--dry-run")
    assert "[uji coba] Pengingat keterlambatan per 17 April 2025:" in out
    assert (
        "[uji coba]   - Dinas A (TW I 2025, terlambat 7 hari): akan dikirim ke operator.a@example.test, "
        "kepala.dinas-a@example.test; tembusan bpsdm@example.test (diteruskan ke kepala unit)"
    ) in out
    assert "2 laporan terlambat: 2 pengingat akan dikirim" in out
    assert not Reminder.objects.exists() and mail.outbox == []

    out = run(django_capture_on_commit_callbacks, "send_overdue_reminders", "--date", "2025-04-17")
    assert "  - Dinas B (TW I 2025, terlambat 7 hari): dikirim ke operator.b@example.test" in out
    assert "2 laporan terlambat: 2 pengingat masuk antrean pengiriman, 0 sudah diingatkan hari ini" in out
    assert len(mail.outbox) == 2

    out = run(django_capture_on_commit_callbacks, "send_overdue_reminders", "--date", "2025-04-17")
    assert "Dinas A (TW I 2025, terlambat 7 hari): sudah diingatkan hari ini, dilewati" in out
    assert "0 pengingat masuk antrean pengiriman, 2 sudah diingatkan hari ini" in out
    assert len(mail.outbox) == 2


def test_send_overdue_reminders_defaults_to_today_in_wita(targets, django_capture_on_commit_callbacks):
    cycle, _ = cycles.cycle_get_or_create(roadmap=targets, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    # 10 April 23:30 UTC is already 11 April 07:30 in WITA: one day overdue.
    with time_machine.travel(dt.datetime(2025, 4, 10, 23, 30, tzinfo=dt.UTC), tick=False):
        out = run(django_capture_on_commit_callbacks, "send_overdue_reminders")
    assert "per 11 April 2025" in out and "terlambat 1 hari" in out
    assert set(Reminder.objects.values_list("sent_on", flat=True)) == {dt.date(2025, 4, 11)}


def test_send_overdue_reminders_with_nothing_overdue_and_a_bad_date(targets, django_capture_on_commit_callbacks):
    out = run(django_capture_on_commit_callbacks, "send_overdue_reminders", "--date", "2025-04-11")
    assert "Tidak ada laporan yang terlambat." in out
    with pytest.raises(CommandError, match="Tanggal tidak valid"):
        call_command("send_overdue_reminders", "--date", "11-04-2025", stdout=StringIO())


def test_close_cycles(targets, django_capture_on_commit_callbacks):
    cycle, _ = cycles.cycle_get_or_create(roadmap=targets, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    out = run(django_capture_on_commit_callbacks, "close_cycles", "--date", "2025-04-20")
    assert "Tidak ada periode yang perlu ditutup per 20 April 2025." in out
    out = run(django_capture_on_commit_callbacks, "close_cycles", "--date", "2025-04-21", "--dry-run")
    assert "[uji coba] Periode TW I 2025 (Road Map RB 2025–2029) akan ditutup" in out
    assert Cycle.objects.get().state == CycleState.OPEN
    out = run(django_capture_on_commit_callbacks, "close_cycles", "--date", "2025-04-21")
    assert "Periode TW I 2025 (Road Map RB 2025–2029) ditutup (tanggal penutupan 20 April 2025)." in out
    assert Cycle.objects.get().state == CycleState.CLOSED
    assert Report.objects.count() == 2
