"""The one export framework: a base class owns CSV, XLSX and PDF; a report only yields its rows.

A concrete report declares its columns and yields rows (and, when it needs more than one
sheet or PDF section, `sections()`); everything about file formats lives here:

- CSV: UTF-8 with a BOM so that Excel opens it as UTF-8; comma or semicolon. With a
  semicolon (what Excel uses in the Indonesian locale) numbers get a decimal comma.
- XLSX: exports.xlsx, a streaming SpreadsheetML writer (rows become XML text into the ZIP as
  they are read, memory stays flat), a bold frozen header, an autofilter and column widths;
  numbers stay numbers with a display format (Excel shows `#,##0.00` as 1.234,50 under the
  Indonesian locale).
- PDF: WeasyPrint, A4 landscape, the Pemkab header, page numbers and a signature block.

Text cells are neutralised against formula injection (CSV/XLSX opened in a spreadsheet
would run `=HYPERLINK(…)` typed by a unit officer); real numbers are never touched.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, ClassVar

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _

from exports.xlsx import BOLD, XlsxWriter
from roadmap import numbers

FORMATS = ("xlsx", "csv", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_PREFIXES)  # all one character: a set lookup per text cell
# Excel number codes; Excel renders them with the reader's locale separators (1.234,50 in Indonesian).
NUMBER_FORMATS = {"number": "#,##0.00", "integer": "#,##0", "percent": "#,##0.00", "date": "dd/mm/yyyy"}
XLSX_SHEET_NAME_MAX = 31
PROGRESS_EVERY = 200  # rows between two progress callbacks: a job row update per 200 rows is cheap

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text | number | integer | percent | date
    width: int = 14
    pdf_width: float = 0  # mm on an A4 landscape page (273 mm across) for a compact PDF; 0: from `width`


@dataclass
class Section:
    """One XLSX sheet / one PDF section: a title, columns, rows and optional totals row."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    totals: Sequence[Any] | None = None
    note: str = ""
    counts: bool = True  # False for a summary: its rows are not data rows (progress, row count)


@dataclass
class PdfContext:
    """What the PDF shows around the tables."""

    subtitle: str = ""
    summary: list[tuple[str, str]] = field(default_factory=list)
    signer_name: str = ""
    signer_body: str = ""  # the verifying body whose head signs, e.g. "Badan Kepegawaian dan Pengembangan …"
    compact: bool = False  # a wide table (two dozen columns): a smaller type


def neutralise(value: str) -> str:
    """Prefix text a spreadsheet would read as a formula with a quote, so it stays text."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _plain_date(value: Any) -> Any:
    """Normalise a cell: an aware datetime as its WITA date, a lazy translation as text."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def safe_sheet_title(title: str, used: set[str]) -> str:
    # Excel forbids []:*?/\ in sheet names and caps them at 31 characters; names must be unique.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet"
    base = cleaned[:XLSX_SHEET_NAME_MAX]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: XLSX_SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


class _Echo:
    """A write-only sink for csv.writer: returns what was written, for streaming."""

    def write(self, value: str) -> str:
        return value


