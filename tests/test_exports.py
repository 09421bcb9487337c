"""Exports: formats, the reports' numbers, background jobs, the command, the admin action, permissions."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from areas import scoring
from areas.models import ChangeArea, Indicator
from dashboards.selectors import DashboardFilters
from dashboards.selectors.filters import make_filters
from evaluations.models import Evidence, Progress, Reminder, ReminderKind, ReminderStatus, Report, ReportStatus
from evaluations.services import cycles
from exports import selectors, services, tasks
from exports.base import Column, Exporter, Section, neutralise
from exports.models import ExportJob, ExportStatus
from exports.reports import KelengkapanExporter, MatriksExporter, RekapExporter
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://evil.example","klik")'


def fill_and_set(cycle, values: dict[str, Decimal | bool | None]) -> None:
    """Realisasi of the named indicators, capaian from areas.scoring (as the report service computes it)."""
    rows = Progress.objects.filter(report__cycle=cycle, indicator__code__in=values).select_related("indicator")
    for p in rows:
        value = values[p.indicator.code]
        if p.indicator.is_milestone:
            p.milestone_done = value
        else:
            p.realisasi = value
        p.capaian = scoring.capaian(
            polarity=p.indicator.polarity, target=p.target_value, realisasi=p.realisasi, done=p.milestone_done
        )
        p.save()


@pytest.fixture
def data(roadmap, unit_a, unit_b):
    """TW I 2025: unit A approved (counted), unit B submitted (not counted by default)."""
    area1, area2 = ChangeArea.objects.get(order=1), ChangeArea.objects.get(order=2)
    specs = [
        (unit_a, "A-01", "higher", area1, "2", "80"),
        (unit_a, "A-02", "milestone", area2, "1", "1"),
        (unit_a, "A-03", "higher", area1, "1", "50"),
        (unit_b, "B-01", "lower", area1, "1", "10"),
        (unit_b, "B-02", "higher", area2, "1", "0"),
    ]
    for unit, code, polarity, area, weight, target in specs:
        ind = factories.IndicatorFactory(
            roadmap=roadmap, unit=unit, code=code, polarity=polarity, area=area, weight=Decimal(weight)
        )
        factories.IndicatorTargetFactory(indicator=ind, year=2025, quarter=1, value=Decimal(target))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    fill_and_set(
        cycle,
        {"A-01": Decimal("60"), "A-02": True, "A-03": Decimal("100"), "B-01": Decimal("12"), "B-02": Decimal("5")},
    )
    Progress.objects.filter(indicator__code="A-01").update(kendala=INJECTION, rencana_tindak_lanjut="-5 hari")
    submitted = timezone.make_aware(dt.datetime(2025, 4, 12, 9))
    Report.objects.filter(unit=unit_a).update(
        status=ReportStatus.DISETUJUI, first_submitted_at=submitted, submitted_at=submitted
    )
    Report.objects.filter(unit=unit_b).update(status=ReportStatus.DIAJUKAN)
    return cycle


def filters_for(roadmap, quarter=None, include_submitted=False) -> DashboardFilters:
    return make_filters(roadmap=roadmap, year=2025, quarter=quarter, include_submitted=include_submitted)


def workbook(data_bytes: bytes):
    return load_workbook(io.BytesIO(data_bytes))


# --- the framework -----------------------------------------------------------------------


class _Tiny(Exporter):
    title = "Uji"

    def columns(self):
        return [Column("Teks"), Column("Angka", "number"), Column("Tanggal", "date")]

    def rows(self):
        yield ["=1+1", Decimal("-1234.5"), dt.date(2024, 7, 18)]
        yield ["@SUM(A1)", 7, None]
        yield ["\tTab", Decimal("0.5"), None]
        yield ["+62 812", -3, None]
        yield ["aman", None, None]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutralise_prefixes_formula_text(value):
    assert neutralise(value) == "'" + value
    assert neutralise("aman") == "aman"


def test_xlsx_neutralises_text_but_keeps_numbers_numeric(db):
    ws = workbook(_Tiny().to_bytes("xlsx"))["Uji"]
    assert [c.value for c in ws["A"]][1:] == ["'=1+1", "'@SUM(A1)", "'\tTab", "'+62 812", "aman"]
    assert ws["B2"].value == -1234.5 and isinstance(ws["B2"].value, float)
    assert ws["B2"].number_format == "#,##0.00"
    assert ws["B5"].value == -3 and isinstance(ws["B5"].value, int)
    assert ws["C2"].value == dt.datetime(2024, 7, 18)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C6"
    assert ws["A1"].font.b


@pytest.mark.parametrize(("delimiter", "decimal"), [(",", "-1234.5"), (";", "-1234,5")])
def test_csv_round_trip_with_bom(db, delimiter, decimal):
    raw = _Tiny().to_bytes("csv", delimiter=delimiter)
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))
    assert rows[0] == ["Teks", "Angka", "Tanggal"]
    assert rows[1] == ["'=1+1", decimal, "2024-07-18"]
    assert rows[4] == ["'+62 812", "-3", ""]  # a real negative number stays a number
    assert len(rows) == 6


# --- the reports -------------------------------------------------------------------------


def test_rekap_xlsx_sheets_cells_and_summary(data, roadmap, admin_user):
    wb = workbook(RekapExporter(user=admin_user, filters=filters_for(roadmap, quarter=1)).to_bytes("xlsx"))
    area1, area2 = ChangeArea.objects.get(order=1), ChangeArea.objects.get(order=2)
    assert wb.sheetnames == ["Ringkasan", area1.name[:31], area2.name[:31]]

    ws = wb[area1.name[:31]]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Perangkat Daerah", "Triwulan", "Kode", "Indikator", "Satuan"]
    rows = {r[2]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"A-01", "A-03", "B-01"}
    a01 = rows["A-01"]
    col = {name: i for i, name in enumerate(header)}
    assert a01[col["Target"]] == 80 and isinstance(a01[col["Target"]], int | float)
    assert a01[col["Capaian (%)"]] == 75
    assert a01[col["Lampu"]] == "Kuning"
    assert a01[col["Kendala"]] == "'" + INJECTION  # neutralised
    assert a01[col["Rencana Tindak Lanjut"]] == "'-5 hari"
    assert a01[col["Status Laporan"]] == "Disetujui"
    assert rows["A-03"][col["Capaian (%)"]] == 200  # the row shows the real capaian; only aggregates clip
    assert rows["B-01"][col["Dihitung dalam Skor"]] == "Tidak"
    assert ws.cell(row=2, column=col["Capaian (%)"] + 1).number_format == "#,##0.00"

    summary = {(r[0], r[1]): r for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    overall = next(r for k, r in summary.items() if k[0] == "Keseluruhan")
    # (75×2 + 100×1 + min(200,120)×1) / 4 = 92.5; unit B is not approved and does not count.
    assert overall[2] == 92.5 and overall[3] == "Cukup"  # 80 ≤ 92.5 < 100 (kategori capaian, never AA–D)
    assert summary[("Perangkat Daerah", "Dinas A")][2] == 92.5
    # Unit B is listed as on the dashboard's ranking, without a score until its report is approved.
    assert summary[("Perangkat Daerah", "Dinas B")][2:] == (None, None, None, "Diajukan")


def test_summary_equals_weighted_mean_of_rows(data, roadmap, admin_user):
    for include in (False, True):
        filters = filters_for(roadmap, quarter=1, include_submitted=include)
        rows = [
            r
            for r in selectors.progress_values(user=admin_user, filters=filters)
            if r["report__status"] in filters.statuses
        ]
        summary = selectors.summary_scores(user=admin_user, filters=filters)
        expected = scoring.weighted_mean((r["capaian"], r["indicator__weight"]) for r in rows)
        assert summary.overall.value == expected
        for name, score, _n in summary.by_unit:
            mine = [r for r in rows if r["report__unit__name"] == name]
            assert score.value == scoring.weighted_mean((r["capaian"], r["indicator__weight"]) for r in mine)
    # With Diajukan: B-01 (80, weight 1) joins; B-02 has no capaian (target 0) and stays out.
    assert summary.overall.value == Decimal("90.00")


def test_matriks_has_four_quarters(data, roadmap, admin_user):
    # The year, by hand: A-01 per quarter (persen), its last value 60 against 100 → 60, projected 60;
    # A-03 made cumulative, Σ 100 after TW I against 400 → 25, projected linearly 100 × 4 = 400 → 100;
    # A-02, a milestone done: 100 and 100.
    factories.IndicatorAnnualTargetFactory(indicator=Indicator.objects.get(code="A-01"), year=2025, value=100)
    factories.IndicatorAnnualTargetFactory(indicator=Indicator.objects.get(code="A-03"), year=2025, value=400)
    Indicator.objects.filter(code="A-03").update(cumulative=True)
    ws = workbook(MatriksExporter(user=admin_user, filters=filters_for(roadmap, quarter=1)).to_bytes("xlsx")).active
    header = [c.value for c in ws[1]]
    # Issue 18: the indicator's kind after its satuan, and the year's four columns at the end.
    assert header[4] == "Jenis" and header[5:8] == ["Target TW I", "Realisasi TW I", "Capaian TW I (%)"]
    assert header[16] == "Capaian TW IV (%)" and len(header) == 21
    assert header[17:] == ["Target Tahunan", "Realisasi Tahun", "Capaian Tahun (%)", "Proyeksi Akhir Tahun (%)"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"A-01", "A-02", "A-03"}  # counted (approved) rows only
    assert rows["A-01"][4:8] == ("Outcome", 80, 60, 75)
    assert rows["A-02"][6] == "Tercapai"
    assert rows["A-01"][8:17] == (None,) * 9
    assert rows["A-01"][17:] == (100, 60, 60, 60)
    assert rows["A-03"][17:] == (400, 100, 25, 100)
    assert rows["A-02"][17:] == (None, None, 100, 100)


@pytest.mark.parametrize(("done", "capaian"), [(True, 100), (False, 0)])
def test_matriks_says_belum_jatuh_tempo_before_a_milestones_due_quarter(roadmap, unit_a, admin_user, done, capaian):
    """A milestone due in TW IV, not done in TW I–III (saved through the report service, approved): its capaian
    cells of TW I–III say "Belum jatuh tempo" (no number: before its due quarter it has none); TW IV's is 100 done,
    0 not done. The CSV says it too."""
    from evaluations.services import reports
    from evaluations.services.reports import ProgressInput

    officer = factories.OperatorFactory(username="operator.ms", unit=unit_a)
    milestone = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-MS", polarity="milestone")
    factories.IndicatorAnnualTargetFactory(indicator=milestone, year=2025, value=Decimal(1), due_quarter=4)
    for q in range(1, 5):
        factories.IndicatorTargetFactory(indicator=milestone, year=2025, quarter=q, value=Decimal(1))
        cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=q)
        cycles.cycle_open(cycle=cycle)
        row = Progress.objects.get(indicator=milestone, report__cycle=cycle)
        answer = done if q == 4 else False
        item = ProgressInput(progress_id=row.pk, version=row.version, milestone_done=answer)
        reports.report_save_draft(report=row.report, user=officer, rows=[item], today=cycle.opens_on)
    Report.objects.filter(unit=unit_a).update(status=ReportStatus.DISETUJUI)

    exporter = MatriksExporter(user=admin_user, filters=filters_for(roadmap))
    ws = workbook(exporter.to_bytes("xlsx")).active
    header = [c.value for c in ws[1]]
    (row,) = ws.iter_rows(min_row=2, values_only=True)
    cells = [row[header.index(f"Capaian TW {tw} (%)")] for tw in ("I", "II", "III", "IV")]
    assert cells == ["Belum jatuh tempo"] * 3 + [capaian]
    realisasi = [row[header.index(f"Realisasi TW {tw}")] for tw in ("I", "II", "III", "IV")]
    assert realisasi == ["Belum tercapai (belum jatuh tempo)"] * 3 + ["Tercapai" if done else "Belum tercapai"]
    text = exporter.to_bytes("csv").decode("utf-8-sig")
    (csv_row,) = list(csv.reader(io.StringIO(text)))[1:]
    assert [csv_row[header.index(f"Capaian TW {tw} (%)")] for tw in ("I", "II", "III")] == ["Belum jatuh tempo"] * 3


def test_kelengkapan_counts_sent_reminders_and_days_late(data, roadmap, admin_user, unit_a, unit_b):
    report_b = Report.objects.get(unit=unit_b)
    Reminder.objects.create(report=report_b, kind=ReminderKind.OPENING, sent_on=dt.date(2025, 4, 1), status="terkirim")
    Reminder.objects.create(report=report_b, kind=ReminderKind.OVERDUE, sent_on=dt.date(2025, 4, 11), status="terkirim")
    Reminder.objects.create(
        report=report_b, kind=ReminderKind.OVERDUE, sent_on=dt.date(2025, 4, 12), status=ReminderStatus.FAILED
    )
    exporter = KelengkapanExporter(user=admin_user, filters=filters_for(roadmap), today=dt.date(2025, 4, 18))
    ws = workbook(exporter.to_bytes("xlsx")).active
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Dinas A"][1:3] == ("TW I", "Disetujui")
    assert rows["Dinas A"][4] == dt.datetime(2025, 4, 12)
    assert rows["Dinas A"][5:] == ("Ya", 2, 0)  # due 10 April, first submitted 12 April
    assert rows["Dinas B"][5:] == ("Tidak", 0, 2)  # submitted (no date recorded): not counted as late


def test_rekap_pdf_shows_header_totals_and_pages(data, roadmap, admin_user):
    factories.UnitFactory(
        slug="bkpsdm",
        short_name="BKPSDM",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        head_name="Ahmad Usman",
    )
    pdf = RekapExporter(user=admin_user, filters=filters_for(roadmap, quarter=1)).to_bytes("pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Pemerintah Kabupaten Penajam Paser Utara".upper() in text.upper()
    assert "Rekap Capaian Triwulan" in text
    assert "Skor keseluruhan" in text and "92,5 %" in text
    assert "Halaman 1 dari" in text
    # The head of the verifying body (settings.VERIFIER_UNIT_NAME: BKPSDM) signs, under its full name.
    one_line = text.replace("\n", " ")
    assert "Ahmad Usman" in text and "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in one_line


# --- permissions and views ---------------------------------------------------------------


def test_index_permissions_by_url(data, people):
    url = reverse("exports:index")
    for name, user in people.items():
        response = client_for(user).get(url)
        if user is None:
            assert response.status_code == 302 and "/masuk/" in response["Location"], name
        else:
            assert response.status_code == 200, name
    officer_page = client_for(people["officer_a"]).get(url).content.decode()
    assert 'name="unit"' not in officer_page.split("</form>")[0]  # no unit filter for an officer


def _post_csv(client, roadmap, **extra):
    payload = {"laporan": "rekap", "format": "csv", "roadmap": roadmap.pk, "tahun": 2025, "triwulan": 1, **extra}
    response = client.post(reverse("exports:run"), payload)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_officer_export_is_forced_to_own_unit(data, roadmap, people, unit_b):
    rows = _post_csv(client_for(people["officer_a"]), roadmap, unit=unit_b.pk)  # asks for unit B
    assert {r[1] for r in rows[1:]} == {"Dinas A"}
    rows = _post_csv(client_for(people["reviewer"]), roadmap)
    assert {r[1] for r in rows[1:]} == {"Dinas A", "Dinas B"}
    rows = _post_csv(client_for(people["pimpinan"]), roadmap, unit=unit_b.pk)
    assert {r[1] for r in rows[1:]} == {"Dinas B"}


def test_run_requires_login_and_post(data, roadmap, people):
    response = client_for(None).post(reverse("exports:run"), {"laporan": "rekap", "format": "csv"})
    assert response.status_code == 302
    assert client_for(people["admin"]).get(reverse("exports:run")).status_code == 405
    response = client_for(people["admin"]).post(reverse("exports:run"), {"laporan": "x", "format": "csv"})
    assert response.status_code == 302  # back to the page with a message


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_small_export_streams_at_once(data, roadmap, people, fmt):
    response = client_for(people["admin"]).post(
        reverse("exports:run"), {"laporan": "kelengkapan", "format": fmt, "tahun": 2025, "triwulan": 1}
    )
    assert response.status_code == 200
    assert f'filename="kelengkapan-2025-tw1.{fmt}"' in response["Content-Disposition"]
    assert not ExportJob.objects.exists()


def test_evidence_zip_folder_per_unit_safe_names_and_scope(data, roadmap, people, unit_a, unit_b):
    for unit, name in (
        (unit_a, "../../etc/passwd"),
        (unit_a, "laporan.pdf"),
        (unit_a, "laporan.pdf"),
        (unit_b, "b.pdf"),
    ):
        progress = Progress.objects.filter(report__unit=unit).first()
        Evidence.objects.create(
            progress=progress,
            file=ContentFile(b"%PDF-1.4 " + name.encode(), name="x.pdf"),
            original_name=name,
            size=20,
            content_type="application/pdf",
        )
    payload = {"laporan": "bukti", "format": "zip", "tahun": 2025, "triwulan": 1, "unit": unit_b.pk}
    response = client_for(people["officer_a"]).post(reverse("exports:run"), payload)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 3 and all(n.startswith("dinas-a/") for n in names)
    assert all(".." not in n and n.count("/") == 1 for n in names)
    assert len(set(names)) == 3  # the two "laporan.pdf" got distinct names
    assert archive.read(names[0]).startswith(b"%PDF")
    response = client_for(people["admin"]).post(reverse("exports:run"), {**payload, "unit": ""})
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert {n.split("/")[0] for n in names} == {"dinas-a", "dinas-b"}


# --- background jobs ---------------------------------------------------------------------


def test_long_export_runs_as_job_with_private_download(
    data, roadmap, people, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_ROWS = 1
    officer = client_for(people["officer_a"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = officer.post(
            reverse("exports:run"), {"laporan": "rekap", "format": "xlsx", "tahun": 2025, "triwulan": 1}
        )
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.user == people["officer_a"] and job.status == ExportStatus.PENDING and len(callbacks) == 1

    status = officer.get(reverse("exports:job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in status and "<progress" in status

    tasks.run_export_job(job.pk)  # what the worker does
    tasks.run_export_job(job.pk)  # delivered twice: the second run finds it claimed and does nothing
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.progress == 100 and job.rows == 3
    status = officer.get(reverse("exports:job_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in status and reverse("exports:job_download", args=[job.pk]) in status

    response = officer.get(reverse("exports:job_download", args=[job.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    codes = {r[2] for name in wb.sheetnames[1:] for r in wb[name].iter_rows(min_row=2, values_only=True)}
    assert codes == {"A-01", "A-02", "A-03"}  # the officer's own unit only
    for other in ("officer_b", "reviewer", "admin", "pimpinan"):
        client = client_for(people[other])
        assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404, other
        assert client.get(reverse("exports:job_status", args=[job.pk])).status_code == 404, other
    assert client_for(None).get(reverse("exports:job_download", args=[job.pk])).status_code == 302

    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.export_jobs_cleanup() == 1
    assert not ExportJob.objects.exists()

    assert not Path(path).exists()


def test_whole_year_rekap_xlsx_goes_to_background(data, roadmap, admin_user):
    exporter = RekapExporter(user=admin_user, filters=filters_for(roadmap))
    assert services.needs_background(exporter, "xlsx")
    assert not services.needs_background(exporter, "csv")
    assert not services.needs_background(
        RekapExporter(user=admin_user, filters=filters_for(roadmap, quarter=1)), "xlsx"
    )


def test_failed_job_records_error(data, roadmap, admin_user):
    job = ExportJob.objects.create(
        user=admin_user, report="rekap", format="doc", params={"tahun": 2025}, expires_at=timezone.now()
    )
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "doc" in job.error


# --- the command -------------------------------------------------------------------------


def test_export_report_command_writes_file(data, roadmap, tmp_path):
    out = tmp_path / "kelengkapan.csv"
    call_command("export_report", "--report=kelengkapan", "--year=2025", "--format=csv", f"--output={out}")
    text = out.read_bytes().decode("utf-8-sig")
    assert "Dinas A" in text and "Dinas B" in text
    out = tmp_path / "a.csv"
    call_command(
        "export_report",
        "--report=rekap",
        "--year=2025",
        "--quarter=1",
        "--unit=dinas-a",
        "--format=csv",
        f"--output={out}",
    )
    assert "Dinas B" not in out.read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--report=laba", "--year=2025", "--format=csv"], "Laporan 'laba' tidak dikenal"),
        (["--report=rekap", "--year=2025", "--format=doc"], "Format 'doc' tidak dikenal"),
        (["--report=rekap", "--year=2019", "--format=csv"], "Tahun 2019 di luar masa road map"),
        (["--report=rekap", "--year=2025", "--quarter=5", "--format=csv"], "Triwulan harus 1 sampai 4"),
        (["--report=rekap", "--year=2025", "--unit=tidak-ada", "--format=csv"], "slug 'tidak-ada' tidak ada"),
    ],
)
def test_export_report_command_rejects_bad_arguments(roadmap, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_report", *args, f"--output={tmp_path / 'x'}")


# --- the admin action ----------------------------------------------------------------------


def test_admin_action_exports_selected_rows(data, people, unit_a, unit_b):
    client = client_for(people["admin"])
    url = reverse("admin:roadmap_unit_changelist")
    response = client.post(url, {"action": "export_selected_xlsx", "_selected_action": [unit_a.pk]})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(values) == 1 and "Dinas A" in values[0] and unit_a.pk in values[0]

    url = reverse("admin:evaluations_report_changelist")
    ids = list(Report.objects.values_list("pk", flat=True))
    response = client.post(url, {"action": "export_selected_csv", "_selected_action": ids})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3 and {"Disetujui", "Diajukan"} <= {v for r in rows for v in r}


def test_admin_action_only_on_the_main_lists():
    from django.contrib import admin

    from areas.models import Indicator
    from evaluations.models import Reminder as ReminderModel
    from exports.admin_actions import export_selected_csv, export_selected_xlsx
    from roadmap.models import Unit, User

    for model in (Unit, Indicator, Report, ReminderModel):
        actions = admin.site._registry[model].actions
        assert export_selected_xlsx in actions and export_selected_csv in actions
    assert export_selected_xlsx not in (admin.site._registry[User].actions or [])


class _Mixed(Exporter):
    title = "Campur 'kutip' [x]"

    def columns(self):
        return [Column("Teks", width=20), Column("Jumlah", "integer"), Column("Waktu", "date"), Column("Ya")]

    def sections(self):
        rows = [
            ["kontrol\x01\x1f & <tag>", 12, dt.datetime(2024, 7, 18, 6, 0), True],  # a datetime is shown as its date
            ["", None, dt.date(2024, 1, 1), False],
        ]
        yield Section(title=self.title, columns=self.columns(), rows=rows, totals=["Jumlah", 12, None, None])


def test_streaming_xlsx_writer_cells_styles_and_sheet(db):
    ws = workbook(_Mixed().to_bytes("xlsx"))["Campur 'kutip'  x"]
    assert ws["A2"].value == "kontrol & <tag>"  # characters XML cannot hold are dropped, markup stays text
    assert ws["B2"].value == 12 and ws["B2"].number_format == "#,##0"
    assert ws["C2"].value == dt.datetime(2024, 7, 18) and ws["C2"].number_format == "dd/mm/yyyy"
    assert ws["D2"].value is True and ws["D3"].value is False
    assert ws["A3"].value is None and ws["C3"].value == dt.datetime(2024, 1, 1)
    assert ws["A4"].font.b and ws["B4"].font.b and ws["B4"].number_format == "#,##0"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FF1F4E79" and ws["A1"].alignment.wrap_text
    assert ws.column_dimensions["A"].width == 20
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D3"
