"""A small streaming SpreadsheetML (XLSX) writer: rows become XML text as they are read, straight into the ZIP.

openpyxl's write-only mode keeps memory flat but builds a cell object, a style object and an XML element per
cell. A sheet here is one string per row from prebuilt pieces, written to the ZIP member in chunks, with one
shared styles.xml: far faster, memory flat (docs/performance.md#streaming-xlsx). What it writes is the subset
the exports use: inline strings, numbers as numbers with a number format (#,##0.00, #,##0, dates as serial
days with dd/mm/yyyy), booleans, a bold coloured header with wrapped text, a bold totals row, column widths,
a frozen header row and an autofilter. The files open in Excel, LibreOffice and openpyxl (the tests read
them with openpyxl).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

# Text that XML 1.0 cannot hold (control characters other than tab, newline, carriage return).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = dt.date(1899, 12, 30)
NUL = "\x00"  # where data_row's cell fragments take the row number (_text removes it from every text)
_CHUNK = 500  # rows per write into the ZIP member

# cellXfs indexes of styles.xml below
PLAIN, HEADER, NUMBER, INTEGER, DATE, DATETIME, ISO_DATE = 0, 1, 2, 3, 4, 5, 6
BOLD = 7  # BOLD + the index above (except HEADER) = the same format, bold (totals)
_FORMAT_STYLE = {"#,##0.00": NUMBER, "#,##0": INTEGER, "dd/mm/yyyy": DATE}

STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3">'
    '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts><fonts count="3"><font><sz val="11"/>'
    '<name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><color rgb="FFFFFFFF"/>'
    '<name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    '<family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid">'
    '<fgColor rgb="FF1F4E79"/><bgColor rgb="FF1F4E79"/></patternFill></fill></fills><borders count="1">'
    '<border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="14">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="4" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_seen: dict[str, str] = {}  # the same unit, area, status … text escaped once


def _text(value: str) -> str:
    done = _seen.get(value)
    if done is not None:
        return done
    text = escape(_ILLEGAL.sub("", value)) if _SPECIAL.search(value) else value
    if len(value) < 80:
        if len(_seen) > 20000:
            _seen.clear()
        _seen[value] = text
    return text


class SheetWriter:
    """One worksheet, written row by row into its ZIP member."""

    def __init__(self, book: XlsxWriter, title: str, widths: Sequence[float], formats: Sequence[str | None]) -> None:
        self.book, self.title = book, title
        self.letters = [column_letter(i) for i in range(1, len(widths) + 1)]
        self.formats = [_FORMAT_STYLE.get(f or "", PLAIN) for f in formats]
        self.number_attrs = [f' s="{s}"' if s else "" for s in self.formats]
        self.rows = 0
        self.index = len(book.sheets) + 1
        self.stream = book.zip.open(f"xl/worksheets/sheet{self.index}.xml", "w", force_zip64=True)
        self.buffer: list[str] = []
        self._fragments: dict[tuple[int, str], str] = {}
        self._number_prefixes = [
            f'<c r="{letter}{NUL}"{attr}><v>' for letter, attr in zip(self.letters, self.number_attrs, strict=True)
        ]
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + cols + "</cols>" if cols else ""}<sheetData>'
        )

    def _write(self, text: str) -> None:
        self.stream.write(text.encode("utf-8"))

    def header(self, titles: Sequence[str]) -> None:
        self.row(titles, style=HEADER)

    def row(self, values: Iterable[Any], style: int | None = None) -> None:
        """A data row (style None: each cell by its column's format), HEADER, or BOLD (totals)."""
        if style is not None:
            self._styled_row(values, style)
            return
        self.rows += 1
        r = self.rows
        cells = [f'<row r="{r}">']
        append = cells.append
        for letter, number_attr, value in zip(self.letters, self.number_attrs, values, strict=False):
            kind = type(value)
            if kind is str:
                if value:
                    append(f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>')
            elif kind is Decimal:
                append(f'<c r="{letter}{r}"{number_attr}><v>{value:f}</v></c>')
            elif value is not None:
                append(self._cell(letter, r, value, self.formats[self.letters.index(letter)], None))
        append("</row>")
        self.buffer.append("".join(cells))
        if len(self.buffer) >= _CHUNK:
            self._flush()

    def data_row(self, values: Sequence[Any], clean: Callable[[Any], Any]) -> None:
        """A data row like row(values), for long exports: each text cell's XML is made once per (column, text)
        — a unit's, area's, indicator's, status's words repeat on thousands of rows — and the row number is
        filled in once per row. `clean(value)` is applied to every value that is not None, a Decimal, an int
        or a float (as Exporter._xlsx_values does) before it is written; the XML is the same as row()'s."""
        self.rows += 1
        fragments = self._fragments
        if len(fragments) > 50_000:
            fragments.clear()
        numbers = self._number_prefixes
        if len(values) > len(numbers):  # as row(): cells beyond the columns are dropped
            values = values[: len(numbers)]
        parts = []
        append = parts.append
        for i, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if value:
                    fragment = fragments.get((i, value))
                    if fragment is None:
                        fragment = self._fragment(i, clean(value))
                        if len(value) < 200:
                            fragments[(i, value)] = fragment
                    append(fragment)
            elif kind is Decimal:
                append(f"{numbers[i]}{value:f}</v></c>")
            elif value is not None:
                append(self._fragment(i, value if kind is int or kind is float else clean(value)))
        self.buffer.append(f'<row r="{self.rows}">{"".join(parts).replace(NUL, str(self.rows))}</row>')
        if len(self.buffer) >= _CHUNK:
            self._flush()

    def _fragment(self, i: int, value: Any) -> str:
        """One cell of row(), with \\x00 where the row number goes (no text contains it: _text removes it)."""
        if value is None:
            return ""
        if type(value) is str:
            if not value:
                return ""
            return f'<c r="{self.letters[i]}\x00" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
        if type(value) is Decimal:
            return f'<c r="{self.letters[i]}\x00"{self.number_attrs[i]}><v>{value:f}</v></c>'
        return self._cell(self.letters[i], "\x00", value, self.formats[i], None)  # type: ignore[arg-type]

    def _styled_row(self, values: Iterable[Any], style: int) -> None:
        self.rows += 1
        cells = [f'<row r="{self.rows}">']
        for letter, column_style, value in zip(self.letters, self.formats, values, strict=False):
            if value is not None and value != "":
                cells.append(self._cell(letter, self.rows, value, column_style, style))
        cells.append("</row>")
        self.buffer.append("".join(cells))

    @staticmethod
    def _cell(letter: str, r: int, value: Any, column_style: int, style: int | None) -> str:
        """Any one cell: text, boolean, number or date, in the row's style (None, HEADER or BOLD)."""
        if isinstance(value, bool):
            return f'<c r="{letter}{r}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str) or not isinstance(value, int | float | Decimal | dt.date):
            s = style or PLAIN
            attr = f' s="{s}"' if s else ""
            text = _text(str(value))
            return f'<c r="{letter}{r}"{attr} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
        if isinstance(value, dt.datetime):
            delta = value - dt.datetime(1899, 12, 30, tzinfo=value.tzinfo)
            number = repr(delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6)
            s = column_style if column_style == DATE else DATETIME
        elif isinstance(value, dt.date):
            number = str((value - _EPOCH).days)
            s = column_style if column_style == DATE else ISO_DATE
        else:
            number = format(value, "f") if isinstance(value, Decimal) else repr(value)
            s = column_style
        if style == BOLD:
            s = s + BOLD if s else BOLD
        attr = f' s="{s}"' if s else ""
        return f'<c r="{letter}{r}"{attr}><v>{number}</v></c>'

    def _flush(self) -> None:
        self._write("".join(self.buffer))
        self.buffer.clear()

    def close(self, filter_rows: int) -> None:
        """End the sheet; the autofilter covers the header and `filter_rows` data rows."""
        self._flush()
        last = self.letters[-1] if self.letters else "A"
        self.filter_ref = f"A1:{last}{filter_rows + 1}"
        self._write(f'</sheetData><autoFilter ref="{self.filter_ref}"/>')
        self._write('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
        self.stream.close()
        self.book.sheets.append(self)


class XlsxWriter:
    """A workbook: add sheets one after the other (each streamed), then close()."""

    def __init__(self, out: IO[bytes] | str) -> None:
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheets: list[SheetWriter] = []

    def sheet(self, title: str, widths: Sequence[float], formats: Sequence[str | None]) -> SheetWriter:
        return SheetWriter(self, title, widths, formats)

    def close(self) -> None:
        sheets = self.sheets or [self._empty()]
        names = "".join(f'<sheet name={quoteattr(s.title)} sheetId="{s.index}" r:id="rId{s.index}"/>' for s in sheets)
        defined = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{escape(_quote_sheet(s.title))}!{_absolute(s.filter_ref)}</definedName>"
            for i, s in enumerate(sheets)
        )
        self.zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{names}</sheets>'
            f"<definedNames>{defined}</definedNames></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{s.index}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{s.index}.xml"/>'
            for s in sheets
        )
        styles_id = len(sheets) + 1
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}<Relationship Id="rId{styles_id}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        self.zip.writestr("xl/styles.xml", STYLES)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{s.index}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for s in sheets
        )
        self.zip.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self.zip.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        self.zip.close()

    def _empty(self) -> SheetWriter:
        sheet = self.sheet("Sheet", [], [])
        sheet.close(0)
        return sheet


def _quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    start, end = ref.split(":")
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in (start, end))
