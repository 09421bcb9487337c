"""Bukti dukung: type by content, zip bombs, size, names; storage only through the private view."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.exceptions import ReportLocked
from evaluations.models import Evidence, Report, ReportStatus
from evaluations.services import evidence as services
from tests.test_officer_helpers import PDF_BYTES, build_reports, frozen, rows_by_code

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.{kind}+xml"/></Types>'
)


def office_zip(kind: str = "docx", *, extra: dict[str, bytes] | None = None, content_types: bool = True) -> bytes:
    part, ct = (
        ("word/document.xml", "wordprocessingml.document.main")
        if kind == "docx"
        else (
            "xl/workbook.xml",
            "spreadsheetml.sheet.main",
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, kind=ct))
        archive.writestr(part, "<document>Notulen rapat tim RB</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def report(roadmap, unit_a, officer_a, frozen):
    return build_reports(roadmap, unit_a)[1]


@pytest.fixture
def progress(report):
    return rows_by_code(report)["01"]


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("SK Tim RB.pdf", PDF_BYTES, "application/pdf"),
        ("foto kegiatan.JPEG", JPEG_BYTES, "image/jpeg"),
        ("foto.jpg", JPEG_BYTES, "image/jpeg"),
        ("grafik.png", PNG_BYTES, "image/png"),
        ("notulen.docx", office_zip("docx"), services.DOCX.content_type),
        ("rekap.xlsx", office_zip("xlsx"), services.XLSX.content_type),
    ],
)
def test_accepted_kinds(progress, officer_a, name, data, content_type):
    evidence = services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload(name, data))
    assert evidence.content_type == content_type
    assert evidence.original_name == name and evidence.size == len(data)
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == data
    assert name not in evidence.file.name  # a random stored name
    assert stored.suffix == services.KINDS[[k.content_type for k in services.KINDS].index(content_type)].extension


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bukti.pdf", PNG_BYTES, "isinya PNG"),  # a PNG called .pdf
        ("bukti.pdf", b"just some text, not a PDF", "tidak dikenali"),
        ("bukti.docx", PDF_BYTES, "isinya PDF"),
        ("skrip.html", b"<html><script>alert(1)</script></html>", "tidak dikenali"),
        ("bukti.exe", b"MZ\x90\x00" + b"\x00" * 60, "tidak dikenali"),
        ("fake.docx", office_zip("docx", content_types=False), "tidak dikenali"),  # a zip, not an Office file
        ("plain.docx", b"PK\x03\x04 not really a zip at all", "tidak dikenali"),
        ("rekap.docx", office_zip("xlsx"), "isinya XLSX"),
        ("kosong.pdf", b"", "kosong"),
        ("bukti", PDF_BYTES, "tanpa akhiran"),
    ],
)
def test_refused_by_content(progress, officer_a, name, data, reason):
    with pytest.raises(services.EvidenceRejected) as error:
        services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload(name, data))
    assert any(reason in problem for problem in error.value.problems), error.value.problems
    assert not Evidence.objects.exists()


# The zip-bomb guards, one test each: tests/test_zip_guards.py; macros: tests/test_evidence_macros.py.


def test_oversize_is_refused(progress, officer_a, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    big = PDF_BYTES + b"0" * 2000
    with pytest.raises(services.EvidenceRejected) as error:
        services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("besar.pdf", big))
    assert "melebihi batas" in error.value.problems[0]
    services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("kecil.pdf", PDF_BYTES))


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\bukti.pdf", "bukti.pdf"),
        ("/abs/path/SK.pdf", "SK.pdf"),
        ("bad\x00name\r\n.pdf", "badname.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_path_parts_are_stripped_from_the_name(progress, officer_a, name, kept, settings):
    evidence = services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload(name, PDF_BYTES))
    assert evidence.original_name == kept
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(evidence.file.path).resolve().is_relative_to(media / "evidence")


def test_all_or_nothing_per_request(as_user, officer_a, report, progress):
    url = reverse("evaluations:evidence_upload", args=[report.pk, progress.pk])
    files = [upload("satu.pdf", PDF_BYTES), upload("dua.pdf", b"not a pdf"), upload("tiga.png", PNG_BYTES)]
    response = as_user(officer_a).post(url, {"berkas": files})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak ada berkas yang disimpan." in html and "dua.pdf ditolak" in html
    assert not Evidence.objects.exists()
    files = [upload("satu.pdf", PDF_BYTES), upload("tiga.png", PNG_BYTES)]
    response = as_user(officer_a).post(url, {"berkas": files})
    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["satu.pdf", "tiga.png"]


def test_upload_without_files_says_so(as_user, officer_a, report, progress):
    url = reverse("evaluations:evidence_upload", args=[report.pk, progress.pk])
    assert "Pilih minimal satu berkas." in as_user(officer_a).post(url, {}).content.decode()


def test_only_while_editable(progress, officer_a, report):
    evidence = services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("a.pdf", PDF_BYTES))
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DIAJUKAN)
    with pytest.raises(ReportLocked, match=r"Menunggu verifikasi BKPSDM\."):
        services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("b.pdf", PDF_BYTES))
    with pytest.raises(ReportLocked):
        services.evidence_delete(evidence=evidence, user=officer_a)
    assert Evidence.objects.count() == 1


def test_other_units_officer_is_refused_by_the_service(progress, officer_b):
    with pytest.raises(ReportLocked):
        services.evidence_add(progress=progress, user=officer_b, uploaded_file=upload("a.pdf", PDF_BYTES))


def test_delete_removes_row_and_file(progress, officer_a, django_capture_on_commit_callbacks):
    evidence = services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("a.pdf", PDF_BYTES))
    path = Path(evidence.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(evidence=evidence, user=officer_a)
    assert not Evidence.objects.exists() and not path.exists()


def test_download_headers_inline_and_attachment(as_user, officer_a, reviewer, progress):
    pdf = services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("SK Tim.pdf", PDF_BYTES))
    docx = services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("notulen.docx", office_zip()))
    response = as_user(reviewer).get(reverse("evaluations:evidence_download", args=[pdf.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline") and "SK Tim.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    response = as_user(officer_a).get(reverse("evaluations:evidence_download", args=[docx.pk]))
    assert (
        response["Content-Disposition"].startswith("attachment") and "notulen.docx" in response["Content-Disposition"]
    )


def test_no_public_media_url(client, progress, officer_a, settings):
    evidence = services.evidence_add(progress=progress, user=officer_a, uploaded_file=upload("a.pdf", PDF_BYTES))
    assert client.get(evidence.file.url).status_code == 404
    assert client.get("/media/" + evidence.file.name).status_code == 404
    client.force_login(officer_a)
    assert client.get(evidence.file.url).status_code == 404
