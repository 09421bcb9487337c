"""Laporan Monev Rencana Aksi RB: columns and numbers in XLSX, CSV and PDF of a small hand-built plan, a quarter and
a year, the counted statuses, the background job, the command, permissions by URL.

The plan (2025), by hand:
- RA-1 (RB General, area MP, kegiatan KU-1), coordinator Dinas A, tahapan 25/50/75/100 %; pelaksana Dinas A (output
  3, Rp 60 jt) and Dinas B (output 1, Rp 40 jt): two lines.
- RA-2 (RB General, KU-1), Dinas B, TW II–III (not due in TW I), Rp 50 jt.
- RA-3 (RB Tematik, theme kemiskinan, ST-1), Dinas A, TW I only, Rp 20 jt.
TW I: Dinas A's report is Disetujui (counted), Dinas B's Diajukan (counted only with "termasuk diajukan").
  RA-1/A Berjalan 30 % (plan 25: reached), Rp 15 jt; RA-1/B Berjalan 20 % (not reached), Rp 5 jt;
  RA-2/B Belum Dimulai (not due); RA-3/A Selesai 100 %, Rp 18 jt.
Approved only: due 2 (RA-1/A, RA-3/A), reached 2 → 100,00 %; serapan (15 + 18) / (60 + 20) = 41,25 %.
With Diajukan: due 3, reached 2 → 66,67 %; serapan (15 + 5 + 18) / 170 = 22,35 %.
"""

from __future__ import annotations

import codecs
import csv
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from areas.models import ActionKind, ChangeArea, RbTheme
from dashboards.selectors import DashboardFilters
from dashboards.selectors.actions import action_scores
from dashboards.selectors.filters import make_filters
from evaluations.models import ActionProgress, ActionStatus, Evidence, Report, ReportStatus
from evaluations.services import cycles
from exports import selectors, tasks
from exports.models import ExportJob, ExportStatus
from exports.reports import REPORTS, RencanaAksiExporter
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://evil.example","klik")'
M = Decimal(1_000_000)


def _row(plan, unit, quarter=1, **values):
    ActionProgress.objects.filter(assignment__plan=plan, assignment__unit=unit, report__cycle__quarter=quarter).update(
        **values
    )
    return ActionProgress.objects.get(assignment__plan=plan, assignment__unit=unit, report__cycle__quarter=quarter)


@pytest.fixture
def plan(roadmap, unit_a, unit_b):
    area = ChangeArea.objects.get(roadmap=roadmap, code="MP")
    theme = RbTheme.objects.get(roadmap=roadmap, code="kemiskinan")
    ku = factories.ActionGroupFactory(roadmap=roadmap, code="KU-1", name="Penguatan budaya kerja", area=area)
    st = factories.ActionGroupFactory(
        roadmap=roadmap, kind=ActionKind.TEMATIK, area=None, theme=theme, code="ST-1", name="Data kemiskinan"
    )
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="IKU-1")
    ra1 = factories.ActionPlanFactory(
        group=ku,
        code="RA-1",
        name="Internalisasi BerAKHLAK",
        output="Laporan",
        output_target=4,
        budget=100 * M,
        coordinator=unit_a,
    )
    ra1.indicators.set([indicator])
    for quarter in (1, 2, 3, 4):
        factories.ActionStageFactory(plan=ra1, quarter=quarter, description=f"Tahap {quarter}")
    factories.ActionAssignmentFactory(plan=ra1, unit=unit_a, output_target=3, budget=60 * M)
    factories.ActionAssignmentFactory(plan=ra1, unit=unit_b, output_target=1, budget=40 * M)
    ra2 = factories.ActionPlanFactory(
        group=ku,
        code="RA-2",
        name="Peta proses bisnis",
        coordinator=unit_b,
        budget=50 * M,
        start_quarter=2,
        end_quarter=3,
    )
    factories.ActionStageFactory(plan=ra2, quarter=2, planned_progress=40)
    factories.ActionStageFactory(plan=ra2, quarter=3, planned_progress=100)
    factories.ActionAssignmentFactory(plan=ra2, unit=unit_b, budget=50 * M)
    ra3 = factories.ActionPlanFactory(
        group=st, code="RA-3", name="Pemutakhiran DTKS", coordinator=unit_a, budget=20 * M, end_quarter=1
    )
    factories.ActionAssignmentFactory(plan=ra3, unit=unit_a, budget=20 * M)

    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    running, done = ActionStatus.RUNNING, ActionStatus.DONE
    row = _row(ra1, unit_a, status=running, progress=30, output_realised=1, budget_realised=15 * M)
    ActionProgress.objects.filter(pk=row.pk).update(kendala=INJECTION, rencana_tindak_lanjut="-5 hari")
    Evidence.objects.create(
        action_progress=row,
        file=ContentFile(b"%PDF-1.4", name="x.pdf"),
        original_name="notulen.pdf",
        size=8,
        content_type="application/pdf",
    )
    _row(ra1, unit_b, status=running, progress=20, output_realised=0, budget_realised=5 * M)
    _row(ra2, unit_b, status=ActionStatus.NOT_STARTED, progress=0)
    _row(ra3, unit_a, status=done, progress=100, output_realised=1, budget_realised=18 * M)
    Report.objects.filter(cycle=cycle, unit=unit_a).update(status=ReportStatus.DISETUJUI)
    Report.objects.filter(cycle=cycle, unit=unit_b).update(status=ReportStatus.DIAJUKAN)
    return {"ra1": ra1, "ra2": ra2, "ra3": ra3, "cycle": cycle}


