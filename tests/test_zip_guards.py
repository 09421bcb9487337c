"""The three zip-bomb guards of roadmap.office, each refusing on its own, for evidence and for the XLSX import.

Each file is a real, readable XLSX (the import's own good workbook) with parts added so that it breaks exactly
one guard and passes the other two, under the evidence limits and under the import's tighter ones; the test
measures that from the zip's directory, and shows that with the limits lifted the same file is read as a
workbook. So only the guard under test stands between the file and openpyxl.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Evidence
from evaluations.services import evidence as evidence_services
from exports import importer
from roadmap import office
from tests.conftest import client_for
from tests.test_import_indicators import counts, xlsx
from tests.test_officer_helpers import build_reports, frozen, rows_by_code

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
LIMITS = {"evidence": evidence_services.ZIP_LIMITS, "import": importer.ZIP_LIMITS}
NO_LIMITS = office.ZipLimits(entries=10**9, total=10**15, ratio=10**9)


def with_parts(parts: Iterable[tuple[str, bytes, int]]) -> bytes:
    """The import's good workbook with `parts` (name, data, compression) added."""
    base = zipfile.ZipFile(xlsx())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in base.infolist():
            archive.writestr(info, base.read(info), compress_type=zipfile.ZIP_DEFLATED)
        for name, data, compression in parts:
            archive.writestr(name, data, compress_type=compression, compresslevel=6)
    return out.getvalue()


def measure(data: bytes) -> dict[str, float]:
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries)
    worst = max(e.file_size / max(e.compress_size, 1) for e in entries)
    return {"entries": len(entries), "total": total, "ratio": max(worst, total / max(packed, 1))}


def assert_breaks_only(data: bytes, guard: str) -> None:
    size = measure(data)
    for limits in LIMITS.values():
        broken = {
            "entries": size["entries"] > limits.entries,
            "total": size["total"] > limits.total,
            "ratio": size["ratio"] > limits.ratio,
        }
        assert broken == {name: name == guard for name in broken}, (guard, size, limits)
    # Without the guards it is a workbook like any other.
    package = office.inspect(io.BytesIO(data), NO_LIMITS)
    assert package is not None and package.kind == "xlsx"
    assert load_workbook(io.BytesIO(data), read_only=True).sheetnames == ["Indikator", "Target"]


def too_many_parts() -> bytes:
    # 5,001 stored parts of 4 bytes: ratio 1, a few hundred kB in all.
    return with_parts((f"xl/extra/p{i}.xml", b"<x/>", zipfile.ZIP_STORED) for i in range(5001))


def too_large_in_total() -> bytes:
    # 210 parts of 1 MiB that compress about 137:1 (a random byte every 600): 210 MiB declared, 1.6 MB sent.
    rng = random.Random(14)
    block = bytearray(MiB)
    for i in range(0, MiB, 600):
        block[i] = rng.randrange(1, 256)
    return with_parts((f"xl/media/blok{i}.bin", bytes(block), zipfile.ZIP_DEFLATED) for i in range(210))


def too_dense() -> bytes:
    # 20 MiB of zeros in one part: about 1,000:1, but well under every size limit.
    return with_parts([("xl/media/nol.bin", b"\x00" * (20 * MiB), zipfile.ZIP_DEFLATED)])


FILES = {"entries": too_many_parts, "total": too_large_in_total, "ratio": too_dense}
EVIDENCE_REASONS = {
    "entries": "terlalu banyak bagian (lebih dari 5.000)",
    "total": "lebih dari 200 MB (zip bomb)",
    "ratio": "terkompresi secara mencurigakan (zip bomb)",
}


@pytest.fixture
def progress(roadmap, unit_a, officer_a, frozen):  # type: ignore[no-untyped-def]
    """A row of the officer's open TW II report (where evidence can be added)."""
    return rows_by_code(build_reports(roadmap, unit_a)[1])["01"]


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {guard: build() for guard, build in FILES.items()}


def _refused_everywhere(bombs, guard, progress, officer_a, admin_user):  # type: ignore[no-untyped-def]
    data = bombs[guard]
    before = counts()
    assert len(data) < 2 * MiB  # small on the wire: under the import's 5 MB and evidence's 10 MB
    assert_breaks_only(data, guard)
    for limits in LIMITS.values():
        with pytest.raises(office.OfficeRefused) as refused:
            office.inspect(io.BytesIO(data), limits)
        assert refused.value.code == guard

    # Evidence: the officer's upload is refused with the guard's own reason; nothing stored.
    with pytest.raises(evidence_services.EvidenceRejected) as error:
        evidence_services.evidence_add(
            progress=progress, user=officer_a, uploaded_file=SimpleUploadedFile("rekap.xlsx", data)
        )
    assert EVIDENCE_REASONS[guard] in error.value.problems[0], error.value.problems
    assert not Evidence.objects.exists()

    # Import: the admin's page answers with the one message for an unreadable file; nothing saved.
    response = client_for(admin_user).post(
        reverse("exports:import"),
        {
            "roadmap": progress.report.cycle.roadmap_id,
            "berkas": SimpleUploadedFile("impor.xlsx", data),
            "aksi": "terapkan",
        },
    )
    assert response.status_code == 200
    assert "Berkas tidak dapat dibaca sebagai XLSX." in response.content.decode()
    assert counts() == before


def test_too_many_parts_alone_is_refused(bombs, progress, officer_a, admin_user, unit_a, unit_b):
    _refused_everywhere(bombs, "entries", progress, officer_a, admin_user)


def test_too_large_in_total_alone_is_refused(bombs, progress, officer_a, admin_user, unit_a, unit_b):
    _refused_everywhere(bombs, "total", progress, officer_a, admin_user)


def test_too_dense_alone_is_refused(bombs, progress, officer_a, admin_user, unit_a, unit_b):
    _refused_everywhere(bombs, "ratio", progress, officer_a, admin_user)


def test_the_good_workbook_passes_every_guard(progress, officer_a, admin_user, unit_a, unit_b):
    data = with_parts([])
    for limits in LIMITS.values():
        assert office.inspect(io.BytesIO(data), limits).kind == "xlsx"
    evidence_services.evidence_add(progress=progress, user=officer_a, uploaded_file=SimpleUploadedFile("a.xlsx", data))
    result = importer.import_indicators(file=io.BytesIO(data), roadmap=progress.report.cycle.roadmap, apply=False)
    assert result.ok, result.errors
