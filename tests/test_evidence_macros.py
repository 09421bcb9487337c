"""Office files with macros are refused, whatever they are called: evidence uploads and the XLSX import.

The workbooks are real ones (openpyxl's, the import's good file) turned into what Excel writes for a .xlsm:
an OLE vbaProject.bin part, its relationship, the bin content type and the macro-enabled main content type;
then variants with only one of those signs. The document is a real minimal .docx given Word's macro-enabled
content type.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import Evidence
from evaluations.services import evidence as services
from exports import importer
from roadmap import office
from tests.conftest import client_for
from tests.test_import_indicators import counts, xlsx
from tests.test_officer_helpers import build_reports, frozen, rows_by_code

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

# The first bytes of an OLE compound file, as vbaProject.bin is; the rest does not matter to the check.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SHEET_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = (
    '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
    'Target="vbaProject.bin"/>'
)


def rewrite(data: bytes, change=lambda name, content: content, extra: dict[str, bytes] | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """The zip `data` with each part passed through change(name, bytes) → bytes, and the `extra` parts added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, change(info.filename, source.read(info)))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsm(*, vba_part: str | None = "xl/vbaProject.bin", macro_main: bool = True, bin_type: bool = True) -> bytes:
    """The import's good workbook as Excel saves it with macros (all three signs by default)."""

    def change(name: str, content: bytes) -> bytes:
        text = content.decode()
        if name == "[Content_Types].xml":
            if macro_main:
                text = text.replace(SHEET_MAIN, SHEET_MACRO_MAIN)
            if bin_type:
                text = text.replace("<Default ", f'<Default Extension="bin" ContentType="{VBA_TYPE}"/><Default ', 1)
        if name == "xl/_rels/workbook.xml.rels" and vba_part:
            text = text.replace("</Relationships>", VBA_REL + "</Relationships>")
        return text.encode()

    return rewrite(xlsx().getvalue(), change, {vba_part: OLE} if vba_part else None)


def docx(main_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            "<w:r><w:t>Notulen rapat tim RB</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


MACRO_FILES = {
    "xlsm renamed .xlsx": ("rekap.xlsx", lambda: xlsm()),
    "only a vbaProject.bin part": ("rekap.xlsx", lambda: xlsm(macro_main=False, bin_type=False)),
    "vbaProject.bin in another folder": ("rekap.xlsx", lambda: xlsm(vba_part="customXml/VBAPROJECT.BIN")),
    "only the macro-enabled main type": ("rekap.xlsx", lambda: xlsm(vba_part=None, bin_type=False)),
    "the VBA type on an innocent name": ("rekap.xlsx", lambda: xlsm(vba_part="xl/gambar.dat", macro_main=False)),
    "docx with Word's macro-enabled type": (
        "notulen.docx",
        lambda: docx("application/vnd.ms-word.document.macroEnabled.main+xml"),
    ),
    "docx whose type hides behind a character reference": (
        "notulen.docx",
        lambda: docx("application/vnd.ms-word.document.macro&#69;nabled.main+xml"),
    ),
    "docm template": ("notulen.docx", lambda: docx("application/vnd.ms-word.template.macroEnabledTemplate.main+xml")),
    "docx with Word's VBA data part": (
        "notulen.docx",
        lambda: rewrite(docx(), extra={"word/vbaData.xml": b"<x/>"}),
    ),
}


@pytest.fixture
def progress(roadmap, unit_a, officer_a, frozen):  # type: ignore[no-untyped-def]
    return rows_by_code(build_reports(roadmap, unit_a)[1])["01"]


def test_the_files_are_real_office_files_but_for_their_macros():
    """Without the macro check each would be taken for what its name says (so the check is what refuses it)."""
    for name, build in MACRO_FILES.values():
        data = build()
        with pytest.raises(office.OfficeRefused):
            office.inspect(io.BytesIO(data), services.ZIP_LIMITS)
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert ("[Content_Types].xml" in names) and any(n.startswith(("xl/", "word/")) for n in names), name
    assert office.inspect(io.BytesIO(xlsx().getvalue()), services.ZIP_LIMITS).kind == "xlsx"
    assert office.inspect(io.BytesIO(docx()), services.ZIP_LIMITS).kind == "docx"


@pytest.mark.parametrize("case", list(MACRO_FILES))
def test_evidence_with_macros_is_refused(progress, officer_a, case):
    name, build = MACRO_FILES[case]
    with pytest.raises(services.EvidenceRejected) as error:
        services.evidence_add(progress=progress, user=officer_a, uploaded_file=SimpleUploadedFile(name, build()))
    assert error.value.problems == [
        f"{name} ditolak: berkas berisi makro (VBA) atau kontrol ActiveX; simpan sebagai berkas Office biasa "
        "tanpa makro."
    ]
    assert not Evidence.objects.exists()


def test_the_same_files_without_macros_are_accepted(progress, officer_a):
    for name, data in (("rekap.xlsx", xlsx().getvalue()), ("notulen.docx", docx())):
        services.evidence_add(progress=progress, user=officer_a, uploaded_file=SimpleUploadedFile(name, data))
    assert Evidence.objects.count() == 2


def test_the_upload_page_says_why(as_user, officer_a, progress):
    url = reverse("evaluations:evidence_upload", args=[progress.report_id, progress.pk])
    response = as_user(officer_a).post(url, {"berkas": [SimpleUploadedFile("rekap.xlsx", xlsm())]})
    assert response.status_code == 200
    assert "rekap.xlsx ditolak: berkas berisi makro (VBA)" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("case", [c for c in MACRO_FILES if MACRO_FILES[c][0].endswith(".xlsx")])
def test_import_with_macros_is_refused(roadmap, unit_a, unit_b, admin_user, case):
    data = MACRO_FILES[case][1]()
    result = importer.import_indicators(file=io.BytesIO(data), roadmap=roadmap, apply=True)
    assert result.file_errors == [importer.macros_message()] and not result.applied
    response = client_for(admin_user).post(
        reverse("exports:import"),
        {"roadmap": roadmap.pk, "berkas": SimpleUploadedFile("impor.xlsx", data), "aksi": "terapkan"},
    )
    assert response.status_code == 200
    assert "Berkas berisi makro (VBA) dan ditolak." in response.content.decode()
    assert counts() == (0, 0, 0)
