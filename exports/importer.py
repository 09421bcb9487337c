"""Import of indicators and their yearly and quarterly targets from an XLSX template.

Two sheets: "Indikator" (one row per indicator) and "Target" (one row per indicator × year ×
quarter; an empty quarter is the yearly target). Every row is validated first and reported
(row, column, message); applying is all or nothing: with any error nothing is saved, and the
writes themselves run in one transaction.

Decision: an indicator whose code already exists in the road map is *updated* (same unit only);
a code owned by another unit is an error, because moving an indicator would move its history.
Targets are upserted by (indicator, year[, quarter]). Nothing is ever deleted by an import.

A hostile or broken file gets one clear message and never a 500. Before openpyxl sees it, the
zip is inspected as evidence is (roadmap.office: parts, declared size, compression ratio, macros);
then the whole read — openpyxl parses a read-only sheet lazily, row by row — is guarded, and the
XML is parsed by defusedxml (openpyxl uses it when installed; apps.py checks that it does), so an
entity bomb is refused. A cell holds at most MAX_CELL_CHARS characters; numbers are read by
roadmap.numbers to the columns' sizes, so nothing validated can overflow a column on apply.

Writing re-checks what validation saw: a new code is inserted (never "updated" into a row that
another admin inserted meanwhile), an existing indicator is locked and must still belong to the
same unit. Any refusal of the database while writing rolls the whole import back and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from areas.models import (
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorKind,
    IndicatorTarget,
    Polarity,
    RbTheme,
    Satuan,
    cumulative_default,
)
from roadmap import numbers, office
from roadmap.models import Roadmap, Unit

logger = logging.getLogger(__name__)

INDICATOR_SHEET = "Indikator"
TARGET_SHEET = "Target"
INDICATOR_COLUMNS = (
    "kode_unit",
    "kode_indikator",
    "nama",
    "kode_area",
    "kode_aspek",
    "kode_tema",
    "satuan",
    "polaritas",
    "baseline",
    "bobot",
    "jenis",
    "kumulatif",
)
# "target" holds one number or a range "2,5–3,5"; a range may instead be split with "batas_atas".
TARGET_COLUMNS = ("kode_indikator", "tahun", "triwulan", "target", "batas_atas", "jatuh_tempo")
# Columns added by issue 18 at the end of a sheet: a file made from an older template, without them, still reads.
OPTIONAL_COLUMNS = frozenset({"jenis", "kumulatif", "batas_atas", "jatuh_tempo"})
YES = frozenset({"ya", "y", "1", "true", "benar", "kumulatif"})
NO = frozenset({"tidak", "t", "0", "false", "salah", "per triwulan", "per_triwulan"})
MAX_ROWS = 20_000
MAX_CELL_CHARS = 1000  # the longest real cell is a name (300); a code is 40
# Tighter than evidence's: both sheets full (20,000 rows each, as openpyxl writes them) are ≈15 MB of XML at ≈17:1.
ZIP_LIMITS = office.ZipLimits(entries=1000, total=64 * 1024 * 1024, ratio=200)


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` says so to the admin."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Changed(Exception):
    """What validation saw changed before the write (another admin's edit in between)."""


def unreadable_message() -> str:
    return _(
        "Berkas tidak dapat dibaca sebagai XLSX. Simpan ulang dari Excel atau LibreOffice sebagai Buku Kerja "
        "Excel (.xlsx), sebaiknya dari templat impor, lalu unggah lagi."
    )


def macros_message() -> str:
    return _("Berkas berisi makro (VBA) dan ditolak. Simpan sebagai Buku Kerja Excel (.xlsx) tanpa makro.")


def write_failed_message() -> str:
    return _(
        "Impor dibatalkan saat menyimpan: basis data menolak salah satu baris (misalnya kode yang sama baru saja "
        "ditambahkan pengguna lain). Tidak ada yang disimpan; periksa ulang berkas lalu terapkan lagi."
    )


@dataclass
class RowReport:
    sheet: str
    row: int
    key: str = ""
    action: str = ""  # baru | ubah
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)

    @property
    def ok(self) -> bool:
        return not self.problems

    def error(self, column: str, message: str) -> None:
        self.problems.append((column, message))


