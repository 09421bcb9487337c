"""The report workflow services: every transition, allowed and refused, on the real PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from evaluations.exceptions import IncompleteReport, InvalidTransition, ReportLocked, StaleEdit
from evaluations.models import Cycle, CycleState, Decision, Evidence, Progress, Report, ReportStatus
from evaluations.services import cycles, reports
from evaluations.services.reports import ProgressInput
from tests import factories

pytestmark = pytest.mark.django_db(transaction=False)

TODAY = dt.date(2025, 4, 5)


@pytest.fixture
def open_report(roadmap, unit_a, officer_a):
    """TW I 2025 open, unit A with two indicators (one higher-better, one milestone)."""
    ind1 = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-01", polarity="higher")
    ind2 = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-02", polarity="milestone")
    factories.IndicatorTargetFactory(indicator=ind1, year=2025, quarter=1, value=Decimal("80"))
    factories.IndicatorTargetFactory(indicator=ind2, year=2025, quarter=1, value=Decimal("1"))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    result = cycles.cycle_open(cycle=cycle)
    assert len(result.reports) == 1
    return result.reports[0]


def _fill(report, user, realisasi=Decimal("60"), done=True):
    rows = {p.indicator.code: p for p in report.progress_rows.select_related("indicator")}
    return reports.report_save_draft(
        report=report,
        user=user,
        rows=[
            ProgressInput(
                progress_id=rows["A-01"].pk,
                version=rows["A-01"].version,
                realisasi=realisasi,
                kendala="Anggaran terlambat",
            ),
            ProgressInput(progress_id=rows["A-02"].pk, version=rows["A-02"].version, milestone_done=done),
        ],
        today=TODAY,
    )


def _attach_evidence(report, user):
    for p in report.progress_rows.all():
        Evidence.objects.create(
            progress=p,
            file=ContentFile(b"%PDF-1.4 test", name="bukti.pdf"),
            original_name="bukti.pdf",
            size=13,
            content_type="application/pdf",
            uploaded_by=user,
        )


def test_default_window_and_open_is_idempotent(roadmap, open_report):
    cycle = open_report.cycle
    assert (cycle.opens_on, cycle.due_on, cycle.closes_on) == (
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 10),
        dt.date(2025, 4, 20),
    )
    again = cycles.cycle_open(cycle=cycle)
    assert again.opened is False and again.reports == []
    assert Report.objects.filter(cycle=cycle).count() == 1
    assert Progress.objects.filter(report__cycle=cycle).count() == 2


def test_tw_iv_window_crosses_into_next_year(roadmap):
    cycle, created = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=4)
    assert created
    assert (cycle.opens_on, cycle.due_on, cycle.closes_on) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 10),
        dt.date(2026, 1, 20),
    )


def test_draft_computes_capaian_and_moves_to_draf(open_report, officer_a):
    report = _fill(open_report, officer_a)
    assert report.status == ReportStatus.DRAF
    rows = {p.indicator.code: p for p in Progress.objects.filter(report=report).select_related("indicator")}
    assert rows["A-01"].capaian == Decimal("75.00")  # 60 / 80 × 100
    assert rows["A-01"].kendala == "Anggaran terlambat"
    assert rows["A-02"].capaian == Decimal("100")
    assert rows["A-01"].version == 1


def test_stale_version_is_refused_and_saves_nothing(open_report, officer_a):
    p = open_report.progress_rows.get(indicator__code="A-01")
    reports.report_save_draft(
        report=open_report,
        user=officer_a,
        rows=[ProgressInput(progress_id=p.pk, version=0, realisasi=Decimal("10"))],
        today=TODAY,
    )
    with pytest.raises(StaleEdit) as error:
        reports.report_save_draft(
            report=open_report,
            user=officer_a,
            rows=[ProgressInput(progress_id=p.pk, version=0, realisasi=Decimal("99"))],
            today=TODAY,
        )
    assert "A-01" in str(error.value)
    p.refresh_from_db()
    assert p.realisasi == Decimal("10")


def test_other_units_officer_cannot_save(open_report, officer_b):
    p = open_report.progress_rows.first()
    with pytest.raises(ReportLocked):
        reports.report_save_draft(
            report=open_report,
            user=officer_b,
            rows=[ProgressInput(progress_id=p.pk, version=0, realisasi=Decimal("1"))],
            today=TODAY,
        )


def test_submit_requires_values_and_evidence(open_report, officer_a):
    with pytest.raises(IncompleteReport) as error:
        reports.report_submit(report=open_report, user=officer_a, today=TODAY)
    assert any("realisasi belum diisi" in p for p in error.value.problems)
    _fill(open_report, officer_a)
    with pytest.raises(IncompleteReport) as error:
        reports.report_submit(report=open_report, user=officer_a, today=TODAY)
    assert any("bukti dukung" in p for p in error.value.problems)
    assert Report.objects.get(pk=open_report.pk).status == ReportStatus.DRAF


def test_full_workflow_return_resubmit_approve(open_report, officer_a, reviewer, django_capture_on_commit_callbacks):
    _fill(open_report, officer_a)
    _attach_evidence(open_report, officer_a)
    with django_capture_on_commit_callbacks() as callbacks:
        report = reports.report_submit(report=open_report, user=officer_a, today=TODAY)
    assert len(callbacks) == 1
    assert report.status == ReportStatus.DIAJUKAN and report.submitted_at
    assert report.lock_reason(TODAY)  # locked for the officer while waiting
    with pytest.raises(ReportLocked):
        _fill(report, officer_a)

    report = reports.report_return(
        report=report,
        reviewer=reviewer,
        reason="Bukti belum ditandatangani",
        notes={report.progress_rows.get(indicator__code="A-01").pk: "Lampirkan SK"},
        today=TODAY,
    )
    assert report.status == ReportStatus.DIKEMBALIKAN
    assert report.revision_due_on == TODAY + dt.timedelta(days=5)
    decision = report.decisions.first()
    assert decision.decision == Decision.RETURN and decision.notes.get().note == "Lampirkan SK"

    _fill(report, officer_a, realisasi=Decimal("72"))
    report = reports.report_submit(report=report, user=officer_a, today=TODAY)
    report = reports.report_approve(report=report, reviewer=reviewer)
    assert report.status == ReportStatus.DISETUJUI and report.approved_at
    assert report.lock_reason(TODAY) == "Laporan sudah disetujui."
    assert [h.status for h in report.history.order_by("history_date")][-5:] == [
        "draf",
        "diajukan",
        "dikembalikan",
        "diajukan",
        "disetujui",
    ]


@pytest.mark.parametrize(
    "status", [ReportStatus.BELUM_MULAI, ReportStatus.DRAF, ReportStatus.DIKEMBALIKAN, ReportStatus.DISETUJUI]
)
def test_approve_and_return_refused_unless_submitted(open_report, reviewer, status):
    Report.objects.filter(pk=open_report.pk).update(status=status)
    with pytest.raises(InvalidTransition):
        reports.report_approve(report=open_report, reviewer=reviewer)
    with pytest.raises(InvalidTransition):
        reports.report_return(report=open_report, reviewer=reviewer, reason="x", today=TODAY)


def test_return_requires_reason_and_reviewer(open_report, officer_a, reviewer):
    Report.objects.filter(pk=open_report.pk).update(status=ReportStatus.DIAJUKAN)
    with pytest.raises(InvalidTransition):
        reports.report_return(report=open_report, reviewer=reviewer, reason="   ", today=TODAY)
    with pytest.raises(InvalidTransition):
        reports.report_approve(report=open_report, reviewer=officer_a)
    assert Report.objects.get(pk=open_report.pk).status == ReportStatus.DIAJUKAN


def test_closed_cycle_locks_entry_until_reopened(open_report, officer_a, reviewer):
    cycles.cycle_close(cycle=open_report.cycle)
    report = Report.objects.get(pk=open_report.pk)
    assert report.lock_reason(TODAY) == "Periode sudah ditutup."
    with pytest.raises(ReportLocked):
        _fill(report, officer_a)
    with pytest.raises(InvalidTransition):
        reports.report_reopen(report=report, reviewer=reviewer, reason="", today=TODAY)
    report = reports.report_reopen(report=report, reviewer=reviewer, reason="Perpanjangan", today=TODAY)
    assert report.reopened_until == TODAY + dt.timedelta(days=7)
    assert report.is_editable(TODAY)
    _fill(report, officer_a)
    assert not report.is_editable(TODAY + dt.timedelta(days=8))


def test_reopen_refused_for_open_draft(open_report, reviewer):
    with pytest.raises(InvalidTransition):
        reports.report_reopen(report=open_report, reviewer=reviewer, reason="x", today=TODAY)


def test_overdue_is_derived_from_dates(open_report):
    report = Report.objects.select_related("cycle").get(pk=open_report.pk)
    assert not report.is_overdue(dt.date(2025, 4, 10))
    assert report.is_overdue(dt.date(2025, 4, 11))
    assert report.days_overdue(dt.date(2025, 4, 18)) == 8
    assert list(Report.objects.overdue(dt.date(2025, 4, 11))) == [report]
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DIKEMBALIKAN, revision_due_on=dt.date(2025, 4, 15))
    assert not Report.objects.overdue(dt.date(2025, 4, 15)).exists()
    assert Report.objects.overdue(dt.date(2025, 4, 16)).exists()


def test_cycle_state_and_unique(roadmap):
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=2)
    assert cycle.state == CycleState.SCHEDULED
    again, created = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=2)
    assert not created and again.pk == cycle.pk
    assert Cycle.objects.filter(roadmap=roadmap, year=2025, quarter=2).count() == 1
