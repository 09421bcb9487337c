"""Import of the rencana aksi (the road map's action plan) from an XLSX template, like the indicator import.

Four data sheets: "Kegiatan" (kegiatan utama of RB General under an area, sasaran tematik of RB Tematik under a
theme), "Rencana Aksi" (one row per action of one year), "Pelaksana" (one row per implementing unit and its
share) and "Tahapan" (one row per action × quarter: what is planned and the planned cumulative progress). A
"Petunjuk" sheet of the template lists the valid codes. Every row is validated first and every problem is reported
by sheet, row and column in Indonesian; applying is all or nothing, in one transaction.

Decisions:
- A row is matched by its code: a kegiatan by (road map, code), a rencana aksi by (road map, year, code), a
  pelaksana by (action, unit), a tahapan by (action, quarter). What exists is *updated*, so importing the same
  file again changes nothing. Nothing is ever deleted by an import (a pelaksana may already have reported).
- The indicators an action serves are set to those the row names (the row describes the action).
- Units (koordinator, pelaksana) are named by slug or short name; a short name two units share is refused.
- The tahapan of an action are checked together, the file's rows over what is saved already: inside the action's
  start..end quarters and never falling (areas.models.check_stages), each problem on the row that causes it.
- A new action needs at least one pelaksana; the pelaksana's shares of the budget (and of the output target) may
  not add up to more than the action's.

The file is read by exports.importer.read_sheets: the same guards (roadmap.office's zip inspection, defusedxml, the
cell length cap, numbers by roadmap.numbers to the columns' sizes). Writing re-checks what validation saw (rows
locked; a new code inserted, never "updated" into another admin's row); any refusal rolls everything back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from areas.models import (
    ActionAssignment,
    ActionGroup,
    ActionKind,
    ActionPlan,
    ActionStage,
    ChangeArea,
    Indicator,
    RbTheme,
    ThemeKind,
    check_stages,
)
from exports.importer import (
    ImportFileError,
    ImportResult,
    RowReport,
    _mark_too_long,
    _number,
    _Row,
    _text,
    read_sheets,
    write_failed_message,
)
from roadmap import numbers
from roadmap.models import Roadmap, Unit

logger = logging.getLogger(__name__)

GROUP_SHEET = "Kegiatan"
PLAN_SHEET = "Rencana Aksi"
ASSIGNMENT_SHEET = "Pelaksana"
STAGE_SHEET = "Tahapan"
GROUP_COLUMNS = ("jenis", "kode_kegiatan", "nama", "kode_area", "kode_tema", "urutan")
PLAN_COLUMNS = (
    "kode_kegiatan",
    "tahun",
    "kode_rencana_aksi",
    "nama",
    "output",
    "satuan_output",
    "target_output",
    "anggaran",
    "koordinator",
    "tw_mulai",
    "tw_selesai",
    "quick_win",
    "kode_indikator",
    "uraian",
)
ASSIGNMENT_COLUMNS = ("tahun", "kode_rencana_aksi", "unit", "target_output", "anggaran", "keterangan")
STAGE_COLUMNS = ("tahun", "kode_rencana_aksi", "triwulan", "tahapan", "rencana_progres")
SHEETS = (
    (GROUP_SHEET, GROUP_COLUMNS),
    (PLAN_SHEET, PLAN_COLUMNS),
    (ASSIGNMENT_SHEET, ASSIGNMENT_COLUMNS),
    (STAGE_SHEET, STAGE_COLUMNS),
)
# The columns' sizes (areas.models RUPIAH and PERCENT): nothing validated can overflow on apply.
RUPIAH = numbers.Size(max_digits=18, places=2)
PERCENT = numbers.Size(max_digits=5, places=2)
MAX_ORDER = 32767
_KINDS = {
    "general": ActionKind.GENERAL,
    "rb general": ActionKind.GENERAL,
    "tematik": ActionKind.TEMATIK,
    "rb tematik": ActionKind.TEMATIK,
}
_YES = frozenset({"ya", "y", "1", "true", "benar", "x", "v", "✓"})
_NO = frozenset({"", "tidak", "t", "0", "false", "salah", "-"})
_QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_SPLIT = re.compile(r"[,;\n]+")


class _Changed(Exception):
    """What validation saw changed before the write (another admin's edit in between)."""


@dataclass
class PlanImportResult(ImportResult):
    group_count: int = 0
    plan_count: int = 0
    assignment_count: int = 0
    stage_count: int = 0


def _col(columns: tuple[str, ...]) -> Callable[[str], str]:
    return lambda name: f"{get_column_letter(columns.index(name) + 1)} ({name})"


def _code(report: RowReport, column: str, raw: Any, *, max_length: int = 40) -> str:
    code = _text(raw)
    if not code:
        report.error(column, _("Wajib diisi."))
    elif len(code) > max_length:
        report.error(column, _("Kode terlalu panjang (maksimum %(max)s karakter).") % {"max": max_length})
    return code


def _required_text(report: RowReport, column: str, raw: Any, max_length: int, *, required: bool = True) -> str:
    value = _text(raw)
    if not value:
        if required:
            report.error(column, _("Wajib diisi."))
    elif len(value) > max_length:
        report.error(column, _("Teks terlalu panjang (maksimum %(max)s karakter).") % {"max": max_length})
    return value


def _quarter(report: RowReport, column: str, raw: Any, *, default: int | None) -> int | None:
    text = _text(raw).lower().removeprefix("tw").strip()
    if not text:
        if default is None:
            report.error(column, _("Wajib diisi."))
        return default
    quarter = _QUARTERS.get(text)
    if quarter is None:
        report.error(column, _("Triwulan harus 1 sampai 4 (atau I sampai IV)."))
    return quarter


def _year(report: RowReport, column: str, raw: Any, roadmap: Roadmap) -> int | None:
    text = _text(raw)
    if not text:
        report.error(column, _("Wajib diisi."))
        return None
    if not text.isdigit() or not roadmap.contains_year(int(text)):
        report.error(
            column,
            _("Tahun harus dalam masa road map (%(start)s–%(end)s).")
            % {"start": roadmap.start_year, "end": roadmap.end_year},
        )
        return None
    return int(text)


class _Lookups:
    def __init__(self, roadmap: Roadmap) -> None:
        self.roadmap = roadmap
        units = list(Unit.objects.all())
        self.units: dict[str, Unit | None] = {}
        for unit in units:  # short names first: a slug always wins, a short name two units share is ambiguous
            key = unit.short_name.strip().lower()
            if key:
                self.units[key] = None if key in self.units else unit
        for unit in units:
            self.units[unit.slug.lower()] = unit
        self.areas = {a.code.lower(): a for a in ChangeArea.objects.filter(roadmap=roadmap)}
        self.themes = {t.code.lower(): t for t in RbTheme.objects.filter(roadmap=roadmap)}
        self.indicators = {i.code.lower(): i for i in Indicator.objects.filter(roadmap=roadmap)}
        self.groups = {g.code.lower(): g for g in ActionGroup.objects.filter(roadmap=roadmap)}
        self.plans = {
            (p.year, p.code.lower()): p for p in ActionPlan.objects.filter(roadmap=roadmap).select_related("group")
        }
        self.assignments = {(a.plan_id, a.unit_id): a for a in ActionAssignment.objects.filter(plan__roadmap=roadmap)}
        self.stages: dict[int, dict[int, Decimal]] = {}
        for stage in ActionStage.objects.filter(plan__roadmap=roadmap):
            self.stages.setdefault(stage.plan_id, {})[stage.quarter] = stage.planned_progress

    def unit(self, report: RowReport, column: str, raw: Any) -> Unit | None:
        name = _text(raw)
        if not name:
            report.error(column, _("Wajib diisi."))
            return None
        key = name.lower()
        if key in self.units and self.units[key] is None:
            report.error(
                column,
                _('Singkatan "%(name)s" dipakai lebih dari satu perangkat daerah; tulis slug-nya.') % {"name": name},
            )
            return None
        unit = self.units.get(key)
        if unit is None:
            report.error(
                column, _('Perangkat daerah "%(name)s" tidak ada (tulis slug atau singkatan).') % {"name": name}
            )
        elif not unit.is_active:
            report.error(column, _("Perangkat daerah %(unit)s tidak aktif.") % {"unit": unit.name})
            return None
        return unit


# --- the rows -----------------------------------------------------------------------------------------


@dataclass
class _Group:
    report: RowReport
    code: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    existing: ActionGroup | None = None


@dataclass
class _Plan:
    report: RowReport
    key: tuple[int, str] | None = None  # (year, code lowered)
    code: str = ""
    group_code: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    existing: ActionPlan | None = None


@dataclass
class _Assignment:
    report: RowReport
    plan_key: tuple[int, str] | None = None
    unit: Unit | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Stage:
    report: RowReport
    plan_key: tuple[int, str] | None = None
    quarter: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _check_group(row: _Row, lookups: _Lookups, seen: dict[str, int]) -> _Group:
    cells, col = row.cells, _col(GROUP_COLUMNS)
    report = RowReport(sheet=GROUP_SHEET, row=row.number)
    item = _Group(report=report)

    raw_kind = _text(cells["jenis"])
    kind = _KINDS.get(raw_kind.lower())
    if not raw_kind:
        report.error(col("jenis"), _("Wajib diisi."))
    elif kind is None:
        report.error(
            col("jenis"), _('Jenis "%(value)s" tidak dikenal; tulis general atau tematik.') % {"value": raw_kind}
        )

    item.code = code = _code(report, col("kode_kegiatan"), cells["kode_kegiatan"])
    report.key = code
    if code and len(code) <= 40:
        if code.lower() in seen:
            report.error(
                col("kode_kegiatan"),
                _('Kode "%(code)s" ganda dalam berkas (sudah ada di baris %(row)s).')
                % {"code": code, "row": seen[code.lower()]},
            )
        else:
            seen[code.lower()] = row.number
            item.existing = lookups.groups.get(code.lower())
    report.action = _("ubah") if item.existing else _("baru")
    name = _required_text(report, col("nama"), cells["nama"], 300)

    area_code, theme_code = _text(cells["kode_area"]), _text(cells["kode_tema"])
    area = lookups.areas.get(area_code.lower()) if area_code else None
    theme = lookups.themes.get(theme_code.lower()) if theme_code else None
    if area_code and area is None:
        report.error(col("kode_area"), _('Area perubahan dengan kode "%(code)s" tidak ada.') % {"code": area_code})
    if theme_code and theme is None:
        report.error(col("kode_tema"), _('Tema RB dengan kode "%(code)s" tidak ada.') % {"code": theme_code})
    if kind == ActionKind.GENERAL:
        if theme_code:
            report.error(col("kode_tema"), _("Kegiatan utama RB General tidak memakai tema; kosongkan kode_tema."))
        if not area_code and lookups.areas:
            report.error(col("kode_area"), _("Kegiatan utama RB General harus berada di bawah satu area perubahan."))
    elif kind == ActionKind.TEMATIK:
        if area_code:
            report.error(
                col("kode_area"), _("Sasaran tematik tidak berada di bawah area perubahan; kosongkan kode_area.")
            )
        if not theme_code:
            report.error(col("kode_tema"), _("Sasaran tematik harus berada di bawah satu tema RB Tematik."))
        elif theme is not None and theme.kind != ThemeKind.TEMATIK:
            report.error(col("kode_tema"), _("Tema %(theme)s bukan tema RB Tematik.") % {"theme": theme.name})

    order_text = _text(cells["urutan"])
    order = 0
    if order_text:
        if not order_text.isdigit() or int(order_text) > MAX_ORDER:
            report.error(col("urutan"), _("Urutan harus bilangan bulat 0 sampai %(max)s.") % {"max": MAX_ORDER})
        else:
            order = int(order_text)
    _mark_too_long(report, row, col)
    item.values = {
        "roadmap": lookups.roadmap,
        "kind": kind,
        "area": area,
        "theme": theme,
        "name": name,
        "order": order,
    }
    if report.ok:  # the model's own rule too, in case it says more than the checks above
        _model_clean(ActionGroup(code=code, **item.values), report, col, {"area": "kode_area", "theme": "kode_tema"})
    return item


def _model_clean(instance: Any, report: RowReport, col: Callable[[str], str], columns: dict[str, str]) -> None:
    try:
        instance.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                report.error(col(columns.get(name, next(iter(columns.values())))), message)


def _yes_no(report: RowReport, column: str, raw: Any) -> bool:
    value = raw if isinstance(raw, bool) else _text(raw).lower()
    if isinstance(value, bool):
        return value
    if value in _YES:
        return True
    if value not in _NO:
        report.error(column, _('"%(value)s" bukan ya/tidak.') % {"value": _text(raw)})
    return False


def _check_plan(row: _Row, lookups: _Lookups, group_codes: set[str], seen: dict) -> _Plan:
    cells, col = row.cells, _col(PLAN_COLUMNS)
    report = RowReport(sheet=PLAN_SHEET, row=row.number)
    item = _Plan(report=report)

    item.group_code = group_code = _code(report, col("kode_kegiatan"), cells["kode_kegiatan"])
    if group_code and len(group_code) <= 40 and group_code.lower() not in group_codes:
        report.error(
            col("kode_kegiatan"),
            _('Kegiatan utama / sasaran tematik "%(code)s" tidak ada di lembar Kegiatan maupun di road map ini.')
            % {"code": group_code},
        )
    year = _year(report, col("tahun"), cells["tahun"], lookups.roadmap)
    item.code = code = _code(report, col("kode_rencana_aksi"), cells["kode_rencana_aksi"])
    report.key = f"{code} {year or ''}".strip()
    if code and len(code) <= 40 and year:
        key = (year, code.lower())
        if key in seen:
            report.error(
                col("kode_rencana_aksi"),
                _('Rencana aksi "%(code)s" tahun %(year)s ganda dalam berkas (sudah ada di baris %(row)s).')
                % {"code": code, "year": year, "row": seen[key]},
            )
        else:
            seen[key] = row.number
            item.key = key
            item.existing = lookups.plans.get(key)
    report.action = _("ubah") if item.existing else _("baru")

    name = _required_text(report, col("nama"), cells["nama"], 300)
    output = _required_text(report, col("output"), cells["output"], 300)
    satuan = _required_text(report, col("satuan_output"), cells["satuan_output"], 50)
    target = _number(report, col("target_output"), cells["target_output"], required=True, size=numbers.VALUE)
    if target is not None and target <= 0:
        report.error(col("target_output"), _("Target output harus lebih dari 0."))
        target = None
    budget = _number(report, col("anggaran"), cells["anggaran"], required=False, size=RUPIAH)
    if budget is None and _text(cells["anggaran"]) == "":
        budget = Decimal(0)  # no budget; None below means a refused cell (the shares are not compared with it)
    coordinator = lookups.unit(report, col("koordinator"), cells["koordinator"])
    start = _quarter(report, col("tw_mulai"), cells["tw_mulai"], default=1)
    end = _quarter(report, col("tw_selesai"), cells["tw_selesai"], default=4)
    if start and end and start > end:
        report.error(col("tw_selesai"), _("Triwulan selesai tidak boleh sebelum triwulan mulai."))
    quick_win = _yes_no(report, col("quick_win"), cells["quick_win"])
    for raw_code in (c.strip() for c in _SPLIT.split(_text(cells["kode_indikator"]))):
        if not raw_code:
            continue
        indicator = lookups.indicators.get(raw_code.lower())
        if indicator is None:
            report.error(
                col("kode_indikator"),
                _('Indikator "%(code)s" tidak ada pada road map ini.') % {"code": raw_code},
            )
        elif indicator not in item.indicators:
            item.indicators.append(indicator)
    description = _text(cells["uraian"])
    _mark_too_long(report, row, col)
    item.values = {
        "roadmap": lookups.roadmap,
        "year": year,
        "name": name,
        "output": output,
        "output_satuan": satuan,
        "output_target": target.quantize(numbers.VALUE.quantum) if target is not None else None,
        "budget": budget.quantize(RUPIAH.quantum) if budget is not None else None,
        "coordinator": coordinator,
        "start_quarter": start,
        "end_quarter": end,
        "quick_win": quick_win,
        "description": description,
    }
    return item


def _plan_reference(
    report: RowReport, col: Callable[[str], str], cells: dict, lookups: _Lookups, plan_keys: set
) -> tuple[int, str] | None:
    year = _year(report, col("tahun"), cells["tahun"], lookups.roadmap)
    code = _code(report, col("kode_rencana_aksi"), cells["kode_rencana_aksi"])
    report.key = f"{code} {year or ''}".strip()
    if not code or len(code) > 40 or year is None:
        return None
    key = (year, code.lower())
    if key not in plan_keys:
        report.error(
            col("kode_rencana_aksi"),
            _('Rencana aksi "%(code)s" tahun %(year)s tidak ada di lembar Rencana Aksi maupun di road map ini.')
            % {"code": code, "year": year},
        )
        return None
    return key


def _check_assignment(row: _Row, lookups: _Lookups, plan_keys: set, seen: dict) -> _Assignment:
    cells, col = row.cells, _col(ASSIGNMENT_COLUMNS)
    report = RowReport(sheet=ASSIGNMENT_SHEET, row=row.number)
    item = _Assignment(report=report)
    item.plan_key = _plan_reference(report, col, cells, lookups, plan_keys)
    item.unit = lookups.unit(report, col("unit"), cells["unit"])
    if item.unit:
        report.key = f"{report.key} · {item.unit.slug}"
    if item.plan_key and item.unit:
        key = (item.plan_key, item.unit.pk)
        if key in seen:
            report.error(
                col("unit"),
                _("Pelaksana ganda: rencana aksi dan perangkat daerah yang sama sudah ada di baris %(row)s.")
                % {"row": seen[key]},
            )
        else:
            seen[key] = row.number
    target = _number(report, col("target_output"), cells["target_output"], required=False, size=numbers.VALUE)
    if target is not None and target <= 0:
        report.error(col("target_output"), _("Bagian target output harus lebih dari 0 (atau kosong)."))
    budget = _number(report, col("anggaran"), cells["anggaran"], required=False, size=RUPIAH)
    note = _required_text(report, col("keterangan"), cells["keterangan"], 300, required=False)
    _mark_too_long(report, row, col)
    item.values = {
        "output_target": target.quantize(numbers.VALUE.quantum) if target is not None else None,
        "budget": budget.quantize(RUPIAH.quantum) if budget is not None else None,
        "note": note,
    }
    return item


def _check_stage(row: _Row, lookups: _Lookups, plan_keys: set, seen: dict) -> _Stage:
    cells, col = row.cells, _col(STAGE_COLUMNS)
    report = RowReport(sheet=STAGE_SHEET, row=row.number)
    item = _Stage(report=report)
    item.plan_key = _plan_reference(report, col, cells, lookups, plan_keys)
    item.quarter = _quarter(report, col("triwulan"), cells["triwulan"], default=None)
    if item.quarter:
        report.key = f"{report.key} TW {item.quarter}"
    if item.plan_key and item.quarter:
        key = (item.plan_key, item.quarter)
        if key in seen:
            report.error(
                col("triwulan"),
                _("Tahapan ganda: rencana aksi dan triwulan yang sama sudah ada di baris %(row)s.")
                % {"row": seen[key]},
            )
        else:
            seen[key] = row.number
    description = _required_text(report, col("tahapan"), cells["tahapan"], 300)
    progress = _number(report, col("rencana_progres"), cells["rencana_progres"], required=True, size=PERCENT)
    if progress is not None and progress > 100:
        report.error(col("rencana_progres"), _("Rencana progres harus 0 sampai 100 persen."))
        progress = None
    _mark_too_long(report, row, col)
    item.values = {"description": description, "planned_progress": progress}
    return item


def _stage_messages(plan: ActionPlan, stages: list[tuple[int, Decimal]]) -> list[str]:
    try:
        check_stages(plan, stages)
    except ValidationError as error:
        return list(error.messages)
    return []


def _check_plans_together(
    plans: list[_Plan], assignments: list[_Assignment], stages: list[_Stage], lookups: _Lookups
) -> None:
    """What only the rows of one action together say: its tahapan (check_stages), pelaksana and shares."""
    by_key = {p.key: p for p in plans if p.key}
    plan_col, stage_col = _col(PLAN_COLUMNS), _col(STAGE_COLUMNS)
    keys = set(by_key) | {a.plan_key for a in assignments if a.plan_key} | {s.plan_key for s in stages if s.plan_key}
    for key in keys:
        item = by_key.get(key)
        existing = item.existing if item else lookups.plans.get(key)
        if item is not None:
            if item.values["start_quarter"] is None or item.values["end_quarter"] is None:
                continue  # the row's own quarter errors say enough
            start, end = item.values["start_quarter"], item.values["end_quarter"]
            if start > end:
                continue
            budget, target = item.values["budget"], item.values["output_target"]
        else:
            start, end, budget, target = (
                existing.start_quarter,
                existing.end_quarter,
                existing.budget,
                existing.output_target,
            )
        shape = ActionPlan(start_quarter=start, end_quarter=end)

        # The tahapan: the saved ones, the file's over them (a file row points at its own row).
        merged: dict[int, tuple[Decimal, _Stage | None]] = {
            q: (p, None) for q, p in (lookups.stages.get(existing.pk, {}) if existing else {}).items()
        }
        for stage in stages:
            if stage.plan_key == key and stage.quarter and stage.values["planned_progress"] is not None:
                merged[stage.quarter] = (stage.values["planned_progress"], stage)
        located = False
        for quarter, (progress, stage) in sorted(merged.items()):
            for message in _stage_messages(shape, [(quarter, progress)]):
                located = True
                if stage is not None:
                    stage.report.error(stage_col("triwulan"), message)
                elif item is not None:
                    item.report.error(plan_col("tw_mulai"), message)
        ordered = sorted(merged.items())
        for (q1, (p1, s1)), (q2, (p2, s2)) in pairwise(ordered):
            for message in _stage_messages(ActionPlan(start_quarter=1, end_quarter=4), [(q1, p1), (q2, p2)]):
                located = True
                if s2 is not None:
                    s2.report.error(stage_col("rencana_progres"), message)
                elif s1 is not None:
                    s1.report.error(stage_col("rencana_progres"), message)
                elif item is not None:
                    item.report.error(plan_col("tw_mulai"), message)
        if not located and item is not None:  # check_stages on the whole set is the rule
            for message in _stage_messages(shape, [(q, p) for q, (p, _s) in merged.items()]):
                item.report.error(plan_col("tw_mulai"), message)

        # The pelaksana: saved ones with the file's over them.
        shares: dict[int, tuple[Decimal | None, Decimal | None]] = {}
        if existing:
            for (plan_id, unit_id), assignment in lookups.assignments.items():
                if plan_id == existing.pk:
                    shares[unit_id] = (assignment.output_target, assignment.budget)
        rows_of_plan = [a for a in assignments if a.plan_key == key]
        for assignment in rows_of_plan:
            if assignment.unit:
                shares[assignment.unit.pk] = (assignment.values["output_target"], assignment.values["budget"])
        if not shares:
            if item is not None:
                item.report.error(
                    plan_col("kode_rencana_aksi"),
                    _("Rencana aksi belum memiliki pelaksana: tambahkan barisnya di lembar Pelaksana."),
                )
            continue
        # Said on the plan's row, or (a saved plan the file does not list) on its last pelaksana row in the file.
        if item is not None:
            where, budget_col, target_col = item.report, plan_col("anggaran"), plan_col("target_output")
        elif rows_of_plan:
            assignment_col = _col(ASSIGNMENT_COLUMNS)
            where, budget_col, target_col = (
                rows_of_plan[-1].report,
                assignment_col("anggaran"),
                assignment_col("target_output"),
            )
        else:
            continue
        budget_shares = sum((b for _t, b in shares.values() if b is not None), Decimal(0))
        if budget is not None and budget_shares > budget:
            where.error(
                budget_col,
                _("Jumlah bagian anggaran pelaksana (Rp %(shares)s) melebihi anggaran rencana aksi (Rp %(budget)s).")
                % {"shares": numbers.display(budget_shares), "budget": numbers.display(budget)},
            )
        target_shares = sum((t for t, _b in shares.values() if t is not None), Decimal(0))
        if target is not None and target_shares > target:
            where.error(
                target_col,
                _(
                    "Jumlah bagian target output pelaksana (%(shares)s) melebihi target output rencana aksi "
                    "(%(target)s)."
                )
                % {"shares": numbers.display(target_shares), "target": numbers.display(target)},
            )


def import_plan(*, file: IO[bytes], roadmap: Roadmap, apply: bool) -> PlanImportResult:
    """Validate the file (dry run); with apply=True and no error at all, save everything in one transaction."""
    result = PlanImportResult()
    try:
        (group_rows, plan_rows, assignment_rows, stage_rows), sheet_errors = read_sheets(file, SHEETS)
    except ImportFileError as error:
        result.file_errors.append(error.message)
        return result
    result.file_errors.extend(sheet_errors)

    lookups = _Lookups(roadmap)
    seen_groups: dict[str, int] = {}
    groups = [_check_group(row, lookups, seen_groups) for row in group_rows]
    group_codes = set(seen_groups) | set(lookups.groups)
    seen_plans: dict[tuple[int, str], int] = {}
    plans = [_check_plan(row, lookups, group_codes, seen_plans) for row in plan_rows]
    plan_keys = set(seen_plans) | set(lookups.plans)
    seen: dict = {}
    assignments = [_check_assignment(row, lookups, plan_keys, seen) for row in assignment_rows]
    seen = {}
    stages = [_check_stage(row, lookups, plan_keys, seen) for row in stage_rows]
    _check_plans_together(plans, assignments, stages, lookups)
    result.rows = [x.report for x in (*groups, *plans, *assignments, *stages)]
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("Berkas tidak berisi data."))
    if not apply or not result.ok:
        return result

    try:
        with transaction.atomic():
            _write(groups, plans, assignments, stages, lookups)
    except (DatabaseError, _Changed):
        # The transaction is rolled back whole: nothing of the import stays.
        logger.warning("Impor rencana aksi ke road map %s dibatalkan saat menyimpan", roadmap.pk, exc_info=True)
        result.file_errors.append(write_failed_message())
        return result
    result.applied = True
    result.group_count, result.plan_count = len(groups), len(plans)
    result.assignment_count, result.stage_count = len(assignments), len(stages)
    return result