@dataclass
class ImportResult:
    rows: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False
    indicator_count: int = 0
    target_count: int = 0

    @property
    def errors(self) -> list[tuple[str, int, str, str]]:
        """(sheet, row, column, message) of every problem, in file order."""
        out = [(r.sheet, r.row, col, msg) for r in self.rows for col, msg in r.problems]
        return [("", 0, "", m) for m in self.file_errors] + out

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Indicator:
    report: RowReport
    unit: Unit | None = None
    code: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    existing: Indicator | None = None


@dataclass
class _Target:
    report: RowReport
    code: str = ""
    year: int | None = None
    quarter: int | None = None
    value: Decimal | None = None
    upper: Decimal | None = None
    due_quarter: int | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _column(columns: tuple[str, ...], name: str) -> str:
    return f"{get_column_letter(columns.index(name) + 1)} ({name})"


@dataclass
class _Row:
    number: int  # the row in the sheet, 1 = header
    cells: dict[str, Any]
    too_long: tuple[str, ...] = ()  # columns whose text exceeds MAX_CELL_CHARS (their cell reads as empty)


def _sheet_rows(workbook: Any, sheet: str, columns: tuple[str, ...], errors: list[str]) -> list[_Row]:
    """The data rows of one sheet as plain values; what is wrong with the sheet as a whole goes to `errors`."""
    if sheet not in workbook.sheetnames:
        errors.append(_('Lembar "%(sheet)s" tidak ditemukan.') % {"sheet": sheet})
        return []
    # max_col: cells right of the template's columns are never built; max_row: a sheet that declares a
    # million rows is read no further than one past the limit.
    rows = workbook[sheet].iter_rows(max_col=len(columns), max_row=MAX_ROWS + 1, values_only=True)
    header = [_text(v).lower() if not _is_long(v) else "" for v in next(rows, ())]
    given = tuple(header[: len(columns)]) + ("",) * (len(columns) - len(header))
    required = len(columns)
    while required and columns[required - 1] in OPTIONAL_COLUMNS:
        required -= 1
    if given[:required] != columns[:required] or any(
        h and h != c for h, c in zip(given[required:], columns[required:], strict=True)
    ):
        errors.append(
            _('Lembar "%(sheet)s" baris 1: judul kolom harus %(cols)s.') % {"sheet": sheet, "cols": ", ".join(columns)}
        )
        return []
    out = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            errors.append(_("Terlalu banyak baris (maksimum %(max)s).") % {"max": numbers.display(MAX_ROWS, 0)})
            break
        cells = dict(zip(columns, values, strict=False))
        too_long = tuple(name for name, value in cells.items() if _is_long(value))
        for name in too_long:
            cells[name] = None
        if not too_long and all(_text(v) == "" for v in cells.values()):
            continue  # empty rows are skipped, not errors
        out.append(_Row(number, cells, too_long))
    return out


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and len(value) > MAX_CELL_CHARS


