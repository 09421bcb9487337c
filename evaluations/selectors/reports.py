"""Officer reads: their reports, one report's page rows, the Beranda panel. Always scoped."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from areas import scoring
from areas.models import ChangeArea, IndicatorAnnualTarget, IndicatorKind, IndicatorTarget, Polarity, Satuan
from evaluations.models import (
    Cycle,
    CycleState,
    Decision,
    Evidence,
    Progress,
    Report,
    ReportStatus,
    ReviewDecision,
    ReviewNote,
    quarter_label,
    today_wita,
)
from roadmap import numbers
from roadmap.models import Roadmap
from roadmap.permissions import AnyUser, scope


def reports_for(*, user: AnyUser) -> QuerySet[Report]:
    """The reports the user may see, newest quarter first."""
    return (
        scope(Report.objects.all(), user)
        .select_related("unit", "cycle", "cycle__roadmap")
        .order_by("-cycle__year", "-cycle__quarter", "unit__name")
    )


def capaian_by_report(report_ids: list[int]) -> dict[int, Decimal | None]:
    """Weighted mean of the clipped capaian of each report (DESIGN.md's roll-up); one query."""
    pairs: dict[int, list[tuple[Decimal | None, Decimal]]] = defaultdict(list)
    rows = Progress.objects.filter(report_id__in=report_ids).values_list("report_id", "capaian", "indicator__weight")
    for report_id, capaian, weight in rows:
        pairs[report_id].append((capaian, weight))
    return {pk: scoring.weighted_mean(pairs.get(pk, [])) for pk in report_ids}


@dataclass
class ReportSummary:
    report: Report
    capaian: Decimal | None
    today: dt.date

    @property
    def due_on(self) -> dt.date:
        return self.report.effective_due_on()

    @property
    def overdue(self) -> bool:
        return self.report.is_overdue(self.today)

    @property
    def days_overdue(self) -> int:
        return self.report.days_overdue(self.today)

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def lock_reason(self) -> str | None:
        return self.report.lock_reason(self.today)

    @property
    def owed(self) -> bool:
        return self.report.status in (ReportStatus.BELUM_MULAI, ReportStatus.DRAF, ReportStatus.DIKEMBALIKAN)


def report_summaries(*, user: AnyUser, today: dt.date | None = None) -> list[ReportSummary]:
    today = today or today_wita()
    reports = list(reports_for(user=user))
    capaian = capaian_by_report([r.pk for r in reports])
    return [ReportSummary(report=r, capaian=capaian[r.pk], today=today) for r in reports]


def operator_panel(*, user: AnyUser, roadmap: Roadmap | None, today: dt.date | None = None) -> dict[str, Any]:
    """Beranda: the report the officer should work on now, and the past quarters."""
    today = today or today_wita()
    summaries = [
        s
        for s in report_summaries(user=user, today=today)
        if roadmap is None or s.report.cycle.roadmap_id == roadmap.pk
    ]
    current = next((s for s in summaries if s.report.cycle.state == CycleState.OPEN), None)
    if current is None:
        # A report reopened or returned after its cycle closed is still work to do.
        current = next((s for s in summaries if s.owed and s.report.is_editable(today)), None)
    next_cycle = None
    if current is None and roadmap is not None:
        next_cycle = (
            Cycle.objects.filter(roadmap=roadmap, state=CycleState.SCHEDULED, opens_on__gte=today)
            .order_by("opens_on")
            .first()
        )
    past = [s for s in summaries if current is None or s.report.pk != current.report.pk]
    return {"current": current, "past": past, "next_cycle": next_cycle, "today": today}


def previous_cycle_key(cycle: Cycle) -> tuple[int, int]:
    return (cycle.year, cycle.quarter - 1) if cycle.quarter > 1 else (cycle.year - 1, 4)


@dataclass(frozen=True)
class Row:
    """One indicator on the report page, as the selector reads it; its form and card are the view's."""

    progress: Progress
    target: Decimal | None  # the quarter's target as it stands now (the one the next save uses)
    annual_target: Decimal | None
    previous_realisasi: Decimal | None
    previous_done: bool | None
    has_previous: bool
    evidence: list[Evidence]
    notes: list[ReviewNote]
    target_upper: Decimal | None = None  # a range target's upper bound
    annual_upper: Decimal | None = None
    due_quarter: int | None = None  # a milestone's, this year
    # A cumulative indicator: Σ realisasi of the year's earlier quarters, to which this quarter's adds up (s.d. TW).
    realisasi_before: Decimal | None = None

    @property
    def due_label(self) -> str:
        return quarter_label(self.due_quarter) if self.due_quarter else ""

    @property
    def kind_label(self) -> str:
        return _label(IndicatorKind, self.progress.indicator.kind)

    @property
    def realisasi_to_date(self) -> Decimal | None:
        """What the capaian compares for a cumulative indicator: the earlier quarters and this one's value."""
        if not self.progress.indicator.cumulative:
            return None
        return scoring.realisasi_to_date([self.realisasi_before, self.progress.realisasi])

    @property
    def indicator(self) -> Any:
        return self.progress.indicator

    @property
    def satuan_label(self) -> str:
        # Model.get_FOO_display() rebuilds a hashable copy of the choices on every call: 80 calls per page.
        return _label(Satuan, self.progress.indicator.satuan)

    @property
    def polarity_label(self) -> str:
        return _label(Polarity, self.progress.indicator.polarity)


def _label(choices: Any, value: str) -> str:
    # The label of a choice in the active language: translated once per language, not once per row and
    # property (154 lazy translations per report page).
    return _translated_label(choices, value, get_language())


@functools.lru_cache(maxsize=512)
def _translated_label(choices: Any, value: str, language: str | None) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass
class AreaGroup:
    area: ChangeArea
    rows: list[Row] = field(default_factory=list)


def progress_rows(report: Report, progress_ids: list[int] | None = None) -> list[Progress]:
    """The rows of the report page, with their indicator, area and evidence (`evidence_files`)."""
    qs = (
        Progress.objects.filter(report=report)
        .select_related("indicator", "indicator__area")
        .prefetch_related(
            # to_attr: a plain list per row, not a queryset (and its manager) per row
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"), to_attr="evidence_files")
        )
        .order_by("indicator__area__order", "indicator__code")
    )
    if progress_ids is not None:
        qs = qs.filter(pk__in=progress_ids)
    return list(qs)


def progress_rows_to_save(report: Report) -> list[Progress]:
    """The rows a posted report form is checked against: the form reads only the row and its indicator's
    polarity (the service re-reads and locks them before saving)."""
    return list(Progress.objects.filter(report=report).select_related("indicator").order_by("pk"))


def current_decision(report: Report) -> ReviewDecision | None:
    """The return (or reopen) the officer is working on now, with its notes; None otherwise."""
    if report.status != ReportStatus.DIKEMBALIKAN:
        return None
    return (
        ReviewDecision.objects.filter(report=report, decision__in=[Decision.RETURN, Decision.REOPEN])
        .select_related("reviewer")
        .prefetch_related("notes")
        .order_by("-created_at", "-pk")
        .first()
    )


def report_rows(*, report: Report, progress_ids: list[int] | None = None) -> list[Row]:
    """The page's rows (all, or only `progress_ids`) in area order, in a fixed number of queries."""
    progress = progress_rows(report, progress_ids)
    indicator_ids = [p.indicator_id for p in progress]
    # order_by(): the models' default order (by indicator: unit, area, code) would join three tables for nothing
    annual = {
        indicator_id: (value, upper, due)
        for indicator_id, value, upper, due in IndicatorAnnualTarget.objects.filter(
            indicator_id__in=indicator_ids, year=report.cycle.year
        )
        .order_by()
        .values_list("indicator_id", "value", "value_upper", "due_quarter")
    }
    quarter_targets = {
        indicator_id: (value, upper)
        for indicator_id, value, upper in IndicatorTarget.objects.filter(
            indicator_id__in=indicator_ids, year=report.cycle.year, quarter=report.cycle.quarter
        )
        .order_by()
        .values_list("indicator_id", "value", "value_upper")
    }
    before = _earlier_quarters(report, [p.indicator_id for p in progress if p.indicator.cumulative])
    year, quarter = previous_cycle_key(report.cycle)
    previous = {
        indicator_id: (realisasi, done)
        for indicator_id, realisasi, done in Progress.objects.filter(
            report__unit_id=report.unit_id,
            report__cycle__roadmap_id=report.cycle.roadmap_id,
            report__cycle__year=year,
            report__cycle__quarter=quarter,
            indicator_id__in=indicator_ids,
        ).values_list("indicator_id", "realisasi", "milestone_done")
    }
    decision = current_decision(report)
    notes: dict[int, list[ReviewNote]] = defaultdict(list)
    if decision is not None:
        for note in decision.notes.all():
            notes[note.progress_id].append(note)
    return [
        Row(
            progress=p,
            target=quarter_targets.get(p.indicator_id, (p.target_value, p.target_upper))[0],
            target_upper=quarter_targets.get(p.indicator_id, (p.target_value, p.target_upper))[1],
            annual_target=annual.get(p.indicator_id, (None, None, None))[0],
            annual_upper=annual.get(p.indicator_id, (None, None, None))[1],
            due_quarter=annual.get(p.indicator_id, (None, None, None))[2],
            realisasi_before=before.get(p.indicator_id, Decimal(0)) if p.indicator.cumulative else None,
            previous_realisasi=previous.get(p.indicator_id, (None, None))[0],
            previous_done=previous.get(p.indicator_id, (None, None))[1],
            has_previous=p.indicator_id in previous,
            evidence=p.evidence_files,  # type: ignore[attr-defined]  # Prefetch(to_attr=…)
            notes=notes.get(p.pk, []),
        )
        for p in progress
    ]


def _earlier_quarters(report: Report, indicator_ids: list[int]) -> dict[int, Decimal]:
    """Σ realisasi of the year's quarters before the report's, per cumulative indicator (no query without one)."""
    if not indicator_ids:
        return {}
    rows = (
        Progress.objects.filter(
            indicator_id__in=indicator_ids,
            report__cycle__roadmap_id=report.cycle.roadmap_id,
            report__cycle__year=report.cycle.year,
            report__cycle__quarter__lt=report.cycle.quarter,
        )
        .order_by()
        .values("indicator_id")
        .annotate(total=Sum("realisasi"))
        .values_list("indicator_id", "total")
    )
    return {indicator_id: total or Decimal(0) for indicator_id, total in rows}


def evidence_max_mb() -> str:
    """The upload limit in MB as the page writes it (10, or 2,5)."""
    return numbers.display(Decimal(settings.EVIDENCE_MAX_BYTES) / 1048576, 1)


def row_labels() -> dict[str, str]:
    """The words of a report card (templates/jinja2/evaluations/officer/_row.jinja), translated once per page.

    The card is a Jinja fragment without translatable literals, so every word, including the two sentences
    with a placeholder, comes from here. `hapus_konfirmasi` keeps its %(name)s for the card to fill in.
    """
    return {
        "no_evidence": _("Belum ada bukti dukung."),
        "belum": _("Belum"),
        "belum_jatuh_tempo": _("Belum jatuh tempo"),
        "jatuh_tempo": _("Jatuh tempo"),
        "sd": _("Realisasi s.d."),  # followed by the quarter: "Realisasi s.d. TW II 2025"
        "bukti": _("Bukti Dukung"),
        "capaian": _("Capaian"),
        "catatan": _("Catatan verifikator"),
        "contoh": _("Contoh: 85,5 atau 1.234,5"),
        "hapus": _("Hapus"),
        "hapus_konfirmasi": _("Hapus %(name)s?"),
        "kendala": _("Kendala"),
        "penjelasan": _("Penjelasan"),
        "pilih_berkas": _("Pilih berkas bukti dukung"),
        "realisasi_lalu": _("Realisasi TW lalu"),
        "realisasi": _("Realisasi"),
        "rtl": _("Rencana Tindak Lanjut"),
        "satuan": _("Satuan"),
        "simpan": _("Simpan indikator ini"),
        "target": _("Target"),
        "tercapai": _("Tercapai"),
        "unggah": _("Unggah"),
        "upload_help": _(
            "PDF, JPG, PNG, XLSX atau DOCX; paling besar %(evidence_max_mb)s MB per berkas; "
            "boleh beberapa berkas sekaligus."
        )
        % {"evidence_max_mb": evidence_max_mb()},
        "versi": _("Versi baris tidak sah; muat ulang halaman."),
        "wajib": _("wajib"),
        "hijau": _("Hijau"),
        "kuning": _("Kuning"),
        "merah": _("Merah"),
    }


def group_by_area(rows: list[Row]) -> list[AreaGroup]:
    return [AreaGroup(area=area, rows=list(items)) for area, items in groupby(rows, key=lambda r: r.indicator.area)]


def report_for_page(*, user: AnyUser, pk: int) -> QuerySet[Report]:
    """The report by id, through the user's scope (404 for another unit's officer)."""
    return scope(Report.objects.select_related("unit", "cycle", "cycle__roadmap"), user).filter(pk=pk)


def progress_for(*, user: AnyUser, report: Report, pk: int) -> QuerySet[Progress]:
    return scope(Progress.objects.select_related("indicator", "report"), user, "report__unit").filter(
        Q(report=report) & Q(pk=pk)
    )


def evidence_for(*, user: AnyUser) -> QuerySet[Evidence]:
    """Bukti dukung of the rows the user may see: an indicator's, a rencana aksi's or a tindak lanjut's
    (Evidence.report)."""
    qs = Evidence.objects.select_related(
        "progress__report__unit",
        "progress__report__cycle",
        "action_progress__report__unit",
        "action_progress__report__cycle",
        "follow_up__report__unit",
        "follow_up__report__cycle",
    )
    return (
        scope(qs, user, "progress__report__unit")
        | scope(qs, user, "action_progress__report__unit")
        | scope(qs, user, "follow_up__report__unit")
    )
