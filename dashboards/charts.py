"""The data of each chart, as plain JSON for `json_script` (static/js/dashboards.js draws it).

Numbers go out as floats with two decimals; the page's table beside the chart shows the same
values formatted the Indonesian way.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dashboards.selectors import Completeness
from dashboards.selectors.drilldown import HistoryRow
from dashboards.selectors.scores import AreaScore, ElementScore, QuarterScore, ThemeScores, Trend


def _f(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def areas_chart(rows: list[AreaScore]) -> dict[str, Any]:
    return {
        "type": "bar",
        "percent": True,
        "labels": [f"{r.area.order}. {r.area.name}" for r in rows],
        "datasets": [
            {
                "label": _("Capaian"),
                "data": [r.score.as_float() for r in rows],
                "lights": [r.score.light for r in rows],
            }
        ],
    }


def elements_chart(rows: list[ElementScore]) -> dict[str, Any]:
    labels, data, lights = [], [], []
    for element in rows:
        for aspect in element.aspects:
            labels.append(f"{aspect.aspect.name} ({element.label})")
            data.append(aspect.score.as_float())
            lights.append(aspect.score.light)
    return {
        "type": "bar",
        "percent": True,
        "horizontal": True,
        "labels": labels,
        "datasets": [{"label": _("Capaian"), "data": data, "lights": lights}],
    }


def themes_chart(themes: ThemeScores) -> dict[str, Any]:
    rows = themes.themes
    return {
        "type": "bar",
        "percent": True,
        "horizontal": True,
        "labels": [r.theme.name for r in rows],
        "datasets": [
            {
                "label": _("Capaian"),
                "data": [r.score.as_float() for r in rows],
                "lights": [r.score.light for r in rows],
            }
        ],
    }


def completeness_chart(data: Completeness) -> dict[str, Any]:
    rows = data.rows()
    return {
        "type": "bar",
        "integer": True,
        "labels": [str(r.label) for r in rows] + [_("Terlambat")],
        "datasets": [
            {
                "label": _("Jumlah laporan"),
                "data": [r.count for r in rows] + [data.overdue],
                "colors": ["secondary", "info", "primary", "warning", "success", "danger"],
            }
        ],
    }


def trend_chart(trend: Trend) -> dict[str, Any]:
    periods = trend.periods
    datasets = [{"label": _("Keseluruhan"), "data": [p.score.as_float() for p in periods], "emphasis": True}]
    for i, area in enumerate(trend.areas):
        datasets.append({"label": f"{area.order}. {area.name}", "data": [p.cells[i].as_float() for p in periods]})
    return {"type": "line", "percent": True, "labels": [p.cycle.label for p in periods], "datasets": datasets}


def quarters_chart(rows: list[QuarterScore], label: str) -> dict[str, Any]:
    return {
        "type": "line",
        "percent": True,
        "labels": [r.cycle.label for r in rows],
        "datasets": [{"label": label, "data": [r.score.as_float() for r in rows], "emphasis": True}],
    }


def indicator_chart(rows: list[HistoryRow], milestone: bool) -> dict[str, Any]:
    if milestone:
        return {
            "type": "bar",
            "percent": True,
            "labels": [r.label for r in rows],
            "datasets": [{"label": _("Capaian"), "data": [_f(r.capaian) for r in rows], "lights": []}],
        }
    # Target (a line) against realisasi (bars) on the indicator's own scale; capaian (%) on a second axis.
    return {
        "type": "bar",
        "labels": [r.label for r in rows],
        "datasets": [
            {"label": _("Target"), "data": [_f(r.target) for r in rows], "kind": "line"},
            {"label": _("Realisasi"), "data": [_f(r.realisasi) for r in rows]},
            {"label": _("Capaian (%)"), "data": [_f(r.capaian) for r in rows], "kind": "line", "axis": "percent"},
        ],
    }


def actions_chart(rows: list[Any]) -> dict[str, Any]:
    """Tingkat implementasi (lights) and budget absorption of rencana aksi groups (dashboards.selectors.actions)."""
    return {
        "type": "bar",
        "percent": True,
        "horizontal": True,
        "labels": [r.name for r in rows],
        "datasets": [
            {
                "label": _("Tingkat implementasi"),
                "data": [r.score.rate_float() for r in rows],
                "lights": [r.score.light for r in rows],
            },
            {
                "label": _("Serapan anggaran"),
                "data": [r.score.absorption_float() for r in rows],
                "colors": ["info"] * len(rows),
            },
        ],
    }