def read_sheets(file: IO[bytes], sheets: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[list[list[_Row]], list[str]]:
    """The rows of each (sheet, columns) and the sheets' own problems; ImportFileError when the file is unreadable.

    Shared by every XLSX import (indicators, rencana aksi): the same guards before and while reading."""
    try:
        package = office.inspect(file, ZIP_LIMITS)
    except office.OfficeRefused as refused:
        raise ImportFileError(macros_message() if refused.code == "macros" else unreadable_message()) from refused
    if package is None or package.kind != "xlsx":
        raise ImportFileError(unreadable_message())
    errors: list[str] = []
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        try:
            out = [_sheet_rows(workbook, sheet, columns, errors) for sheet, columns in sheets]
        finally:
            workbook.close()
    except Exception as error:
        # openpyxl, zipfile, zlib and the XML parser (defusedxml's refusal of entities included) raise many
        # kinds for a malformed file, and in read-only mode they do so while the rows are read, not on load:
        # the whole read is guarded. Logged, because a bug of ours would land here too.
        logger.warning("Impor: berkas tidak dapat dibaca (%s)", type(error).__name__, exc_info=True)
        raise ImportFileError(unreadable_message()) from error
    return out, errors


def read_workbook(file: IO[bytes]) -> tuple[list[_Row], list[_Row], list[str]]:
    """The rows of the two sheets and the sheets' own problems; ImportFileError when the file is unreadable."""
    (indicators, targets), errors = read_sheets(
        file, ((INDICATOR_SHEET, INDICATOR_COLUMNS), (TARGET_SHEET, TARGET_COLUMNS))
    )
    return indicators, targets, errors


def _mark_too_long(report: RowReport, row: _Row, col: Any) -> None:
    """A too-long cell gets that one message (not also "Wajib diisi." because it was read as empty)."""
    if not row.too_long:
        return
    columns = {col(name) for name in row.too_long}
    report.problems = [(c, m) for c, m in report.problems if c not in columns]
    for name in row.too_long:
        report.error(
            col(name),
            _("Isi sel terlalu panjang (maksimum %(max)s karakter).") % {"max": numbers.display(MAX_CELL_CHARS, 0)},
        )


class _Lookups:
    def __init__(self, roadmap: Roadmap) -> None:
        self.units = {u.slug.lower(): u for u in Unit.objects.all()}
        # The road map's own framework: a code of another road map's is unknown here.
        self.areas = {a.code.lower(): a for a in ChangeArea.objects.filter(roadmap=roadmap)}
        self.aspects = {a.code.lower(): a for a in ElementAspect.objects.filter(roadmap=roadmap)}
        self.themes = {t.code.lower(): t for t in RbTheme.objects.filter(roadmap=roadmap)}
        self.indicators = {i.code.lower(): i for i in Indicator.objects.filter(roadmap=roadmap)}


def _number(report: RowReport, column: str, raw: Any, *, required: bool, size: numbers.Size) -> Decimal | None:
    """A number cell or text by roadmap.numbers, to the column's size; a refusal is the cell's message."""
    if _text(raw) == "":
        if required:
            report.error(column, _("Wajib diisi."))
        return None
    try:
        return numbers.parse(raw, size)
    except ValidationError as error:
        report.error(column, error.messages[0])
        return None


def _check_indicator(row: _Row, lookups: _Lookups, roadmap: Roadmap, seen: dict) -> _Indicator:
    number, cells = row.number, row.cells
    report = RowReport(sheet=INDICATOR_SHEET, row=number)
    item = _Indicator(report=report)
    col = lambda name: _column(INDICATOR_COLUMNS, name)  # noqa: E731 - a one-line helper

    slug = _text(cells["kode_unit"])
    item.unit = lookups.units.get(slug.lower())
    if not slug:
        report.error(col("kode_unit"), _("Wajib diisi."))
    elif item.unit is None:
        report.error(col("kode_unit"), _('Perangkat daerah dengan kode "%(slug)s" tidak ada.') % {"slug": slug})

    item.code = code = _text(cells["kode_indikator"])
    report.key = code
    if not code:
        report.error(col("kode_indikator"), _("Wajib diisi."))
    elif len(code) > 40:
        report.error(col("kode_indikator"), _("Kode terlalu panjang (maksimum 40 karakter)."))
    elif code.lower() in seen:
        report.error(
            col("kode_indikator"),
            _('Kode "%(code)s" ganda dalam berkas (sudah ada di baris %(row)s).')
            % {"code": code, "row": seen[code.lower()]},
        )
    else:
        seen[code.lower()] = number
        item.existing = lookups.indicators.get(code.lower())
        if item.existing and item.unit and item.existing.unit_id != item.unit.pk:
            report.error(
                col("kode_indikator"),
                _('Kode "%(code)s" sudah dipakai perangkat daerah lain pada road map ini.') % {"code": code},
            )
    report.action = _("ubah") if item.existing else _("baru")

    name = _text(cells["nama"])
    if not name:
        report.error(col("nama"), _("Wajib diisi."))
    elif len(name) > 300:
        report.error(col("nama"), _("Nama terlalu panjang (maksimum 300 karakter)."))

    refs = {}
    for column, table, label in (
        ("kode_area", lookups.areas, _("Area perubahan")),
        ("kode_aspek", lookups.aspects, _("Aspek elemen")),
        ("kode_tema", lookups.themes, _("Tema RB")),
    ):
        value = _text(cells[column])
        refs[column] = table.get(value.lower())
        if not value:
            if table or column == "kode_tema":  # optional where the road map defines no areas (or aspects)
                report.error(col(column), _("Wajib diisi."))
        elif refs[column] is None:
            report.error(col(column), _('%(what)s dengan kode "%(code)s" tidak ada.') % {"what": label, "code": value})

    satuan = _text(cells["satuan"]).lower()
    satuan = {str(label).lower(): value for value, label in Satuan.choices}.get(satuan, satuan)
    if satuan not in Satuan.values:
        report.error(
            col("satuan"),
            _('Satuan "%(value)s" tidak dikenal; pilih salah satu: %(choices)s.')
            % {"value": _text(cells["satuan"]), "choices": ", ".join(Satuan.values)},
        )
    polarity = _text(cells["polaritas"]).lower() or Polarity.HIGHER
    if polarity not in Polarity.values:
        report.error(
            col("polaritas"),
            _('Polaritas "%(value)s" tidak dikenal; pilih salah satu: %(choices)s.')
            % {"value": _text(cells["polaritas"]), "choices": ", ".join(Polarity.values)},
        )
    kind = _text(cells["jenis"]).lower()
    kind = {str(label).lower(): value for value, label in IndicatorKind.choices}.get(kind, kind)
    if kind and kind not in IndicatorKind.values:
        report.error(
            col("jenis"),
            _('Jenis indikator "%(value)s" tidak dikenal; pilih salah satu: %(choices)s.')
            % {"value": _text(cells["jenis"]), "choices": ", ".join(IndicatorKind.values)},
        )
    raw_cumulative = _text(cells["kumulatif"]).lower()
    cumulative: bool | None = None
    if raw_cumulative in YES:
        cumulative = True
    elif raw_cumulative in NO:
        cumulative = False
    elif raw_cumulative:
        report.error(col("kumulatif"), _('Kolom kumulatif diisi "ya" atau "tidak" (kosong: menurut satuan).'))
    baseline = _number(report, col("baseline"), cells["baseline"], required=False, size=numbers.VALUE)
    weight = _number(report, col("bobot"), cells["bobot"], required=False, size=numbers.WEIGHT)
    if weight is not None and weight <= 0:
        report.error(col("bobot"), _("Bobot harus lebih dari 0."))
    _mark_too_long(report, row, col)

    item.values = {
        "roadmap": roadmap,
        "unit": item.unit,
        "name": name,
        "area": refs["kode_area"],
        "aspect": refs["kode_aspek"],
        "theme": refs["kode_tema"],
        "satuan": satuan,
        "polarity": polarity,
        "baseline": baseline.quantize(numbers.VALUE.quantum) if baseline is not None else None,
        "weight": (weight if weight is not None else Decimal(1)).quantize(numbers.WEIGHT.quantum),
    }
    # Empty: an existing indicator keeps its own; a new one takes the default (outcome; cumulative by satuan).
    if kind or item.existing is None:
        item.values["kind"] = kind or IndicatorKind.OUTCOME
    if cumulative is not None or item.existing is None:
        item.values["cumulative"] = (
            cumulative if cumulative is not None else cumulative_default(satuan)
        ) and polarity != Polarity.MILESTONE
    return item


def _check_target(row: _Row, roadmap: Roadmap, known: dict[str, str], seen: dict) -> _Target:
    """One target row; `known` maps every indicator code (lower case) of the sheet and the road map to its
    polarity (a milestone's yearly row needs its due quarter)."""
    number, cells = row.number, row.cells
    report = RowReport(sheet=TARGET_SHEET, row=number)
    item = _Target(report=report)
    col = lambda name: _column(TARGET_COLUMNS, name)  # noqa: E731 - a one-line helper

    item.code = code = _text(cells["kode_indikator"])
    if not code:
        report.error(col("kode_indikator"), _("Wajib diisi."))
    elif code.lower() not in known:
        report.error(
            col("kode_indikator"),
            _('Indikator "%(code)s" tidak ada di lembar Indikator maupun di road map ini.') % {"code": code},
        )

    year = _number(report, col("tahun"), cells["tahun"], required=True, size=numbers.VALUE)
    if year is not None:
        if year != year.to_integral_value() or not roadmap.contains_year(int(year)):
            report.error(
                col("tahun"),
                _("Tahun %(year)s di luar masa road map (%(start)s–%(end)s).")
                % {"year": _text(cells["tahun"]), "start": roadmap.start_year, "end": roadmap.end_year},
            )
        else:
            item.year = int(year)

    raw_quarter = _text(cells["triwulan"])
    if raw_quarter:
        quarter = raw_quarter.upper().removeprefix("TW").strip()
        quarter = {"I": "1", "II": "2", "III": "3", "IV": "4"}.get(quarter, quarter)
        if quarter not in ("1", "2", "3", "4"):
            report.error(col("triwulan"), _("Triwulan harus 1 sampai 4 (kosong untuk target tahunan)."))
        else:
            item.quarter = int(quarter)

    _check_target_value(item, cells, col)
    raw_due = _text(cells["jatuh_tempo"])
    if raw_due:
        due = raw_due.upper().removeprefix("TW").strip()
        due = {"I": "1", "II": "2", "III": "3", "IV": "4"}.get(due, due)
        if item.quarter is not None:
            report.error(col("jatuh_tempo"), _("Jatuh tempo hanya diisi pada baris target tahunan (triwulan kosong)."))
        elif due not in ("1", "2", "3", "4"):
            report.error(col("jatuh_tempo"), _("Jatuh tempo harus triwulan 1 sampai 4."))
        else:
            item.due_quarter = int(due)
    if item.quarter is None and known.get(code.lower()) == Polarity.MILESTONE and not raw_due:
        report.error(col("jatuh_tempo"), _("Indikator milestone wajib memiliki triwulan jatuh tempo."))
    _mark_too_long(report, row, col)
    period = f"TW {item.quarter}" if item.quarter else _("tahunan")
    report.key = f"{code} {item.year or ''} {period}".strip()
    key = (code.lower(), item.year, item.quarter)
    if report.ok:
        if key in seen:
            report.error(
                col("kode_indikator"),
                _("Target ganda: indikator, tahun dan triwulan yang sama sudah ada di baris %(row)s.")
                % {"row": seen[key]},
            )
        else:
            seen[key] = number
    return item


def _check_target_value(item: _Target, cells: dict[str, Any], col: Any) -> None:
    """The target: one number, a range "2,5–3,5" in the target column, or the lower bound there and the upper one
    in batas_atas."""
    report = item.report
    raw, raw_upper = cells["target"], cells["batas_atas"]
    if _text(raw) == "":
        report.error(col("target"), _("Wajib diisi."))
        return
    try:
        item.value, item.upper = numbers.parse_range(raw, numbers.VALUE)
    except ValidationError as error:
        report.error(col("target"), error.messages[0])
        return
    if _text(raw_upper) == "":
        return
    if item.upper is not None:
        report.error(col("batas_atas"), _("Rentang sudah ditulis di kolom target; kosongkan batas_atas."))
        return
    item.upper = _number(report, col("batas_atas"), raw_upper, required=False, size=numbers.VALUE)
    if item.upper is not None and item.value is not None and item.upper < item.value:
        report.error(col("batas_atas"), _("Batas atas target tidak boleh di bawah batas bawahnya."))


def import_indicators(*, file: IO[bytes], roadmap: Roadmap, apply: bool) -> ImportResult:
    """Validate the file (dry run); with apply=True and no error at all, save everything in one transaction."""
    result = ImportResult()
    try:
        indicator_rows, target_rows, sheet_errors = read_workbook(file)
    except ImportFileError as error:
        result.file_errors.append(error.message)
        return result
    result.file_errors.extend(sheet_errors)

    lookups = _Lookups(roadmap)
    seen_codes: dict[str, int] = {}
    indicators = [_check_indicator(row, lookups, roadmap, seen_codes) for row in indicator_rows]
    known = {code: i.polarity for code, i in lookups.indicators.items()}
    known.update({i.code.lower(): i.values.get("polarity", "") for i in indicators if i.code})
    seen_targets: dict[tuple, int] = {}
    targets = [_check_target(row, roadmap, known, seen_targets) for row in target_rows]
    result.rows = [i.report for i in indicators] + [t.report for t in targets]
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("Berkas tidak berisi data."))
    if not apply or not result.ok:
        return result

    try:
        with transaction.atomic():
            _write(roadmap, indicators, targets, lookups)
    except (DatabaseError, _Changed):
        # The transaction is rolled back whole: nothing of the import stays.
        logger.warning("Impor ke road map %s dibatalkan saat menyimpan", roadmap.pk, exc_info=True)
        result.file_errors.append(write_failed_message())
        return result
    result.applied = True
    result.indicator_count = len(indicators)
    result.target_count = len(targets)
    return result


