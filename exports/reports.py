"""The concrete reports: each only declares its columns and yields rows from one streaming query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from areas import action_rules, categories, scoring
from areas.categories import Scale
from areas.models import ActionKind, ChangeArea, IndicatorKind, Satuan
from areas.scale import capaian_scale
from dashboards.selectors import DashboardFilters
from dashboards.selectors.year import year_scores
from evaluations.models import ActionStatus, ReportStatus, quarter_label, today_wita
from evaluations.selectors import recommendations as recommendation_selectors
from evaluations.selectors import yearly
from exports import selectors
from exports.base import Column, Exporter, PdfContext, Section
from exports.models import ExportReport
from roadmap import numbers
from roadmap.models import Unit
from roadmap.permissions import AnyUser, can_read_yearly_results


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _light(value: Decimal | None, scale: Scale) -> str:
    light = scoring.traffic_light(value, scale.lights)
    return _label(scoring.TrafficLight, light) if light else ""


def _percent(value: Decimal | None) -> str:
    return f"{numbers.display(value)} %" if value is not None else numbers.NONE


def _realisasi(row: dict[str, Any]) -> Decimal | str | None:
    # A milestone has no number: "Tercapai" / "Belum tercapai" says more than 1 / 0.
    if row["indicator__polarity"] == "milestone":
        done = row["milestone_done"]
        if done is False and row["not_yet_due"]:
            return _("Belum tercapai (belum jatuh tempo)")
        return None if done is None else (_("Tercapai") if done else _("Belum tercapai"))
    return row["realisasi"]


def _capaian(row: dict[str, Any]) -> Decimal | str | None:
    """A milestone before its due quarter has no capaian: the cell says why (a text cell; the sheet sums nothing)."""
    if row["capaian"] is None and row["not_yet_due"]:
        return _("Belum jatuh tempo")
    return row["capaian"]


def _target(row: dict[str, Any]) -> Decimal | str | None:
    """The quarter's target snapshot; a range as the pages show it ("1,5–3,5")."""
    if row["target_upper"] is not None:
        return numbers.display_target(row["target_value"], row["target_upper"], 4)
    return row["target_value"]


class ReportExporter(Exporter):
    """A report over DashboardFilters for one user (scoping happens in the selectors)."""

    key: ClassVar[str]
    label: ClassVar[Any]
    uses_quarter: ClassVar[bool] = True
    uses_kind: ClassVar[bool] = False  # its rows are indicators: the filter of their type applies
    staff_only: ClassVar[bool] = False  # the road map's own results: no unit's data, so no officer's export

    @classmethod
    def allowed(cls, user: AnyUser) -> bool:
        return not cls.staff_only or can_read_yearly_results(user)

    def __init__(
        self, *, user: AnyUser, filters: DashboardFilters, today: dt.date | None = None, scale: Scale | None = None
    ) -> None:
        self.user = user
        self.filters = filters
        self.today = today or today_wita()
        self.scale = scale or capaian_scale()  # read once: the kategori and lights of every row

    @property
    def title(self) -> str:  # type: ignore[override]
        return str(self.label)

    def period_label(self) -> str:
        if self.filters.quarter:
            return f"{quarter_label(self.filters.quarter)} {self.filters.year}"
        return _("Tahun %(year)s") % {"year": self.filters.year}

    def scope_label(self) -> str:
        parts = [self.period_label()]
        if self.filters.unit_id:
            unit = Unit.objects.filter(pk=self.filters.unit_id).first()
            if unit:
                parts.append(unit.name)
        if self.filters.area_id:
            area = ChangeArea.objects.filter(pk=self.filters.area_id).first()
            if area:
                parts.append(area.name)
        if self.filters.kind and self.uses_kind:
            parts.append(_("Jenis indikator: %(kind)s") % {"kind": self.filters.kind_label})
        return " · ".join(parts)

    def filename_stem(self) -> str:
        parts = [self.key, str(self.filters.year)]
        if self.filters.quarter and self.uses_quarter:
            parts.append(f"tw{self.filters.quarter}")
        if self.filters.unit_id:
            slug = Unit.objects.filter(pk=self.filters.unit_id).values_list("slug", flat=True).first()
            if slug:
                parts.append(slug)
        if self.filters.kind and self.uses_kind:
            parts.append(self.filters.kind)
        return "-".join(parts)

    def pdf_context(self) -> PdfContext:
        name, body = selectors.signer()
        return PdfContext(subtitle=self.scope_label(), signer_name=name, signer_body=body)


