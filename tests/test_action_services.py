"""Reporting a rencana aksi each quarter (services.actions) and Ajukan's rules for it, on the real PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from evaluations.exceptions import IncompleteReport, ReportLocked, StaleEdit
from evaluations.models import (
    ActionProgress,
    ActionStatus,
    Decision,
    Reminder,
    ReminderKind,
    ReminderStatus,
    ReportStatus,
    ReviewNote,
)
from evaluations.services import actions, reminders, reports
from evaluations.services.actions import ActionInput
from evaluations.services.reports import ProgressInput
from tests import action_world
from tests.test_scheduling_support import eager_celery

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def world(roadmap, unit_a, unit_b):
    return action_world.build(roadmap, unit_a, unit_b)


def _save(user, row, version=None, **data):
    row.refresh_from_db()
    return actions.action_row_save(user=user, row=row, data=data, version=row.version if version is None else version)


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- saving a row ----------------------------------------------------------------------------------------------


def test_a_saved_row_keeps_every_value_bumps_its_version_and_marks_the_step(world, officer_a):
    saved = _save(
        officer_a,
        world.ra01,
        status=ActionStatus.RUNNING,
        progress=Decimal("40"),
        output_realised=Decimal("1"),
        budget_realised=Decimal("12500000"),
        penjelasan="  Draf SOP selesai  ",
        kendala="Narasumber terlambat",
        rencana_tindak_lanjut="Jadwal ulang",
    )
    assert (saved.status, saved.progress, saved.output_realised, saved.budget_realised) == (
        "berjalan",
        Decimal("40"),
        Decimal("1"),
        Decimal("12500000"),
    )
    assert (saved.penjelasan, saved.version, saved.updated_by) == ("Draf SOP selesai", 1, officer_a)
    assert saved.history.first().history_change_reason == "Simpan Draf"
    world.report_a.refresh_from_db()
    assert world.report_a.status == ReportStatus.DRAF  # Belum Mulai → Draf, as for the indicators


@pytest.mark.parametrize(
    ("status", "progress", "stored"),
    [
        (ActionStatus.NOT_STARTED, None, Decimal(0)),  # Belum Dimulai means 0
        (ActionStatus.RUNNING, Decimal("30"), Decimal("30")),
        (ActionStatus.DONE, None, Decimal(100)),  # Selesai means 100
        (ActionStatus.DONE, Decimal("100"), Decimal(100)),
        (ActionStatus.NOT_DONE, Decimal("10"), Decimal("10")),
        (ActionStatus.NOT_DONE, None, None),
    ],
)
def test_every_status_is_stored_with_its_progress(world, officer_a, status, progress, stored):
    saved = _save(officer_a, world.ra01, status=status, progress=progress)
    assert (saved.status, saved.progress) == (status, stored)


def test_the_status_may_go_back_and_forth_while_the_report_is_editable(world, officer_a):
    steps = [
        (ActionStatus.RUNNING, Decimal("50"), Decimal("50")),
        (ActionStatus.DONE, None, Decimal("100")),
        (ActionStatus.RUNNING, Decimal("90"), Decimal("90")),
        (ActionStatus.NOT_DONE, None, Decimal("90")),  # the progress left out keeps its value
        ("", None, None),  # back to "not reported"
    ]
    for status, progress, stored in steps:
        data = {"status": status} if progress is None and status else {"status": status, "progress": progress}
        saved = _save(officer_a, world.ra01, **data)
        assert (saved.status, saved.progress) == (status, stored)
    assert saved.version == 5


def test_a_save_that_changes_nothing_keeps_the_version(world, officer_a):
    _save(officer_a, world.ra01, status=ActionStatus.RUNNING, progress=Decimal("10"))
    again = _save(officer_a, world.ra01, status=ActionStatus.RUNNING, progress=Decimal("10"))
    assert again.version == 1


def test_a_field_left_out_keeps_its_stored_value(world, officer_a):
    _save(officer_a, world.ra01, status=ActionStatus.RUNNING, progress=Decimal("10"), kendala="Hujan")
    saved = _save(officer_a, world.ra01, progress=Decimal("20"))
    assert (saved.status, saved.progress, saved.kendala) == ("berjalan", Decimal("20"), "Hujan")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": "hampir"}, "status", "Pilih salah satu status"),
        ({"status": "berjalan", "progress": Decimal("100.5")}, "progress", "paling besar 100"),
        ({"status": "berjalan", "progress": Decimal("-1")}, "progress", "tidak boleh negatif"),
        ({"status": "berjalan", "progress": Decimal("12.345")}, "progress", "2 angka di belakang koma"),
        ({"status": "berjalan", "progress": "abc"}, "progress", "Bukan angka yang sah"),
        ({"status": "berjalan", "output_realised": Decimal("-2")}, "output_realised", "tidak boleh negatif"),
        ({"status": "berjalan", "budget_realised": Decimal("-1")}, "budget_realised", "tidak boleh negatif"),
        ({"status": "berjalan", "budget_realised": Decimal("1e17")}, "budget_realised", "terlalu besar"),
        ({"status": "berjalan", "budget_realised": "1.234"}, "budget_realised", "tidak jelas"),
        ({"status": "selesai", "progress": Decimal("80")}, "progress", "Selesai berprogres 100"),
        ({"status": "belum_dimulai", "progress": Decimal("5")}, "progress", "Belum Dimulai berprogres 0"),
        ({"status": "", "progress": Decimal("5")}, "status", "Pilih status rencana aksi ini"),
    ],
)
def test_bad_values_are_refused_by_field_in_indonesian_and_nothing_is_saved(world, officer_a, data, field, message):
    with pytest.raises(ValidationError) as excinfo:
        _save(officer_a, world.ra01, kendala="tidak tersimpan", **data)
    assert field in _errors(excinfo)
    assert any(message in m for m in _errors(excinfo)[field]), _errors(excinfo)
    row = ActionProgress.objects.get(pk=world.ra01.pk)
    assert (row.status, row.progress, row.kendala, row.version) == ("", None, "", 0)


def test_indonesian_text_numbers_are_read_by_the_one_number_module(world, officer_a):
    saved = _save(officer_a, world.ra01, status="berjalan", progress="42,5", budget_realised="12.500.000,50")
    assert (saved.progress, saved.budget_realised) == (Decimal("42.5"), Decimal("12500000.50"))


def test_a_stale_version_is_refused_and_names_the_action(world, officer_a):
    _save(officer_a, world.ra01, status="berjalan", progress=Decimal("10"))
    with pytest.raises(StaleEdit) as excinfo:
        _save(officer_a, world.ra01, version=0, status="berjalan", progress=Decimal("90"))
    assert excinfo.value.problems == ["RA-01"]
    assert "RA-01" in str(excinfo.value)
    assert ActionProgress.objects.get(pk=world.ra01.pk).progress == Decimal("10")


def test_another_units_officer_a_reviewer_and_pimpinan_cannot_save(world, officer_b, reviewer, pimpinan):
    for user in (officer_b, reviewer, pimpinan):
        with pytest.raises(ReportLocked):
            _save(user, world.ra01, status="berjalan")
    assert ActionProgress.objects.get(pk=world.ra01.pk).version == 0


def test_the_admin_may_save_for_the_unit(world, admin_user):
    assert _save(admin_user, world.ra01, status="berjalan").updated_by == admin_user


@pytest.mark.parametrize("status", [ReportStatus.DIAJUKAN, ReportStatus.DISETUJUI])
def test_a_locked_report_refuses_the_save_with_its_reason(world, officer_a, status):
    type(world.report_a).objects.filter(pk=world.report_a.pk).update(status=status)
    with pytest.raises(ReportLocked) as excinfo:
        _save(officer_a, world.ra01, status="berjalan")
    assert str(excinfo.value) in ("Laporan sudah disetujui.", "Menunggu verifikasi BKPSDM.") or "verifikasi" in str(
        excinfo.value
    )


def test_a_closed_cycle_refuses_the_save(world, officer_a):
    cycle = world.report_a.cycle
    type(cycle).objects.filter(pk=cycle.pk).update(state="ditutup")
    with pytest.raises(ReportLocked, match="Periode sudah ditutup"):
        _save(officer_a, world.ra01, status="berjalan")


def test_a_row_of_another_report_is_refused_in_a_batch(world, officer_a):
    with pytest.raises(ReportLocked):
        actions.action_rows_save(
            user=officer_a, report=world.report_a, rows=[ActionInput(world.ra03.pk, 0, {"status": "berjalan"})]
        )


def test_the_page_save_is_all_or_nothing_across_indicators_and_actions(world, officer_a):
    good_indicator = ProgressInput(progress_id=world.progress_a.pk, version=0, realisasi=Decimal("70"))
    bad_action = ActionInput(world.ra01.pk, 0, {"status": "selesai", "progress": Decimal("70")})
    with pytest.raises(actions.ActionRowsInvalid) as excinfo:
        actions.report_save_all(report=world.report_a, user=officer_a, rows=[good_indicator], action_rows=[bad_action])
    assert list(excinfo.value.errors) == [world.ra01.pk]
    world.progress_a.refresh_from_db()
    assert (world.progress_a.realisasi, world.progress_a.version) == (None, 0)


# --- Ajukan ------------------------------------------------------------------------------------------------------


def _fill_indicator(world, user):
    reports.report_save_draft(
        report=world.report_a,
        user=user,
        rows=[ProgressInput(progress_id=world.progress_a.pk, version=0, realisasi=Decimal("80"))],
    )


def test_submit_lists_the_due_action_without_status_next_to_the_indicator_misses(world, officer_a):
    with pytest.raises(IncompleteReport) as excinfo:
        reports.report_submit(report=world.report_a, user=officer_a)
    # RA-02 is not due in TW II: it may stay unreported.
    assert excinfo.value.problems == ["A-01: realisasi belum diisi.", "RA-01: status rencana aksi belum diisi."]


def test_submit_refuses_a_finished_action_without_evidence_then_accepts_it_with_evidence(world, officer_a):
    _fill_indicator(world, officer_a)
    _save(officer_a, world.ra01, status=ActionStatus.DONE)
    with pytest.raises(IncompleteReport) as excinfo:
        reports.report_submit(report=world.report_a, user=officer_a)
    assert excinfo.value.problems == ["RA-01: bukti dukung rencana aksi yang Selesai belum diunggah."]
    action_world.attach_pdf(world.ra01)
    submitted = reports.report_submit(report=world.report_a, user=officer_a)
    assert submitted.status == ReportStatus.DIAJUKAN


def test_a_running_action_needs_no_evidence(world, officer_a):
    _fill_indicator(world, officer_a)
    _save(officer_a, world.ra01, status=ActionStatus.RUNNING, progress=Decimal("50"))
    assert reports.report_submit(report=world.report_a, user=officer_a).status == ReportStatus.DIAJUKAN


def test_a_report_with_actions_only_is_submitted_once_its_actions_are_reported(world, officer_b):
    with pytest.raises(IncompleteReport) as excinfo:
        reports.report_submit(report=world.report_b, user=officer_b)
    assert excinfo.value.problems == ["RA-03: status rencana aksi belum diisi."]  # not "no indicators"
    _save(officer_b, world.ra03, status=ActionStatus.NOT_DONE, kendala="Anggaran dipotong")
    assert reports.report_submit(report=world.report_b, user=officer_b).status == ReportStatus.DIAJUKAN


def test_an_inactive_plan_is_not_required(world, officer_a):
    _fill_indicator(world, officer_a)
    type(world.ra01.assignment.plan).objects.filter(pk=world.ra01.assignment.plan_id).update(is_active=False)
    assert reports.report_submit(report=world.report_a, user=officer_a).status == ReportStatus.DIAJUKAN


# --- Kembalikan with notes on actions ----------------------------------------------------------------------------


def test_a_return_keeps_notes_on_the_reports_own_action_rows_only(world, officer_a, reviewer):
    _fill_indicator(world, officer_a)
    _save(officer_a, world.ra01, status=ActionStatus.RUNNING, progress=Decimal("50"))
    reports.report_submit(report=world.report_a, user=officer_a)
    reports.report_return(
        report=world.report_a,
        reviewer=reviewer,
        reason="Perbaiki rencana aksi",
        notes={world.progress_a.pk: "Cek angka"},
        action_notes={world.ra01.pk: "Lampirkan notulen", world.ra03.pk: "bukan laporan ini", world.ra02.pk: "  "},
    )
    notes = ReviewNote.objects.filter(decision__report=world.report_a, decision__decision=Decision.RETURN)
    assert {(n.progress_id, n.action_progress_id, n.note) for n in notes} == {
        (world.progress_a.pk, None, "Cek angka"),
        (None, world.ra01.pk, "Lampirkan notulen"),
    }
    # Returned: the officer edits again.
    assert _save(officer_a, world.ra01, progress=Decimal("55")).progress == Decimal("55")


def test_a_unit_with_actions_only_gets_its_overdue_reminder_once(
    roadmap, unit_a, unit_b, officer_b, django_capture_on_commit_callbacks
):
    """A unit that only carries out actions owes a report like any other: the overdue reminder covers it, once a
    day, the same e-mail as for the indicators (no extra one for the actions)."""
    world = action_world.build(roadmap, unit_a, unit_b)
    day_after = world.report_b.cycle.due_on + dt.timedelta(days=1)
    with eager_celery():
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                reminders.remind_overdue(today=day_after)
    sent = Reminder.objects.filter(report=world.report_b, kind=ReminderKind.OVERDUE)
    assert [(r.sent_on, r.status) for r in sent] == [(day_after, ReminderStatus.SENT)]
    to_b = [m for m in mail.outbox if m.to == [officer_b.email]]
    assert len(to_b) == 1 and "Dinas B" in to_b[0].subject
