"""Hostile and broken XLSX files for the import: one clear message, never a 500, nothing saved.

Entity bombs and external entities in each XML the import parses, a truncated sheet (read lazily, after
the workbook has loaded), a broken zip, a 300 MiB inline string (a small file), a cell over the text cap,
numbers that would overflow their column; then the writes: an import that fails while writing, because
another admin inserted the same code meanwhile (two connections, the real race on PostgreSQL) or because the
database refuses the Nth row (a trigger), leaves nothing behind.
"""

from __future__ import annotations

import io
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from areas.models import ChangeArea, ElementAspect, Indicator, RbTheme
from exports import checks, importer
from tests import factories
from tests.conftest import client_for
from tests.test_import_indicators import GOOD_INDICATORS, GOOD_TARGETS, counts, xlsx

MiB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"  # the Indikator sheet of tests.test_import_indicators.xlsx()
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def rewrite(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def good() -> bytes:
    return xlsx().getvalue()


def refused_as_unreadable(data: bytes, roadmap) -> None:  # type: ignore[no-untyped-def]
    before = counts()
    for apply in (False, True):
        result = importer.import_indicators(file=io.BytesIO(data), roadmap=roadmap, apply=apply)
        assert result.file_errors == [importer.unreadable_message()], result.errors
        assert not result.rows and not result.applied
    assert counts() == before


def post(admin_user, roadmap, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("impor.xlsx", data)
    return client_for(admin_user).post(
        reverse("exports:import"), {"roadmap": roadmap.pk, "berkas": upload, "aksi": "terapkan"}
    )


# --- the XML parsers -----------------------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True
    from openpyxl.xml import functions

    # The read-only sheet reader's iterparse and the workbook's fromstring are defusedxml's.
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")
    assert checks.openpyxl_uses_defusedxml() == []


def test_the_system_check_fails_without_defusedxml(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    assert [m.id for m in checks.openpyxl_uses_defusedxml()] == ["exports.E001"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        (SHEET, b"Indeks BerAKHLAK", b"&lol9;"),  # parsed row by row, after the workbook has loaded
        ("xl/workbook.xml", b'name="Indikator"', b'name="&lol9;"'),  # parsed on load
        ("[Content_Types].xml", b'Extension="xml"', b'Extension="&lol9;"'),  # parsed by roadmap.office
    ],
)
def test_entity_expansion_is_refused(roadmap, unit_a, unit_b, admin_user, part, old, new):
    def bomb(content: bytes) -> bytes:
        assert old in content
        return LAUGHS.encode() + content.replace(old, new, 1)

    data = rewrite(good(), part, bomb)
    assert len(data) < 20_000  # a billion "lol"s once expanded
    started = time.monotonic()
    refused_as_unreadable(data, roadmap)
    assert time.monotonic() - started < 5
    response = post(admin_user, roadmap, data)
    assert response.status_code == 200 and "Berkas tidak dapat dibaca sebagai XLSX." in response.content.decode()


@pytest.mark.django_db
def test_external_entity_is_never_read(roadmap, unit_a, unit_b, admin_user, tmp_path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("KATA-SANDI-BASIS-DATA")
    doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    data = rewrite(good(), SHEET, lambda c: doctype + c.replace(b"Indeks BerAKHLAK", b"&xxe;", 1))
    refused_as_unreadable(data, roadmap)
    response = post(admin_user, roadmap, data)
    assert response.status_code == 200 and "KATA-SANDI" not in response.content.decode()


# --- broken files --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_truncated_sheet_is_refused(roadmap, unit_a, unit_b, admin_user):
    data = rewrite(good(), SHEET, lambda c: c[: len(c) // 2])
    # openpyxl loads it happily: a read-only sheet is parsed only while its rows are read.
    assert load_workbook(io.BytesIO(data), read_only=True, data_only=True).sheetnames == ["Indikator", "Target"]
    refused_as_unreadable(data, roadmap)
    assert post(admin_user, roadmap, data).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[: len(d) // 2],  # a download cut off
        lambda d: d[:-22],  # no end of central directory
        lambda d: b"PK\x03\x04" + b"\x00" * 200,
        lambda d: b"",
    ],
)
def test_broken_zip_is_refused(roadmap, unit_a, unit_b, damage):
    refused_as_unreadable(damage(good()), roadmap)


@pytest.mark.django_db
def test_corrupt_compressed_sheet_is_refused(roadmap, unit_a, unit_b):
    data = bytearray(good())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(SHEET)
    # Flip bytes inside the sheet's compressed data (after its local header): a CRC or zlib error when read.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    refused_as_unreadable(bytes(data), roadmap)


@pytest.mark.django_db
def test_300_mib_inline_string_is_refused_before_it_is_read(roadmap, unit_a, unit_b, admin_user):
    head, _cell, tail = zipfile.ZipFile(xlsx()).read(SHEET).partition(b"<t>Indeks BerAKHLAK</t>")
    out = io.BytesIO()
    source = zipfile.ZipFile(xlsx())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, source.read(info))
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(head + b"<t>")
            chunk = b"A" * MiB
            for _ in range(300):
                sheet.write(chunk)
            sheet.write(b"</t>" + tail)
    data = out.getvalue()
    assert len(data) < 1 * MiB  # 300 MiB of one cell, small on the wire
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).file_size > 300 * MiB

    tracemalloc.start()
    try:
        refused_as_unreadable(data, roadmap)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * MiB, peak  # the cell was never built
    response = post(admin_user, roadmap, data)
    assert response.status_code == 200 and "Berkas tidak dapat dibaca sebagai XLSX." in response.content.decode()


@pytest.mark.django_db
def test_a_cell_longer_than_the_cap_is_named(roadmap, unit_a, unit_b):
    long_name = "Indeks " + "sangat " * 1000  # 7,000 characters, a small file
    indicators = [["dinas-a", "A-10", long_name, "MP", "budaya", "general", "indeks", "higher", None, None]]
    targets = [["A-10", 2025, 1, "7" * 2000]]
    result = importer.import_indicators(file=xlsx(indicators, targets), roadmap=roadmap, apply=True)
    message = "Isi sel terlalu panjang (maksimum 1.000 karakter)."
    assert result.errors == [("Indikator", 2, "C (nama)", message), ("Target", 2, "D (target)", message)]
    assert not result.applied and counts() == (0, 0, 0)


# --- numbers that would overflow their column ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("weight", "target", "expected"),
    [
        ("999999,999", 1, ("Indikator", 2, "J (bobot)", "Paling banyak 2 angka di belakang koma.")),
        (999999.999, 1, ("Indikator", 2, "J (bobot)", "Angka terlalu besar: paling banyak 6 digit sebelum koma.")),
        ("1.000.000", 1, ("Indikator", 2, "J (bobot)", "Angka terlalu besar: paling banyak 6 digit sebelum koma.")),
        (
            1,
            "1.000.000.000.000",
            ("Target", 2, "D (target)", "Angka terlalu besar: paling banyak 12 digit sebelum koma."),
        ),
        (
            1,
            999999999999.99999,
            ("Target", 2, "D (target)", "Angka terlalu besar: paling banyak 12 digit sebelum koma."),
        ),
        (1, 10**15, ("Target", 2, "D (target)", "Angka terlalu besar: paling banyak 12 digit sebelum koma.")),
        (1, "999999999999,99995", ("Target", 2, "D (target)", "Paling banyak 4 angka di belakang koma.")),
    ],
)
def test_overflow_is_refused_in_the_preview(roadmap, unit_a, unit_b, admin_user, weight, target, expected):
    indicators = [["dinas-a", "A-10", "Indeks", "MP", "budaya", "general", "indeks", "higher", None, weight]]
    targets = [["A-10", 2025, 1, target]]
    preview = importer.import_indicators(file=xlsx(indicators, targets), roadmap=roadmap, apply=False)
    assert preview.errors == [expected]
    response = post(admin_user, roadmap, xlsx(indicators, targets).getvalue())
    assert response.status_code == 200 and expected[3] in response.content.decode()
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_the_largest_numbers_that_fit_are_saved(roadmap, unit_a, unit_b):
    indicators = [["dinas-a", "A-10", "Indeks", "MP", "budaya", "general", "indeks", "higher", None, 999999.994]]
    targets = [["A-10", 2025, 1, "999.999.999.999,9999"], ["A-10", 2025, 2, 999999999999.9]]
    result = importer.import_indicators(file=xlsx(indicators, targets), roadmap=roadmap, apply=True)
    assert result.applied, result.errors
    indicator = Indicator.objects.get(code="A-10")
    assert str(indicator.weight) == "999999.99"
    assert sorted(str(v) for v in indicator.targets.values_list("value", flat=True)) == [
        "999999999999.9000",
        "999999999999.9999",
    ]


# --- failures while writing: nothing is left behind ----------------------------------------------------


def _world():  # type: ignore[no-untyped-def]
    roadmap = factories.RoadmapFactory()
    unit_a = factories.UnitFactory(name="Dinas A", short_name="DA", slug="dinas-a")
    unit_b = factories.UnitFactory(name="Dinas B", short_name="DB", slug="dinas-b")
    return roadmap, unit_a, unit_b


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_code_inserted_by_another_admin_meanwhile_aborts_the_whole_import():
    """The real race: admin B inserts A-11 (for Dinas B) while admin A's import, which validated A-11 as new,
    is writing. A-10 was already written when A-11's insert waits on B's row; B commits; the import must fail
    whole — neither A-10 left behind nor B's A-11 taken over by Dinas A."""
    roadmap, _unit_a, unit_b = _world()
    inserted, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def admin_b() -> None:
        try:
            with transaction.atomic():
                Indicator.objects.create(
                    roadmap=roadmap,
                    unit=unit_b,
                    code="A-11",
                    name="Indikator Dinas B",
                    area=ChangeArea.objects.get(code="PTL"),
                    aspect=ElementAspect.objects.get(code="tata-laksana"),
                    theme=RbTheme.objects.get(code="general"),
                    satuan="persen",
                )
                inserted.set()
                assert release.wait(20)
        finally:
            connection.close()

    def admin_a() -> None:
        try:
            outcome["result"] = importer.import_indicators(file=xlsx(), roadmap=roadmap, apply=True)
        except BaseException as error:  # reported to the test, not lost in the thread
            outcome["error"] = error
        finally:
            connection.close()

    b = threading.Thread(target=admin_b)
    b.start()
    assert inserted.wait(20)
    a = threading.Thread(target=admin_a)
    a.start()
    deadline = time.monotonic() + 20
    while not _waiting_on_a_lock():  # A's insert of A-11 waits on B's uncommitted row
        assert time.monotonic() < deadline, "the import never reached the conflicting insert"
        assert a.is_alive(), outcome
        time.sleep(0.02)
    release.set()
    b.join(20)
    a.join(20)
    assert not a.is_alive() and not b.is_alive()

    assert "error" not in outcome, outcome.get("error")
    result = outcome["result"]
    assert not result.applied  # type: ignore[attr-defined]
    assert result.file_errors == [importer.write_failed_message()]  # type: ignore[attr-defined]
    assert list(Indicator.objects.values_list("code", "unit__slug")) == [("A-11", "dinas-b")]
    assert counts() == (1, 0, 0)
    assert Indicator.history.filter(code="A-10").count() == 0  # not even a history row of A-10


@pytest.mark.django_db(transaction=True)
def test_a_row_the_database_refuses_mid_apply_rolls_everything_back():
    """A trigger refuses the third target row: the three indicators (one of them an update) and the first two
    targets were already written in the same apply; none of it stays."""
    roadmap, unit_a, _unit_b = _world()
    existing = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-10", name="Nama lama")
    targets = [*GOOD_TARGETS[:2], ["A-11", 2026, "TW II", "666"], *GOOD_TARGETS[3:]]
    before = counts()
    history_before = Indicator.history.count()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION test_refuse_666() RETURNS trigger AS $$
            BEGIN
                IF NEW.value = 666 THEN
                    RAISE EXCEPTION 'target 666 ditolak' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_refuse_666 BEFORE INSERT ON areas_indicatortarget
                FOR EACH ROW EXECUTE FUNCTION test_refuse_666();
            """
        )
    try:
        result = importer.import_indicators(file=xlsx(GOOD_INDICATORS, targets), roadmap=roadmap, apply=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER test_refuse_666 ON areas_indicatortarget; DROP FUNCTION test_refuse_666()")
    assert not result.applied and result.file_errors == [importer.write_failed_message()]
    assert counts() == before
    existing.refresh_from_db()
    assert existing.name == "Nama lama"
    assert Indicator.history.count() == history_before
    # The same file without the refused value goes in whole.
    assert importer.import_indicators(file=xlsx(), roadmap=roadmap, apply=True).applied
