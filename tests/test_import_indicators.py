"""Import of indicators and targets: dry run per row, all or nothing, Indonesian numbers, admin only."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from areas.models import Indicator, IndicatorAnnualTarget, IndicatorTarget
from exports.importer import INDICATOR_COLUMNS, TARGET_COLUMNS, import_indicators, unreadable_message, write_template
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GOOD_INDICATORS = [
    ["dinas-a", "A-10", "Indeks BerAKHLAK", "MP", "budaya", "general", "indeks", "higher", "68,5", "2"],
    ["dinas-a", "A-11", "Persentase SOP diperbarui", "PTL", "tata-laksana", "general", "%", "higher", None, None],
    ["dinas-b", "B-10", "Waktu perizinan", "PPL", "tata-kerja", "investasi", "hari", "lower", 10, "1,5"],
]
GOOD_TARGETS = [
    ["A-10", 2025, None, "72"],
    ["A-10", 2025, 1, "72,5"],
    ["A-11", 2026, "TW II", "1.234,5"],
    ["B-10", 2025, 4, 7],
]


def xlsx(indicators=GOOD_INDICATORS, targets=GOOD_TARGETS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "Indikator"
    ws.append(list(INDICATOR_COLUMNS))
    for row in indicators:
        ws.append(row)
    ws2 = wb.create_sheet("Target")
    ws2.append(list(TARGET_COLUMNS))
    for row in targets:
        ws2.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def counts() -> tuple[int, int, int]:
    return Indicator.objects.count(), IndicatorAnnualTarget.objects.count(), IndicatorTarget.objects.count()


def test_good_file_dry_run_then_apply(roadmap, unit_a, unit_b):
    result = import_indicators(file=xlsx(), roadmap=roadmap, apply=False)
    assert result.ok, result.errors
    assert [r.row for r in result.rows] == [2, 3, 4, 2, 3, 4, 5]
    assert counts() == (0, 0, 0)  # a dry run saves nothing

    result = import_indicators(file=xlsx(), roadmap=roadmap, apply=True)
    assert result.applied and result.indicator_count == 3 and result.target_count == 4
    a10 = Indicator.objects.get(code="A-10")
    assert (a10.unit, a10.baseline, a10.weight, a10.satuan) == (unit_a, Decimal("68.5"), Decimal("2"), "indeks")
    assert Indicator.objects.get(code="A-11").satuan == "persen"  # the label "%" is accepted
    assert Indicator.objects.get(code="B-10").weight == Decimal("1.5")
    assert IndicatorAnnualTarget.objects.get(indicator=a10, year=2025).value == Decimal("72")
    assert IndicatorTarget.objects.get(indicator=a10, year=2025, quarter=1).value == Decimal("72.5")
    assert IndicatorTarget.objects.get(indicator__code="A-11", year=2026, quarter=2).value == Decimal("1234.5")


def test_one_bad_row_saves_nothing_and_names_row_and_column(roadmap, unit_a, unit_b):
    existing = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-10", name="Lama")
    before = counts()
    bad = [*GOOD_TARGETS[:2], ["A-11", 2025, 5, "10"], *GOOD_TARGETS[2:]]  # Target sheet row 4: quarter 5
    result = import_indicators(file=xlsx(targets=bad), roadmap=roadmap, apply=True)
    assert not result.applied
    assert result.errors == [("Target", 4, "C (triwulan)", "Triwulan harus 1 sampai 4 (kosong untuk target tahunan).")]
    assert counts() == before
    existing.refresh_from_db()
    assert existing.name == "Lama"  # the update of the existing indicator was not applied either


@pytest.mark.parametrize(
    ("indicators", "targets", "expected"),
    [
        (
            [*GOOD_INDICATORS, ["dinas-a", "a-10", "Lagi", "MP", "budaya", "general", "indeks", "higher", None, None]],
            [],
            ("Indikator", 5, "B (kode_indikator)", "ganda dalam berkas (sudah ada di baris 2)"),
        ),
        (
            [["dinas-x", "X-1", "N", "MP", "budaya", "general", "indeks", "higher", None, None]],
            [],
            ("Indikator", 2, "A (kode_unit)", 'kode "dinas-x" tidak ada'),
        ),
        (
            [["dinas-a", "X-1", "N", "ZZ", "budaya", "general", "indeks", "higher", None, None]],
            [],
            ("Indikator", 2, "D (kode_area)", 'Area perubahan dengan kode "ZZ" tidak ada'),
        ),
        (
            [["dinas-a", "X-1", "N", "MP", "budaya", "general", "meter", "naik", None, "0"]],
            [],
            ("Indikator", 2, "G (satuan)", 'Satuan "meter" tidak dikenal'),
        ),
        (
            [["dinas-a", "X-1", "N", "MP", "budaya", "general", "indeks", "higher", "sepuluh", None]],
            [],
            ("Indikator", 2, "I (baseline)", "Bukan angka yang sah. Contoh: 85,5 atau 1.234,5."),
        ),
        (GOOD_INDICATORS, [["A-10", 2031, None, "1"]], ("Target", 2, "B (tahun)", "di luar masa road map")),
        (GOOD_INDICATORS, [["Z-99", 2025, 1, "1"]], ("Target", 2, "A (kode_indikator)", '"Z-99" tidak ada')),
        (
            GOOD_INDICATORS,
            [["A-10", 2025, 1, "1"], ["A-10", 2025, "TW I", "2"]],
            ("Target", 3, "A (kode_indikator)", "Target ganda"),
        ),
    ],
)
def test_validation_messages(roadmap, unit_a, unit_b, indicators, targets, expected):
    result = import_indicators(file=xlsx(indicators, targets), roadmap=roadmap, apply=True)
    assert not result.applied and counts() == (0, 0, 0)
    sheet, row, column, fragment = expected
    assert any(e[:3] == (sheet, row, column) and fragment in e[3] for e in result.errors), result.errors


def test_code_of_another_unit_is_refused_existing_of_same_unit_is_updated(roadmap, unit_a, unit_b):
    factories.IndicatorFactory(roadmap=roadmap, unit=unit_b, code="A-10")
    result = import_indicators(file=xlsx(), roadmap=roadmap, apply=True)
    assert ("Indikator", 2, "B (kode_indikator)") in [e[:3] for e in result.errors]
    Indicator.objects.filter(code="A-10").update(unit=unit_a, name="Lama")
    result = import_indicators(file=xlsx(), roadmap=roadmap, apply=True)
    assert result.applied and result.rows[0].action == "ubah"
    assert Indicator.objects.get(code="A-10").name == "Indeks BerAKHLAK"
    assert Indicator.objects.filter(code="A-10").count() == 1


def test_not_an_xlsx_or_wrong_header(roadmap):
    result = import_indicators(file=io.BytesIO(b"bukan excel"), roadmap=roadmap, apply=False)
    assert result.file_errors == [unreadable_message()]
    assert result.file_errors[0].startswith("Berkas tidak dapat dibaca sebagai XLSX.")
    wb = Workbook()
    wb.active.title = "Indikator"
    wb.active.append(["kode", "nama"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = import_indicators(file=out, roadmap=roadmap, apply=False)
    assert any("baris 1: judul kolom" in e for e in result.file_errors)
    assert any('"Target" tidak ditemukan' in e for e in result.file_errors)


def test_template_is_valid_import_file(roadmap):
    factories.UnitFactory(slug="bpsdm", name="BPSDM")
    out = io.BytesIO()
    write_template(out)
    out.seek(0)
    assert load_workbook(io.BytesIO(out.getvalue())).sheetnames == ["Indikator", "Target", "Petunjuk"]
    result = import_indicators(file=out, roadmap=roadmap, apply=True)
    assert result.applied, result.errors


def test_import_pages_are_admin_only(roadmap, people):
    for url in (reverse("exports:import"), reverse("exports:import_template")):
        for name, user in people.items():
            response = client_for(user).get(url)
            expected = 302 if user is None else (200 if name == "admin" else 403)
            assert response.status_code == expected, (url, name)
        response = client_for(people["officer_a"]).post(url, {"roadmap": roadmap.pk, "aksi": "terapkan"})
        assert response.status_code in (403, 405)


def test_import_page_dry_run_and_bad_row_through_the_view(roadmap, people, unit_a, unit_b):
    client = client_for(people["admin"])
    bad = [*GOOD_INDICATORS[:2], ["dinas-b", "B-10", "", "PPL", "tata-kerja", "investasi", "hari", "lower", 1, 1]]

    def post(aksi, indicators=GOOD_INDICATORS):
        upload = SimpleUploadedFile("impor.xlsx", xlsx(indicators).getvalue())
        return client.post(reverse("exports:import"), {"roadmap": roadmap.pk, "berkas": upload, "aksi": aksi})

    response = post("terapkan", bad)
    page = response.content.decode()
    assert response.status_code == 200 and counts() == (0, 0, 0)
    assert "Impor dibatalkan" in page and "C (nama)" in page and "Wajib diisi." in page
    assert '<td class="num">4</td>' in page  # the bad row is named
    response = post("periksa")
    assert "Tidak ada kesalahan" in response.content.decode() and counts() == (0, 0, 0)
    response = post("terapkan")
    assert response.status_code == 302 and counts() == (3, 1, 3)


# --- issue 18: jenis, kumulatif, range targets and a milestone's due quarter --------------------------------


def test_kind_cumulative_range_and_due_quarter_are_imported(roadmap, unit_a, unit_b):
    indicators = [
        [*GOOD_INDICATORS[0], "dampak", None],  # indeks: per quarter by its satuan
        ["dinas-a", "A-12", "Jumlah inovasi", "PPL", "strategi", "general", "unit", "higher", None, None, "output"],
        ["dinas-a", "A-13", "Perbup SPBE", "PTL", "tata-laksana", "general", "dokumen", "milestone", None, None],
        ["dinas-b", "B-11", "Laju inflasi", "PPL", "tata-kerja", "general", "persen", "lower", None, None, "", "ya"],
    ]
    targets = [
        ["A-10", 2025, 1, "2,5–3,5"],
        ["A-12", 2025, None, "4"],
        ["A-13", 2025, None, "1", None, "TW III"],
        ["B-11", 2025, 2, "1,5", "3,5"],
    ]
    result = import_indicators(file=xlsx(indicators, targets), roadmap=roadmap, apply=True)
    assert result.ok and result.applied, result.errors
    got = {i.code: (i.kind, i.cumulative) for i in Indicator.objects.filter(code__in=["A-10", "A-12", "A-13", "B-11"])}
    assert got == {
        "A-10": ("dampak", False),
        "A-12": ("output", True),  # a count: cumulative by default
        "A-13": ("outcome", False),  # a milestone is never cumulative
        "B-11": ("outcome", True),  # said so
    }
    assert IndicatorTarget.objects.values_list("value", "value_upper").get(indicator__code="A-10") == (
        Decimal("2.5"),
        Decimal("3.5"),
    )
    assert IndicatorTarget.objects.values_list("value", "value_upper").get(indicator__code="B-11") == (
        Decimal("1.5"),
        Decimal("3.5"),
    )
    assert IndicatorAnnualTarget.objects.get(indicator__code="A-13").due_quarter == 3


@pytest.mark.parametrize(
    ("indicator", "target", "column", "message"),
    [
        (["A-10", 2025, 1, "3,5–2,5"], None, "D (target)", "Batas atas rentang (2,5) di bawah batas bawahnya (3,5)."),
        (["A-10", 2025, 1, "2,5–"], None, "D (target)", "Bukan angka yang sah. Contoh: 85,5 atau 1.234,5."),
        (["A-10", 2025, 1, "3", "2"], None, "E (batas_atas)", "Batas atas target tidak boleh di bawah batas bawahnya."),
        (["A-10", 2025, 1, "2–3", "4"], None, "E (batas_atas)", "Rentang sudah ditulis di kolom target"),
        (["A-10", 2025, 1, "3", None, "2"], None, "F (jatuh_tempo)", "Jatuh tempo hanya diisi pada baris target"),
        (["A-10", 2025, None, "3", None, "5"], None, "F (jatuh_tempo)", "Jatuh tempo harus triwulan 1 sampai 4."),
        (["A-13", 2025, None, "1"], None, "F (jatuh_tempo)", "Indikator milestone wajib memiliki triwulan"),
        (["A-10", 2025, 1, "3"], "kadang", "L (kumulatif)", 'Kolom kumulatif diisi "ya" atau "tidak"'),
    ],
)
def test_bad_ranges_due_quarters_and_flags_get_an_indonesian_message(
    roadmap, unit_a, unit_b, indicator, target, column, message
):
    indicators = [
        [*GOOD_INDICATORS[0], None, target],
        ["dinas-a", "A-13", "Perbup SPBE", "PTL", "tata-laksana", "general", "dokumen", "milestone", None, None],
    ]
    before = counts()
    result = import_indicators(file=xlsx(indicators, [indicator]), roadmap=roadmap, apply=True)
    assert not result.applied and counts() == before
    assert any(col == column and msg.startswith(message) for _sheet, _row, col, msg in result.errors), result.errors


def test_a_file_of_the_older_template_without_the_new_columns_still_reads(roadmap, unit_a, unit_b):
    wb = Workbook()
    ws = wb.active
    ws.title = "Indikator"
    ws.append(list(INDICATOR_COLUMNS[:10]))
    ws.append(GOOD_INDICATORS[0])
    ws2 = wb.create_sheet("Target")
    ws2.append(list(TARGET_COLUMNS[:4]))
    ws2.append(GOOD_TARGETS[0])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = import_indicators(file=out, roadmap=roadmap, apply=True)
    assert result.ok and result.applied, result.errors
    assert Indicator.objects.values_list("kind", "cumulative").get(code="A-10") == ("outcome", False)