def _write(roadmap: Roadmap, indicators: Sequence[_Indicator], targets: Sequence[_Target], lookups: _Lookups) -> None:
    """The writes of a validated import (inside its transaction); raises _Changed or a DatabaseError."""
    seen = {item.existing.pk: item.existing for item in indicators if item.existing}
    # The rows validation saw as existing, locked and read again: still this road map's, same code, same unit.
    locked = {i.pk: i for i in Indicator.objects.select_for_update(of=("self",)).filter(pk__in=seen)}
    by_code: dict[str, Indicator] = dict(lookups.indicators)
    for item in indicators:
        if item.existing is None:
            # A plain insert: a code another admin inserted meanwhile is a unique violation, not an update
            # of their indicator (update_or_create would find it and move it to this file's unit).
            indicator = Indicator.objects.create(code=item.code, **item.values)
        else:
            indicator = locked.get(item.existing.pk)
            before = item.existing
            if indicator is None or (indicator.roadmap_id, indicator.unit_id, indicator.code) != (
                before.roadmap_id,
                before.unit_id,
                before.code,
            ):
                raise _Changed(item.code)
            for name, value in item.values.items():
                setattr(indicator, name, value)
            indicator.save()
        by_code[item.code.lower()] = indicator
    for target in targets:
        indicator = by_code[target.code.lower()]
        values = {"value": target.value, "value_upper": target.upper}
        if target.quarter is None:
            IndicatorAnnualTarget.objects.update_or_create(
                indicator=indicator, year=target.year, defaults={**values, "due_quarter": target.due_quarter}
            )
        else:
            IndicatorTarget.objects.update_or_create(
                indicator=indicator, year=target.year, quarter=target.quarter, defaults=values
            )