def filters_for(roadmap, **kw) -> DashboardFilters:
    return make_filters(roadmap=roadmap, year=2025, quarter=kw.pop("quarter", None), **kw)


def exporter(user, roadmap, **kw) -> RencanaAksiExporter:
    return RencanaAksiExporter(user=user, filters=filters_for(roadmap, **kw))


def test_lines_follow_the_rules_by_hand(plan, roadmap, admin_user):
    lines = selectors.action_lines(user=admin_user, filters=filters_for(roadmap, quarter=1))
    got = [(x.code, x.unit, x.planned, x.progress, x.due, x.reached, x.counted, x.budget, x.absorption) for x in lines]
    assert got == [
        ("RA-1", "Dinas A", Decimal(25), Decimal(30), True, True, True, 60 * M, Decimal("25.00")),
        ("RA-1", "Dinas B", Decimal(25), Decimal(20), True, False, False, 40 * M, Decimal("12.50")),
        ("RA-2", "Dinas B", Decimal(0), Decimal(0), False, False, False, 50 * M, Decimal("0.00")),
        ("RA-3", "Dinas A", Decimal(100), Decimal(100), True, True, True, 20 * M, Decimal("90.00")),
    ]
    assert [x.kind for x in lines] == ["general", "general", "general", "tematik"]
    assert (lines[0].stage, lines[0].indicators, lines[0].evidence) == ("Tahap 1", "IKU-1", "notulen.pdf")
    assert (lines[0].output_target, lines[2].output_target) == (Decimal(3), Decimal(1))  # a share; else the whole
    totals = selectors.ActionTotals.of(lines)
    assert (totals.due, totals.reached, totals.rate, totals.absorption) == (2, 2, Decimal("100.00"), Decimal("41.25"))
    with_submitted = selectors.action_lines(
        user=admin_user, filters=filters_for(roadmap, quarter=1, include_submitted=True)
    )
    totals = selectors.ActionTotals.of(with_submitted)
    assert (totals.due, totals.reached, totals.rate, totals.absorption) == (3, 2, Decimal("66.67"), Decimal("22.35"))
    assert totals.budget == 170 * M and totals.budget_realised == 38 * M