class RekapExporter(ReportExporter):
    """Rekap Capaian Triwulan: per indicator, grouped by area and unit; a summary sheet and a sheet per area."""

    key = "rekap"
    label = ExportReport.REKAP.label
    uses_kind = True

    def columns(self, with_area: bool = True) -> Sequence[Column]:
        cols = [
            Column(_("Area Perubahan"), width=28),
            Column(_("Perangkat Daerah"), width=30),
            Column(_("Triwulan"), width=10),
            Column(_("Kode"), width=14),
            Column(_("Indikator"), width=48),
            Column(_("Satuan"), width=10),
            Column(_("Jenis"), width=10),
            Column(_("Bobot"), "number", 8),
            Column(_("Target"), "number", 12),
            Column(_("Realisasi"), "number", 12),
            Column(_("Capaian (%)"), "percent", 12),
            Column(_("Lampu"), width=9),
            Column(_("Kendala"), width=36),
            Column(_("Rencana Tindak Lanjut"), width=36),
            Column(_("Status Laporan"), width=14),
            Column(_("Dihitung dalam Skor"), width=10),
        ]
        return cols if with_area else cols[1:]

    def _labels(self) -> dict[str, Any]:
        """The words of the rows, translated once per export (gettext per cell was a third of the time)."""
        if not hasattr(self, "_label_cache"):
            self._label_cache = {
                "satuan": {value: str(label) for value, label in Satuan.choices},
                "kind": {value: str(label) for value, label in IndicatorKind.choices},
                "not_due": _("Belum jatuh tempo"),
                "status": {value: str(label) for value, label in ReportStatus.choices},
                "light": {value: str(label) for value, label in scoring.TrafficLight.choices},
                "quarter": {q: quarter_label(q) for q in range(1, 5)},
                "counted": {True: _("Ya"), False: _("Tidak")},
                "done": {True: _("Tercapai"), False: _("Belum tercapai"), None: None},
            }
        return self._label_cache

    def _row(self, row: tuple[Any, ...], with_area: bool = True) -> list[Any]:
        """A sheet row from a selectors.ROW_FIELDS tuple (selectors.progress_tuples)."""
        labels = self._labels()
        (
            _year,
            quarter,
            status,
            unit_name,
            _slug,
            _area_order,
            area_name,
            code,
            name,
            satuan,
            polarity,
            weight,
            target,
            realisasi,
            milestone_done,
            capaian,
            kendala,
            rencana_tindak_lanjut,
            target_upper,
            not_yet_due,
            kind,
        ) = row
        if polarity == "milestone":
            realisasi = labels["done"][milestone_done]
        if target_upper is not None:
            target = numbers.display_target(target, target_upper, 4)  # a range: "1,5–3,5", as the pages show it
        light = scoring.traffic_light(capaian, self.scale.lights)
        light_text = labels["light"][light] if light else ""
        if not_yet_due and capaian is None:
            light_text = labels["not_due"]  # the capaian cell stays empty: a number column, left out of sums
        out = [
            unit_name,
            labels["quarter"].get(quarter) or quarter_label(quarter),
            code,
            name,
            labels["satuan"].get(satuan, satuan or ""),
            labels["kind"].get(kind, kind or ""),
            weight,
            target,
            realisasi,
            capaian,
            light_text,
            kendala,
            rencana_tindak_lanjut,
            labels["status"].get(status, status or ""),
            labels["counted"][status in self.filters.statuses],
        ]
        if with_area:
            out.insert(0, area_name or "")
        return out

    def _values(self) -> Iterator[tuple[Any, ...]]:
        return selectors.progress_tuples(user=self.user, filters=self.filters)

    def rows(self) -> Iterator[Sequence[Any]]:
        for row in self._values():
            yield self._row(row)

    def estimate_rows(self) -> int:
        return selectors.count_progress(user=self.user, filters=self.filters)

    def summary(self) -> selectors.Summary:
        if not hasattr(self, "_summary"):
            self._summary = selectors.summary_scores(user=self.user, filters=self.filters)
        return self._summary

    def summary_section(self) -> Section:
        summary = self.summary()
        columns = [
            Column(_("Kelompok"), width=18),
            Column(_("Nama"), width=44),
            Column(_("Skor (%)"), "percent", 12),
            Column(_("Kategori Capaian"), width=16),
            Column(_("Lampu"), width=10),
            Column(_("Status Laporan"), width=14),
        ]
        scale = self.scale

        def row(group: str, name: str, value: Decimal | None, status: str = "") -> list[Any]:
            return [group, name, value, categories.kategori(value, scale) or "", _light(value, scale), status]

        rows = [row(_("Keseluruhan"), self.scope_label(), summary.overall.value)]
        rows += [row(_("Area Perubahan"), a.name, s.value) for a, s in summary.by_area if s.value is not None]
        rows += [row(_("Perangkat Daerah"), name, s.value, status) for name, s, status in summary.by_unit]
        return Section(title=_("Ringkasan"), columns=columns, rows=rows, note=self.counting_note(), counts=False)

    def counting_note(self) -> str:
        if self.filters.include_submitted:
            return _("Skor: rata-rata tertimbang capaian (dibatasi 0–120 %) dari laporan Disetujui dan Diajukan.")
        return _("Skor: rata-rata tertimbang capaian (dibatasi 0–120 %) dari laporan yang Disetujui.")

    def sections(self) -> Iterator[Section]:
        yield self.summary_section()
        # One query for every area: the stream is ordered by area, each sheet takes its run of rows.
        fields = selectors.ROW_FIELDS
        area_key = itemgetter(fields.index("indicator__area__order"), fields.index("indicator__area__name"))
        for (_order, area_name), group in groupby(self._values(), key=area_key):
            yield Section(
                title=area_name or _("Tanpa area perubahan"),  # a road map may define no areas
                columns=self.columns(with_area=False),
                rows=(self._row(r, False) for r in group),
            )

    def pdf_context(self) -> PdfContext:
        context = super().pdf_context()
        overall = self.summary().overall
        context.summary = [
            (
                _("Skor keseluruhan"),
                f"{numbers.display(overall.value)} %" if overall.value is not None else numbers.NONE,
            ),
            (_("Kategori capaian"), categories.kategori(overall.value, self.scale) or numbers.NONE),
        ]
        return context