def write_template(out: IO[bytes], roadmap: Roadmap | None = None) -> None:
    """The import template: the two data sheets with an example row, and a sheet of the valid codes (those of
    `roadmap`'s framework; by default the active road map's)."""
    roadmap = roadmap or Roadmap.objects.filter(is_active=True).first() or Roadmap.objects.first()
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    ws.title = INDICATOR_SHEET
    ws.append(list(INDICATOR_COLUMNS))
    ws.append(
        [
            "bpsdm",
            "BPSDM-01",
            "Indeks BerAKHLAK pegawai",
            "MP",
            "budaya",
            "general",
            "indeks",
            "higher",
            "68",
            "1",
            "outcome",
            "tidak",
        ]
    )
    ws2 = wb.create_sheet(TARGET_SHEET)
    ws2.append(list(TARGET_COLUMNS))
    ws2.append(["BPSDM-01", 2025, None, "72"])
    ws2.append(["BPSDM-01", 2025, 1, "72"])
    ws2.append(["BPSDM-01", 2025, 2, "72–75"])
    for sheet, columns in ((ws, INDICATOR_COLUMNS), (ws2, TARGET_COLUMNS)):
        sheet.freeze_panes = "A2"
        for i, _name in enumerate(columns, start=1):
            sheet.cell(row=1, column=i).font = bold
            sheet.column_dimensions[get_column_letter(i)].width = 18
    ref = wb.create_sheet(_("Petunjuk"))
    ref.append([_("Kolom"), _("Nilai yang sah")])
    ref.append(["kode_unit", ", ".join(Unit.objects.order_by("slug").values_list("slug", flat=True))])
    for column, model, order in (
        ("kode_area", ChangeArea, ("order",)),
        ("kode_aspek", ElementAspect, ("element", "order")),
        ("kode_tema", RbTheme, ("order",)),
    ):
        codes = model.objects.filter(roadmap=roadmap).order_by(*order).values_list("code", flat=True)
        ref.append([column, ", ".join(codes) or _("(road map ini tidak memilikinya: kosongkan)")])
    ref.append(["satuan", ", ".join(Satuan.values)])
    ref.append(["polaritas", ", ".join(Polarity.values)])
    ref.append(["jenis", ", ".join(IndicatorKind.values) + _(" (kosong: outcome)")])
    ref.append(
        ["kumulatif", _("ya / tidak; kosong: ya untuk satuan hitungan, tidak untuk persen, indeks, nilai, level")]
    )
    ref.append(["triwulan", _("1–4; kosong = target tahunan")])
    ref.append(["target", _("satu angka, atau rentang 2,5–3,5 (batas bawah–batas atas)")])
    ref.append(["batas_atas", _("batas atas rentang bila tidak ditulis di kolom target")])
    ref.append(["jatuh_tempo", _("1–4, hanya pada baris target tahunan; wajib untuk indikator milestone")])
    ref.append([_("angka"), _("85,5 atau 1.234,5 (format Indonesia) atau sel angka; 1.234 tidak jelas: tulis 1234")])
    ref.column_dimensions["A"].width = 14
    ref.column_dimensions["B"].width = 120
    wb.save(out)
