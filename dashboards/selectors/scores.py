"""Capaian roll-ups computed in the database, mirroring areas.scoring exactly.

An indicator's capaian enters an aggregate clipped to 0–120 %, weighted by the indicator's
weight; rows without a capaian (target 0, no realisasi) are left out. The database returns,
per group, the two exact NUMERIC sums Σ(clipped capaian × weight) and Σ(weight); the final
division and rounding happen in Python with `Decimal`, exactly as scoring.weighted_mean does
(PostgreSQL rounds half away from zero, Decimal half to even: dividing in SQL would differ at
x,xx5). That is one division per group, never a loop over progress rows.

The grouped aggregates read the summary table (dashboards.ReportAreaScore: the same two sums per report,
area, aspect and theme, kept equal to the progress rows by dashboards.summary) — a few rows per report
instead of forty. Sums are exact, so a sum of the summary's sums is the sum of the rows. Inside
`cache.computed()` they are computed from the progress rows themselves (the tests' oracle, the benchmark's
floor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest, Least

from areas import categories, scoring
from areas.models import ChangeArea, Element, ElementAspect, Indicator, RbTheme, ThemeKind
from areas.scale import capaian_scale
from dashboards.display import CellText
from dashboards.models import ReportAreaScore
from dashboards.selectors import cache
from dashboards.selectors.filters import (
    DashboardFilters,
    framework_areas,
    framework_aspects,
    framework_themes,
    unit_scope_q,
)
from evaluations.models import Cycle, Progress, Report, today_wita
from roadmap.models import Unit
from roadmap.permissions import AnyUser, scope

NUMERIC = DecimalField(max_digits=30, decimal_places=6)


def clipped_capaian(path: str = "capaian") -> Case:
    """SQL of scoring.clip: NULL stays NULL (PostgreSQL's GREATEST/LEAST would skip a NULL, so guard it)."""
    return Case(
        When(
            **{f"{path}__isnull": False},
            then=Greatest(
                Least(F(path), Value(scoring.CLIP_MAX, output_field=NUMERIC)),
                Value(scoring.CLIP_MIN, output_field=NUMERIC),
            ),
        ),
        default=Value(None, output_field=NUMERIC),
        output_field=NUMERIC,
    )


def score_sums(prefix: str = "") -> dict[str, Any]:
    """The two aggregates of a weighted mean, from Progress (or through `prefix`, e.g. "progress_rows__")."""
    capaian = f"{prefix}capaian"
    weight = f"{prefix}indicator__weight"
    return {
        "num": Sum(
            ExpressionWrapper(clipped_capaian(capaian) * F(weight), output_field=NUMERIC),
            output_field=NUMERIC,
        ),
        "den": Sum(
            Case(When(**{f"{capaian}__isnull": False}, then=F(weight)), default=None, output_field=NUMERIC),
            output_field=NUMERIC,
        ),
    }


@dataclass(frozen=True)
class Score:
    """A weighted mean of clipped capaian with its kategori and light (the admin's scale, areas.scale: read once
    per request); `value` None when nothing counted."""

    num: Decimal = Decimal(0)
    den: Decimal = Decimal(0)

    @cached_property  # read many times per page (tables, charts, bands); the sums never change
    def value(self) -> Decimal | None:
        if not self.den:
            return None
        return (self.num / self.den).quantize(Decimal("0.01"))

    @property
    def kategori(self) -> str | None:
        return categories.kategori(self.value, capaian_scale())

    @property
    def light(self) -> str | None:
        return scoring.traffic_light(self.value, capaian_scale().lights)

    @property
    def has_value(self) -> bool:
        return self.value is not None

    def __add__(self, other: Score) -> Score:
        # Sums are additive: a parent group's score is exact from its children's sums.
        return Score(self.num + other.num, self.den + other.den)

    @classmethod
    def of(cls, row: dict[str, Any] | None) -> Score:
        if not row:
            return cls()
        return cls(row.get("num") or Decimal(0), row.get("den") or Decimal(0))

    def as_float(self) -> float | None:
        return None if self.value is None else float(self.value)


# A grouping key of the aggregates (and the road map of the indicator), as a lookup on Progress and on the
# summary table.
_ON_PROGRESS = {
    "area": "indicator__area",
    "aspect": "indicator__aspect",
    "theme": "indicator__theme",
    "unit": "report__unit",
    "cycle": "report__cycle",
    "roadmap": "indicator__roadmap",
    "kind": "indicator__kind",
}
_ON_SUMMARY = {
    "area": "area",
    "aspect": "aspect",
    "theme": "theme",
    "unit": "report__unit",
    "cycle": "report__cycle",
    "roadmap": "roadmap",
    "kind": "kind",
}


def counted_rows(*, user: AnyUser, filters: DashboardFilters, all_quarters: bool = False) -> QuerySet[Progress]:
    """The progress rows that count: the user's scope, the filters, the counted report statuses.

    With all_quarters the period filter is dropped (the whole road map, for trends).
    """
    return _counted(Progress.objects.all(), _ON_PROGRESS, user=user, filters=filters, all_quarters=all_quarters)


def counted_scores(
    *, user: AnyUser, filters: DashboardFilters, all_quarters: bool = False
) -> QuerySet[ReportAreaScore]:
    """counted_rows on the summary table: the same scope, filters and counted statuses, grouped rows."""
    return _counted(ReportAreaScore.objects.all(), _ON_SUMMARY, user=user, filters=filters, all_quarters=all_quarters)


def _counted(
    qs: QuerySet[Any], paths: dict[str, str], *, user: AnyUser, filters: DashboardFilters, all_quarters: bool
) -> QuerySet[Any]:
    """One set of rules for both sources; `paths` says where area, aspect, theme, road map and the indicator's
    type are."""
    qs = scope(qs, user, unit_path="report__unit").filter(
        report__status__in=filters.statuses,
        report__cycle__roadmap=filters.roadmap,
        **{paths["roadmap"]: filters.roadmap},
    )
    qs = qs.filter(unit_scope_q(user=user, filters=filters, unit_path="report__unit"))
    if not all_quarters:
        if filters.cycle is None:
            return qs.none()
        qs = qs.filter(report__cycle=filters.cycle)
    if filters.area is not None:
        qs = qs.filter(**{paths["area"]: filters.area})
    if filters.element:
        qs = qs.filter(**{f"{paths['aspect']}__element": filters.element})
    if filters.theme is not None:
        qs = qs.filter(**{paths["theme"]: filters.theme})
    if filters.kind:
        qs = qs.filter(**{paths["kind"]: filters.kind})
    return qs


SUMMARY_SUMS = {"num": Sum("num"), "den": Sum("den")}


def _source(*, user: AnyUser, filters: DashboardFilters, all_quarters: bool = False) -> tuple[QuerySet[Any], bool]:
    """(the rows to add up, whether they are summary rows): the summary table unless computing from progress."""
    if cache.from_progress():
        return counted_rows(user=user, filters=filters, all_quarters=all_quarters), False
    return counted_scores(user=user, filters=filters, all_quarters=all_quarters), True


def _grouped(
    *, user: AnyUser, filters: DashboardFilters, keys: tuple[str, ...], all_quarters: bool = False
) -> dict[Any, Score]:
    qs, summary = _source(user=user, filters=filters, all_quarters=all_quarters)
    lookups = [(_ON_SUMMARY if summary else _ON_PROGRESS)[k] for k in keys]
    query = qs.order_by().values(*lookups).annotate(**(SUMMARY_SUMS if summary else score_sums()))
    rows = cache.cached("grouped", query, lambda: list(query))
    if len(keys) == 1:
        return {row[lookups[0]]: Score.of(row) for row in rows}
    return {tuple(row[k] for k in lookups): Score.of(row) for row in rows}


def score_overall(*, user: AnyUser, filters: DashboardFilters) -> Score:
    if filters.roadmap is None:
        return Score()
    qs, summary = _source(user=user, filters=filters)
    sums = SUMMARY_SUMS if summary else score_sums()
    return Score.of(cache.cached("overall", qs, lambda: qs.aggregate(**sums)))


class AreaScore(NamedTuple):
    area: ChangeArea
    score: Score


def scores_by_area(*, user: AnyUser, filters: DashboardFilters) -> list[AreaScore]:
    """The road map's change areas in order, each with its score (areas without data included; none when the road
    map defines none)."""
    grouped = _grouped(user=user, filters=filters, keys=("area",)) if filters.roadmap else {}
    return [AreaScore(area, grouped.get(area.pk, Score())) for area in framework_areas(filters.roadmap)]


class AspectScore(NamedTuple):
    aspect: ElementAspect
    score: Score


@dataclass(frozen=True, slots=True)
class ElementScore:
    element: str  # hard, soft
    label: str
    score: Score  # the exact sum of its aspects'
    aspects: list[AspectScore]


def scores_by_element(*, user: AnyUser, filters: DashboardFilters) -> list[ElementScore]:
    """Hard and soft element, each with its aspects; the element's score is the exact sum of its aspects'."""
    grouped = _grouped(user=user, filters=filters, keys=("aspect",)) if filters.roadmap else {}
    out = []
    aspects = framework_aspects(filters.roadmap)
    for element, label in Element.choices:
        rows = [AspectScore(a, grouped.get(a.pk, Score())) for a in aspects if a.element == element]
        total = sum((r.score for r in rows), Score())
        out.append(ElementScore(element=element, label=label, score=total, aspects=rows))
    return out


class ThemeScore(NamedTuple):
    theme: RbTheme
    score: Score


@dataclass(frozen=True, slots=True)
class ThemeScores:
    general: Score  # RB General
    tematik: Score  # every RB Tematik theme together
    themes: list[ThemeScore]  # every theme, in order


def scores_by_theme(*, user: AnyUser, filters: DashboardFilters) -> ThemeScores:
    """RB General against each RB Tematik theme (and all Tematik together)."""
    grouped = _grouped(user=user, filters=filters, keys=("theme",)) if filters.roadmap else {}
    themes = [ThemeScore(t, grouped.get(t.pk, Score())) for t in framework_themes(filters.roadmap)]
    return ThemeScores(
        general=sum((r.score for r in themes if r.theme.kind == ThemeKind.GENERAL), Score()),
        tematik=sum((r.score for r in themes if r.theme.kind == ThemeKind.TEMATIK), Score()),
        themes=themes,
    )


@dataclass(frozen=True, slots=True)
class RankingRow:
    """A unit in the quarter's ranking: its report, its score and what the Dasbor writes of them."""

    unit: Unit
    report: Report
    score: Score
    rank: int | None  # None while nothing of the unit counts
    overdue: bool  # the report is Terlambat today
    persen: str
    kategori: str
    light: str | None
    light_label: str
    status_label: str


def unit_ranking(*, user: AnyUser, filters: DashboardFilters, today: dt.date | None = None) -> list[RankingRow]:
    """Every reporting unit of the quarter: score, kategori, light and this quarter's report; best first.

    Units whose report does not count yet (no score) come last, by name.
    """
    if filters.cycle is None:
        return []
    grouped = _grouped(user=user, filters=filters, keys=("unit",))
    scored = [(r, grouped.get(r.unit_id, Score())) for r in ranking_reports(user=user, filters=filters)]
    scored.sort(key=lambda pair: (pair[1].value is None, -(pair[1].value or 0), pair[0].unit.name))
    text, today = CellText(), today or today_wita()
    rows = []
    for rank, (report, score) in enumerate(scored, start=1):
        value = score.value
        light = text.score_light(value)
        rows.append(
            RankingRow(
                unit=report.unit,
                report=report,
                score=score,
                rank=rank if value is not None else None,
                overdue=report.is_overdue(today),
                persen=text.percent(value),
                kategori=text.kategori(value),
                light=light,
                light_label=text.lights.get(light or "", ""),
                status_label=text.statuses.get(report.status, report.status),
            )
        )
    return rows


def ranking_reports(*, user: AnyUser, filters: DashboardFilters) -> QuerySet[Report]:
    """The quarter's reports of the ranking: the user's scope and unit filter."""
    return (
        scope(Report.objects.filter(cycle=filters.cycle), user)
        .filter(unit_scope_q(user=user, filters=filters, unit_path="unit"))
        .select_related("unit", "cycle")
    )


def page_inputs(*, user: AnyUser, filters: DashboardFilters) -> tuple[str, Any] | None:
    """The SQL and parameters of everything a dashboard page's numbers are made of — the counted summary rows
    of every quarter (the user's scope, road map, statuses, unit / area / element / theme / type) and the quarter's
    reports (ranking, completeness, lateness) — for caching the rendered page under the data generation;
    None when there is nothing worth caching (no road map)."""
    if filters.roadmap is None:
        return None
    parts: list[QuerySet[Any]] = [counted_scores(user=user, filters=filters, all_quarters=True)]
    if filters.cycle is not None:
        parts.append(ranking_reports(user=user, filters=filters))
    sqls, params = [], []
    for part in parts:
        try:
            sql, part_params = part.query.sql_with_params()
        except EmptyResultSet:  # an empty queryset (.none()) has no SQL
            return None
        sqls.append(sql)
        params.append(part_params)
    return "\x00".join(sqls), tuple(params)


class HeatCell(NamedTuple):
    """A unit's score in one area, as the heat map writes it."""

    score: Score
    text: str  # the value with one decimal, or —
    light: str  # hijau, kuning, merah, or none


@dataclass(frozen=True, slots=True)
class HeatmapRow:
    unit: Unit
    cells: tuple[HeatCell, ...]  # one per area, in the areas' order


@dataclass(frozen=True, slots=True)
class Heatmap:
    areas: list[ChangeArea]
    rows: list[HeatmapRow]


def heatmap(*, user: AnyUser, filters: DashboardFilters, ranking: list[RankingRow]) -> Heatmap:
    """Units × areas of the quarter: one cell per pair, in the order of the ranking."""
    areas = framework_areas(filters.roadmap)
    grouped = _grouped(user=user, filters=filters, keys=("unit", "area")) if filters.cycle else {}
    display = CellText().numbers.display  # 4,000 cells at 500 units: the loop calls no more than it needs
    lights = capaian_scale().lights

    def cell(score: Score) -> HeatCell:
        value = score.value
        light = scoring.traffic_light(value, lights)
        return HeatCell(score, display(value, 1), str(light) if light else "none")

    rows = [
        HeatmapRow(unit=r.unit, cells=tuple(cell(grouped.get((r.unit.pk, a.pk), Score())) for a in areas))
        for r in ranking
    ]
    return Heatmap(areas=areas, rows=rows)


@dataclass(frozen=True, slots=True)
class TrendPeriod:
    cycle: Cycle
    score: Score
    cells: list[Score]  # per area, in the areas' order
    query: str  # the filters' URL parameters moved to this quarter


@dataclass(frozen=True, slots=True)
class Trend:
    periods: list[TrendPeriod]
    areas: list[ChangeArea]


def trend(*, user: AnyUser, filters: DashboardFilters) -> Trend:
    """The score of every quarter of the road map that has a cycle: overall and per area."""
    if filters.roadmap is None:
        return Trend(periods=[], areas=[])
    grouped = _grouped(user=user, filters=filters, keys=("cycle", "area"), all_quarters=True)
    areas = framework_areas(filters.roadmap)
    periods = []
    for cycle in filters.cycles:
        cells = [grouped.get((cycle.pk, a.pk), Score()) for a in areas]
        query = filters.query(tahun=cycle.year, triwulan=cycle.quarter)
        periods.append(TrendPeriod(cycle=cycle, score=sum(cells, Score()), cells=cells, query=query))
    return Trend(periods=periods, areas=areas)


class QuarterScore(NamedTuple):
    cycle: Cycle
    score: Score


def score_by_quarter(*, user: AnyUser, filters: DashboardFilters) -> list[QuarterScore]:
    """The overall score of each cycle of the road map (for a unit's or an area's trend)."""
    grouped = _grouped(user=user, filters=filters, keys=("cycle",), all_quarters=True) if filters.roadmap else {}
    return [QuarterScore(c, grouped.get(c.pk, Score())) for c in filters.cycles]


def _at_risk_rows(
    rows: QuerySet[Progress], *, user: AnyUser, filters: DashboardFilters, limit: int, red_below: Decimal
) -> list[tuple[int, Any, Any]]:
    """(id, clipped capaian one quarter before, two quarters before) of the at-risk rows, worst first.

    One query: this quarter's counted rows joined to each indicator's clipped capaian in the two quarters
    before (counted rows too), the rule (merah, or falling twice) in its WHERE and the worst first. The parts are
    the ORM's own SQL (scope, filters, statuses and scoring.clip as clipped_capaian), so the rule reads exactly
    what the scores read, on PostgreSQL and SQLite alike; PostgreSQL hashes three sets instead of Python walking
    every row (docs/performance.md#at-risk-indicators).
    """
    # Every column named by an alias of ours: the ORM's own names for plain fields vary ("id" or "pk").
    current = rows.annotate(
        risk_id=F("pk"), risk_ind=F("indicator_id"), risk_c=clipped_capaian(), risk_code=F("indicator__code")
    ).values_list("risk_id", "risk_ind", "risk_c", "risk_code")
    try:
        current_sql, current_params = current.query.sql_with_params()
    except EmptyResultSet:  # no quarter (rows.none()): nothing is at risk
        return []
    params = list(current_params)
    columns, joins = [], []
    for n, cycle in enumerate(filters.previous_cycles(2), start=1):
        if cycle is None:
            columns.append("NULL")
            continue
        # One value per indicator: a report per unit and cycle, a row per indicator and report. Scoped like the
        # current rows: an indicator moved from another unit is compared with what this unit reported only.
        earlier = (
            scope(Progress.objects.all(), user, unit_path="report__unit")
            .filter(unit_scope_q(user=user, filters=filters, unit_path="report__unit"))
            .filter(report__cycle=cycle, report__status__in=filters.statuses)
            .values(prev_ind=F("indicator_id"))
            .annotate(prev_c=Min(clipped_capaian()))
            .values_list("prev_ind", "prev_c")
        )
        sql, earlier_params = earlier.query.sql_with_params()
        columns.append(f"p{n}.prev_c")
        joins.append(f"LEFT JOIN ({sql}) p{n} ON p{n}.prev_ind = cur.risk_ind")
        params.extend(earlier_params)
    falling = "cur.risk_c < p1.prev_c AND p1.prev_c < p2.prev_c" if len(joins) == 2 else "1 = 0"
    query = (
        f"SELECT cur.risk_id, {columns[0]}, {columns[1]} FROM ({current_sql}) cur {' '.join(joins)} "  # noqa: S608 - ORM SQL
        f"WHERE cur.risk_c < %s OR ({falling}) ORDER BY cur.risk_c, cur.risk_code LIMIT %s"
    )
    params.extend([red_below, limit])
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [(pk, p1, p2) for pk, p1, p2 in cursor.fetchall()]


@dataclass(frozen=True, slots=True)
class AtRiskRow:
    """A counted row of the quarter that is merah or fell two quarters running."""

    pk: int  # the progress row's
    indicator: Indicator
    report: Report
    capaian: Decimal | None
    clipped: Decimal  # the capaian as it enters the scores (0–120)
    prev1: Decimal | None  # clipped capaian one quarter before (None: no counted row)
    prev2: Decimal | None  # … two quarters before
    is_red: bool
    is_falling: bool


def at_risk_indicators(*, user: AnyUser, filters: DashboardFilters, limit: int = 100) -> list[AtRiskRow]:
    """Counted rows of the quarter that are merah (clipped capaian below the scale's kuning, 60 by default), or
    fell two quarters running.

    "Falling" compares clipped capaian (what enters the scores): q-2 > q-1 > q. Worst first.
    The rows and their previous capaian come from `_at_risk_rows` (cached); one query reads the rows (a CASE
    per row in the SQL cost more to build than the whole query).
    """
    previous, before = filters.previous_cycles(2)
    red_below = capaian_scale().lights.yellow_from
    rows = counted_rows(user=user, filters=filters).filter(capaian__isnull=False)
    tag = f"at-risk:{limit}:{red_below}:{previous.pk if previous else None}:{before.pk if before else None}"
    # The key is `rows`' SQL: it holds the same scope and unit filter as the earlier quarters' part.
    chosen = cache.cached(
        tag, rows, lambda: _at_risk_rows(rows, user=user, filters=filters, limit=limit, red_below=red_below)
    )
    earlier = {pk: (p1, p2) for pk, p1, p2 in chosen}
    progress = (
        Progress.objects.filter(pk__in=list(earlier))
        .annotate(clipped=clipped_capaian())
        .select_related("indicator", "indicator__area", "report__unit")
        .order_by("clipped", "indicator__code")[:limit]
    )
    out = []
    for row in progress:
        p1, p2 = earlier[row.pk]
        clipped = row.clipped  # type: ignore[attr-defined]
        out.append(
            AtRiskRow(
                pk=row.pk,
                indicator=row.indicator,
                report=row.report,
                capaian=row.capaian,
                clipped=clipped,
                prev1=p1,
                prev2=p2,
                is_red=clipped < red_below,
                is_falling=p1 is not None and p2 is not None and clipped < p1 < p2,
            )
        )
    return out


# What an indicator row shows of its counted row of the quarter, as the attributes the fragments read
# (templates/jinja2/dashboards/_indicator_rows.jinja), in the order of QUARTER_FIELDS.
QUARTER_FIELDS = ("target_value", "target_upper", "realisasi", "not_yet_due", "capaian", "milestone_done")
QUARTER_ATTRS = ("q_target", "q_target_upper", "q_realisasi", "q_not_due", "q_capaian", "q_done")


def indicators_in_scope(*, user: AnyUser, filters: DashboardFilters) -> QuerySet[Indicator]:
    """The indicators in scope (road map, unit, area, element, theme, type), in the pages' order."""
    qs = scope(Indicator.objects.filter(roadmap=filters.roadmap), user).filter(
        unit_scope_q(user=user, filters=filters, unit_path="unit")
    )
    if filters.area is not None:
        qs = qs.filter(area=filters.area)
    if filters.element:
        qs = qs.filter(aspect__element=filters.element)
    if filters.theme is not None:
        qs = qs.filter(theme=filters.theme)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.select_related("unit", "area", "aspect", "theme").order_by("unit__name", "area__order", "code")


def with_quarter(indicators: list[Indicator], quarter: dict[int, Sequence[Any]]) -> list[Indicator]:
    """Set each indicator's QUARTER_ATTRS from its counted row of the quarter (`quarter`: indicator id → the
    values of QUARTER_FIELDS); None where it has none."""
    empty = (None,) * len(QUARTER_ATTRS)
    for indicator in indicators:
        for attr, value in zip(QUARTER_ATTRS, quarter.get(indicator.pk, empty), strict=True):
            setattr(indicator, attr, value)
    return indicators


def indicator_rows(*, user: AnyUser, filters: DashboardFilters) -> list[Indicator]:
    """The indicators in scope, each with its counted row of the quarter (QUARTER_ATTRS).

    Two plain queries, the indicators and the quarter's rows of those: the six correlated sub-selects this
    once read cost more to compile and plan than the rows cost to read (docs/performance.md, round 9).
    """
    indicators = list(indicators_in_scope(user=user, filters=filters))
    quarter: dict[int, Sequence[Any]] = {}
    if indicators:
        rows = (
            counted_rows(user=user, filters=filters)  # the quarter's (none without a quarter)
            .filter(indicator_id__in=[i.pk for i in indicators])
            .order_by("pk")
            .values_list("indicator_id", *QUARTER_FIELDS)
        )
        for indicator_id, *values in rows:
            quarter.setdefault(indicator_id, values)
    return with_quarter(indicators, quarter)
