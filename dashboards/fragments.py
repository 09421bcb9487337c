"""The dashboards' long lists rendered by Jinja2 (config/jinja.py): the ranking and heat map (a row per unit),
the at-risk indicators, the indicator tables and a unit's pivot — thousands of cells on a cold page at 500
units, ten times cheaper than the same markup in the Django template language. They render the selectors'
rows as they are. Their words are translated here, once per page, and passed in (`L`): the .jinja files hold no
translatable text.
"""

from __future__ import annotations

import functools
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from areas.models import IndicatorKind, Satuan
from dashboards import display
from dashboards.selectors.drilldown import Pivot
from dashboards.selectors.scores import AtRiskRow, Heatmap, RankingRow
from dashboards.selectors.year import IndicatorYear
from roadmap.rendering import macros, pk_url, render

MACROS = "dashboards/_macros.jinja"


def ranking_html(ranking: list[RankingRow], *, query: str) -> SafeString:
    labels = {"no_reports": _("Belum ada laporan pada triwulan ini."), "terlambat": _("Terlambat")}
    pieces = macros(MACROS)
    context = {
        "ranking": ranking,
        "q": query,
        "L": labels,
        "unit_url": pk_url("dashboards:unit"),
        # A page has a handful of distinct lights and badges for its 500 rows: each macro runs once per distinct one.
        "light": functools.cache(pieces.light),
        "status": functools.cache(pieces.status),
    }
    return render("dashboards/_ranking_rows.jinja", context)


def heatmap_html(heatmap: Heatmap, *, query: str) -> SafeString:
    return render(
        "dashboards/_heatmap_rows.jinja", {"heatmap": heatmap, "q": query, "unit_url": pk_url("dashboards:unit")}
    )


def at_risk_html(rows: list[AtRiskRow], *, query: str) -> SafeString:
    labels = {
        "merah": _("Merah"),
        "falling": _("Turun dua triwulan berturut-turut"),
        "no_risk": _("Tidak ada indikator berisiko."),
    }
    context = {"at_risk": rows, "q": query, "L": labels, "indicator_url": pk_url("dashboards:indicator")}
    return render("dashboards/_at_risk_rows.jinja", context)


def indicator_rows_html(
    indicators: list[Any],
    *,
    query: str,
    show_unit: bool = False,
    show_area: bool = False,
    years: dict[int, IndicatorYear] | None = None,
) -> SafeString:
    """The indicator table's rows; with `years` (the unit page) each row's year capaian and projection too."""
    labels = {
        "tercapai": _("Tercapai"),
        "belum": _("Belum"),
        "belum_jatuh_tempo": _("Belum jatuh tempo"),
        "no_indicators": _("Tidak ada indikator."),
        "satuan": {str(value): str(label) for value, label in Satuan.choices},
        "kind": {str(value): str(label) for value, label in IndicatorKind.choices},
        "lights": display.light_labels(),
    }
    context = {
        "indicators": indicators,
        "q": query,
        "show_unit": show_unit,
        "show_area": show_area,
        "years": years,
        "L": labels,
        "indicator_url": pk_url("dashboards:indicator"),
    }
    return render("dashboards/_indicator_rows.jinja", context)


def pivot_rows_html(pivot: Pivot, *, query: str) -> SafeString:
    context = {
        "pivot": pivot,
        "q": query,
        "L": {"no_indicators": _("Tidak ada indikator.")},
        "indicator_url": pk_url("dashboards:indicator"),
    }
    return render("dashboards/_pivot_rows.jinja", context)