def test_xlsx_sheets_columns_numbers_and_summary(plan, roadmap, admin_user):
    wb = load_workbook(io.BytesIO(exporter(admin_user, roadmap, quarter=1).to_bytes("xlsx")))
    assert wb.sheetnames == ["Ringkasan", "RB General", "RB Tematik"]
    general = [[c.value for c in row] for row in wb["RB General"].iter_rows()]
    assert general[0] == [
        "No",
        "Area Perubahan",
        "Kegiatan Utama",
        "Kode",
        "Rencana Aksi",
        "Output",
        "Target Output",
        "Realisasi Output",
        "Satuan",
        "Indikator",
        "Triwulan",
        "Tahapan (Rencana)",
        "Rencana Progres (%)",
        "Realisasi Progres (%)",
        "Anggaran (Rp)",
        "Realisasi Anggaran (Rp)",
        "Serapan Anggaran (%)",
        "Koordinator",
        "Pelaksana",
        "Status",
        "Status Laporan",
        "Kendala",
        "Rencana Tindak Lanjut",
        "Bukti Dukung",
    ]
    first = general[1]
    assert first[:5] == [1, "Manajemen Perubahan", "Penguatan budaya kerja", "RA-1", "Internalisasi BerAKHLAK"]
    assert first[5:12] == ["Laporan", 3, 1, "dokumen", "IKU-1", "TW I", "Tahap 1"]
    assert first[12:17] == [25, 30, 60_000_000, 15_000_000, 25]
    assert all(isinstance(v, int | float) for v in first[12:17])  # numbers as numbers
    assert first[17:21] == ["Dinas A", "Dinas A", "Berjalan", "Disetujui"]
    assert first[21:] == ["'" + INJECTION, "'-5 hari", "notulen.pdf"]  # formula text neutralised
    assert [r[0] for r in general[1:4]] == [1, 2, 3] and [r[18] for r in general[1:4]] == [
        "Dinas A",
        "Dinas B",
        "Dinas B",
    ]
    assert general[3][19] == "Belum Dimulai" and general[3][12] == 0
    totals = general[4]
    assert totals[1] == "Jumlah" and totals[14:17] == [150_000_000, 20_000_000, pytest.approx(13.33)]
    tematik = [[c.value for c in row] for row in wb["RB Tematik"].iter_rows()]
    assert tematik[0][1:3] == ["Tema", "Sasaran Tematik"]
    assert tematik[1][1:5] == ["Pengentasan Kemiskinan", "Data kemiskinan", "RA-3", "Pemutakhiran DTKS"]
    assert tematik[1][12:17] == [100, 100, 20_000_000, 18_000_000, 90] and tematik[1][19] == "Selesai"

    summary = {(r[0].value, r[1].value): [c.value for c in r[2:]] for r in wb["Ringkasan"].iter_rows(min_row=2)}
    overall = next(v for (group, _name), v in summary.items() if group == "Keseluruhan")
    assert overall == [2, 2, 100, 80_000_000, 33_000_000, 41.25]
    assert summary[("Jenis", "RB General")] == [1, 1, 100, 60_000_000, 15_000_000, 25]
    assert summary[("Area Perubahan", "1. Manajemen Perubahan")] == [1, 1, 100, 60_000_000, 15_000_000, 25]
    assert summary[("Tema", "Pengentasan Kemiskinan")] == [1, 1, 100, 20_000_000, 18_000_000, 90]
    assert summary[("Pelaksana", "DA")] == [2, 2, 100, 80_000_000, 33_000_000, 41.25]
    assert ("Pelaksana", "DB") not in summary  # Diajukan: not counted by default


@pytest.mark.parametrize("include_submitted", [False, True])
@pytest.mark.parametrize("who", ["admin", "officer_a", "officer_b"])
def test_the_numbers_equal_the_dasbor(plan, roadmap, people, who, include_submitted):
    """The summary of a quarter is the Dasbor's (dashboards.selectors.actions), and the lines, counted by the same
    rule, give the same numbers: the report and the Dasbor can never disagree."""
    user = people[who]
    query = {"roadmap": roadmap.pk, "tahun": 2025, "triwulan": 1}
    if include_submitted:
        query["termasuk_diajukan"] = "1"
    filters = selectors.export_filters(query=query, user=user)
    export = RencanaAksiExporter(user=user, filters=filters)
    dasbor = action_scores(user=user, filters=filters).overall
    from_lines = selectors.ActionTotals.of(export.lines())
    assert export.totals() == selectors.ActionTotals.of_score(dasbor) == from_lines
    expected = {
        ("admin", False): (2, 2, Decimal("100.00"), Decimal("41.25")),
        ("admin", True): (3, 2, Decimal("66.67"), Decimal("22.35")),
        ("officer_a", False): (2, 2, Decimal("100.00"), Decimal("41.25")),
        ("officer_a", True): (2, 2, Decimal("100.00"), Decimal("41.25")),
        ("officer_b", False): (0, 0, None, None),
        ("officer_b", True): (1, 0, Decimal("0.00"), Decimal("5.56")),  # 5 jt of 40 + 50 jt
    }[(who, include_submitted)]
    totals = export.totals()
    assert (totals.due, totals.reached, totals.rate, totals.absorption) == expected
    wb = load_workbook(io.BytesIO(export.to_bytes("xlsx")))
    overall = [c.value for c in wb["Ringkasan"][2]]
    assert overall[0] == "Keseluruhan"
    assert overall[2:5] == [expected[0], expected[1], None if expected[2] is None else float(expected[2])]