class Exporter:
    """Base of every report. Subclasses set key/title/columns and implement rows() (or sections())."""

    key: ClassVar[str]
    title: ClassVar[str]
    formats: ClassVar[tuple[str, ...]] = FORMATS

    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def rows(self) -> Iterator[Sequence[Any]]:
        """The flat table (CSV, and the only sheet unless sections() is overridden)."""
        raise NotImplementedError

    def sections(self) -> Iterator[Section]:
        yield Section(title=self.title, columns=self.columns(), rows=self.rows())

    def estimate_rows(self) -> int:
        return 0

    def pdf_context(self) -> PdfContext:
        return PdfContext()

    def filename_stem(self) -> str:
        return slugify(self.title)

    def filename(self, fmt: str) -> str:
        return f"{self.filename_stem()}.{fmt}"

    # --- counting -------------------------------------------------------------------
    def _counted(self, rows: Iterable[Sequence[Any]], on_progress: ProgressCallback | None) -> Iterator[Sequence[Any]]:
        for row in rows:
            self._written += 1
            if on_progress and self._written % PROGRESS_EVERY == 0:
                on_progress(self._written)
            yield row

    # --- CSV ------------------------------------------------------------------------
    @staticmethod
    def csv_value(value: Any, decimal_comma: bool) -> str:
        value = _plain_date(value)
        if value is None:
            return ""
        if _is_number(value):
            return numbers.machine(value, decimal_comma=decimal_comma)
        if isinstance(value, dt.date):
            return value.isoformat()
        return neutralise(str(value))

    def iter_csv(self, *, delimiter: str = ",", on_progress: ProgressCallback | None = None) -> Iterator[bytes]:
        """The CSV as UTF-8 chunks, BOM first: one line per chunk, so a response streams it as it is read."""
        if delimiter not in (",", ";"):
            raise ValueError("delimiter must be ',' or ';'")
        self._written = 0
        decimal_comma = delimiter == ";"
        writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
        yield codecs.BOM_UTF8
        yield writer.writerow([c.title for c in self.columns()]).encode()
        for row in self._counted(self.rows(), on_progress):
            yield writer.writerow([self.csv_value(v, decimal_comma) for v in row]).encode()

    def write_csv(self, out: IO[bytes], *, delimiter: str = ",", on_progress: ProgressCallback | None = None) -> int:
        for chunk in self.iter_csv(delimiter=delimiter, on_progress=on_progress):
            out.write(chunk)
        return self._written

    # --- XLSX -----------------------------------------------------------------------
    def write_xlsx(self, out: IO[bytes] | str, *, on_progress: ProgressCallback | None = None) -> int:
        """The sections as sheets, streamed by exports.xlsx (rows become XML text as they are read)."""
        self._written = 0
        book = XlsxWriter(out)
        used: set[str] = set()
        for section in self.sections():
            columns = list(section.columns)
            sheet = book.sheet(
                safe_sheet_title(section.title, used),
                widths=[c.width for c in columns],
                formats=[NUMBER_FORMATS.get(c.kind) for c in columns],
            )
            sheet.header([c.title for c in columns])
            count = 0
            for row in self._counted(section.rows, on_progress) if section.counts else section.rows:
                sheet.data_row(row, self._xlsx_value)
                count += 1
            if section.totals is not None:
                sheet.row(self._xlsx_values(section.totals), style=BOLD)
            # The autofilter covers header + data rows (not the totals).
            sheet.close(filter_rows=count)
        book.close()
        return self._written

    @staticmethod
    def _xlsx_value(value: Any) -> Any:
        """One value of _xlsx_values that is not None or a number (SheetWriter.data_row calls it once per text)."""
        if type(value) is str:
            return "'" + value if value and value[0] in FORMULA_FIRST else value
        value = _plain_date(value)
        if isinstance(value, bool | int | float | Decimal | dt.date):
            return value
        # Anything else (a model, a UUID, a str subclass) is written as its text: neutralised as text.
        return neutralise(str(value))

    @classmethod
    def _xlsx_values(cls, row: Sequence[Any]) -> list[Any]:
        out = []
        for value in row:
            kind = type(value)
            if kind is str:
                if value and value[0] in FORMULA_FIRST:
                    value = "'" + value
            elif value is not None and kind is not Decimal and kind is not int and kind is not float:
                value = cls._xlsx_value(value)
            out.append(value)
        return out

    # --- PDF ------------------------------------------------------------------------
    def render_pdf_html(self, *, on_progress: ProgressCallback | None = None) -> str:
        self._written = 0
        sections = []
        for section in self.sections():
            columns = list(section.columns)
            source = self._counted(section.rows, on_progress) if section.counts else section.rows
            rows = [self._pdf_row(columns, r) for r in source]
            if section.totals is not None:
                rows.append(self._pdf_row(columns, section.totals))
            # A wide (compact) table is laid out fixed, by the columns' widths: a long word wraps in its cell.
            sizes = [c.pdf_width or c.width for c in columns]
            total = sum(sizes) or 1
            widths = [f"{100 * size / total:.2f}" for size in sizes]
            sections.append({"section": section, "rows": rows, "widths": widths})
        context = self.pdf_context()
        return render_to_string(
            "exports/pdf.html",
            {
                "title": self.title,
                "context": context,
                "sections": sections,
                "generated_at": timezone.localtime(),
            },
        )

    @staticmethod
    def pdf_text(value: Any, column: Column) -> str:
        """A cell as the page shows it: numbers the Indonesian way (1.234,5), dates as 18 Juli 2024."""
        value = _plain_date(value)
        if value is None or value == "":
            return "—" if column.kind != "text" else ""
        if _is_number(value):
            return numbers.display(value, 0 if column.kind == "integer" else 2)
        if isinstance(value, dt.date):
            return date_format(value, "j F Y")
        return str(value)

    def _pdf_row(self, columns: Sequence[Column], row: Sequence[Any]) -> list[tuple[str, bool]]:
        return [(self.pdf_text(v, c), c.kind != "text") for c, v in zip(columns, row, strict=False)]

    def write_pdf(self, out: IO[bytes], *, on_progress: ProgressCallback | None = None) -> int:
        from weasyprint import HTML  # imported late, only PDFs need it: docs/performance.md#pdf-exports

        html = self.render_pdf_html(on_progress=on_progress)
        out.write(HTML(string=html).write_pdf())
        return self._written

    # --- one entry point ------------------------------------------------------------
    def write(
        self, fmt: str, out: IO[bytes], *, delimiter: str = ",", on_progress: ProgressCallback | None = None
    ) -> int:
        """Write the report in `fmt` to `out`; returns the number of data rows written."""
        if fmt not in self.formats:
            raise ValueError(_("Format %(fmt)s tidak tersedia untuk laporan ini.") % {"fmt": fmt})
        if fmt == "csv":
            return self.write_csv(out, delimiter=delimiter, on_progress=on_progress)
        if fmt == "xlsx":
            return self.write_xlsx(out, on_progress=on_progress)
        return self.write_pdf(out, on_progress=on_progress)

    def to_bytes(self, fmt: str, *, delimiter: str = ",") -> bytes:
        buffer = io.BytesIO()
        self.write(fmt, buffer, delimiter=delimiter)
        return buffer.getvalue()
