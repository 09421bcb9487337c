"""The Admin's export in Chromium: the year's Rekap XLSX as a background job, its progress bar, the download."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from areas import scoring
from evaluations.models import Progress, ReportStatus
from evaluations.services import reports as report_services
from exports import tasks
from exports.models import ExportJob, ExportReport, ExportStatus
from roadmap.models import User
from tests.e2e.journey import YEAR, login, open_demo, submitted_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

APPROVED = ("dpmptsp", "bpkad")  # bpkad has a milestone (opini BPK): "Tercapai" in the sheet
SUBMITTED = "dinkes"  # in the sheet, not counted in the scores


@pytest.fixture
def queued(monkeypatch):
    """The export jobs the page enqueues; the test then plays the worker.

    With CELERY_TASK_ALWAYS_EAGER the job would run inside the request and finish before the page
    shows it, so the progress bar would never be seen. Here the page enqueues (on commit, as in
    production), shows the pending job and polls it; the test runs the task like a worker would.
    """
    jobs: list[int] = []

    def publish(args=None, kwargs=None, **options):  # what .delay() and the outbox's publish call
        jobs.append(args[0])

    monkeypatch.setattr(tasks.run_export_job, "apply_async", publish)
    return jobs


def test_admin_exports_the_year_rekap_xlsx_through_a_background_job(new_page, live_server, tmp_path, queued):
    demo = open_demo(live_server.url)
    reviewer = User.objects.get(username="bpsdm")
    for slug in APPROVED:
        report_services.report_approve(report=submitted_report(demo, slug), reviewer=reviewer)
    submitted_report(demo, SUBMITTED)

    page = new_page()
    login(page, demo.url, "admin")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Ekspor").click()
    # The whole year: Tahun 2025, Triwulan "Setahun", through the page's own filter form.
    page.locator("#f-tahun").select_option(str(YEAR))
    page.locator("#f-tw").select_option("")
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(rf"tahun={YEAR}"))
    expect(page.locator("#f-tahun")).to_have_value(str(YEAR))

    card = page.locator(".card", has=page.get_by_role("heading", name=str(ExportReport.REKAP.label)))
    card.get_by_role("button", name="Unduh XLSX").click()
    expect(page.get_by_role("alert").filter(has_text="Ekspor sedang disiapkan")).to_be_visible()
    job = ExportJob.objects.get(user__username="admin")
    assert queued == [job.pk] and job.report == "rekap" and job.format == "xlsx"
    assert job.params["tahun"] == YEAR and "triwulan" not in job.params
    item = page.locator(f"#tugas-{job.pk}")
    expect(item.locator("progress")).to_be_visible()
    expect(item).to_contain_text("0%")

    tasks.run_export_job(job.pk)  # the worker
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    # The page polls the job (htmx, every second) and swaps in the finished state by itself.
    download_link = item.get_by_role("link", name=re.compile(r"Unduh \(\d+ baris\)"))
    expect(download_link).to_be_visible()
    expect(item.locator("progress")).to_have_count(0)
    expect(download_link).to_contain_text(f"({job.rows} baris)")

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == f"rekap-{YEAR}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames[0] == "Ringkasan"
    by_code = {}
    for sheet in workbook.worksheets[1:]:
        header, *rows = list(sheet.values)
        assert header[:4] == ("Perangkat Daerah", "Triwulan", "Kode", "Indikator")
        for row in rows:
            by_code[row[2]] = dict(zip(header, row, strict=False))
    assert len(by_code) == job.rows

    progress = Progress.objects.filter(
        report__cycle=demo.cycle, report__unit__slug__in=(*APPROVED, SUBMITTED)
    ).select_related("indicator", "report__unit")
    for p in progress:
        row = by_code[p.indicator.code]
        assert row["Perangkat Daerah"] == p.report.unit.name
        assert row["Triwulan"] == "TW I"
        assert row["Indikator"] == p.indicator.name
        if p.indicator.is_milestone:
            assert row["Realisasi"] == "Tercapai"
        else:
            assert row["Realisasi"] == pytest.approx(float(p.realisasi))
            assert row["Target"] == pytest.approx(float(p.target_value))
        assert row["Capaian (%)"] == pytest.approx(float(p.capaian))
        approved = p.report.status == ReportStatus.DISETUJUI
        assert row["Status Laporan"] == ("Disetujui" if approved else "Diajukan")
        assert row["Dihitung dalam Skor"] == ("Ya" if approved else "Tidak")

    summary = {row[1]: row for row in list(workbook["Ringkasan"].values)[1:] if row[0] == "Perangkat Daerah"}
    for slug in APPROVED:
        rows = [p for p in progress if p.report.unit.slug == slug]
        expected = scoring.weighted_mean((p.capaian, p.indicator.weight) for p in rows)
        assert summary[rows[0].report.unit.name][2] == pytest.approx(float(expected), abs=0.01)
    assert {p.report.unit.name for p in progress if p.report.unit.slug == SUBMITTED}.isdisjoint(summary)