def test_csv_is_one_flat_table_with_the_kind(plan, roadmap, admin_user):
    for delimiter, budget in ((",", "60000000.00"), (";", "60000000,00")):
        data = exporter(admin_user, roadmap, quarter=1, include_submitted=True).to_bytes("csv", delimiter=delimiter)
        assert data.startswith(codecs.BOM_UTF8)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
        assert rows[0][:4] == ["No", "Jenis", "Area Perubahan / Tema", "Kegiatan Utama / Sasaran Tematik"]
        assert len(rows[0]) == 25 and len(rows) == 5
        assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4"]
        assert [(r[1], r[4], r[19]) for r in rows[1:]] == [
            ("RB General", "RA-1", "Dinas A"),
            ("RB General", "RA-1", "Dinas B"),
            ("RB General", "RA-2", "Dinas B"),
            ("RB Tematik", "RA-3", "Dinas A"),
        ]
        assert rows[1][15] == budget and rows[1][22] == "'" + INJECTION
        assert rows[2][17] == ("12.50" if delimiter == "," else "12,50")  # serapan, the CSV's decimal mark
        assert rows[2][21] == "Diajukan"


def test_pdf_has_the_header_summary_lines_and_signature(plan, roadmap, admin_user):
    factories.UnitFactory(
        slug="bkpsdm",
        short_name="BKPSDM",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        head_name="Ahmad Usman",
    )
    pdf = exporter(admin_user, roadmap, quarter=1).to_bytes("pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    one_line = " ".join(text.split())
    assert "PEMERINTAH KABUPATEN PENAJAM PASER UTARA" in text.upper()
    assert "Laporan Monev Rencana Aksi RB" in text and "TW I 2025" in text
    assert "Tingkat implementasi rencana aksi 100 %" in one_line
    assert "Serapan anggaran 41,25 %" in one_line
    for fragment in ("RB General", "RB Tematik", "Internalisasi", "Pemutakhiran", "60.000.000", "notulen.pdf"):
        assert fragment in one_line, fragment
    assert "Ahmad Usman" in text and "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in one_line


def test_a_year_takes_each_pelaksana_latest_reported_row(plan, roadmap, admin_user, unit_a):
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=2)
    cycles.cycle_open(cycle=cycle)
    _row(plan["ra1"], unit_a, quarter=2, status=ActionStatus.RUNNING, progress=55, budget_realised=30 * M)
    Report.objects.filter(cycle=cycle, unit=unit_a).update(status=ReportStatus.DISETUJUI)
    lines = {(x.code, x.unit): x for x in selectors.action_lines(user=admin_user, filters=filters_for(roadmap))}
    ra1 = lines[("RA-1", "Dinas A")]
    assert (ra1.quarter, ra1.planned, ra1.progress, ra1.absorption, ra1.stage) == (
        2,
        Decimal(50),
        Decimal(55),
        Decimal("50.00"),
        "Tahap 2",
    )
    # RA-3's TW II row is blank: the year shows its TW I report (Selesai), not "Belum dilaporkan".
    assert (lines[("RA-3", "Dinas A")].quarter, lines[("RA-3", "Dinas A")].status) == (1, "selesai")
    wb = load_workbook(io.BytesIO(exporter(admin_user, roadmap).to_bytes("xlsx")))
    first = [c.value for c in next(wb["RB General"].iter_rows(min_row=2))]
    assert first[10] == "TW II" and first[13] == 55
    assert exporter(admin_user, roadmap).filename("xlsx") == "rencana-aksi-2025.xlsx"
    assert exporter(admin_user, roadmap, quarter=1).filename("pdf") == "rencana-aksi-2025-tw1.pdf"


def test_area_filter_keeps_that_area_only(plan, roadmap, admin_user):
    area = ChangeArea.objects.get(roadmap=roadmap, code="MP")
    lines = selectors.action_lines(user=admin_user, filters=filters_for(roadmap, quarter=1, area=area))
    assert {x.code for x in lines} == {"RA-1", "RA-2"}