class MatriksExporter(ReportExporter):
    """Matriks Capaian Tahunan: indicators × TW I–IV (target, realisasi, capaian) of one year, counted rows, then
    the year: annual target, the year's realisasi, its capaian and the year-end projection
    (dashboards.selectors.year, docs/indicator-rules.md#the-year)."""

    key = "matriks"
    label = ExportReport.MATRIKS.label
    uses_kind = True

    def period_label(self) -> str:
        return _("Tahun %(year)s") % {"year": self.filters.year}

    uses_quarter = False

    def _year_filters(self) -> DashboardFilters:
        # The matrix is the whole year whatever quarter is selected on the page.
        return replace(self.filters, quarter=None, cycle=None)

    def columns(self) -> Sequence[Column]:
        cols = [
            Column(_("Perangkat Daerah"), width=28),
            Column(_("Kode"), width=14),
            Column(_("Indikator"), width=44),
            Column(_("Satuan"), width=10),
            Column(_("Jenis"), width=10),
        ]
        for q in range(1, 5):
            tw = quarter_label(q)
            cols += [
                Column(_("Target %(tw)s") % {"tw": tw}, "number", 11),
                Column(_("Realisasi %(tw)s") % {"tw": tw}, "number", 11),
                Column(_("Capaian %(tw)s (%%)") % {"tw": tw}, "percent", 11),
            ]
        cols += [
            Column(_("Target Tahunan"), "number", 11),
            Column(_("Realisasi Tahun"), "number", 11),
            Column(_("Capaian Tahun (%)"), "percent", 11),
            Column(_("Proyeksi Akhir Tahun (%)"), "percent", 11),
        ]
        return cols

    def rows(self) -> Iterator[Sequence[Any]]:
        values = selectors.progress_values(
            user=self.user,
            filters=self._year_filters(),
            counted_only=True,
            order=("report__unit__name", "indicator__code", "report__cycle__quarter"),
        )
        years = {y.code: y for y in year_scores(user=self.user, filters=self._year_filters()).indicators.values()}
        for (_unit, code), group in groupby(values, key=itemgetter("report__unit__name", "indicator__code")):
            rows = list(group)
            first = rows[0]
            out: list[Any] = [
                first["report__unit__name"],
                first["indicator__code"],
                first["indicator__name"],
                _label(Satuan, first["indicator__satuan"]),
                _label(IndicatorKind, first["indicator__kind"]),
            ]
            by_quarter = {r["report__cycle__quarter"]: r for r in rows}
            for q in range(1, 5):
                r = by_quarter.get(q)
                out += [_target(r), _realisasi(r), _capaian(r)] if r else [None, None, None]
            year = years.get(code)
            if year is None:
                out += [None, None, None, None]
            else:
                annual = None if first["indicator__polarity"] == "milestone" else year.annual_target
                if year.annual_upper is not None:
                    annual = numbers.display_target(year.annual_target, year.annual_upper, 4)
                out += [annual, year.score.realisasi, year.score.capaian, year.score.projection]
            yield out

    def estimate_rows(self) -> int:
        return selectors.count_progress(user=self.user, filters=self._year_filters(), counted_only=True) // 4 + 1


