"""A rencana aksi through the review loop in Chromium: the officer reports it (status, output, budget, evidence)
and submits; the reviewer sees the tahapan beside what was reported and returns the report with a note on the
action; the officer sees the note, fixes the action and submits again; the reviewer approves, and the Dasbor's
implementation rate goes from nothing counted to 1 of 1 (100 %)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from areas.models import ActionKind, ChangeArea
from evaluations.models import ActionProgress, ActionStatus, Report, ReportStatus, ReviewNote
from evaluations.services import actions, cycles
from roadmap.models import Unit, User
from tests import factories
from tests.e2e.journey import YEAR, accept_next_dialog, fill_indicators, login, open_demo, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UNIT = "dinkes"
NOTE = "Lampirkan SK penetapan SOP yang sudah ditandatangani kepala dinas."


def _the_action(demo) -> ActionProgress:
    """A rencana aksi of Dinkes due in TW I (it ends there): Selesai needs evidence before Ajukan."""
    unit = Unit.objects.get(slug=UNIT)
    area = ChangeArea.objects.filter(roadmap=demo.roadmap).order_by("order").first()
    group = factories.ActionGroupFactory(
        roadmap=demo.roadmap, kind=ActionKind.GENERAL, area=area, code="KU-E2E", name="Penataan tata laksana"
    )
    plan = factories.ActionPlanFactory(
        group=group,
        year=YEAR,
        code="RA-E2E-01",
        name="Penyusunan SOP layanan puskesmas",
        output="SOP layanan",
        output_satuan="dokumen",
        output_target=Decimal("2"),
        budget=Decimal("25000000"),
        coordinator=unit,
        start_quarter=1,
        end_quarter=1,
    )
    factories.ActionAssignmentFactory(plan=plan, unit=unit, budget=Decimal("25000000"))
    factories.ActionStageFactory(plan=plan, quarter=1, planned_progress=Decimal(100), description="Penetapan SOP")
    cycles.sync_action_rows(demo.cycle)
    return ActionProgress.objects.get(report__cycle=demo.cycle, assignment__plan=plan)


def _everything_else_filled(report: Report, officer: User, ours: ActionProgress) -> None:
    """The indicators (with their evidence) and any other rencana aksi of the report, through the services."""
    fill_indicators(report, officer)
    for row in report.action_rows.exclude(pk=ours.pk):
        actions.action_row_save(user=officer, row=row, data={"status": ActionStatus.RUNNING}, version=row.version)


def test_officer_reports_an_action_reviewer_returns_it_with_a_note_officer_fixes_reviewer_approves(
    new_page, live_server, tmp_path
):
    demo = open_demo(live_server.url)
    ours = _the_action(demo)
    report = Report.objects.select_related("unit").get(unit__slug=UNIT, cycle=demo.cycle)
    _everything_else_filled(report, User.objects.get(username=f"operator.{UNIT}"), ours)
    report_url = demo.url + reverse("evaluations:report_detail", args=[report.pk])

    # The officer reports the action: Selesai, output and budget, saved on its card (htmx).
    officer = new_page()
    login(officer, demo.url, f"operator.{UNIT}")
    officer.goto(report_url)
    card = officer.locator(f"#aksi-{ours.pk}")
    expect(card).to_contain_text("Penetapan SOP")
    expect(card).to_contain_text("Jatuh tempo triwulan ini")
    card.get_by_label("Status").select_option("selesai")
    card.get_by_label("Realisasi output").fill("1")
    card.get_by_label("Realisasi anggaran (Rp)").fill("24.750.000")
    card.get_by_label("Penjelasan").fill("SOP ditetapkan dengan SK kepala dinas.")
    card.get_by_role("button", name="Simpan rencana aksi ini").click()
    expect(officer.locator(f"#aksi-{ours.pk}").get_by_role("status")).to_have_text("Tersimpan.")
    expect(officer.locator(f"#aksi-{ours.pk} [data-role=status-label]")).to_have_text("Selesai")

    # Ajukan is refused while the finished action has no evidence, with the reason listed.
    accept_next_dialog(officer)
    officer.get_by_role("button", name="Ajukan").click()
    expect(officer.locator("#form-error")).to_contain_text(
        "RA-E2E-01: bukti dukung rencana aksi yang Selesai belum diunggah."
    )

    # The evidence, then Ajukan.
    card = officer.locator(f"#aksi-{ours.pk}")
    card.locator("input[type=file]").set_input_files(write_pdf(tmp_path, "SK penetapan SOP.pdf"))
    card.get_by_role("button", name="Unggah").click()
    expect(officer.locator(f"#aksi-{ours.pk}").get_by_role("link", name="SK penetapan SOP.pdf")).to_be_visible()
    accept_next_dialog(officer)
    officer.get_by_role("button", name="Ajukan").click()
    expect(officer.locator("#report-status")).to_have_text("Diajukan")
    expect(officer.locator(f"#aksi-{ours.pk}").get_by_label("Status")).to_be_disabled()

    # The reviewer sees the tahapan beside what was reported and returns the report with a note on the action.
    reviewer = new_page()
    login(reviewer, demo.url, "bpsdm")
    # The Dasbor counts approved reports only: with the report Diajukan, no rencana aksi row counts yet.
    dasbor_url = (
        demo.url
        + reverse("dashboards:overview")
        + (f"?roadmap={demo.roadmap.pk}&tahun={demo.cycle.year}&triwulan={demo.cycle.quarter}")
    )
    reviewer.goto(dasbor_url)
    expect(reviewer.locator("#renaksi-kosong")).to_be_visible()
    reviewer.goto(demo.url + reverse("evaluations:review_detail", args=[report.pk]))
    review_card = reviewer.locator(f"#aksi-{ours.pk}")
    expect(review_card.locator("[data-field=tahapan]")).to_have_text("Penetapan SOP (100 %)")
    expect(review_card.locator("[data-field=progres]")).to_contain_text("100 % → 100 %")
    expect(review_card.locator("[data-field=anggaran]")).to_contain_text("Rp 25.000.000 → Rp 24.750.000 (99 %)")
    review_card.locator("summary").click()
    review_card.locator("textarea").fill(NOTE)
    kembalikan = reviewer.locator("#aksi-kembalikan")
    kembalikan.get_by_label("Alasan").fill("Bukti dukung rencana aksi belum lengkap.")
    kembalikan.get_by_role("button", name="Kembalikan").click()
    expect(reviewer.locator("#status-laporan")).to_have_text("Dikembalikan")
    expect(reviewer.locator("#keputusan")).to_contain_text(f"RA-E2E-01: {NOTE}")

    # The officer sees the note on the action, fixes it (another file, the explanation) and submits again.
    officer.reload()
    expect(officer.locator("#report-status")).to_have_text("Dikembalikan")
    card = officer.locator(f"#aksi-{ours.pk}")
    expect(card.get_by_role("note")).to_contain_text(NOTE)
    # Riwayat is read when opened: the card's (its own changes), then the report's (the return with its reason).
    card.locator("[data-role=action-history] summary").click()
    expect(card.locator("[data-role=action-history] .history")).to_contain_text("Status rencana aksi")
    expect(card.locator("[data-role=action-history] .history")).to_contain_text("Selesai")
    officer.locator("[data-role=report-history] summary").click()
    page_history = officer.locator("[data-role=report-history] .history")
    expect(page_history).to_contain_text("Bukti dukung rencana aksi belum lengkap.")
    expect(page_history).to_contain_text("Dikembalikan")
    card.locator("input[type=file]").set_input_files(write_pdf(tmp_path, "SK ditandatangani.pdf"))
    card.get_by_role("button", name="Unggah").click()
    card = officer.locator(f"#aksi-{ours.pk}")
    expect(card.get_by_role("link", name="SK ditandatangani.pdf")).to_be_visible()
    card.get_by_label("Penjelasan").fill("SOP ditetapkan; SK yang ditandatangani terlampir.")
    accept_next_dialog(officer)
    officer.get_by_role("button", name="Ajukan").click()  # saves what was typed, then submits
    expect(officer.locator("#report-status")).to_have_text("Diajukan")

    # The reviewer sees the fix and approves.
    reviewer.reload()
    expect(reviewer.locator("#status-laporan")).to_have_text("Diajukan")
    expect(reviewer.locator(f"#aksi-{ours.pk}")).to_contain_text("SK yang ditandatangani terlampir.")
    expect(reviewer.locator(f"#aksi-{ours.pk}")).to_contain_text("SK ditandatangani.pdf")
    accept_next_dialog(reviewer)
    reviewer.locator("#aksi-setujui").get_by_role("button", name="Setujui").click()
    expect(reviewer.locator("#status-laporan")).to_have_text("Disetujui")

    # The Dasbor's implementation rate, by hand: the demo (without its plan) has this one rencana aksi; it is due
    # in this quarter (it ends here) and Selesai, so 1 of 1 reaches its plan = 100 %, and the budget absorbed is
    # 24.750.000 / 25.000.000 = 99 %.
    reviewer.goto(dasbor_url)
    expect(reviewer.locator("#renaksi-tingkat")).to_have_text("100 %")
    expect(reviewer.locator("#rencana-aksi")).to_contain_text("1 dari 1 sesuai rencana")
    expect(reviewer.locator("#renaksi-serapan")).to_have_text("99 %")
    expect(reviewer.locator("#renaksi-terlambat")).to_have_text("0")

    report.refresh_from_db()
    ours.refresh_from_db()
    assert report.status == ReportStatus.DISETUJUI
    assert (ours.status, ours.progress, ours.output_realised, ours.budget_realised) == (
        ActionStatus.DONE,
        Decimal(100),
        Decimal(1),
        Decimal("24750000"),
    )
    assert ours.penjelasan == "SOP ditetapkan; SK yang ditandatangani terlampir."
    assert sorted(e.original_name for e in ours.evidence.all()) == ["SK ditandatangani.pdf", "SK penetapan SOP.pdf"]
    assert ReviewNote.objects.get(action_progress=ours).note == NOTE
