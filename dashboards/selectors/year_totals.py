"""The Dasbor's year figure (the weighted means of the indicators' year capaian and projection) computed in
PostgreSQL: the rule of areas.scoring.year_score, written once more in SQL, because the Dasbor needs only the
two means and the Python rule, applied to every indicator of every unit, cost 0,44 s of the cold Dasbor's
1,2 s at 500 units (docs/performance.md, round 7). dashboards.selectors.year.year_scores stays the rule's
reference: the unit and area pages and the Matriks export show its per-indicator values, SQLite (`make run`)
uses it here too, and tests/test_year_totals.py checks that both give the same numbers.

Per indicator, over the counted rows of the year up to the selected quarter (one GROUP BY): the quarters'
realisasi (a cumulative indicator's year is their sum, projected × 4 / the last quarter reported; a
per-quarter one's is the last value), and for a milestone whether it was done and the last quarter answered.
Then capaian as areas.scoring.capaian (polarity, range, target 0, |x| ≥ 10¹² → none), rounded to 0,01 half
to even as Decimal.quantize (PostgreSQL's ROUND goes half away from zero), clipped to 0–120 and weighted. The
database returns the four exact sums; the two divisions happen in Python, as for every other score.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Max, Sum, Value, When

from areas import scoring
from areas.models import IndicatorAnnualTarget
from dashboards.selectors.filters import DashboardFilters
from dashboards.selectors.scores import NUMERIC, counted_rows
from dashboards.selectors.year import YearSummary, year_scores
from roadmap.permissions import AnyUser


def year_totals(*, user: AnyUser, filters: DashboardFilters) -> YearSummary:
    """year_scores' capaian and projection, without the per-indicator values (`indicators` is empty)."""
    year, through = filters.year, filters.quarter or 4
    if year is None or filters.roadmap is None:
        return YearSummary(year=year, through_quarter=None)
    if connection.vendor != "postgresql":
        reference = year_scores(user=user, filters=filters)
        return YearSummary(year, reference.through_quarter, reference.capaian, reference.projection)
    quarter = "report__cycle__quarter"
    per_indicator = (
        counted_rows(user=user, filters=filters, all_quarters=True)
        .filter(report__cycle__year=year, report__cycle__quarter__lte=through)
        .order_by()
        .values(
            ind=F("indicator_id"),
            polarity=F("indicator__polarity"),
            cumulative=F("indicator__cumulative"),
            weight=F("indicator__weight"),
        )
        .annotate(
            **{
                f"r{q}": Sum(Case(When(**{quarter: q}, then=F("realisasi")), output_field=NUMERIC))
                for q in (1, 2, 3, 4)
            },
            sum_r=Sum("realisasi"),
            done_any=Max(
                Case(
                    When(milestone_done=True, then=Value(1)),
                    When(milestone_done=False, then=Value(0)),
                    output_field=IntegerField(),
                )
            ),
            answered_q=Max(Case(When(milestone_done__isnull=False, then=F(quarter)), output_field=IntegerField())),
        )
    )
    inner, params = per_indicator.query.sql_with_params()
    targets = connection.ops.quote_name(IndicatorAnnualTarget._meta.db_table)
    last_value = "COALESCE(per.r4, per.r3, per.r2, per.r1)"
    last_quarter = (
        "CASE WHEN per.r4 IS NOT NULL THEN 4 WHEN per.r3 IS NOT NULL THEN 3 "
        "WHEN per.r2 IS NOT NULL THEN 2 WHEN per.r1 IS NOT NULL THEN 1 END"
    )
    sql = f"""
        WITH per AS ({inner}),
        v AS (
            SELECT per.weight AS w, per.polarity, per.done_any, per.answered_q,
                   t.value AS t, t.value_upper AS u, t.due_quarter AS due,
                   CASE WHEN per.cumulative THEN per.sum_r ELSE {last_value} END AS r,
                   CASE WHEN per.cumulative THEN per.sum_r * 4 / ({last_quarter}) ELSE {last_value} END AS p
            FROM per LEFT JOIN {targets} t ON t.indicator_id = per.ind AND t.year = %s
        ),
        c AS (SELECT w, {_capaian("r")} AS cap, {_capaian("p")} AS proj FROM v WHERE w > 0)
        SELECT SUM(w * {_clip("cap")}), SUM(CASE WHEN cap IS NOT NULL THEN w END),
               SUM(w * {_clip("proj")}), SUM(CASE WHEN proj IS NOT NULL THEN w END)
        FROM c
    """  # noqa: S608 - the ORM's SQL and fixed fragments; every value is a parameter
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # The planner's cost estimate puts this query above jit_above_cost: compiling it took 136 of its 300 ms
        # at 500 units (EXPLAIN ANALYZE), for a plan that runs in 165 ms without it. SET LOCAL needs a transaction;
        # inside one already (a test, ATOMIC_REQUESTS) no savepoint: it would cost two statements for nothing.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, (*params, year))
        num, den, pnum, pden = cursor.fetchone()
    return YearSummary(year=year, through_quarter=through, capaian=_mean(num, den), projection=_mean(pnum, pden))


def _mean(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    return (num / den).quantize(Decimal("0.01")) if den else None


def _bounded(expr: str) -> str:
    """areas.scoring._bounded: none from 10¹² on; else rounded to 0,01 half to even (Decimal.quantize's rule)."""
    cents = f"(({expr}) * 100)"
    return (
        f"(CASE WHEN ABS({expr}) >= {scoring.CAPAIAN_BOUND} THEN NULL "
        f"WHEN {cents} - FLOOR({cents}) = 0.5 AND MOD(FLOOR({cents}), 2) = 0 THEN FLOOR({cents}) / 100 "
        f"ELSE ROUND({expr}, 2) END)"
    )


def _capaian(x: str) -> str:
    """areas.scoring.capaian of the value `x` against the annual target t (u: its upper bound, a range)."""
    return f"""(CASE
        WHEN polarity = 'milestone' THEN (CASE WHEN answered_q IS NULL THEN NULL
            WHEN done_any = 1 THEN {scoring.HUNDRED} WHEN due IS NOT NULL AND answered_q < due THEN NULL ELSE 0 END)
        WHEN {x} IS NULL OR t IS NULL THEN NULL
        WHEN u IS NOT NULL THEN (CASE WHEN u < t THEN NULL WHEN {x} >= t AND {x} <= u THEN {scoring.HUNDRED}
            WHEN {x} < t THEN (CASE WHEN t = 0 THEN NULL ELSE {_bounded(f"{x} / t * 100")} END)
            ELSE (CASE WHEN u = 0 THEN NULL ELSE {_bounded(f"(2 - {x} / u) * 100")} END) END)
        WHEN t = 0 THEN NULL
        WHEN polarity = 'higher' THEN {_bounded(f"{x} / t * 100")}
        WHEN polarity = 'lower' THEN {_bounded(f"(2 - {x} / t) * 100")}
        ELSE NULL END)"""


def _clip(x: str) -> str:
    # Guarded: PostgreSQL's GREATEST/LEAST skip a NULL (scores.clipped_capaian does the same).
    return f"(CASE WHEN {x} IS NULL THEN NULL ELSE GREATEST(LEAST({x}, {scoring.CLIP_MAX}), {scoring.CLIP_MIN}) END)"