class KelengkapanExporter(ReportExporter):
    """Kelengkapan Laporan: units × quarters with status, submission date, days late and reminders sent."""

    key = "kelengkapan"
    label = ExportReport.KELENGKAPAN.label

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Perangkat Daerah"), width=34),
            Column(_("Triwulan"), width=10),
            Column(_("Status"), width=14),
            Column(_("Batas Waktu"), "date", 13),
            Column(_("Tanggal Pengajuan"), "date", 13),
            Column(_("Terlambat"), width=10),
            Column(_("Hari Terlambat"), "integer", 10),
            Column(_("Pengingat Terkirim"), "integer", 11),
        ]

    def rows(self) -> Iterator[Sequence[Any]]:
        for report in selectors.completeness_rows(user=self.user, filters=self.filters):
            late = selectors.days_late(report, self.today)
            yield [
                report.unit.name,
                quarter_label(report.cycle.quarter),
                _label(ReportStatus, report.status),
                report.effective_due_on(),
                report.first_submitted_at or report.submitted_at,
                _("Ya") if late > 0 else _("Tidak"),
                late,
                report.reminders_sent,
            ]

    def estimate_rows(self) -> int:
        return selectors.count_reports(user=self.user, filters=self.filters)


class RencanaAksiExporter(ReportExporter):
    """Laporan Monev Rencana Aksi RB: one line per pelaksana of each action, RB General by area and RB Tematik by
    theme (a sheet / PDF section each), after a summary of the tingkat implementasi and the serapan anggaran.

    A quarter: each pelaksana's row of that quarter. A whole year: its latest quarter's row (cumulative numbers).
    The lines come from exports.selectors.action_lines (areas.action_rules for the planned progress, whether an
    action is due and reaches its plan, and the absorption); the summary counts, as the Dasbor does, the rows of
    counted reports only."""

    key = "rencana-aksi"
    label = ExportReport.RENCANA_AKSI.label

    def lines(self) -> list[selectors.ActionLine]:
        if not hasattr(self, "_lines"):
            self._lines = selectors.action_lines(user=self.user, filters=self.filters)
        return self._lines

    def estimate_rows(self) -> int:
        return selectors.count_action_lines(user=self.user, filters=self.filters)

    def _frame_titles(self, kind: str | None) -> tuple[str, str]:
        if kind == ActionKind.GENERAL:
            return _("Area Perubahan"), _("Kegiatan Utama")
        if kind == ActionKind.TEMATIK:
            return _("Tema"), _("Sasaran Tematik")
        return _("Area Perubahan / Tema"), _("Kegiatan Utama / Sasaran Tematik")

    def columns(self, kind: str | None = None) -> Sequence[Column]:
        frame, group = self._frame_titles(kind)
        # (title, kind, XLSX width, PDF width in mm: 24 columns on 273 mm, numbers in full)
        cols = [
            Column(pgettext("nomor urut", "No"), "integer", 5, 5),
            Column(frame, "text", 24, 12),
            Column(group, "text", 30, 14),
            Column(_("Kode"), "text", 10, 8),
            Column(_("Rencana Aksi"), "text", 36, 18),
            Column(_("Output"), "text", 24, 12),
            Column(_("Target Output"), "number", 10, 8),
            Column(_("Realisasi Output"), "number", 10, 8),
            Column(_("Satuan"), "text", 10, 10),
            Column(_("Indikator"), "text", 14, 9),
            Column(_("Triwulan"), "text", 8, 6),
            Column(_("Tahapan (Rencana)"), "text", 28, 12),
            Column(_("Rencana Progres (%)"), "percent", 10, 8),
            Column(_("Realisasi Progres (%)"), "percent", 10, 8),
            Column(_("Anggaran (Rp)"), "number", 16, 13),
            Column(_("Realisasi Anggaran (Rp)"), "number", 16, 13),
            Column(_("Serapan Anggaran (%)"), "percent", 10, 8),
            Column(_("Koordinator"), "text", 24, 11),
            Column(_("Pelaksana"), "text", 24, 11),
            Column(_("Status"), "text", 14, 10),
            Column(_("Status Laporan"), "text", 12, 10),
            Column(_("Kendala"), "text", 30, 13),
            Column(_("Rencana Tindak Lanjut"), "text", 30, 13),
            Column(_("Bukti Dukung"), "text", 30, 13),
        ]
        if kind is None:
            cols.insert(1, Column(_("Jenis"), width=11))
        return cols

    def _labels(self) -> dict[str, Any]:
        if not hasattr(self, "_label_cache"):
            self._label_cache = {
                "status": {value: str(label) for value, label in ActionStatus.choices} | {"": _("Belum dilaporkan")},
                "report": {value: str(label) for value, label in ReportStatus.choices} | {"": ""},
                "kind": {value: str(label) for value, label in ActionKind.choices},
                "quarter": {q: quarter_label(q) for q in range(1, 5)} | {None: ""},
            }
        return self._label_cache

    def _row(self, number: int, line: selectors.ActionLine, with_kind: bool) -> list[Any]:
        labels = self._labels()
        out: list[Any] = [
            number,
            line.frame,
            line.group,
            line.code,
            line.name,
            line.output,
            line.output_target,
            line.output_realised,
            line.output_satuan,
            line.indicators,
            labels["quarter"][line.quarter],
            line.stage,
            line.planned,
            line.progress,
            line.budget,
            line.budget_realised,
            line.absorption,
            line.coordinator,
            line.unit,
            labels["status"].get(line.status, line.status),
            labels["report"].get(line.report_status, line.report_status),
            line.kendala,
            line.rencana_tindak_lanjut,
            line.evidence,
        ]
        if with_kind:
            out.insert(1, labels["kind"].get(line.kind, line.kind))
        return out

    def _totals_row(self, lines: Sequence[selectors.ActionLine], with_kind: bool) -> list[Any]:
        budget = sum((line.budget for line in lines), Decimal(0))
        realised = sum((line.budget_realised or Decimal(0) for line in lines), Decimal(0))
        row: list[Any] = [None, _("Jumlah")] + [None] * 12
        row += [budget, realised, action_rules.absorption(realised, budget)] + [None] * 7
        if with_kind:
            row.insert(1, None)
        return row

    def rows(self) -> Iterator[Sequence[Any]]:
        for number, line in enumerate(self.lines(), start=1):
            yield self._row(number, line, True)

    def summary_section(self) -> Section:
        lines = self.lines()
        columns = [
            Column(_("Kelompok"), width=18),
            Column(_("Nama"), width=44),
            Column(_("Jatuh Tempo"), "integer", 11),
            Column(_("Sesuai Rencana"), "integer", 11),
            Column(_("Tingkat Implementasi (%)"), "percent", 14),
            Column(_("Anggaran (Rp)"), "number", 18),
            Column(_("Realisasi Anggaran (Rp)"), "number", 18),
            Column(_("Serapan Anggaran (%)"), "percent", 12),
        ]

        def row(group: str, name: str, totals: selectors.ActionTotals) -> list[Any]:
            return [
                group,
                name,
                totals.due,
                totals.reached,
                totals.rate,
                totals.budget,
                totals.budget_realised,
                totals.absorption,
            ]

        rows = [row(_("Keseluruhan"), self.scope_label(), self.totals())]
        scores = self.dashboard_scores()
        if scores is not None:
            # A quarter: the Dasbor's numbers themselves (dashboards.selectors.actions), group by group.
            of = selectors.ActionTotals.of_score
            for label, score in (
                (ActionKind.GENERAL.label, scores.general),
                (ActionKind.TEMATIK.label, scores.tematik),
            ):
                if score.rows:
                    rows.append(row(_("Jenis"), str(label), of(score)))
            rows += [row(_("Area Perubahan"), s.name, of(s.score)) for s in scores.areas if s.score.rows]
            rows += [row(_("Tema"), s.name, of(s.score)) for s in scores.themes if s.score.rows]
            rows += [row(_("Pelaksana"), s.name, of(s.score)) for s in scores.units if s.score.rows]
        else:
            # A year: the same rule over each pelaksana's latest reported row (the lines of the sheets).
            for kind, label in ActionKind.choices:
                of_kind = [line for line in lines if line.kind == kind]
                if of_kind:
                    rows.append(row(_("Jenis"), str(label), selectors.ActionTotals.of(of_kind)))
            for (kind, _order, frame), group in groupby(lines, key=lambda x: (x.kind, x.frame_order, x.frame)):
                title = _("Area Perubahan") if kind == ActionKind.GENERAL else _("Tema")
                rows.append(row(title, frame or _("Tanpa area perubahan"), selectors.ActionTotals.of(list(group))))
            by_unit: dict[str, list[selectors.ActionLine]] = {}
            for line in lines:
                by_unit.setdefault(line.unit, []).append(line)
            for unit in sorted(by_unit):
                rows.append(row(_("Pelaksana"), unit, selectors.ActionTotals.of(by_unit[unit])))
        return Section(title=_("Ringkasan"), columns=columns, rows=rows, note=self.counting_note(), counts=False)

    def dashboard_scores(self) -> Any:
        if not hasattr(self, "_scores"):
            self._scores = selectors.dashboard_action_scores(user=self.user, filters=self.filters)
        return self._scores

    def totals(self) -> selectors.ActionTotals:
        """The overall numbers: the Dasbor's for a quarter, the lines' for a year."""
        scores = self.dashboard_scores()
        if scores is not None:
            return selectors.ActionTotals.of_score(scores.overall)
        return selectors.ActionTotals.of(self.lines())

    def counting_note(self) -> str:
        counted = _("Disetujui dan Diajukan") if self.filters.include_submitted else _("Disetujui")
        return _(
            "Tingkat implementasi: bagian rencana aksi yang jatuh tempo (sudah dimulai) dan progresnya mencapai "
            "rencana tahapan (Selesai dihitung tercapai); serapan: realisasi anggaran ÷ anggaran. Dihitung dari "
            "laporan %(counted)s."
        ) % {"counted": counted}

    def sections(self) -> Iterator[Section]:
        yield self.summary_section()
        lines = self.lines()
        for kind, label in ActionKind.choices:
            of_kind = [line for line in lines if line.kind == kind]
            yield Section(
                title=str(label),
                columns=self.columns(kind),
                rows=(self._row(number, line, False) for number, line in enumerate(of_kind, start=1)),
                totals=self._totals_row(of_kind, False) if of_kind else None,
            )

    def pdf_context(self) -> PdfContext:
        context = super().pdf_context()
        totals = self.totals()
        context.summary = [
            (_("Tingkat implementasi rencana aksi"), _percent(totals.rate)),
            (_("Serapan anggaran"), _percent(totals.absorption)),
        ]
        context.compact = True
        return context


