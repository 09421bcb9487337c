"""The yearly results in the exports (columns, numbers as numbers, the PDF's header and signature, staff only) and
in the API (read for staff, 403 for an officer, no writes, in the schema)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboards.selectors.filters import make_filters
from evaluations.models import RbEvaluation
from exports.reports import IndeksRbExporter, SasaranExporter, exporter_for, reports_for
from tests import factories
from tests.yearly_data import build_sasaran

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world(roadmap, admin_user):
    data = build_sasaran(roadmap)
    old = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    RbEvaluation.objects.create(
        roadmap=old,
        year=2024,
        general_value=Decimal("62.15"),
        tematik_value=Decimal("8.50"),
        lhe_number="B/1234/M.RB.06/2025",
        lhe_date=dt.date(2025, 3, 14),
    )
    RbEvaluation.objects.create(
        roadmap=roadmap,
        year=2025,
        general_value=Decimal("68.40"),
        tematik_value=Decimal("11.25"),
        lhe_number="B/0987/M.RB.06/2026",
        lhe_date=dt.date(2026, 3, 20),
    )
    return data


def _filters(roadmap):
    return make_filters(roadmap=roadmap, year=2025, quarter=None)


# --- exports ------------------------------------------------------------------------------------------------


def test_sasaran_xlsx_columns_and_numbers(roadmap, world, reviewer):
    data = SasaranExporter(user=reviewer, filters=_filters(roadmap)).to_bytes("xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Elemen",
        "Sasaran",
        "Indikator",
        "Satuan",
        "Polaritas",
        "Tahun",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Lampu",
        "Keterangan",
        "Bukti Dukung",
    )
    # Every indicator × the road map's five years: 3 × 5 lines.
    assert len(rows) == 1 + 15
    by_key = {(r[2], r[5]): r for r in rows[1:]}
    assert by_key[("Indeks RB", 2025)][6:10] == (70, 63, 90, "Hijau")
    assert by_key[("Persentase kemiskinan", 2025)][4:10] == ("Semakin rendah semakin baik", 2025, 8, 6, 125, "Hijau")
    assert by_key[("Indeks BerAKHLAK", 2026)][6:10] == (0, 50, None, None)  # a target of 0: no capaian
    assert by_key[("Indeks RB", 2027)][6:10] == (None, None, None, None)
    assert isinstance(by_key[("Indeks RB", 2025)][8], int | float)  # a number, not text


def test_sasaran_csv_with_semicolon_has_decimal_commas(roadmap, world, reviewer):
    text = SasaranExporter(user=reviewer, filters=_filters(roadmap)).to_bytes("csv", delimiter=";").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Elemen;Sasaran;Indikator;Satuan;Polaritas;Tahun;Target;Realisasi;Capaian (%)")
    line = next(x for x in lines if ";Persentase kemiskinan;" in x and ";2025;" in x)
    assert line == (
        "Hard element;Tata kelola digital;Persentase kemiskinan;%;Semakin rendah semakin baik;"
        "2025;8,0000;6,0000;125,00;Hijau;;"
    )


def test_indeks_rb_export_and_pdf(world, pimpinan, roadmap):
    factories.UnitFactory(
        slug="bkpsdm",
        short_name="BKPSDM",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        head_name="Ahmad Usman",
    )
    exporter = IndeksRbExporter(user=pimpinan, filters=_filters(roadmap))
    sheet = load_workbook(io.BytesIO(exporter.to_bytes("xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Tahun",
        "Road Map",
        "Nilai RB General",
        "Nilai RB Tematik",
        "Indeks RB",
        "Predikat",
        "Nomor LHE",
        "Tanggal LHE",
        "Dokumen LHE",
    )
    assert [r[0] for r in rows[1:]] == [2024, 2025]
    assert rows[2][2:6] == (68.4, 11.25, 79.65, "BB")
    assert rows[1][2:6] == (62.15, 8.5, 70.65, "BB")
    assert rows[2][7].date() == dt.date(2026, 3, 20)
    pdf = exporter.to_bytes("pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    one_line = text.replace("\n", " ")
    assert "Pemerintah Kabupaten Penajam Paser Utara".upper() in text.upper()
    assert "Hasil Evaluasi RB (Indeks RB)" in one_line
    assert "Indeks RB 2025" in one_line and "79,65" in one_line
    assert "Ahmad Usman" in text and "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in one_line


def test_the_yearly_exports_are_staff_only(roadmap, world, people, as_user):
    assert "sasaran" not in dict(reports_for(people["officer_a"]))
    assert {"sasaran", "indeks-rb"} <= set(dict(reports_for(people["pimpinan"])))
    with pytest.raises(ValueError, match="hanya untuk staf"):
        exporter_for("indeks-rb", user=people["officer_a"], filters=_filters(roadmap))
    for who in ("officer_a", "officer_b"):
        client = as_user(people[who])
        page = client.get(reverse("exports:index")).content.decode()
        assert 'value="indeks-rb"' not in page and 'value="sasaran"' not in page
        response = client.post(reverse("exports:run"), {"laporan": "sasaran", "format": "csv", "tahun": 2025})
        assert response.status_code == 302  # back to the page with the message, no file
        assert "attachment" not in response.get("Content-Disposition", "")
    for who in ("reviewer", "pimpinan", "admin"):
        response = as_user(people[who]).post(
            reverse("exports:run"), {"laporan": "indeks-rb", "format": "csv", "tahun": 2025}
        )
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert body.splitlines()[2].startswith("2025,")


# --- API ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "officer_a", "officer_b", "reviewer", "pimpinan", "admin"])
def test_api_by_role(world, people, as_user, who):
    client = as_user(people[who])
    for path in ("/strategic-indicators/", "/rb-evaluations/"):
        response = client.get(f"{API}{path}")
        expected = {"anonymous": 401, "officer_a": 403, "officer_b": 403}.get(who, 200)
        assert response.status_code == expected, (path, who)
        # Nothing is written through the API: staff get 405, everyone else is refused first.
        post = client.post(f"{API}{path}", {}, content_type="application/json")
        assert post.status_code == {"anonymous": 401, "officer_a": 403, "officer_b": 403}.get(who, 405)


def test_api_values(roadmap, world, reviewer):
    client = Client()
    client.force_login(reviewer)
    body = client.get(f"{API}/strategic-indicators/", {"roadmap": roadmap.pk}).json()
    indicators = {i["name"]: i for i in body["results"]}
    assert list(indicators) == ["Indeks RB", "Persentase kemiskinan", "Indeks BerAKHLAK"]
    h2 = indicators["Persentase kemiskinan"]
    assert (h2["polarity"], h2["sasaran"]["element"], h2["roadmap"]) == ("lower", "hard", roadmap.pk)
    y2025 = next(y for y in h2["years"] if y["year"] == 2025)
    assert (y2025["target"], y2025["realisasi"], y2025["capaian"], y2025["light"]) == (
        "8.0000",
        "6.0000",
        "125.00",
        "hijau",
    )
    assert [y["year"] for y in h2["years"]] == [2025, 2026, 2027, 2028, 2029]
    evaluations = client.get(f"{API}/rb-evaluations/").json()["results"]
    assert [(e["year"], e["indeks"], e["predikat"]) for e in evaluations] == [
        (2025, "79.65", "BB"),
        (2024, "70.65", "BB"),
    ]
    assert client.get(f"{API}/rb-evaluations/", {"tahun": 2024}).json()["count"] == 1


def test_api_schema_lists_the_endpoints(reviewer):
    client = Client()
    client.force_login(reviewer)
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/v1/strategic-indicators/" in schema and "/api/v1/rb-evaluations/" in schema
    assert "RB General + RB Tematik" in schema
