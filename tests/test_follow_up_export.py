"""The recommendations outside the pages: the export (columns and cell types in XLSX, CSV, PDF, the command, the
Ekspor page), the overdue e-mail and the Pengingat page that list the overdue ones, and the API.

tests/follow_up_world.py; Dinas A reports R1 Selesai (one file) and R2 Dalam Proses, and the reviewer approves;
Dinas B has not reported R1. On 11 July 2025 R1 (due TW II 2025) is past due: B's line is Terlambat, A's is not.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboards.selectors.filters import make_filters
from evaluations.models import FollowUpStatus
from evaluations.services import follow_ups, reminders, reports
from exports.reports import RekomendasiExporter
from tests import follow_up_world
from tests.caches import clear_own_keys
from tests.conftest import client_for
from tests.test_api_support import token_client
from tests.test_officer_helpers import travel
from tests.test_scheduling_support import eager_celery

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 7, 11)  # the day after TW II 2025's due date
REPORTED = dt.date(2025, 7, 5)


@pytest.fixture
def world(roadmap, unit_a, unit_b, officer_a, officer_b, reviewer):
    with travel(REPORTED):
        world = follow_up_world.build(roadmap, unit_a, unit_b)
        for row, status in ((world.a1, FollowUpStatus.SELESAI), (world.a2, FollowUpStatus.DALAM_PROSES)):
            row.refresh_from_db()
            follow_ups.follow_up_row_save(
                user=officer_a, row=row, data={"status": status, "explanation": f"=cek {row.pk}"}, version=0
            )
        follow_up_world.attach_pdf(world.a1)
        progress = world.report_a.progress_rows.get()
        reports.report_save_draft(
            report=world.report_a,
            user=officer_a,
            rows=[reports.ProgressInput(progress_id=progress.pk, version=0, realisasi=80)],
        )
        reports.report_submit(report=world.report_a, user=officer_a)
        reports.report_approve(report=world.report_a, reviewer=reviewer)
    return world


def _exporter(user, roadmap, unit=None):
    return RekomendasiExporter(
        user=user, filters=make_filters(roadmap=roadmap, year=2025, quarter=None, unit=unit), today=TODAY
    )


HEADER = [
    "No",
    "Tahun Evaluasi",
    "Nomor LHE",
    "Tanggal LHE",
    "No. Rekomendasi",
    "Rekomendasi",
    "Tahun Jatuh Tempo",
    "Triwulan Jatuh Tempo",
    "Unit Penanggung Jawab",
    "Status Tindak Lanjut",
    "Dilaporkan pada",
    "Terlambat",
    "Penjelasan Tindak Lanjut",
    "Bukti Dukung",
]


def test_xlsx_has_the_columns_and_numbers_and_dates_as_such(world, admin_user, roadmap):
    wb = load_workbook(io.BytesIO(_exporter(admin_user, roadmap).to_bytes("xlsx")))
    sheet = wb[wb.sheetnames[0]]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "No")
    assert rows[header] == HEADER
    lines = rows[header + 1 :]
    lhe = dt.datetime(2025, 3, 14)
    a1, a2 = f"'=cek {world.a1.pk}", f"'=cek {world.a2.pk}"  # a formula stays text
    assert lines == [
        [1, 2024, "B/1234/M.RB.06/2025", lhe, 1, "Tetapkan peta proses bisnis.", 2025, "TW II", "Dinas A", "Selesai", "TW II 2025", "Tidak", a1, 1],  # noqa: E501
        [2, 2024, "B/1234/M.RB.06/2025", lhe, 1, "Tetapkan peta proses bisnis.", 2025, "TW II", "Dinas B", "Belum dilaporkan", None, "Ya", None, 0],  # noqa: E501
        [3, 2024, "B/1234/M.RB.06/2025", lhe, 2, "Terapkan manajemen talenta.", 2026, "TW IV", "Dinas A", "Dalam Proses", "TW II 2025", "Tidak", a2, 0],  # noqa: E501
    ]  # fmt: skip
    assert sheet.cell(row=header + 2, column=4).number_format == "dd/mm/yyyy"


def test_an_officer_exports_its_own_units_lines_only(world, officer_b, roadmap):
    rows = list(csv.reader(io.StringIO(_exporter(officer_b, roadmap).to_bytes("csv").decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert [(r[8], r[9], r[11]) for r in rows[1:]] == [("Dinas B", "Belum dilaporkan", "Ya")]


def test_export_report_command_writes_the_three_formats(world, roadmap, tmp_path):
    for fmt in ("xlsx", "csv", "pdf"):
        out = tmp_path / f"rekomendasi.{fmt}"
        with travel(TODAY):
            call_command(
                "export_report", "--report", "rekomendasi", "--year", "2025", "--format", fmt, "--output", str(out)
            )
        assert out.stat().st_size > 0
    rows = list(csv.reader(io.StringIO((tmp_path / "rekomendasi.csv").read_text("utf-8-sig"))))
    assert len(rows) == 4 and rows[2][8:10] == ["Dinas B", "Belum dilaporkan"]
    text = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "rekomendasi.pdf")).pages)
    assert "Tindak Lanjut Rekomendasi LHE" in text and "Dinas B" in text


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "reviewer", "pimpinan", "admin"])
def test_the_ekspor_page_serves_it_to_every_role_scoped(world, people, roadmap, who):
    data = {"laporan": "rekomendasi", "format": "csv", "roadmap": roadmap.pk, "tahun": 2025}
    with travel(TODAY):
        response = client_for(people[who]).post(reverse("exports:run"), data)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    units = [r[8] for r in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    assert units == {"officer_a": ["Dinas A", "Dinas A"], "officer_b": ["Dinas B"]}.get(
        who, ["Dinas A", "Dinas B", "Dinas A"]
    )


# --- reminders ---------------------------------------------------------------------------------------------------


def test_the_overdue_email_lists_the_units_overdue_recommendations_and_no_extra_email_goes(
    world, django_capture_on_commit_callbacks
):
    with eager_celery(), django_capture_on_commit_callbacks(execute=True):
        # B still owes its report; A's is approved: one overdue e-mail, to B only.
        reminders.remind_overdue(today=TODAY)
    assert [m.to for m in mail.outbox] == [["operator.b@example.test"]]
    message = mail.outbox[0]
    assert "LHE 2024 No. 1 (jatuh tempo TW II 2025): Tetapkan peta proses bisnis." in message.body
    html = message.alternatives[0][0]
    assert "LHE 2024 No. 1 (jatuh tempo TW II 2025): Tetapkan peta proses bisnis." in html
    assert "No. 2" not in message.body


def test_the_pengingat_page_lists_the_overdue_recommendations(world, reviewer):
    with travel(TODAY):
        html = client_for(reviewer).get(reverse("evaluations:reminders")).content.decode()
    section = html[html.index('id="rekomendasi-terlambat"') : html.index('id="gagal"')]
    assert '<li data-unit="dinas-b">Dinas B: LHE 2024 No. 1 (TW II 2025)</li>' in section
    assert "dinas-a" not in section


# --- API ---------------------------------------------------------------------------------------------------------

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    clear_own_keys()
    yield
    clear_own_keys()


@pytest.mark.parametrize("person", ["officer_a", "officer_b", "reviewer", "pimpinan", "admin"])
def test_api_reads_recommendations_and_follow_ups_scoped(world, people, unit_a, unit_b, person):
    client = token_client(people[person])
    with travel(TODAY):
        recs = client.get(f"{API}/recommendations/").json()["results"]
    lines = sorted((r["number"], u["unit"]["id"], u["status"], u["overdue"]) for r in recs for u in r["units"])
    every = [(1, unit_a.pk, "selesai", False), (1, unit_b.pk, "", True), (2, unit_a.pk, "dalam_proses", False)]
    expected = {"officer_a": [every[0], every[2]], "officer_b": [every[1]]}.get(person, every)
    assert lines == sorted(expected)
    rows = client.get(f"{API}/follow-ups/").json()["results"]
    mine = {"officer_a": {world.a1.pk, world.a2.pk}, "officer_b": {world.b1.pk}}
    assert {r["id"] for r in rows} == mine.get(person, {world.a1.pk, world.a2.pk, world.b1.pk})


def test_api_another_units_row_is_404_and_anonymous_401(world, people):
    client = token_client(people["officer_b"])
    assert client.get(f"{API}/follow-ups/{world.a1.pk}/").status_code == 404
    assert client.get(f"{API}/follow-ups/{world.b1.pk}/").json()["recommendation"] == world.r1.pk
    assert token_client(None).get(f"{API}/recommendations/").status_code == 401
    assert token_client(people["admin"]).post(f"{API}/recommendations/", {}).status_code == 405