class RekomendasiExporter(ReportExporter):
    """Tindak Lanjut Rekomendasi LHE: one line per recommendation and responsible unit, of the evaluations of the
    chosen year and before, with the unit's latest reported status (evaluations.selectors.recommendations: the
    Rekomendasi LHE page's lines); Terlambat when past the due quarter and not Selesai."""

    key = "rekomendasi"
    label = ExportReport.REKOMENDASI.label
    uses_quarter = False

    def period_label(self) -> str:
        return _("Evaluasi sampai tahun %(year)s") % {"year": self.filters.year}

    def columns(self) -> Sequence[Column]:
        return [
            Column(pgettext("nomor urut", "No"), "integer", 5),
            Column(_("Tahun Evaluasi"), "integer", 9),
            Column(_("Nomor LHE"), width=22),
            Column(_("Tanggal LHE"), "date", 12),
            Column(_("No. Rekomendasi"), "integer", 9),
            Column(_("Rekomendasi"), width=50),
            Column(_("Tahun Jatuh Tempo"), "integer", 9),
            Column(_("Triwulan Jatuh Tempo"), width=9),
            Column(_("Unit Penanggung Jawab"), width=30),
            Column(_("Status Tindak Lanjut"), width=14),
            Column(_("Dilaporkan pada"), width=12),
            Column(_("Terlambat"), width=9),
            Column(_("Penjelasan Tindak Lanjut"), width=44),
            Column(_("Bukti Dukung"), "integer", 9),
        ]

    def lines(self) -> list[recommendation_selectors.RecommendationLine]:
        filters = recommendation_selectors.RecommendationFilters(
            unit_id=self.filters.unit_id, up_to_year=self.filters.year
        )
        return recommendation_selectors.recommendation_lines(user=self.user, filters=filters, today=self.today)

    def estimate_rows(self) -> int:
        return 0  # a few dozen lines: never a background job

    def rows(self) -> Iterator[Sequence[Any]]:
        yes, no = _("Ya"), _("Tidak")
        number = 0
        for line in self.lines():
            rec = line.recommendation
            evaluation = rec.evaluation
            for unit in line.units:
                number += 1
                yield [
                    number,
                    evaluation.year,
                    evaluation.lhe_number,
                    evaluation.lhe_date,
                    rec.number,
                    rec.text,
                    rec.due_year,
                    quarter_label(rec.due_quarter),
                    unit.unit.name,
                    unit.status_label,
                    unit.period,
                    yes if unit.overdue else no,
                    unit.explanation,
                    unit.evidence,
                ]


