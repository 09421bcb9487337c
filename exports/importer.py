"""Import of indicators and their yearly and quarterly targets from an XLSX template.

Two sheets: "Indikator" (one row per indicator) and "Target" (one row per indicator × year ×
quarter; an empty quarter is the yearly target). Every row is validated first and reported
(row, column, message); applying is all or nothing: with any error nothing is saved, and the
writes themselves run in one transaction.

Decision: an indicator whose code already exists in the road map is *updated* (same unit only);
a code owned by another unit is an error, because moving an indicator would move its history.
Targets are upserted by (indicator, year[, quarter]). Nothing is ever deleted by an import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from areas.models import (
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorTarget,
    Polarity,
    RbTheme,
    Satuan,
)
from roadmap.models import Roadmap, Unit

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
)
TARGET_COLUMNS = ("kode_indikator", "tahun", "triwulan", "target")
MAX_ROWS = 20_000
DECIMAL_LIMIT = Decimal(10) ** 12  # DecimalField(max_digits=16, decimal_places=4)
WEIGHT_LIMIT = Decimal(10) ** 6  # DecimalField(max_digits=8, decimal_places=2)
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


def parse_number(value: Any) -> Decimal:
    """A number cell, or text the Indonesian way: `85,5`, `1.234,5`, `1.234` (thousands). Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if "," in text:
            # Indonesian: dots group thousands, the comma is the decimal mark.
            text = text.replace(".", "").replace(",", ".", 1)
        elif _GROUPED.match(text):
            text = text.replace(".", "")
        # Otherwise a lone dot ("2.5") can only be a decimal point: grouping needs three digits.
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _column(columns: tuple[str, ...], name: str) -> str:
    return f"{get_column_letter(columns.index(name) + 1)} ({name})"


def _rows(workbook: Any, sheet: str, columns: tuple[str, ...], result: ImportResult) -> Iterable[tuple[int, dict]]:
    if sheet not in workbook.sheetnames:
        result.file_errors.append(_('Lembar "%(sheet)s" tidak ditemukan.') % {"sheet": sheet})
        return []
    rows = workbook[sheet].iter_rows(values_only=True)
    header = [_text(v).lower() for v in next(rows, ())]
    if tuple(header[: len(columns)]) != columns:
        result.file_errors.append(
            _('Lembar "%(sheet)s" baris 1: judul kolom harus %(cols)s.') % {"sheet": sheet, "cols": ", ".join(columns)}
        )
        return []
    out = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            result.file_errors.append(_("Terlalu banyak baris (maksimum %(max)s).") % {"max": MAX_ROWS})
            break
        cells = dict(zip(columns, list(values)[: len(columns)], strict=False))
        if all(_text(v) == "" for v in cells.values()):
            continue  # empty rows are skipped, not errors
        out.append((number, cells))
    return out


class _Lookups:
    def __init__(self, roadmap: Roadmap) -> None:
        self.units = {u.slug.lower(): u for u in Unit.objects.all()}
        self.areas = {a.code.lower(): a for a in ChangeArea.objects.all()}
        self.aspects = {a.code.lower(): a for a in ElementAspect.objects.all()}
        self.themes = {t.code.lower(): t for t in RbTheme.objects.all()}
        self.indicators = {i.code.lower(): i for i in Indicator.objects.filter(roadmap=roadmap)}


def _number(report: RowReport, column: str, raw: Any, *, required: bool, limit: Decimal) -> Decimal | None:
    if _text(raw) == "":
        if required:
            report.error(column, _("Wajib diisi."))
        return None
    try:
        number = parse_number(raw)
    except ValueError:
        report.error(column, _('"%(value)s" bukan angka (contoh: 85,5 atau 1.234,5).') % {"value": _text(raw)})
        return None
    if abs(number) >= limit:
        report.error(column, _("Angka terlalu besar."))
        return None
    return number


def _check_indicator(number: int, cells: dict, lookups: _Lookups, roadmap: Roadmap, seen: dict) -> _Indicator:
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
    baseline = _number(report, col("baseline"), cells["baseline"], required=False, limit=DECIMAL_LIMIT)
    weight = _number(report, col("bobot"), cells["bobot"], required=False, limit=WEIGHT_LIMIT)
    if weight is not None and weight <= 0:
        report.error(col("bobot"), _("Bobot harus lebih dari 0."))

    item.values = {
        "roadmap": roadmap,
        "unit": item.unit,
        "name": name,
        "area": refs["kode_area"],
        "aspect": refs["kode_aspek"],
        "theme": refs["kode_tema"],
        "satuan": satuan,
        "polarity": polarity,
        "baseline": baseline.quantize(Decimal("0.0001")) if baseline is not None else None,
        "weight": (weight if weight is not None else Decimal(1)).quantize(Decimal("0.01")),
    }
    return item


