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

from areas import scoring
from areas.models import ChangeArea, Satuan
from dashboards.selectors import DashboardFilters
from evaluations.models import ReportStatus, quarter_label, today_wita
from exports import selectors
from exports.base import Column, Exporter, PdfContext, Section
from exports.models import ExportReport
from roadmap import numbers
from roadmap.models import Unit
from roadmap.permissions import AnyUser


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _light(value: Decimal | None) -> str:
    light = scoring.traffic_light(value)
    return _label(scoring.TrafficLight, light) if light else ""


def _realisasi(row: dict[str, Any]) -> Decimal | str | None:
    # A milestone has no number: "Tercapai" / "Belum tercapai" says more than 1 / 0.
    if row["indicator__polarity"] == "milestone":
        done = row["milestone_done"]
        return None if done is None else (_("Tercapai") if done else _("Belum tercapai"))
    return row["realisasi"]


class ReportExporter(Exporter):
    """A report over DashboardFilters for one user (scoping happens in the selectors)."""

    key: ClassVar[str]
    label: ClassVar[Any]
    uses_quarter: ClassVar[bool] = True

    def __init__(self, *, user: AnyUser, filters: DashboardFilters, today: dt.date | None = None) -> None:
        self.user = user
        self.filters = filters
        self.today = today or today_wita()

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
        return " · ".join(parts)

    def filename_stem(self) -> str:
        parts = [self.key, str(self.filters.year)]
        if self.filters.quarter and self.uses_quarter:
            parts.append(f"tw{self.filters.quarter}")
        if self.filters.unit_id:
            slug = Unit.objects.filter(pk=self.filters.unit_id).values_list("slug", flat=True).first()
            if slug:
                parts.append(slug)
        return "-".join(parts)

    def pdf_context(self) -> PdfContext:
        name, body = selectors.signer()
        return PdfContext(subtitle=self.scope_label(), signer_name=name, signer_body=body)


class RekapExporter(ReportExporter):
    """Rekap Capaian Triwulan: per indicator, grouped by area and unit; a summary sheet and a sheet per area."""

    key = "rekap"
    label = ExportReport.REKAP.label

    def columns(self, with_area: bool = True) -> Sequence[Column]:
        cols = [
            Column(_("Area Perubahan"), width=28),
            Column(_("Perangkat Daerah"), width=30),
            Column(_("Triwulan"), width=10),
            Column(_("Kode"), width=14),
            Column(_("Indikator"), width=48),
            Column(_("Satuan"), width=10),
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
        ) = row
        if polarity == "milestone":
            realisasi = labels["done"][milestone_done]
        light = scoring.traffic_light(capaian)
        out = [
            unit_name,
            labels["quarter"].get(quarter) or quarter_label(quarter),
            code,
            name,
            labels["satuan"].get(satuan, satuan or ""),
            weight,
            target,
            realisasi,
            capaian,
            labels["light"][light] if light else "",
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
            Column(_("Predikat"), width=10),
            Column(_("Lampu"), width=10),
            Column(_("Status Laporan"), width=14),
        ]
        overall = summary.overall
        rows: list[list[Any]] = [
            [_("Keseluruhan"), self.scope_label(), overall.value, overall.predikat or "", _light(overall.value), ""],
        ]
        for area, score in summary.by_area:
            if score.value is not None:
                rows.append(
                    [_("Area Perubahan"), area.name, score.value, score.predikat or "", _light(score.value), ""]
                )
        for name, score, status in summary.by_unit:
            rows.append([_("Perangkat Daerah"), name, score.value, score.predikat or "", _light(score.value), status])
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
            (_("Predikat"), overall.predikat or "—"),
        ]
        return context


class MatriksExporter(ReportExporter):
    """Matriks Capaian Tahunan: indicators × TW I–IV (target, realisasi, capaian) of one year, counted rows."""

    key = "matriks"
    label = ExportReport.MATRIKS.label

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
        ]
        for q in range(1, 5):
            tw = quarter_label(q)
            cols += [
                Column(_("Target %(tw)s") % {"tw": tw}, "number", 11),
                Column(_("Realisasi %(tw)s") % {"tw": tw}, "number", 11),
                Column(_("Capaian %(tw)s (%%)") % {"tw": tw}, "percent", 11),
            ]
        return cols

    def rows(self) -> Iterator[Sequence[Any]]:
        values = selectors.progress_values(
            user=self.user,
            filters=self._year_filters(),
            counted_only=True,
            order=("report__unit__name", "indicator__code", "report__cycle__quarter"),
        )
        for (_unit, _code), group in groupby(values, key=itemgetter("report__unit__name", "indicator__code")):
            rows = list(group)
            first = rows[0]
            out: list[Any] = [
                first["report__unit__name"],
                first["indicator__code"],
                first["indicator__name"],
                _label(Satuan, first["indicator__satuan"]),
            ]
            by_quarter = {r["report__cycle__quarter"]: r for r in rows}
            for q in range(1, 5):
                r = by_quarter.get(q)
                out += [r["target_value"], _realisasi(r), r["capaian"]] if r else [None, None, None]
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


REPORTS: dict[str, type[ReportExporter]] = {
    cls.key: cls for cls in (RekapExporter, MatriksExporter, KelengkapanExporter)
}


def exporter_for(report: str, *, user: AnyUser, filters: DashboardFilters) -> ReportExporter:
    try:
        cls = REPORTS[report]
    except KeyError:
        raise ValueError(_("Laporan %(report)s tidak dikenal.") % {"report": report}) from None
    return cls(user=user, filters=filters)