class SasaranExporter(ReportExporter):
    """Capaian Sasaran Road Map: every sasaran indicator of the road map × every year of it (target, realisasi,
    capaian by areas.scoring.capaian), whatever quarter or unit is selected: the rows are the road map's."""

    key = "sasaran"
    label = ExportReport.SASARAN.label
    uses_quarter = False
    staff_only = True

    def scope_label(self) -> str:
        roadmap = self.filters.roadmap
        return roadmap.name if roadmap else ""

    def filename_stem(self) -> str:
        roadmap = self.filters.roadmap
        return f"{self.key}-{roadmap.start_year}-{roadmap.end_year}" if roadmap else self.key

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Elemen"), width=14),
            Column(_("Sasaran"), width=40),
            Column(_("Indikator"), width=36),
            Column(_("Satuan"), width=10),
            Column(_("Polaritas"), width=16),
            Column(_("Tahun"), "integer", 8),
            Column(_("Target"), "number", 12),
            Column(_("Realisasi"), "number", 12),
            Column(_("Capaian (%)"), "percent", 12),
            Column(_("Lampu"), width=9),
            Column(_("Keterangan"), width=36),
            Column(_("Bukti Dukung"), width=30),
        ]

    def lines(self) -> list[yearly.SasaranLine]:
        if self.filters.roadmap is None:
            return []
        if not hasattr(self, "_lines"):
            self._lines = yearly.sasaran_lines_all_years(roadmap=self.filters.roadmap)
        return self._lines

    def rows(self) -> Iterator[Sequence[Any]]:
        for line in self.lines():
            indicator = line.indicator
            yield [
                indicator.strategic_target.get_element_display(),
                indicator.strategic_target.name,
                indicator.name,
                indicator.get_satuan_display(),
                indicator.get_polarity_display(),
                line.year,
                line.target,
                line.value,
                line.capaian,
                line.light_label,
                line.note,
                ", ".join(e.original_name for e in line.evidence),
            ]

    def estimate_rows(self) -> int:
        return len(self.lines())