# --- the pages, the job, the command -----------------------------------------------------------------------


def _post(client, roadmap, fmt="csv", **extra):
    data = {"laporan": "rencana-aksi", "format": fmt, "roadmap": roadmap.pk, "tahun": 2025, "triwulan": 1, **extra}
    return client.post(reverse("exports:run"), data)


def _csv_units(response) -> list[str]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[19] for row in list(csv.reader(io.StringIO(body)))[1:]]


def test_permissions_by_url(plan, roadmap, people):
    assert "rencana-aksi" in REPORTS
    expected = {
        "officer_a": ["Dinas A", "Dinas A"],  # their own unit's lines only, whatever the URL asks
        "officer_b": ["Dinas B", "Dinas B"],
        "reviewer": ["Dinas A", "Dinas B", "Dinas B", "Dinas A"],
        "pimpinan": ["Dinas A", "Dinas B", "Dinas B", "Dinas A"],
        "admin": ["Dinas A", "Dinas B", "Dinas B", "Dinas A"],
    }
    for name, user in people.items():
        client = client_for(user)
        page = client.get(reverse("exports:index"))
        response = _post(client, roadmap, unit=plan["ra1"].coordinator_id)  # officer_b asks for Dinas A
        if user is None:
            assert page.status_code == 302 and response.status_code == 302, name
            assert response.url.startswith(reverse("login"))
            continue
        assert page.status_code == 200 and "Laporan Monev Rencana Aksi RB" in page.content.decode(), name
        assert response.status_code == 200, name
        units = _csv_units(response)
        if name in ("officer_a", "officer_b"):
            assert units == expected[name], name
        else:  # the admin side honours the unit filter: Dinas A's lines
            assert units == ["Dinas A", "Dinas A"], name
            assert _csv_units(_post(client, roadmap)) == expected[name], name
    for fmt in ("xlsx", "pdf"):
        response = _post(client_for(people["officer_a"]), roadmap, fmt=fmt)
        assert response.status_code == 200 and response["Content-Disposition"].endswith(
            f'rencana-aksi-2025-tw1-dinas-a.{fmt}"'
        )


def test_long_export_runs_as_a_job_with_a_private_download(
    plan, roadmap, people, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_ROWS = 1
    admin = people["admin"]
    with django_capture_on_commit_callbacks() as callbacks:
        response = _post(client_for(admin), roadmap, fmt="xlsx")
    assert response.status_code == 302 and len(callbacks) == 1
    job = ExportJob.objects.get(user=admin)
    assert (job.report, job.format, job.status) == ("rencana-aksi", "xlsx", ExportStatus.PENDING)
    tasks.run_export_job(job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.rows == 4 and job.filename == "rencana-aksi-2025-tw1.xlsx"
    download = reverse("exports:job_download", args=[job.pk])
    assert client_for(people["reviewer"]).get(download).status_code == 404  # another user's job
    response = client_for(admin).get(download)
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Ringkasan", "RB General", "RB Tematik"] and wb["RB General"].max_row == 5


def test_export_report_command_writes_the_three_formats(plan, roadmap, tmp_path):
    for fmt in ("xlsx", "csv", "pdf"):
        out = tmp_path / f"renaksi.{fmt}"
        call_command(
            "export_report", "--report", "rencana-aksi", "--year", "2025", "--quarter", "1", "--format", fmt,
            "--output", str(out),
        )  # fmt: skip
        assert out.stat().st_size > 0
    wb = load_workbook(tmp_path / "renaksi.xlsx")
    assert [c.value for c in wb["Ringkasan"][2]][2:5] == [2, 2, 100]
    rows = list(csv.reader(io.StringIO((tmp_path / "renaksi.csv").read_text("utf-8-sig"))))
    assert len(rows) == 5
    text = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "renaksi.pdf")).pages)
    assert "Laporan Monev Rencana Aksi RB" in text
    call_command(
        "export_report", "--report", "rencana-aksi", "--year", "2025", "--format", "csv",
        "--output", str(tmp_path / "tahun.csv"),
    )  # fmt: skip
    assert len((tmp_path / "tahun.csv").read_text("utf-8-sig").splitlines()) == 5
