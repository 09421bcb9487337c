"""The follow-up of the LHE's recommendations (services.follow_ups, services.cycles.sync_follow_up_rows) and
Ajukan's and Kembalikan's rules for it, on the real PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.exceptions import IncompleteReport, InvalidTransition, ReportLocked, StaleEdit
from evaluations.models import (
    FollowUp,
    FollowUpStatus,
    RbEvaluation,
    Recommendation,
    Report,
    ReportStatus,
    ReviewNote,
)
from evaluations.selectors.history import report_history
from evaluations.services import cycles, evidence, follow_ups, reports
from evaluations.services.reports import ProgressInput
from evaluations.services.rows import RowInput
from tests import factories, follow_up_world
from tests.e2e.journey import PDF_BYTES

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 7, 5)  # inside TW II 2025's window


@pytest.fixture
def world(roadmap, unit_a, unit_b):
    return follow_up_world.build(roadmap, unit_a, unit_b)


def _save(user, row, version=None, **data):
    row.refresh_from_db()
    return follow_ups.follow_up_row_save(
        user=user, row=row, data=data, version=row.version if version is None else version, today=TODAY
    )


# --- which reports get which rows ------------------------------------------------------------------------------


def test_opening_a_cycle_gives_each_assigned_unit_a_row_per_recommendation(world, unit_a, unit_b):
    rows = sorted(
        (r.report.unit.slug, r.assignment.recommendation.number)
        for r in FollowUp.objects.filter(report__cycle=world.cycle)
    )
    assert rows == [("dinas-a", 1), ("dinas-a", 2), ("dinas-b", 1)]
    # Dinas B has no indicator and no rencana aksi: it gets a report for its recommendation anyway.
    assert not world.report_b.progress_rows.exists()
    assert world.report_b.follow_ups.count() == 1


def test_opening_again_adds_nothing(world):
    before = FollowUp.objects.count()
    result = cycles.cycle_open(cycle=world.cycle)
    assert (result.follow_ups, FollowUp.objects.count()) == (0, before)


def test_a_quarter_before_the_lhe_gets_no_row_the_quarter_of_the_lhe_does(world, roadmap, unit_a):
    # TW IV 2024 ends before 14 March 2025; TW I 2025 holds that date.
    assert cycles.follow_up_assignments(year=2024, quarter=4) == []
    assert {u for _a, u in cycles.follow_up_assignments(year=2025, quarter=1)} == {
        unit_a.pk,
        world.report_b.unit_id,
    }


def test_without_an_lhe_date_the_follow_up_starts_in_tw_i_of_the_next_year(roadmap, unit_a):
    evaluation = RbEvaluation.objects.create(roadmap=roadmap, year=2025, general_value=Decimal("68.40"))
    follow_up_world.recommendation(evaluation, 1, [unit_a], due=(2026, 2))
    assert evaluation.follow_up_from() == (2026, 1)
    assert cycles.follow_up_assignments(year=2025, quarter=4) == []
    assert len(cycles.follow_up_assignments(year=2026, quarter=1)) == 1


def _approve_with(report, officer, reviewer, status, *, evidence_row=None):
    """The report through Simpan Draf, Ajukan and Setujui with every follow-up row at `status`."""
    for row in report.follow_ups.all():
        follow_ups.follow_up_row_save(user=officer, row=row, data={"status": status}, version=row.version, today=TODAY)
        if status == FollowUpStatus.SELESAI:
            follow_up_world.attach_pdf(row)
    for p in report.progress_rows.all():
        reports.report_save_draft(
            report=report,
            user=officer,
            rows=[ProgressInput(progress_id=p.pk, version=p.version, realisasi=Decimal("80"))],
            today=TODAY,
        )
    reports.report_submit(report=report, user=officer, today=TODAY)
    return reports.report_approve(report=report, reviewer=reviewer)


def test_rows_stop_after_selesai_in_an_approved_report(world, roadmap, unit_a, officer_a, reviewer):
    _approve_with(world.report_a, officer_a, reviewer, FollowUpStatus.SELESAI)
    pairs = cycles.follow_up_assignments(year=2025, quarter=3)
    # A finished R1 and R2; B has not reported R1 yet: it still follows it up in TW III.
    assert [u for _a, u in pairs] == [world.report_b.unit_id]


def test_selesai_in_a_report_not_yet_approved_does_not_stop_the_rows(world, roadmap, unit_a, officer_a):
    _save(officer_a, world.a1, status=FollowUpStatus.SELESAI)
    pairs = cycles.follow_up_assignments(year=2025, quarter=3)
    assert sum(1 for _a, u in pairs if u == unit_a.pk) == 2


def test_dalam_proses_in_an_approved_report_goes_on_next_quarter(world, roadmap, unit_a, officer_a, reviewer):
    _approve_with(world.report_a, officer_a, reviewer, FollowUpStatus.DALAM_PROSES)
    pairs = cycles.follow_up_assignments(year=2025, quarter=3)
    assert sum(1 for _a, u in pairs if u == unit_a.pk) == 2


def test_a_recommendation_added_while_the_cycle_is_open_reaches_the_owed_reports_only(
    world, unit_a, unit_b, officer_b, reviewer
):
    # B submits first: its report is locked for the reviewer and gets no new row.
    _save(officer_b, world.b1, status=FollowUpStatus.DALAM_PROSES)
    reports.report_submit(report=world.report_b, user=officer_b, today=TODAY)
    unit_c = factories.UnitFactory(name="Dinas C", slug="dinas-c")
    rec = follow_ups.recommendation_save(
        user=reviewer,
        evaluation=world.evaluation,
        number=3,
        text="Perbarui SOP.",
        due_year=2025,
        due_quarter=4,
        units=[unit_a, unit_b, unit_c],
    )
    in_cycle = FollowUp.objects.filter(report__cycle=world.cycle, assignment__recommendation=rec)
    assert sorted(r.report.unit.slug for r in in_cycle) == ["dinas-a", "dinas-c"]
    # Dinas C had nothing to report this quarter: it got its report for the recommendation.
    assert Report.objects.get(cycle=world.cycle, unit=unit_c).follow_ups.count() == 1


# --- saving a row ----------------------------------------------------------------------------------------------


def test_a_saved_row_keeps_its_values_bumps_its_version_and_marks_the_step(world, officer_a):
    saved = _save(officer_a, world.a1, status=FollowUpStatus.DALAM_PROSES, explanation="  Draf peta proses disusun  ")
    assert (saved.status, saved.explanation, saved.version, saved.updated_by) == (
        "dalam_proses",
        "Draf peta proses disusun",
        1,
        officer_a,
    )
    assert saved.history.first().history_change_reason == "Simpan Draf"
    world.report_a.refresh_from_db()
    assert world.report_a.status == ReportStatus.DRAF
    entries = [e for e in report_history(report=world.report_a) if e.subject == "LHE 2024 No. 1"]
    assert sorted((e.field, e.new) for e in entries) == [
        ("Penjelasan tindak lanjut", "Draf peta proses disusun"),
        ("Status tindak lanjut", "Dalam Proses"),
    ]


def test_every_status_and_back_to_empty(world, officer_a):
    for status in (FollowUpStatus.BELUM, FollowUpStatus.DALAM_PROSES, FollowUpStatus.SELESAI, ""):
        assert _save(officer_a, world.a1, status=status).status == status
    assert FollowUp.objects.get(pk=world.a1.pk).version == 4


def test_an_unknown_status_is_refused_by_field(world, officer_a):
    with pytest.raises(ValidationError) as excinfo:
        _save(officer_a, world.a1, status="hampir")
    assert excinfo.value.message_dict == {"status": ["Pilih salah satu status: Belum, Dalam Proses atau Selesai."]}
    assert FollowUp.objects.get(pk=world.a1.pk).version == 0


def test_an_explanation_without_a_status_is_refused(world, officer_a):
    with pytest.raises(ValidationError) as excinfo:
        _save(officer_a, world.a1, explanation="Sudah rapat")
    assert excinfo.value.message_dict == {"status": ["Pilih status tindak lanjut ini sebelum mengisi penjelasannya."]}


def test_a_stale_version_saves_nothing_and_names_the_recommendation(world, officer_a):
    _save(officer_a, world.a1, status=FollowUpStatus.BELUM)
    with pytest.raises(StaleEdit) as excinfo:
        _save(officer_a, world.a1, version=0, status=FollowUpStatus.SELESAI)
    assert excinfo.value.problems == ["LHE 2024 No. 1"]
    assert FollowUp.objects.get(pk=world.a1.pk).status == FollowUpStatus.BELUM


def test_all_or_nothing_over_several_rows(world, officer_a):
    with pytest.raises(follow_ups.FollowUpRowsInvalid) as excinfo:
        follow_ups.follow_up_rows_save(
            user=officer_a,
            report=world.report_a,
            rows=[RowInput(world.a1.pk, 0, {"status": "selesai"}), RowInput(world.a2.pk, 0, {"status": "x"})],
            today=TODAY,
        )
    assert list(excinfo.value.errors) == [world.a2.pk]
    assert FollowUp.objects.get(pk=world.a1.pk).status == ""


def test_a_row_of_another_report_is_refused(world, officer_a):
    with pytest.raises(ReportLocked):
        follow_ups.follow_up_rows_save(
            user=officer_a, report=world.report_a, rows=[RowInput(world.b1.pk, 0, {"status": "belum"})], today=TODAY
        )


@pytest.mark.parametrize("who", ["officer_b", "reviewer", "pimpinan"])
def test_only_the_units_officer_or_the_admin_saves(world, people, admin_user, who):
    with pytest.raises(ReportLocked):
        _save(people[who], world.a1, status=FollowUpStatus.BELUM)
    assert _save(admin_user, world.a1, status=FollowUpStatus.BELUM).updated_by == admin_user


def test_a_submitted_report_is_locked(world, officer_b):
    _save(officer_b, world.b1, status=FollowUpStatus.DALAM_PROSES)
    reports.report_submit(report=world.report_b, user=officer_b, today=TODAY)
    with pytest.raises(ReportLocked):
        _save(officer_b, world.b1, status=FollowUpStatus.SELESAI)


# --- Ajukan, evidence, Kembalikan ------------------------------------------------------------------------------


def test_ajukan_is_refused_while_a_row_has_no_status(world, officer_b):
    with pytest.raises(IncompleteReport) as excinfo:
        reports.report_submit(report=world.report_b, user=officer_b, today=TODAY)
    assert excinfo.value.problems == ["LHE 2024 No. 1: status tindak lanjut rekomendasi belum diisi."]


def test_ajukan_is_refused_while_a_selesai_row_has_no_evidence_then_accepted(world, officer_b):
    _save(officer_b, world.b1, status=FollowUpStatus.SELESAI)
    with pytest.raises(IncompleteReport) as excinfo:
        reports.report_submit(report=world.report_b, user=officer_b, today=TODAY)
    assert excinfo.value.problems == ["LHE 2024 No. 1: bukti dukung tindak lanjut yang Selesai belum diunggah."]
    upload = SimpleUploadedFile("BA rapat.pdf", PDF_BYTES, content_type="application/pdf")
    row = FollowUp.objects.get(pk=world.b1.pk)
    [added] = evidence.evidence_add_many(progress=row, user=officer_b, uploaded_files=[upload], today=TODAY)
    assert (added.follow_up_id, added.report) == (row.pk, world.report_b)
    assert reports.report_submit(report=world.report_b, user=officer_b, today=TODAY).status == ReportStatus.DIAJUKAN


def test_belum_and_dalam_proses_need_no_evidence(world, officer_b):
    _save(officer_b, world.b1, status=FollowUpStatus.BELUM)
    assert reports.report_submit(report=world.report_b, user=officer_b, today=TODAY).status == ReportStatus.DIAJUKAN


def test_evidence_of_a_follow_up_is_deleted_while_editable(world, officer_b):
    upload = SimpleUploadedFile("BA.pdf", PDF_BYTES, content_type="application/pdf")
    [added] = evidence.evidence_add_many(progress=world.b1, user=officer_b, uploaded_files=[upload], today=TODAY)
    evidence.evidence_delete(evidence=added, user=officer_b, today=TODAY)
    assert not world.b1.evidence.exists()


def test_kembalikan_keeps_a_note_on_a_follow_up_row_and_ignores_another_reports(world, officer_b, reviewer):
    _save(officer_b, world.b1, status=FollowUpStatus.BELUM)
    reports.report_submit(report=world.report_b, user=officer_b, today=TODAY)
    reports.report_return(
        report=world.report_b,
        reviewer=reviewer,
        reason="Lengkapi tindak lanjut",
        follow_up_notes={world.b1.pk: "  Jelaskan jadwalnya.  ", world.a1.pk: "bukan laporan ini"},
        today=TODAY,
    )
    assert [(n.follow_up_id, n.note) for n in ReviewNote.objects.all()] == [(world.b1.pk, "Jelaskan jadwalnya.")]


# --- entering recommendations ----------------------------------------------------------------------------------


def _add(user, evaluation, **overrides):
    values = {"number": 9, "text": "Rekomendasi baru", "due_year": 2025, "due_quarter": 4, "units": []}
    values.update(overrides)
    return follow_ups.recommendation_save(user=user, evaluation=evaluation, **values)


@pytest.mark.parametrize("who", ["officer_a", "pimpinan"])
def test_only_a_reviewer_or_the_admin_enters_recommendations(world, people, unit_a, who):
    with pytest.raises(InvalidTransition):
        _add(people[who], world.evaluation, units=[unit_a])
    assert not Recommendation.objects.filter(number=9).exists()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"units": []}, {"units": ["Pilih minimal satu unit penanggung jawab."]}),
        ({"number": 1}, {"number": ["Nomor rekomendasi sudah dipakai pada LHE ini."]}),
        ({"due_year": 2023}, {"due_year": ["Tahun jatuh tempo tidak boleh sebelum tahun evaluasi (2024)."]}),
        ({"due_quarter": 5}, {"due_quarter": ["Triwulan harus 1 sampai 4."]}),
        ({"text": "   "}, {"text": ["Isi rekomendasi wajib diisi."]}),
    ],
)
def test_bad_recommendation_values_are_refused_by_field(world, admin_user, unit_a, overrides, errors):
    values = {"units": [unit_a], **overrides}
    with pytest.raises(ValidationError) as excinfo:
        _add(admin_user, world.evaluation, **values)
    assert excinfo.value.message_dict == errors
    assert Recommendation.objects.count() == 2


def test_a_unit_that_reported_cannot_be_taken_off_one_that_did_not_can(world, reviewer, unit_a, unit_b, officer_a):
    _save(officer_a, world.a1, status=FollowUpStatus.BELUM)
    change = {"number": 1, "text": world.r1.text, "due_year": 2025, "due_quarter": 2, "recommendation": world.r1}
    with pytest.raises(ValidationError) as excinfo:
        _add(reviewer, world.evaluation, units=[unit_b], **change)
    assert excinfo.value.message_dict == {
        "units": ["Dinas A sudah melaporkan tindak lanjut rekomendasi ini dan tidak dapat dilepas."]
    }
    _add(reviewer, world.evaluation, units=[unit_a], **{**change, "due_quarter": 3})
    world.r1.refresh_from_db()
    assert (world.r1.due_quarter, [a.unit for a in world.r1.assignments.all()]) == (3, [unit_a])
    assert not FollowUp.objects.filter(pk=world.b1.pk).exists()  # B's empty row went with its assignment


def test_past_due_is_after_the_last_day_of_the_due_quarter(world):
    assert not world.r1.is_past_due(dt.date(2025, 6, 30))
    assert world.r1.is_past_due(dt.date(2025, 7, 1))
