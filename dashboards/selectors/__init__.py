"""The dashboards' read layer: numbers computed in the database, reused by the exports.

- filters: `DashboardFilters`, `dashboard_filters(query=, user=)`, `filter_choices(user=, filters=)`
- scores: `Score`, `counted_rows`, `score_overall`, `scores_by_area`, `scores_by_element`, `scores_by_theme`,
  `unit_ranking`, `page_inputs`, `heatmap`, `trend`, `score_by_quarter`, `at_risk_indicators`, `indicator_rows`
- completeness: `Completeness`, `completeness(user=, filters=, today=)`, `cycle_reports`
- drilldown: the area, unit and indicator pages.
"""

from dashboards.selectors.completeness import Completeness, completeness, cycle_reports
from dashboards.selectors.filters import DashboardFilters, dashboard_filters, filter_choices
from dashboards.selectors.scores import (
    Score,
    at_risk_indicators,
    counted_rows,
    heatmap,
    indicator_rows,
    page_inputs,
    score_by_quarter,
    score_overall,
    scores_by_area,
    scores_by_element,
    scores_by_theme,
    trend,
    unit_ranking,
)

__all__ = [
    "Completeness",
    "DashboardFilters",
    "Score",
    "at_risk_indicators",
    "completeness",
    "counted_rows",
    "cycle_reports",
    "dashboard_filters",
    "filter_choices",
    "heatmap",
    "indicator_rows",
    "page_inputs",
    "score_by_quarter",
    "score_overall",
    "scores_by_area",
    "scores_by_element",
    "scores_by_theme",
    "trend",
    "unit_ranking",
]
