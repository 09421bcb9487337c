"""The year: each indicator's capaian against its annual target so far and its year-end projection, and their
weighted means (issue 18 item 5; the rule is areas.scoring.year_score, docs/indicator-rules.md#the-year).

Computed in Python from the counted progress rows of the year up to the selected quarter (one query) and the
annual targets (one query): the rule needs every quarter of an indicator at once (a sum, a last value, a due
quarter), which the per-row summary table does not hold. What is *not* covered: a quarter whose report does
not count (a draft) is as if not reported, like everywhere on the dashboards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from areas import scoring
from areas.models import IndicatorAnnualTarget
from areas.scale import capaian_scale
from dashboards.selectors.filters import DashboardFilters
from dashboards.selectors.scores import counted_rows
from roadmap.permissions import AnyUser


@dataclass(frozen=True)
class IndicatorYear:
    """One indicator's year: its annual target and what areas.scoring.year_score makes of its quarters."""

    indicator_id: int
    code: str
    weight: Decimal
    annual_target: Decimal | None
    annual_upper: Decimal | None
    score: scoring.YearScore


@dataclass(frozen=True)
class YearSummary:
    """The weighted means (clipped, as every roll-up) of the indicators' year capaian and projections."""

    year: int | None
    through_quarter: int | None  # the last quarter counted (the selected one)
    capaian: Decimal | None = None
    projection: Decimal | None = None
    indicators: dict[int, IndicatorYear] = field(default_factory=dict)

    @property
    def capaian_light(self) -> str | None:
        return scoring.traffic_light(self.capaian, capaian_scale().lights)

    @property
    def projection_light(self) -> str | None:
        return scoring.traffic_light(self.projection, capaian_scale().lights)


def year_scores(*, user: AnyUser, filters: DashboardFilters) -> YearSummary:
    """The year of `filters` through its quarter (the whole year when none), in the user's scope and filters."""
    year, through = filters.year, filters.quarter or 4
    if year is None or filters.roadmap is None:
        return YearSummary(year=year, through_quarter=None)
    rows = (
        counted_rows(user=user, filters=filters, all_quarters=True)
        .filter(report__cycle__year=year, report__cycle__quarter__lte=through)
        .order_by()
        .values_list(
            "indicator_id",
            "indicator__code",
            "indicator__polarity",
            "indicator__cumulative",
            "indicator__weight",
            "report__cycle__quarter",
            "realisasi",
            "milestone_done",
        )
    )
    quarters: dict[int, list[scoring.QuarterValue]] = defaultdict(list)
    meta: dict[int, tuple[str, str, bool, Decimal]] = {}
    for indicator_id, code, polarity, cumulative, weight, quarter, realisasi, done in rows:
        meta[indicator_id] = (code, polarity, cumulative, weight)
        quarters[indicator_id].append(scoring.QuarterValue(quarter, realisasi, done))
    targets = {
        indicator_id: (value, upper, due)
        for indicator_id, value, upper, due in IndicatorAnnualTarget.objects.filter(
            indicator_id__in=list(meta), year=year
        )
        .order_by()
        .values_list("indicator_id", "value", "value_upper", "due_quarter")
    }
    indicators = {}
    for indicator_id, (code, polarity, cumulative, weight) in meta.items():
        value, upper, due = targets.get(indicator_id, (None, None, None))
        score = scoring.year_score(
            polarity=polarity,
            cumulative=cumulative,
            annual_target=value,
            annual_upper=upper,
            due_quarter=due,
            quarters=quarters[indicator_id],
        )
        indicators[indicator_id] = IndicatorYear(indicator_id, code, weight, value, upper, score)
    return YearSummary(
        year=year,
        through_quarter=through,
        capaian=scoring.weighted_mean((i.score.capaian, i.weight) for i in indicators.values()),
        projection=scoring.weighted_mean((i.score.projection, i.weight) for i in indicators.values()),
        indicators=indicators,
    )