class IndeksRbExporter(ReportExporter):
    """Hasil Evaluasi RB: each year's RB General, RB Tematik, Indeks RB (their sum) and its predikat, and the LHE."""

    key = "indeks-rb"
    label = ExportReport.INDEKS_RB.label
    uses_quarter = False
    staff_only = True

    def scope_label(self) -> str:
        return _("Semua tahun")

    def filename_stem(self) -> str:
        return self.key

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Tahun"), "integer", 8),
            Column(_("Road Map"), width=40),
            Column(_("Nilai RB General"), "number", 14),
            Column(_("Nilai RB Tematik"), "number", 14),
            Column(_("Indeks RB"), "number", 12),
            Column(_("Predikat"), width=10),
            Column(_("Nomor LHE"), width=28),
            Column(_("Tanggal LHE"), "date", 14),
            Column(_("Dokumen LHE"), width=30),
        ]

    def evaluations(self) -> list[Any]:
        if not hasattr(self, "_evaluations"):
            self._evaluations = yearly.rb_evaluations()
        return self._evaluations

    def rows(self) -> Iterator[Sequence[Any]]:
        for e in self.evaluations():
            yield [
                e.year,
                e.roadmap.name,
                e.general_value,
                e.tematik_value,
                e.indeks,
                e.predikat,
                e.lhe_number,
                e.lhe_date,
                e.document_name,
            ]

    def estimate_rows(self) -> int:
        return len(self.evaluations())

    def pdf_context(self) -> PdfContext:
        context = super().pdf_context()
        latest = self.evaluations()[-1] if self.evaluations() else None
        if latest is not None:
            context.summary = [
                (_("Indeks RB %(year)s") % {"year": latest.year}, numbers.display(latest.indeks)),
                (_("Predikat"), latest.predikat or "—"),
            ]
        return context


REPORTS: dict[str, type[ReportExporter]] = {
    cls.key: cls
    for cls in (
        RekapExporter,
        MatriksExporter,
        KelengkapanExporter,
        RencanaAksiExporter,
        SasaranExporter,
        IndeksRbExporter,
        RekomendasiExporter,
    )
}


def reports_for(user: AnyUser) -> list[tuple[str, Any]]:
    """(key, label) of the reports the user may run: the Ekspor page's cards."""
    return [(key, cls.label) for key, cls in REPORTS.items() if cls.allowed(user)]


def exporter_for(report: str, *, user: AnyUser, filters: DashboardFilters) -> ReportExporter:
    try:
        cls = REPORTS[report]
    except KeyError:
        raise ValueError(_("Laporan %(report)s tidak dikenal.") % {"report": report}) from None
    if not cls.allowed(user):
        raise ValueError(_("Laporan %(report)s hanya untuk staf BPSDM dan Pimpinan.") % {"report": cls.label})
    return cls(user=user, filters=filters)
