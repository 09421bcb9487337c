"""Display values of the dashboards' long tables, made once per cell by the selectors that build the rows.

The ranking (one row per unit), the heat map (units × areas) and a unit's pivot (indicators × quarters) are
thousands of cells at scale; each cell's text is made here once, with exactly the rules of
areas.templatetags.monev (`angka`, `persen`, `kategori`, `lampu`; numbers by roadmap.numbers.DisplayFormat,
the filters' own rules with the separators looked up once; tests compare them). The markup around them is the
Jinja fragments' (templates/jinja2/dashboards/): no HTML is written here.
"""

from __future__ import annotations

from decimal import Decimal

from areas import categories, scoring
from areas.categories import Scale
from areas.scale import capaian_scale
from areas.scoring import TrafficLight
from evaluations.models import ReportStatus
from roadmap.numbers import NONE, DisplayFormat

__all__ = ["NONE", "CellText", "light_labels", "status_labels"]


def light_labels() -> dict[str, str]:
    return {str(light.value): str(light.label) for light in TrafficLight}


def status_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in ReportStatus.choices}


class CellText:
    """The texts of one page's cells in the active language: separators, words and the capaian scale looked up
    once."""

    def __init__(self, scale: Scale | None = None) -> None:
        self.scale = scale or capaian_scale()
        self.numbers = DisplayFormat()
        self.lights = light_labels()
        self.statuses = status_labels()

    def percent(self, value: Decimal | None) -> str:
        """`{{ value|persen }}`"""
        return self.numbers.percent(value)

    def number(self, value: Decimal | None, places: int) -> str:
        """`{{ value|angka:places }}`"""
        return self.numbers.display(value, places)

    def kategori(self, value: Decimal | None) -> str:
        """`{{ value|kategori }}`"""
        return categories.kategori(value, self.scale) or NONE

    def score_light(self, value: Decimal | None) -> str | None:
        """The light of an aggregate (already clipped): hijau, kuning, merah; None without a value."""
        light = scoring.traffic_light(value, self.scale.lights)
        return str(light) if light else None

    def capaian_light(self, value: Decimal | None) -> str | None:
        """`{{ value|lampu }}`: the light of one indicator's capaian; None without a value."""
        return self.score_light(value)
