"""Reads of the drill-down pages: an area across units, a unit across quarters, an indicator's history.

An indicator may change unit (the admin moves it before it has progress rows; see areas.admin), so its rows are
never read by indicator alone: every progress, evidence, decision and note is scoped by the unit of the *report*
it belongs to (roadmap.permissions.scope with unit_path through report__unit). A unit's officer sees what their
unit reported, never the history of the unit that owned the indicator before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import QuerySet

from areas import scoring
from areas.models import Indicator, IndicatorTarget
from areas.scale import capaian_scale
from dashboards.display import CellText
from dashboards.selectors.filters import DashboardFilters
from dashboards.selectors.scores import (
    QUARTER_FIELDS,
    RankingRow,
    clipped_capaian,
    counted_rows,
    indicators_in_scope,
    with_quarter,
)
from evaluations.models import (
    Cycle,
    Evidence,
    Progress,
    Report,
    ReportStatus,
    ReviewDecision,
    ReviewNote,
    quarter_label,
    today_wita,
)
from roadmap.models import Unit
from roadmap.permissions import AnyUser, scope


def for_unit(filters: DashboardFilters, unit: Unit) -> DashboardFilters:
    """The filters narrowed to one unit (the caller has checked that the user may see it)."""
    return replace(filters, unit=unit)


class PivotCell(NamedTuple):
    """An indicator's counted capaian in one quarter, as the pivot writes it."""

    value: Decimal | None
    text: str  # `{{ value|persen }}`
    light: str  # `{{ value|lampu|default:'none' }}`


@dataclass(frozen=True, slots=True)
class PivotRow:
    indicator: Indicator
    cells: tuple[PivotCell, ...]  # one per cycle of the road map, in order


@dataclass(frozen=True, slots=True)
class Pivot:
    cycles: list[Cycle]
    rows: list[PivotRow]
    indicators: list[Indicator]  # indicator_rows(): each with its counted row of the selected quarter


def unit_pivot(*, user: AnyUser, filters: DashboardFilters) -> Pivot:
    """The unit's indicators × the road map's quarters: counted capaian per cell (for the table).

    Cells are read as (indicator, cycle, the row's values) from one query, which also gives each indicator its
    row of the selected quarter (as indicator_rows() would, without reading it again); nothing is computed here
    but each cell's text, once (≈800 cells).
    """
    indicators = list(indicators_in_scope(user=user, filters=filters))
    cells = (
        counted_rows(user=user, filters=filters, all_quarters=True)  # the unit's own reports, every quarter
        .filter(indicator__in=[i.pk for i in indicators])
        .order_by("pk")
        .values_list("indicator_id", "report__cycle_id", *QUARTER_FIELDS)
    )
    by_key: dict[tuple[int, int], Decimal | None] = {}
    quarter: dict[int, tuple[Any, ...]] = {}  # the selected quarter's row of each indicator (indicator_rows())
    capaian = QUARTER_FIELDS.index("capaian")
    chosen = filters.cycle.pk if filters.cycle is not None else None
    for indicator_id, cycle_id, *values in cells:
        by_key.setdefault((indicator_id, cycle_id), values[capaian])
        if cycle_id == chosen:
            quarter.setdefault(indicator_id, tuple(values))
    with_quarter(indicators, quarter)
    text = CellText()

    def cell(value: Decimal | None) -> PivotCell:
        return PivotCell(value, text.percent(value), text.capaian_light(value) or "none")

    rows = [
        PivotRow(indicator=ind, cells=tuple(cell(by_key.get((ind.pk, c.pk))) for c in filters.cycles))
        for ind in indicators
    ]
    return Pivot(cycles=filters.cycles, rows=rows, indicators=indicators)


@dataclass(frozen=True, slots=True)
class UnitReport:
    report: Report
    overdue: bool  # Terlambat today


