"""Display values of the dashboards' big tables, computed once per cell in Python.

The ranking (one row per unit) and the heat map (units × eight areas) are thousands of cells at scale;
rendering each through template filters and includes (`persen`, `predikat`, `_light.html`) cost most of the
Dasbor's time. Here each cell's text is made once, with exactly the rules of roadmap.templatetags.monev
(`angka`, `persen`, `predikat`; numbers by roadmap.numbers.DisplayFormat, the filters' own rules with the
separators looked up once) and dashboards/_light.html, which the tests compare against.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from areas import scoring
from areas.scoring import TrafficLight
from areas.templatetags.monev import lampu
from evaluations.models import ReportStatus
from roadmap.numbers import NONE, DisplayFormat
from roadmap.rendering import pk_url


def light_labels() -> dict[str, str]:
    return {str(light.value): str(light.label) for light in TrafficLight}


def light_html(light: str | None, labels: dict[str, str]) -> SafeString:
    """dashboards/_light.html as a string."""
    if not light:
        return mark_safe('<span class="text-secondary">—</span>')
    return mark_safe(
        f'<span class="tl tl-{escape(light)}" aria-hidden="true"></span> '
        f'<span class="small">{escape(labels.get(light, ""))}</span>'
    )


def status_html(report: Any, overdue: bool, labels: dict[str, str] | None = None) -> SafeString:
    """dashboards/_status.html as a string (`labels`: the statuses' names, looked up once per page)."""
    if report is None:
        return mark_safe('<span class="text-secondary">—</span>')
    label = labels[report.status] if labels else report.get_status_display()
    html = f'<span class="badge dash-status dash-status-{escape(report.status)}">{escape(label)}</span>'
    if overdue:
        html += f' <span class="badge text-bg-danger">{escape(_("Terlambat"))}</span>'
    return mark_safe(html)


def ranking_rows(rows: list[dict[str, Any]], *, query: str, today: Any) -> None:
    """Add the display values of the ranking in place: url, persen, predikat, light and status HTML."""
    numbers, labels, unit_url = DisplayFormat(), light_labels(), pk_url("dashboards:unit")
    statuses = {str(value): str(label) for value, label in ReportStatus.choices}
    suffix = f"?{query}"
    for row in rows:
        score = row["score"]
        value = score.value
        row["url"] = unit_url(row["unit"].pk) + suffix
        row["persen"] = numbers.percent(value)
        row["predikat"] = scoring.predikat(value) or NONE
        light = scoring.traffic_light(value)
        row["light_html"] = light_html(str(light) if light else None, labels)
        report = row["report"]
        row["status_html"] = status_html(report, report is not None and report.is_overdue(today), statuses)


def heatmap_rows(heatmap: dict[str, Any], *, query: str) -> None:
    """Add each heat map row's cells as one HTML string (`cells_html`) and its link, in place."""
    numbers, unit_url = DisplayFormat(), pk_url("dashboards:unit")
    suffix = f"?{query}"
    for row in heatmap["rows"]:
        row["url"] = unit_url(row["unit"].pk) + suffix
        parts = []
        for cell in row["cells"]:
            value = cell.value
            light = str(scoring.traffic_light(value) or "none")
            parts.append(f'<td class="num hm hm-{light}">{escape(numbers.display(value, 1))}</td>')
        row["cells_html"] = mark_safe("".join(parts))


def pivot_rows(pivot: dict[str, Any], *, query: str) -> None:
    """The unit page's indicators × quarters (≈800 cells): each row's link and its cells as one HTML string,
    as `hm-{{ v|lampu|default:'none' }}` and `{{ v|persen }}` would write them, in place."""
    numbers, indicator_url = DisplayFormat(), pk_url("dashboards:indicator")
    suffix = f"?{query}"
    for row in pivot["rows"]:
        row["url"] = indicator_url(row["indicator"].pk) + suffix
        parts = []
        for value in row["cells"]:
            light = lampu(value) or "none"
            parts.append(f'<td class="num hm hm-{escape(light)}">{escape(numbers.percent(value))}</td>')
        row["cells_html"] = mark_safe("".join(parts))