def _check_target(number: int, cells: dict, roadmap: Roadmap, known: set[str], seen: dict) -> _Target:
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

    year = _number(report, col("tahun"), cells["tahun"], required=True, limit=Decimal(10000))
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

    item.value = _number(report, col("target"), cells["target"], required=True, limit=DECIMAL_LIMIT)
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


def import_indicators(*, file: IO[bytes], roadmap: Roadmap, apply: bool) -> ImportResult:
    """Validate the file (dry run); with apply=True and no error at all, save everything in one transaction."""
    result = ImportResult()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        result.file_errors.append(_("Berkas tidak dapat dibaca sebagai XLSX."))
        return result

    lookups = _Lookups(roadmap)
    seen_codes: dict[str, int] = {}
    indicators = [
        _check_indicator(n, cells, lookups, roadmap, seen_codes)
        for n, cells in _rows(workbook, INDICATOR_SHEET, INDICATOR_COLUMNS, result)
    ]
    known = set(seen_codes) | set(lookups.indicators)
    seen_targets: dict[tuple, int] = {}
    targets = [
        _check_target(n, cells, roadmap, known, seen_targets)
        for n, cells in _rows(workbook, TARGET_SHEET, TARGET_COLUMNS, result)
    ]
    workbook.close()
    result.rows = [i.report for i in indicators] + [t.report for t in targets]
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("Berkas tidak berisi data."))
    if not apply or not result.ok:
        return result

    with transaction.atomic():
        by_code: dict[str, Indicator] = dict(lookups.indicators)
        for item in indicators:
            indicator, _created = Indicator.objects.update_or_create(
                roadmap=roadmap, code=item.code, defaults=item.values
            )
            by_code[item.code.lower()] = indicator
        for target in targets:
            indicator = by_code[target.code.lower()]
            if target.quarter is None:
                IndicatorAnnualTarget.objects.update_or_create(
                    indicator=indicator, year=target.year, defaults={"value": target.value}
                )
            else:
                IndicatorTarget.objects.update_or_create(
                    indicator=indicator, year=target.year, quarter=target.quarter, defaults={"value": target.value}
                )
    result.applied = True
    result.indicator_count = len(indicators)
    result.target_count = len(targets)
    return result


def write_template(out: IO[bytes]) -> None:
    """The import template: the two data sheets with an example row, and a sheet of valid codes."""
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    ws.title = INDICATOR_SHEET
    ws.append(list(INDICATOR_COLUMNS))
    ws.append(
        ["bpsdm", "BPSDM-01", "Indeks BerAKHLAK pegawai", "MP", "budaya", "general", "indeks", "higher", "68", "1"]
    )
    ws2 = wb.create_sheet(TARGET_SHEET)
    ws2.append(list(TARGET_COLUMNS))
    ws2.append(["BPSDM-01", 2025, None, "72"])
    ws2.append(["BPSDM-01", 2025, 1, "72"])
    ws2.append(["BPSDM-01", 2025, 2, "72,5"])
    for sheet, columns in ((ws, INDICATOR_COLUMNS), (ws2, TARGET_COLUMNS)):
        sheet.freeze_panes = "A2"
        for i, _name in enumerate(columns, start=1):
            sheet.cell(row=1, column=i).font = bold
            sheet.column_dimensions[get_column_letter(i)].width = 18
    ref = wb.create_sheet(_("Petunjuk"))
    ref.append([_("Kolom"), _("Nilai yang sah")])
    ref.append(["kode_unit", ", ".join(Unit.objects.order_by("slug").values_list("slug", flat=True))])
    ref.append(["kode_area", ", ".join(ChangeArea.objects.order_by("order").values_list("code", flat=True))])
    ref.append(
        ["kode_aspek", ", ".join(ElementAspect.objects.order_by("element", "order").values_list("code", flat=True))]
    )
    ref.append(["kode_tema", ", ".join(RbTheme.objects.order_by("order").values_list("code", flat=True))])
    ref.append(["satuan", ", ".join(Satuan.values)])
    ref.append(["polaritas", ", ".join(Polarity.values)])
    ref.append(["triwulan", _("1–4; kosong = target tahunan")])
    ref.append([_("angka"), _("85,5 atau 1.234,5 (format Indonesia) atau sel angka")])
    ref.column_dimensions["A"].width = 14
    ref.column_dimensions["B"].width = 120
    wb.save(out)