def unit_reports(
    *, user: AnyUser, unit: Unit, filters: DashboardFilters, today: dt.date | None = None
) -> list[UnitReport]:
    """The unit's reports of the road map, newest first, each with whether it is overdue."""
    today = today or today_wita()
    reports = (
        scope(Report.objects.filter(unit=unit, cycle__roadmap=filters.roadmap), user)
        .select_related("cycle", "unit")
        .order_by("-cycle__year", "-cycle__quarter")
    )
    # The model's own rule (Report.is_overdue, on the row and its cycle read here), not a second query.
    return [UnitReport(report=report, overdue=report.is_overdue(today)) for report in reports]


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One quarter of an indicator: its target, and what counts of its realisasi."""

    year: int
    quarter: int
    label: str
    target: Decimal | None
    realisasi: Decimal | None
    done: bool | None  # a milestone's realisasi
    capaian: Decimal | None
    light: str | None
    report: Report | None  # the quarter's report, counted or not
    counted: bool
    target_upper: Decimal | None = None  # a range target's upper bound
    to_date: Decimal | None = None  # a cumulative indicator's realisasi s.d. the quarter
    not_due: bool = False  # a milestone not done before its due quarter: "belum jatuh tempo"


def indicator_history(*, user: AnyUser, indicator: Indicator, filters: DashboardFilters) -> list[HistoryRow]:
    """Target against realisasi per quarter of the road map, up to the latest year with a cycle.

    Quarters whose report does not count (not approved, or not submitted with the toggle) show the
    target only; `status` tells why.
    """
    roadmap = indicator.roadmap
    last_year = max([c.year for c in filters.cycles] + [filters.year or roadmap.start_year])
    last_year = min(max(last_year, roadmap.start_year), roadmap.end_year)
    targets = {
        (t.year, t.quarter): (t.value, t.value_upper)
        for t in IndicatorTarget.objects.filter(indicator=indicator, year__lte=last_year)
    }
    progress = {
        (p.report.cycle.year, p.report.cycle.quarter): p
        for p in scope(Progress.objects.all(), user, unit_path="report__unit")
        .filter(indicator=indicator, report__cycle__roadmap=roadmap)
        .select_related("report__cycle")
        .annotate(clipped=clipped_capaian())
    }
    rows, lights = [], capaian_scale().lights
    for year in range(roadmap.start_year, last_year + 1):
        for quarter in range(1, 5):
            p = progress.get((year, quarter))
            counted = p is not None and p.report.status in filters.statuses
            target, upper = targets.get((year, quarter), (None, None))
            if counted and p.target_value is not None:
                target, upper = p.target_value, p.target_upper
            rows.append(
                HistoryRow(
                    year=year,
                    quarter=quarter,
                    label=f"{quarter_label(quarter)} {year}",
                    target=target,
                    target_upper=upper,
                    to_date=p.realisasi_to_date if counted else None,
                    not_due=counted and p.shows_not_due,
                    realisasi=p.realisasi if counted else None,
                    done=p.milestone_done if counted else None,
                    capaian=p.capaian if counted else None,
                    light=scoring.traffic_light(scoring.clip(p.capaian), lights) if counted else None,
                    report=p.report if p is not None else None,
                    counted=counted,
                )
            )
    return rows


def indicator_evidence(*, user: AnyUser, indicator: Indicator) -> QuerySet[Evidence]:
    return (
        scope(Evidence.objects.all(), user, unit_path="progress__report__unit")
        .filter(progress__indicator=indicator)
        .select_related("progress__report__cycle")
        .order_by("-progress__report__cycle__year", "-progress__report__cycle__quarter", "uploaded_at")
    )


# The reports whose texts the indicator page tells: submitted at least once (a draft is still the unit's own).
TOLD_STATUSES = (ReportStatus.DIAJUKAN, ReportStatus.DIKEMBALIKAN, ReportStatus.DISETUJUI)


@dataclass(frozen=True, slots=True)
class StoryQuarter:
    """What the unit reported on an indicator in one quarter, and what the reviewers decided and noted."""

    progress: Progress
    report: Report
    cycle: Cycle
    evidence: list[Evidence]
    decisions: list[ReviewDecision]
    notes: list[ReviewNote]


def indicator_story(*, user: AnyUser, indicator: Indicator) -> list[StoryQuarter]:
    """The indicator quarter by quarter, newest first: what the unit reported and wrote (realisasi, penjelasan,
    kendala, rencana tindak lanjut), its evidence, and the reviewers' decisions and notes on it.

    Four queries whatever the number of quarters, every one scoped by the report's unit (scope(): another
    unit's rows are not there, also after the indicator moved to another unit).
    """
    rows = list(
        scope(Progress.objects.all(), user, unit_path="report__unit")
        .filter(indicator=indicator, report__cycle__roadmap_id=indicator.roadmap_id, report__status__in=TOLD_STATUSES)
        .select_related("report__cycle", "report__unit")
        .order_by("-report__cycle__year", "-report__cycle__quarter")
    )
    progress_ids = [p.pk for p in rows]
    evidence: dict[int, list[Evidence]] = {}
    for e in indicator_evidence(user=user, indicator=indicator).filter(progress_id__in=progress_ids):
        evidence.setdefault(e.progress_id, []).append(e)
    notes: dict[int, list[ReviewNote]] = {}
    for n in (
        scope(ReviewNote.objects.all(), user, unit_path="progress__report__unit")
        .filter(progress_id__in=progress_ids)
        .select_related("decision__reviewer")
    ):
        notes.setdefault(n.progress_id, []).append(n)
    decisions: dict[int, list[ReviewDecision]] = {}
    for d in (
        scope(ReviewDecision.objects.all(), user, unit_path="report__unit")
        .filter(report_id__in=[p.report_id for p in rows])
        .select_related("reviewer")
        .order_by("created_at")
    ):
        decisions.setdefault(d.report_id, []).append(d)
    return [
        StoryQuarter(
            progress=p,
            report=p.report,
            cycle=p.report.cycle,
            evidence=evidence.get(p.pk, []),
            decisions=decisions.get(p.report_id, []),
            notes=notes.get(p.pk, []),
        )
        for p in rows
    ]


def area_unit_scores(*, rows: list[RankingRow], unit_ids: set[int]) -> list[RankingRow]:
    """Keep the ranking rows of units that own an indicator in the area."""
    return [r for r in rows if r.unit.pk in unit_ids]