def _assign(instance: Any, values: dict[str, Any]) -> bool:
    """Set `values` on `instance`; whether any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _write(
    groups: list[_Group], plans: list[_Plan], assignments: list[_Assignment], stages: list[_Stage], lookups: _Lookups
) -> None:
    """The writes of a validated import (inside its transaction); raises _Changed or a DatabaseError."""
    roadmap = lookups.roadmap
    # The rows validation saw as existing, locked and read again: still this road map's, with the same code.
    group_ids = [g.existing.pk for g in groups if g.existing]
    locked_groups = {g.pk: g for g in ActionGroup.objects.select_for_update().filter(pk__in=group_ids)}
    referenced = {a.plan_key for a in assignments} | {s.plan_key for s in stages} | {p.key for p in plans}
    plan_ids = [lookups.plans[k].pk for k in referenced if k in lookups.plans]
    locked_plans = {p.pk: p for p in ActionPlan.objects.select_for_update(of=("self",)).filter(pk__in=plan_ids)}
    seen_plans = {p.pk: p for p in lookups.plans.values()}
    for pk in plan_ids:
        before, now = seen_plans[pk], locked_plans.get(pk)
        if now is None or (now.roadmap_id, now.year, now.code) != (before.roadmap_id, before.year, before.code):
            raise _Changed(before.code)

    by_code: dict[str, ActionGroup] = dict(lookups.groups)
    for item in groups:
        if item.existing is None:
            group = ActionGroup.objects.create(code=item.code, **item.values)
        else:
            group = locked_groups.get(item.existing.pk)
            if group is None or (group.roadmap_id, group.code) != (roadmap.pk, item.existing.code):
                raise _Changed(item.code)
            if _assign(group, item.values):
                group.save()
        by_code[item.code.lower()] = group

    by_key: dict[tuple[int, str], ActionPlan] = {k: locked_plans.get(p.pk, p) for k, p in lookups.plans.items()}
    for item in plans:
        values = {**item.values, "group": by_code[item.group_code.lower()]}
        if item.existing is None:
            plan = ActionPlan.objects.create(code=item.code, **values)
        else:
            plan = locked_plans[item.existing.pk]
            if _assign(plan, values):
                plan.save()  # only when something changed: importing the same file again adds no Riwayat
        plan.indicators.set(item.indicators)
        by_key[item.key] = plan  # type: ignore[index]

    for assignment in assignments:
        ActionAssignment.objects.update_or_create(
            plan=by_key[assignment.plan_key],
            unit=assignment.unit,
            defaults=assignment.values,  # type: ignore[index]
        )
    for stage in stages:
        ActionStage.objects.update_or_create(
            plan=by_key[stage.plan_key],
            quarter=stage.quarter,
            defaults=stage.values,  # type: ignore[index]
        )
    # What is saved now, read back in the transaction: another admin's tahapan in between could break the rule.
    for key in referenced:
        plan = by_key[key]
        try:
            check_stages(plan, plan.stages.values_list("quarter", "planned_progress"))
        except ValidationError as error:
            raise _Changed(plan.code) from error


# --- the template -------------------------------------------------------------------------------------


def write_template(out: IO[bytes], roadmap: Roadmap | None = None) -> None:
    """The import template: the four data sheets with example rows and a "Petunjuk" sheet of the valid codes (of
    `roadmap`'s framework; by default the active road map's)."""
    roadmap = roadmap or Roadmap.objects.filter(is_active=True).first() or Roadmap.objects.first()
    year = roadmap.start_year if roadmap else 2025
    areas = list(ChangeArea.objects.filter(roadmap=roadmap).order_by("order")) if roadmap else []
    themes = list(RbTheme.objects.filter(roadmap=roadmap, kind=ThemeKind.TEMATIK).order_by("order")) if roadmap else []
    area = areas[0].code if areas else ""
    theme = themes[0].code if themes else "tematik"
    slugs = list(Unit.objects.filter(is_active=True).order_by("slug").values_list("slug", flat=True))
    one = slugs[0] if slugs else "bkpsdm"
    two = slugs[1] if len(slugs) > 1 else None
    wb = Workbook()
    bold = Font(bold=True)
    examples = {
        GROUP_SHEET: [
            ["general", "KU-01", "Penguatan budaya kerja BerAKHLAK", area, "", 1],
            ["tematik", "ST-01", "Percepatan penurunan angka kemiskinan", "", theme, 2],
        ],
        PLAN_SHEET: [
            [
                "KU-01",
                year,
                "RA-01",
                "Internalisasi nilai BerAKHLAK",
                "Laporan internalisasi",
                "dokumen",
                "1",
                "150.000.000",
                one,
                1,
                4,
                "ya",
                "",
                "",
            ],
            [
                "ST-01",
                year,
                "RA-02",
                "Pemutakhiran data keluarga miskin",
                "Basis data",
                "aplikasi",
                "1",
                "0",
                one,
                2,
                3,
                "tidak",
                "",
                "",
            ],
        ],
        ASSIGNMENT_SHEET: [
            [year, "RA-01", one, "", "100.000.000", ""],
            *([[year, "RA-01", two, "", "50.000.000", _("Contoh pelaksana kedua")]] if two else []),
            [year, "RA-02", one, "", "", ""],
        ],
        STAGE_SHEET: [
            [year, "RA-01", 1, "Sosialisasi", "25"],
            [year, "RA-01", 2, "Pelatihan agen perubahan", "50"],
            [year, "RA-01", 3, "Penerapan di unit kerja", "75"],
            [year, "RA-01", 4, "Laporan akhir", "100"],
            [year, "RA-02", 2, "Pengumpulan data", "40"],
            [year, "RA-02", 3, "Validasi dan publikasi", "100"],
        ],
    }
    first = True
    for sheet_name, columns in SHEETS:
        ws = wb.active if first else wb.create_sheet(sheet_name)
        ws.title, first = sheet_name, False
        ws.append(list(columns))
        for row in examples[sheet_name]:
            ws.append(row)
        ws.freeze_panes = "A2"
        for i, _name in enumerate(columns, start=1):
            ws.cell(row=1, column=i).font = bold
            ws.column_dimensions[get_column_letter(i)].width = 20
    ref = wb.create_sheet(_("Petunjuk"))
    ref.append([_("Kolom"), _("Nilai yang sah")])
    units = slugs
    rows = [
        (
            "jenis",
            _("general (kegiatan utama RB General, di bawah area) atau tematik (sasaran tematik, di bawah tema)"),
        ),
        ("kode_area", ", ".join(a.code for a in areas) or _("(road map ini tidak memilikinya: kosongkan)")),
        ("kode_tema", ", ".join(t.code for t in themes) + " " + _("(hanya untuk jenis tematik)")),
        ("kode_kegiatan", _("kode unik per road map; baris Rencana Aksi merujuknya")),
        ("kode_rencana_aksi", _("kode unik per road map dan tahun; kode yang sudah ada diperbarui")),
        ("tahun", f"{roadmap.start_year}–{roadmap.end_year}" if roadmap else ""),
        ("koordinator, unit", _("slug atau singkatan perangkat daerah: %(units)s") % {"units": ", ".join(units)}),
        ("tw_mulai, tw_selesai, triwulan", _("1–4 atau I–IV; kosong = 1 dan 4")),
        ("quick_win", _("ya atau tidak (kosong = tidak)")),
        ("kode_indikator", _("kode indikator road map ini, dipisah koma (boleh kosong)")),
        (
            _("Pelaksana"),
            _("satu baris per perangkat daerah pelaksana; bagian target/anggaran kosong = seluruhnya / tanpa anggaran"),
        ),
        (_("Tahapan"), _("rencana progres kumulatif 0–100 %, tidak boleh turun, di dalam tw_mulai–tw_selesai")),
        (_("angka"), _("85,5 atau 1.234,5 (format Indonesia) atau sel angka; 1.234 tidak jelas: tulis 1234")),
        (_("impor ulang"), _("baris dengan kode yang sudah ada diperbarui; impor tidak pernah menghapus")),
    ]
    for row in rows:
        ref.append(list(row))
    ref.column_dimensions["A"].width = 30
    ref.column_dimensions["B"].width = 120
    wb.save(out)
