"""Import of the rencana aksi: dry run per row and column, all or nothing, idempotent, hostile files, the command,
Admin only."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from areas.models import ActionAssignment, ActionGroup, ActionKind, ActionPlan, ActionStage
from exports import importer
from exports.plan_importer import (
    ASSIGNMENT_COLUMNS,
    GROUP_COLUMNS,
    PLAN_COLUMNS,
    STAGE_COLUMNS,
    import_plan,
    write_template,
)
from tests import factories
from tests.conftest import client_for
from tests.test_import_hostile import LAUGHS, rewrite

pytestmark = pytest.mark.django_db

GROUPS = [
    ["general", "KU-01", "Penguatan budaya kerja", "MP", "", 1],
    ["tematik", "ST-01", "Penurunan kemiskinan", "", "kemiskinan", 2],
]
PLANS = [
    # kode_kegiatan tahun kode nama output satuan target anggaran koordinator mulai selesai qw indikator uraian
    [
        "KU-01",
        2025,
        "RA-01",
        "Internalisasi BerAKHLAK",
        "Laporan",
        "dokumen",
        "2",
        "150.000.000",
        "dinas-a",
        1,
        4,
        "ya",
        "A-10",
        "Uraian",
    ],
    [
        "ST-01",
        2025,
        "RA-02",
        "Data keluarga miskin",
        "Basis data",
        "aplikasi",
        1,
        None,
        "DB",
        "TW II",
        "III",
        None,
        None,
        None,
    ],
]
ASSIGNMENTS = [
    [2025, "RA-01", "dinas-a", "1", "100.000.000", ""],
    [2025, "RA-01", "DB", "1", "49.999.999,5", "Bagian kedua"],
    [2025, "RA-02", "dinas-b", None, None, None],
]
STAGES = [
    [2025, "RA-01", 1, "Sosialisasi", "25"],
    [2025, "RA-01", 2, "Pelatihan", "50,5"],
    [2025, "RA-01", 4, "Laporan akhir", 100],
    [2025, "RA-02", "II", "Pengumpulan data", "40"],
    [2025, "RA-02", 3, "Publikasi", "100"],
]


def xlsx(groups=GROUPS, plans=PLANS, assignments=ASSIGNMENTS, stages=STAGES) -> io.BytesIO:
    wb = Workbook()
    first = True
    for title, columns, rows in (
        ("Kegiatan", GROUP_COLUMNS, groups),
        ("Rencana Aksi", PLAN_COLUMNS, plans),
        ("Pelaksana", ASSIGNMENT_COLUMNS, assignments),
        ("Tahapan", STAGE_COLUMNS, stages),
    ):
        ws = wb.active if first else wb.create_sheet(title)
        ws.title, first = title, False
        ws.append(list(columns))
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def counts() -> tuple[int, int, int, int]:
    return (
        ActionGroup.objects.count(),
        ActionPlan.objects.count(),
        ActionAssignment.objects.count(),
        ActionStage.objects.count(),
    )


@pytest.fixture
def world(roadmap, unit_a, unit_b):
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-10")
    return roadmap, unit_a, unit_b, indicator


def test_good_file_dry_run_then_apply(world):
    roadmap, unit_a, unit_b, indicator = world
    result = import_plan(file=xlsx(), roadmap=roadmap, apply=False)
    assert result.ok, result.errors
    assert [(r.sheet, r.row, r.action) for r in result.rows][:4] == [
        ("Kegiatan", 2, "baru"),
        ("Kegiatan", 3, "baru"),
        ("Rencana Aksi", 2, "baru"),
        ("Rencana Aksi", 3, "baru"),
    ]
    assert len(result.rows) == 2 + 2 + 3 + 5
    assert counts() == (0, 0, 0, 0)  # a dry run saves nothing

    result = import_plan(file=xlsx(), roadmap=roadmap, apply=True)
    assert result.applied, result.errors
    assert (result.group_count, result.plan_count, result.assignment_count, result.stage_count) == (2, 2, 3, 5)
    assert counts() == (2, 2, 3, 5)
    ku = ActionGroup.objects.get(code="KU-01")
    assert (ku.kind, ku.area.code, ku.theme, ku.order) == (ActionKind.GENERAL, "MP", None, 1)
    st = ActionGroup.objects.get(code="ST-01")
    assert (st.kind, st.area, st.theme.code) == (ActionKind.TEMATIK, None, "kemiskinan")
    ra1 = ActionPlan.objects.get(code="RA-01")
    assert (ra1.group, ra1.roadmap, ra1.year, ra1.output_target, ra1.budget) == (
        ku,
        roadmap,
        2025,
        Decimal("2"),
        Decimal("150000000"),
    )
    assert (ra1.coordinator, ra1.start_quarter, ra1.end_quarter, ra1.quick_win) == (unit_a, 1, 4, True)
    assert list(ra1.indicators.all()) == [indicator]
    ra2 = ActionPlan.objects.get(code="RA-02")
    # The short name "DB" names Dinas B; "TW II" and "III" are quarters; an empty budget is 0.
    assert (ra2.coordinator, ra2.start_quarter, ra2.end_quarter, ra2.budget, ra2.quick_win) == (
        unit_b,
        2,
        3,
        Decimal("0"),
        False,
    )
    shares = {(a.plan.code, a.unit.slug): (a.output_target, a.budget) for a in ActionAssignment.objects.all()}
    assert shares == {
        ("RA-01", "dinas-a"): (Decimal("1"), Decimal("100000000")),
        ("RA-01", "dinas-b"): (Decimal("1"), Decimal("49999999.5")),
        ("RA-02", "dinas-b"): (None, None),
    }
    assert list(ra1.stages.values_list("quarter", "planned_progress")) == [
        (1, Decimal("25")),
        (2, Decimal("50.5")),
        (4, Decimal("100")),
    ]
    assert list(ra2.stages.values_list("quarter", flat=True)) == [2, 3]


def test_re_import_is_idempotent_and_updates_by_code(world):
    roadmap, *_ = world
    assert import_plan(file=xlsx(), roadmap=roadmap, apply=True).applied
    before = counts()
    history = ActionPlan.history.count()
    again = import_plan(file=xlsx(), roadmap=roadmap, apply=True)
    assert again.applied and counts() == before
    assert {r.action for r in again.rows if r.sheet in ("Kegiatan", "Rencana Aksi")} == {"ubah"}
    assert ActionPlan.history.count() == history  # nothing changed: no Riwayat either

    plans = [list(PLANS[0]), PLANS[1]]
    plans[0][3] = "Nama baru"
    plans[0][12] = ""  # no indicator any more
    stages = [[2025, "RA-01", 2, "Pelatihan ulang", "60"]]
    result = import_plan(file=xlsx(plans=plans, assignments=[], stages=stages), roadmap=roadmap, apply=True)
    assert result.applied, result.errors
    ra1 = ActionPlan.objects.get(code="RA-01")
    assert ra1.name == "Nama baru" and ra1.indicators.count() == 0
    assert list(ra1.stages.values_list("quarter", "planned_progress")) == [
        (1, Decimal("25")),
        (2, Decimal("60")),
        (4, Decimal("100")),
    ]
    assert counts() == before  # nothing deleted, nothing doubled


def _set(rows, index, column, value, columns):
    rows = [list(r) for r in rows]
    rows[index][columns.index(column)] = value
    return rows


G, P, A, S = GROUP_COLUMNS, PLAN_COLUMNS, ASSIGNMENT_COLUMNS, STAGE_COLUMNS


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # Kegiatan
        ({"groups": _set(GROUPS, 0, "jenis", "umum", G)}, ("Kegiatan", 2, "A (jenis)", 'Jenis "umum" tidak dikenal')),
        ({"groups": _set(GROUPS, 1, "kode_kegiatan", "KU-01", G)}, ("Kegiatan", 3, "B (kode_kegiatan)", "ganda", 1)),
        ({"groups": _set(GROUPS, 0, "nama", "", G)}, ("Kegiatan", 2, "C (nama)", "Wajib diisi.")),
        ({"groups": _set(GROUPS, 0, "kode_area", "XX", G)}, ("Kegiatan", 2, "D (kode_area)", '"XX" tidak ada')),
        ({"groups": _set(GROUPS, 0, "kode_area", "", G)}, ("Kegiatan", 2, "D (kode_area)", "harus berada")),
        ({"groups": _set(GROUPS, 0, "kode_tema", "kemiskinan", G)}, ("Kegiatan", 2, "E (kode_tema)", "tidak memakai")),
        ({"groups": _set(GROUPS, 1, "kode_area", "MP", G)}, ("Kegiatan", 3, "D (kode_area)", "kosongkan kode_area")),
        ({"groups": _set(GROUPS, 1, "kode_tema", "general", G)}, ("Kegiatan", 3, "E (kode_tema)", "bukan tema RB")),
        ({"groups": _set(GROUPS, 1, "kode_tema", "", G)}, ("Kegiatan", 3, "E (kode_tema)", "harus berada")),
        ({"groups": _set(GROUPS, 1, "urutan", "-1", G)}, ("Kegiatan", 3, "F (urutan)", "bilangan bulat")),
        # Rencana Aksi
        (
            {"plans": _set(PLANS, 0, "kode_kegiatan", "KU-99", P)},
            ("Rencana Aksi", 2, "A (kode_kegiatan)", "tidak ada"),
        ),
        ({"plans": _set(PLANS, 0, "tahun", 2031, P)}, ("Rencana Aksi", 2, "B (tahun)", "2025–2029", 5)),
        (
            {"plans": _set(PLANS, 1, "kode_rencana_aksi", "RA-01", P)},
            ("Rencana Aksi", 3, "C (kode_rencana_aksi)", "ganda", 3),
        ),
        (
            {"plans": _set(PLANS, 0, "kode_rencana_aksi", "R" * 41, P)},
            ("Rencana Aksi", 2, "C (kode_rencana_aksi)", "40", 5),
        ),
        ({"plans": _set(PLANS, 0, "output", "", P)}, ("Rencana Aksi", 2, "E (output)", "Wajib diisi.")),
        ({"plans": _set(PLANS, 0, "satuan_output", "s" * 51, P)}, ("Rencana Aksi", 2, "F (satuan_output)", "50")),
        ({"plans": _set(PLANS, 0, "target_output", "0", P)}, ("Rencana Aksi", 2, "G (target_output)", "lebih dari 0")),
        (
            {"plans": _set(PLANS, 0, "target_output", "1.234", P)},
            ("Rencana Aksi", 2, "G (target_output)", "tidak jelas"),
        ),
        ({"plans": _set(PLANS, 0, "anggaran", "-5", P)}, ("Rencana Aksi", 2, "H (anggaran)", "negatif")),
        ({"plans": _set(PLANS, 0, "anggaran", "1" * 17, P)}, ("Rencana Aksi", 2, "H (anggaran)", "16 digit")),
        ({"plans": _set(PLANS, 0, "koordinator", "dinas-z", P)}, ("Rencana Aksi", 2, "I (koordinator)", "tidak ada")),
        ({"plans": _set(PLANS, 0, "tw_mulai", 5, P)}, ("Rencana Aksi", 2, "J (tw_mulai)", "1 sampai 4")),
        (
            {"plans": _set(PLANS, 1, "tw_selesai", 1, P)},
            ("Rencana Aksi", 3, "K (tw_selesai)", "sebelum triwulan mulai"),
        ),
        ({"plans": _set(PLANS, 0, "quick_win", "mungkin", P)}, ("Rencana Aksi", 2, "L (quick_win)", "ya/tidak")),
        (
            {"plans": _set(PLANS, 0, "kode_indikator", "A-10, X-9", P)},
            ("Rencana Aksi", 2, "M (kode_indikator)", "X-9"),
        ),
        # Pelaksana
        (
            {"assignments": _set(ASSIGNMENTS, 0, "kode_rencana_aksi", "RA-9", A)},
            ("Pelaksana", 2, "B (kode_rencana_aksi)", "tidak ada"),
        ),
        ({"assignments": _set(ASSIGNMENTS, 1, "unit", "dinas-a", A)}, ("Pelaksana", 3, "C (unit)", "baris 2")),
        ({"assignments": _set(ASSIGNMENTS, 1, "unit", "", A)}, ("Pelaksana", 3, "C (unit)", "Wajib diisi.")),
        (
            {"assignments": _set(ASSIGNMENTS, 0, "target_output", "0", A)},
            ("Pelaksana", 2, "D (target_output)", "lebih dari 0"),
        ),
        ({"assignments": _set(ASSIGNMENTS, 0, "anggaran", "abc", A)}, ("Pelaksana", 2, "E (anggaran)", "Bukan angka")),
        (
            {"assignments": _set(ASSIGNMENTS, 0, "tahun", 2026, A)},
            ("Pelaksana", 2, "B (kode_rencana_aksi)", "tahun 2026"),
        ),
        # Tahapan
        ({"stages": _set(STAGES, 0, "triwulan", "", S)}, ("Tahapan", 2, "C (triwulan)", "Wajib diisi.")),
        ({"stages": _set(STAGES, 1, "triwulan", 1, S)}, ("Tahapan", 3, "C (triwulan)", "baris 2")),
        ({"stages": _set(STAGES, 0, "tahapan", "", S)}, ("Tahapan", 2, "D (tahapan)", "Wajib diisi.")),
        (
            {"stages": _set(STAGES, 0, "rencana_progres", "101", S)},
            ("Tahapan", 2, "E (rencana_progres)", "0 sampai 100"),
        ),
        ({"stages": _set(STAGES, 3, "triwulan", 1, S)}, ("Tahapan", 5, "C (triwulan)", "di luar masa pelaksanaan")),
        (
            {"stages": _set(STAGES, 1, "rencana_progres", "20", S)},
            ("Tahapan", 3, "E (rencana_progres)", "tidak boleh turun"),
        ),
    ],
)
def test_every_error_is_located_and_nothing_is_saved(world, change, expected):
    roadmap, *_ = world
    result = import_plan(file=xlsx(**change), roadmap=roadmap, apply=True)
    assert not result.applied
    sheet, row, column, fragment, *cascade = expected
    assert result.errors[0][:3] == (sheet, row, column), result.errors
    assert fragment in result.errors[0][3], result.errors
    # Only a changed key makes the rows that name it fail too ("tidak ada"); nothing else is said.
    assert len(result.errors) == 1 + (cascade[0] if cascade else 0), result.errors
    assert all("tidak ada di lembar" in e[3] for e in result.errors[1:]), result.errors
    assert counts() == (0, 0, 0, 0)


def test_cross_row_rules_name_the_plan_row(world):
    roadmap, *_ = world
    # RA-02 without a pelaksana, RA-01's shares above its budget and output target.
    assignments = [
        [2025, "RA-01", "dinas-a", "2", "100.000.000", ""],
        [2025, "RA-01", "dinas-b", "1", "60.000.000", ""],
    ]
    result = import_plan(file=xlsx(assignments=assignments), roadmap=roadmap, apply=True)
    assert [e[:3] for e in result.errors] == [
        ("Rencana Aksi", 2, "H (anggaran)"),
        ("Rencana Aksi", 2, "G (target_output)"),
        ("Rencana Aksi", 3, "C (kode_rencana_aksi)"),
    ]
    assert "Rp 160.000.000)" in result.errors[0][3] and "pelaksana" in result.errors[2][3]
    assert counts() == (0, 0, 0, 0)


def test_a_new_pelaksana_of_a_saved_action_counts_its_saved_shares(world):
    roadmap, *_ = world
    assert import_plan(file=xlsx(), roadmap=roadmap, apply=True).applied  # RA-02: Dinas B, no share, budget 0
    extra = factories.UnitFactory(name="Dinas C", short_name="DC", slug="dinas-c")
    more = [[2025, "RA-01", extra.slug, None, "1", ""]]  # RA-01's shares are 149.999.999,5 of 150.000.000
    result = import_plan(file=xlsx(groups=[], plans=[], assignments=more, stages=[]), roadmap=roadmap, apply=True)
    assert [e[:3] for e in result.errors] == [("Pelaksana", 2, "E (anggaran)")]
    assert "Rp 150.000.000,5" in result.errors[0][3]
    fits = [[2025, "RA-01", extra.slug, None, "0,5", ""]]
    result = import_plan(file=xlsx(groups=[], plans=[], assignments=fits, stages=[]), roadmap=roadmap, apply=True)
    assert result.applied and ActionAssignment.objects.filter(plan__code="RA-01").count() == 3


def test_tahapan_are_checked_over_what_is_saved(world):
    """A file with only a tahapan of an existing action: the saved ones count (never falling, inside start..end)."""
    roadmap, *_ = world
    assert import_plan(file=xlsx(), roadmap=roadmap, apply=True).applied
    before = counts()
    lower = [[2025, "RA-01", 3, "Penerapan", "40"]]  # below TW II's saved 50,5 %
    result = import_plan(file=xlsx(groups=[], plans=[], assignments=[], stages=lower), roadmap=roadmap, apply=True)
    assert [e[:3] for e in result.errors] == [("Tahapan", 2, "E (rencana_progres)")]
    assert "TW 3 (40%) di bawah TW 2 (50,5%)" in result.errors[0][3]
    # Narrowing RA-01 to TW I–III leaves its saved TW IV tahapan outside: said on the plan row.
    plans = _set(PLANS, 0, "tw_selesai", 3, P)
    result = import_plan(file=xlsx(plans=plans, assignments=[], stages=[]), roadmap=roadmap, apply=True)
    assert [e[:3] for e in result.errors] == [("Rencana Aksi", 2, "J (tw_mulai)")]
    assert "di luar masa pelaksanaan" in result.errors[0][3]
    assert counts() == before


def test_ambiguous_short_name_and_inactive_unit(world):
    roadmap, _unit_a, _unit_b, _ = world
    factories.UnitFactory(name="Dinas B Dua", short_name="DB", slug="dinas-b2")
    factories.UnitFactory(name="Dinas Tutup", short_name="DT", slug="dinas-tutup", is_active=False)
    assignments = [*ASSIGNMENTS[:1], [2025, "RA-01", "dinas-tutup", None, None, ""], ASSIGNMENTS[2]]
    plans = _set(PLANS, 1, "koordinator", "db", P)
    result = import_plan(file=xlsx(plans=plans, assignments=assignments), roadmap=roadmap, apply=False)
    assert [(e[0], e[1], e[2]) for e in result.errors] == [
        ("Rencana Aksi", 3, "I (koordinator)"),
        ("Pelaksana", 3, "C (unit)"),
    ]
    assert "lebih dari satu" in result.errors[0][3] and "tidak aktif" in result.errors[1][3]


def test_codes_are_per_roadmap(world):
    roadmap, unit_a, *_ = world
    other = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    group = factories.ActionGroupFactory(roadmap=other, code="KU-01")
    factories.ActionPlanFactory(group=group, year=2024, code="RA-01", coordinator=unit_a)
    result = import_plan(file=xlsx(), roadmap=roadmap, apply=True)
    assert result.applied and {r.action for r in result.rows[:4]} == {"baru"}
    assert ActionPlan.objects.filter(code="RA-01").count() == 2
    # The other road map's framework codes are unknown here (its own areas are other rows).
    assert ActionGroup.objects.get(roadmap=roadmap, code="KU-01").area.roadmap == roadmap


# --- the file as a whole ---------------------------------------------------------------------------------


def test_missing_sheet_wrong_header_and_empty_file(world):
    roadmap, *_ = world
    data = xlsx()
    wb = load_workbook(data)
    del wb["Tahapan"]
    wb["Pelaksana"]["C1"] = "pelaksana"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = import_plan(file=out, roadmap=roadmap, apply=True)
    messages = [e[3] for e in result.errors]
    assert any('"Pelaksana" baris 1: judul kolom harus' in m for m in messages)
    assert 'Lembar "Tahapan" tidak ditemukan.' in messages
    assert not result.applied and counts() == (0, 0, 0, 0)
    empty = import_plan(file=xlsx([], [], [], []), roadmap=roadmap, apply=True)
    assert empty.file_errors == ["Berkas tidak berisi data."] and not empty.applied


def test_hostile_files_are_refused(world):
    roadmap, *_ = world
    sheet = "xl/worksheets/sheet2.xml"  # Rencana Aksi
    good = xlsx().getvalue()
    bomb = rewrite(good, sheet, lambda c: LAUGHS.encode() + c.replace(b"Internalisasi BerAKHLAK", b"&lol9;", 1))
    buffer = io.BytesIO(good)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    macro = buffer.getvalue()
    for data, message in (
        (bomb, importer.unreadable_message()),
        (good[: len(good) // 2], importer.unreadable_message()),
        (b"not a zip", importer.unreadable_message()),
        (macro, importer.macros_message()),
    ):
        for apply in (False, True):
            result = import_plan(file=io.BytesIO(data), roadmap=roadmap, apply=apply)
            assert result.file_errors == [message] and not result.rows and not result.applied
    assert counts() == (0, 0, 0, 0)


def test_a_cell_longer_than_the_cap_is_named(world):
    roadmap, *_ = world
    plans = _set(PLANS, 0, "uraian", "panjang " * 200, P)
    result = import_plan(file=xlsx(plans=plans), roadmap=roadmap, apply=True)
    assert result.errors == [("Rencana Aksi", 2, "N (uraian)", "Isi sel terlalu panjang (maksimum 1.000 karakter).")]
    assert counts() == (0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_row_the_database_refuses_mid_apply_rolls_everything_back():
    """A trigger refuses the last tahapan: the groups, plans (one an update), pelaksana and the other tahapan were
    already written in the same apply; none of it stays, not even a history row."""
    roadmap = factories.RoadmapFactory()
    unit_a = factories.UnitFactory(name="Dinas A", short_name="DA", slug="dinas-a")
    factories.UnitFactory(name="Dinas B", short_name="DB", slug="dinas-b")
    factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-10")
    group = factories.ActionGroupFactory(roadmap=roadmap, code="KU-01", name="Nama lama")
    factories.ActionPlanFactory(group=group, code="RA-01", name="Rencana lama", coordinator=unit_a)
    before, history = counts(), ActionPlan.history.count()
    stages = [*STAGES[:4], [2025, "RA-02", 3, "Publikasi", "66,6"]]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION test_refuse_666() RETURNS trigger AS $$
            BEGIN
                IF NEW.planned_progress = 66.6 THEN
                    RAISE EXCEPTION 'tahapan 66,6 ditolak' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_refuse_666 BEFORE INSERT ON areas_actionstage
                FOR EACH ROW EXECUTE FUNCTION test_refuse_666();
            """
        )
    try:
        result = import_plan(file=xlsx(stages=stages), roadmap=roadmap, apply=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER test_refuse_666 ON areas_actionstage; DROP FUNCTION test_refuse_666()")
    assert not result.applied and result.file_errors == [importer.write_failed_message()]
    assert counts() == before
    assert ActionGroup.objects.get(code="KU-01").name == "Nama lama"
    assert ActionPlan.objects.get(code="RA-01").name == "Rencana lama"
    assert ActionPlan.history.count() == history
    assert import_plan(file=xlsx(), roadmap=roadmap, apply=True).applied  # the file without 66,6 goes in whole


def test_the_template_imports_as_it_is(world):
    roadmap, *_ = world
    out = io.BytesIO()
    write_template(out, roadmap)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    assert wb.sheetnames == ["Kegiatan", "Rencana Aksi", "Pelaksana", "Tahapan", "Petunjuk"]
    assert [c.value for c in wb["Rencana Aksi"][1]] == list(PLAN_COLUMNS)
    out.seek(0)
    result = import_plan(file=out, roadmap=roadmap, apply=True)
    assert result.applied, result.errors
    assert counts() == (2, 2, 3, 6)


# --- the command and the pages ---------------------------------------------------------------------------


def test_command_dry_run_apply_and_errors(world, tmp_path, capsys):
    roadmap, *_ = world
    good = tmp_path / "renaksi.xlsx"
    good.write_bytes(xlsx().getvalue())
    call_command("import_rencana_aksi", str(good), "--dry-run", "--roadmap", str(roadmap.pk))
    assert "uji coba" in capsys.readouterr().out and counts() == (0, 0, 0, 0)
    call_command("import_rencana_aksi", str(good))  # the active road map
    assert "2 rencana aksi, 3 pelaksana, 5 tahapan" in capsys.readouterr().out and counts() == (2, 2, 3, 5)

    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(xlsx(stages=_set(STAGES, 0, "rencana_progres", "101", S)).getvalue())
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("import_rencana_aksi", str(bad))
    err = capsys.readouterr().err
    assert "Lembar Tahapan baris 2 kolom E (rencana_progres): Rencana progres harus 0 sampai 100 persen." in err
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("import_rencana_aksi", str(tmp_path / "tidak-ada.xlsx"))


def test_import_plan_pages_are_admin_only(world, people):
    roadmap, *_ = world
    for url in (reverse("exports:import_plan"), reverse("exports:import_plan_template")):
        for name, user in people.items():
            response = client_for(user).get(url)
            expected = 302 if user is None else (200 if name == "admin" else 403)
            assert response.status_code == expected, (url, name)
    for name, user in people.items():
        upload = SimpleUploadedFile("renaksi.xlsx", xlsx().getvalue())
        response = client_for(user).post(
            reverse("exports:import_plan"), {"roadmap": roadmap.pk, "berkas": upload, "aksi": "terapkan"}
        )
        expected = 302 if name in ("anonymous", "admin") else 403
        assert response.status_code == expected, name
        if name == "anonymous":
            assert response.url.startswith(reverse("login"))
    assert counts() == (2, 2, 3, 5)  # only the admin's post applied


def test_import_plan_page_dry_run_and_errors_through_the_view(world, admin_user):
    roadmap, *_ = world
    client = client_for(admin_user)

    def post(aksi, **change):
        upload = SimpleUploadedFile("renaksi.xlsx", xlsx(**change).getvalue())
        return client.post(reverse("exports:import_plan"), {"roadmap": roadmap.pk, "berkas": upload, "aksi": aksi})

    page = post("periksa").content.decode()
    assert "Tidak ada kesalahan. Berkas siap diterapkan." in page and counts() == (0, 0, 0, 0)
    response = post("terapkan", stages=_set(STAGES, 1, "rencana_progres", "20", S))
    page = response.content.decode()
    assert response.status_code == 200 and "Impor dibatalkan" in page
    assert "E (rencana_progres)" in page and "tidak boleh turun" in page and counts() == (0, 0, 0, 0)
    template = client.get(reverse("exports:import_plan_template"))
    assert template["Content-Disposition"] == 'attachment; filename="templat-impor-rencana-aksi.xlsx"'
    assert "Impor rencana aksi" in client.get(reverse("exports:index")).content.decode()
