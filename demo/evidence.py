"""The demo's bukti dukung: small real files made in code, a PDF or an XLSX of a few kilobytes.

The PDF is written by hand (one page, Helvetica, a correct cross-reference table), so thousands cost nothing;
the XLSX is an openpyxl workbook with a recap table. Both pass the evidence service's content checks, open in
any reader, and carry sensible names: Laporan_SAKIP_Dinkes_TW_II_2026.pdf.
"""

from __future__ import annotations

import io
import random
import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from areas.templatetags.monev import angka
from demo.catalog import IndicatorTemplate
from evaluations.models import ROMAN
from evaluations.services.evidence import PDF, XLSX

REGENCY = "Pemerintah Kabupaten Penajam Paser Utara"


def file_name(t: IndicatorTemplate, unit_short: str, year: int, quarter: int, *, suffix: str = "") -> str:
    unit = re.sub(r"[^A-Za-z0-9]+", "_", unit_short).strip("_")
    extension = XLSX.extension if t.spreadsheet else PDF.extension
    return f"{t.document}_{unit}_TW_{ROMAN[quarter]}_{year}{suffix}{extension}"


def _pdf_text(value: str) -> str:
    # Helvetica in WinAnsi: dashes as hyphens, the Latin-1 letters kept, PDF's string delimiters escaped.
    text = value.replace("—", "-").replace("–", "-").encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with a title and lines of text (a real PDF 1.4 file)."""
    content = ["BT", "/F2 14 Tf", "56 780 Td", f"({_pdf_text(REGENCY)}) Tj", "0 -22 Td", f"({_pdf_text(title)}) Tj"]
    content += ["/F1 10 Tf", "0 -14 Td"]
    for line in lines:
        content += ["0 -16 Td", f"({_pdf_text(line)}) Tj"]
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title (%s) /Producer (Monev RB demo) >>" % _pdf_text(title).encode("latin-1"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(objects), xref)
    )
    return out.getvalue()


def xlsx_bytes(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rekap"
    sheet.append([REGENCY])
    sheet.append([title])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["B"].width = 48
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def evidence_file(
    t: IndicatorTemplate,
    *,
    unit_name: str,
    unit_short: str,
    year: int,
    quarter: int,
    value: Decimal | None,
    target: Decimal | None,
    done: bool | None,
    r: random.Random,
    signed: bool = True,
    suffix: str = "",
) -> SimpleUploadedFile:
    """The evidence of one indicator of one unit in one quarter, as an upload for the evidence service."""
    name = file_name(t, unit_short, year, quarter, suffix=suffix)
    period = f"Triwulan {ROMAN[quarter]} Tahun {year}"
    if t.spreadsheet:
        header, rows = _recap(t, value or Decimal(0), year, quarter, r)
        content = xlsx_bytes(f"{t.name} - {unit_name} - {period}", header, rows)
        return SimpleUploadedFile(name, content, content_type=XLSX.content_type)
    lines = [
        f"Perangkat daerah: {unit_name}",
        f"Periode: {period}",
        f"Indikator: {t.name}",
        f"Target: {_shown(target, True)}",
        f"Realisasi: {_shown(value, done)}",
        f"Sumber data: {t.source}",
        "",
        *_wrap(t.definition, 95),
        "",
        "Ditetapkan oleh kepala perangkat daerah." if signed else "Draf: belum ditandatangani.",
        "Dibuat otomatis untuk data demo Monev RB.",
    ]
    return SimpleUploadedFile(name, pdf_bytes(f"{t.name} — {period}", lines), content_type=PDF.content_type)


# The nine unsur of the Survei Kepuasan Masyarakat (PermenPANRB No. 14/2017).
UNSUR_SKM = [
    "Persyaratan",
    "Sistem, mekanisme, dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


def _recap(
    t: IndicatorTemplate, value: Decimal, year: int, quarter: int, r: random.Random
) -> tuple[list[str], list[list[object]]]:
    """The table of a recap: the survey's nine unsur for IKM, else the quarter's figure month by month."""
    if t.key == "ikm":
        nrr = value / 25  # the unsur are scored 1–4; the index is their mean × 25
        rows: list[list[object]] = [
            [i, unsur, round(float(nrr) + r.uniform(-0.25, 0.2), 2)] for i, unsur in enumerate(UNSUR_SKM, start=1)
        ]
        rows.append(["", "Nilai IKM (konversi)", float(value)])
        return ["No", "Unsur pelayanan", "Nilai rata-rata"], rows
    months = MONTHS[(quarter - 1) * 3 : quarter * 3]
    rows = [[i, f"{month} {year}", round(float(value) * r.uniform(0.9, 1.05), 2)] for i, month in enumerate(months, 1)]
    rows.append(["", "Nilai yang dilaporkan (akhir triwulan)", float(value)])
    return ["No", "Bulan", "Nilai"], rows


def _shown(value: Decimal | None, done: bool | None) -> str:
    if value is None:  # a milestone
        return "Tercapai" if done else "Belum tercapai"
    with translation.override("id"):
        return str(angka(value))


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines
