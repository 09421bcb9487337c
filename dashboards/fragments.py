"""The dashboards' long lists rendered by Jinja2 (config/jinja.py): the ranking and heat map (a row per unit),
the at-risk indicators and the indicator tables — thousands of cells on a cold page at 500 units, ten times
cheaper than the same markup in the Django template language. Their words are translated here, once per
page, and passed in (`L`): the .jinja files hold no translatable text.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from areas.models import Satuan
from dashboards import display
from roadmap.rendering import pk_url, render


def ranking_html(ranking: list[dict[str, Any]]) -> SafeString:
    return render(
        "dashboards/_ranking_rows.jinja",
        {"ranking": ranking, "L": {"no_reports": _("Belum ada laporan pada triwulan ini.")}},
    )


def heatmap_html(heatmap: dict[str, Any]) -> SafeString:
    return render("dashboards/_heatmap_rows.jinja", {"heatmap": heatmap})


def at_risk_html(rows: list[Any], *, query: str) -> SafeString:
    labels = {
        "merah": _("Merah"),
        "falling": _("Turun dua triwulan berturut-turut"),
        "no_risk": _("Tidak ada indikator berisiko."),
    }
    context = {"at_risk": rows, "q": query, "L": labels, "indicator_url": pk_url("dashboards:indicator")}
    return render("dashboards/_at_risk_rows.jinja", context)


def indicator_rows_html(
    indicators: list[Any], *, query: str, show_unit: bool = False, show_area: bool = False
) -> SafeString:
    light_labels = display.light_labels()
    labels = {
        "tercapai": _("Tercapai"),
        "belum": _("Belum"),
        "no_indicators": _("Tidak ada indikator."),
        "satuan": {str(value): str(label) for value, label in Satuan.choices},
    }
    context = {
        "indicators": indicators,
        "q": query,
        "show_unit": show_unit,
        "show_area": show_area,
        "L": labels,
        "indicator_url": pk_url("dashboards:indicator"),
        "light_html": lambda light: display.light_html(light or None, light_labels),
    }
    return render("dashboards/_indicator_rows.jinja", context)
