"""The filters of the dashboards and the exports: one object, parsed from the URL in one place, so every view
can be bookmarked and shared and an export covers exactly what the Dasbor shows.

Every value is optional and validated against the database; anything unknown or out of
range falls back to the default (never a 500): the active road map and `default_period`,
the one rule for the quarter every page opens on (the Dasbor, the area and unit pages, the
indicator page and the exports). The exports (exports.selectors.export_filters) read the same parameters; for
them a year without a quarter is the whole year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q

from areas.models import ChangeArea, Element, ElementAspect, IndicatorKind, RbTheme
from evaluations.models import Cycle, CycleState, Report, ReportStatus, default_window, quarter_label, today_wita
from roadmap.models import Roadmap, Unit
from roadmap.permissions import AnyUser, role_of, sees_all_units, visible_units
from roadmap.querystring import query_int

# By default only approved data counts; the toggle adds submitted (Diajukan) reports.
APPROVED_ONLY: tuple[str, ...] = (ReportStatus.DISETUJUI,)
WITH_SUBMITTED: tuple[str, ...] = (ReportStatus.DISETUJUI, ReportStatus.DIAJUKAN)
TOGGLE_PARAM = "termasuk_diajukan"
KIND_PARAM = "jenis_indikator"  # the indicator type (areas.IndicatorKind): output, outcome or dampak


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboards show and the exports cover. `unit` is forced to the officer's own unit for operators.
    `quarter` is None only for an export of a whole year (the dashboards always show a quarter)."""

    roadmap: Roadmap | None
    year: int | None
    quarter: int | None
    cycle: Cycle | None  # the cycle of (roadmap, year, quarter), None when it does not exist (yet)
    area: ChangeArea | None = None
    unit: Unit | None = None
    element: str | None = None
    theme: RbTheme | None = None
    kind: str | None = None  # an areas.IndicatorKind value: only the indicators of that type
    include_submitted: bool = False
    unit_locked: bool = False  # an operator: the unit filter is theirs and cannot change
    cycles: list[Cycle] = field(default_factory=list, compare=False, repr=False)  # the road map's cycles, in order

    @property
    def roadmap_id(self) -> int | None:
        return self.roadmap.pk if self.roadmap else None

    @property
    def unit_id(self) -> int | None:
        return self.unit.pk if self.unit else None

    @property
    def area_id(self) -> int | None:
        return self.area.pk if self.area else None

    @property
    def statuses(self) -> tuple[str, ...]:
        """The report statuses whose progress rows count in the numbers."""
        return WITH_SUBMITTED if self.include_submitted else APPROVED_ONLY

    @property
    def period_label(self) -> str:
        if self.year is None or self.quarter is None:
            return "—"
        return f"{quarter_label(self.quarter)} {self.year}"

    @property
    def opens_on(self) -> dt.date | None:
        """When the selected quarter's default window opens (for an empty page: when data can come)."""
        if self.year is None or self.quarter is None:
            return None
        return default_window(self.year, self.quarter)[0]

    @property
    def has_counted_data(self) -> bool:
        return bool(self.cycle is not None and getattr(self.cycle, "has_data", False))

    @property
    def element_label(self) -> str:
        return str(Element(self.element).label) if self.element else ""

    @property
    def kind_label(self) -> str:
        return str(IndicatorKind(self.kind).label) if self.kind else ""

    def previous_cycles(self, count: int = 2) -> list[Cycle | None]:
        """The cycles of the `count` calendar quarters before the selected one (None where none exists)."""
        if self.year is None or self.quarter is None:
            return [None] * count
        by_period = {(c.year, c.quarter): c for c in self.cycles}
        out: list[Cycle | None] = []
        year, quarter = self.year, self.quarter
        for _ in range(count):
            year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
            out.append(by_period.get((year, quarter)))
        return out

    def params(self, **overrides: Any) -> dict[str, Any]:
        """The URL parameters of these filters (what a bookmark holds; an officer's own unit is not one: it is
        forced whatever the URL says); overrides win, None drops one."""
        values: dict[str, Any] = {
            "roadmap": self.roadmap.pk if self.roadmap else None,
            "tahun": self.year,
            "triwulan": self.quarter,
            "area": self.area.pk if self.area else None,
            "unit": self.unit.pk if self.unit and not self.unit_locked else None,
            "elemen": self.element,
            "tema": self.theme.pk if self.theme else None,
            KIND_PARAM: self.kind,
            TOGGLE_PARAM: 1 if self.include_submitted else None,
        }
        values.update(overrides)
        return {k: v for k, v in values.items() if v not in (None, "")}

    def query(self, **overrides: Any) -> str:
        return urlencode(self.params(**overrides))

    def record(self) -> dict[str, Any]:
        """Every parameter, an officer's own unit too: what an export job and the audit log keep."""
        return self.params(unit=self.unit_id)


def _cycles_of(roadmap: Roadmap, statuses: tuple[str, ...]) -> list[Cycle]:
    counted = Report.objects.filter(cycle_id=OuterRef("pk"), status__in=statuses)
    return list(Cycle.objects.filter(roadmap=roadmap).annotate(has_data=Exists(counted)).order_by("year", "quarter"))


def default_period(roadmap: Roadmap, cycles: list[Cycle], today: dt.date | None = None) -> tuple[int, int]:
    """The quarter a page opens on: what matters now, not the road map's first quarter.

    The latest quarter with counted data; else the latest cycle that is open or closed; else the latest
    cycle at all; else (no cycle yet) the latest quarter of the road map whose default window has started
    by today — its first quarter when none has. `cycles` come from `_cycles_of`, oldest first.
    """
    for candidates in (
        [c for c in cycles if c.has_data],  # type: ignore[attr-defined]
        [c for c in cycles if c.state in (CycleState.OPEN, CycleState.CLOSED)],
        cycles,
    ):
        if candidates:
            return candidates[-1].year, candidates[-1].quarter
    today = today or today_wita()
    started = [
        (year, quarter)
        for year in roadmap.years
        for quarter in range(1, 5)
        if default_window(year, quarter)[0] <= today
    ]
    return started[-1] if started else (roadmap.start_year, 1)


def dashboard_filters(*, query: Mapping[str, Any], user: AnyUser, whole_year: bool = False) -> DashboardFilters:
    """Parse the URL's filters for `user`; invalid values fall back to the defaults.

    A year without a quarter opens on the default quarter, or with `whole_year` (the exports) is the whole year.
    """
    roadmap_id = query_int(query.get("roadmap"))
    roadmap = None
    if roadmap_id:
        roadmap = Roadmap.objects.filter(pk=roadmap_id).first()
    if roadmap is None:
        roadmap = Roadmap.objects.filter(is_active=True).first() or Roadmap.objects.order_by("-start_year").first()
    include_submitted = str(query.get(TOGGLE_PARAM, "")).lower() in ("1", "on", "true", "ya")
    statuses = WITH_SUBMITTED if include_submitted else APPROVED_ONLY

    cycles: list[Cycle] = []
    year = quarter = None
    if roadmap is not None:
        cycles = _cycles_of(roadmap, statuses)
        default_year, default_quarter = default_period(roadmap, cycles)
        wanted_year, wanted_quarter = query_int(query.get("tahun")), query_int(query.get("triwulan"))
        if wanted_quarter is not None and not 1 <= wanted_quarter <= 4:
            wanted_quarter = None
        if wanted_year and roadmap.contains_year(wanted_year):
            year, quarter = wanted_year, wanted_quarter or (None if whole_year else default_quarter)
        else:
            year, quarter = default_year, wanted_quarter or default_quarter

    area_id, theme_id = query_int(query.get("area")), query_int(query.get("tema"))
    # Only the road map's own areas and themes: another road map's id falls back to none.
    area = ChangeArea.objects.filter(pk=area_id, roadmap=roadmap).first() if area_id and roadmap else None
    theme = RbTheme.objects.filter(pk=theme_id, roadmap=roadmap).first() if theme_id and roadmap else None
    element = query.get("elemen")
    element = element if element in Element.values else None
    kind = query.get(KIND_PARAM)
    kind = kind if kind in IndicatorKind.values else None

    unit_locked = not sees_all_units(user)
    if unit_locked:
        # An officer sees their own unit only, whatever the URL says.
        unit = user.unit if role_of(user) is not None and getattr(user, "unit_id", None) else None
    else:
        unit_id = query_int(query.get("unit"))
        unit = visible_units(user).filter(pk=unit_id).first() if unit_id else None
    return make_filters(
        roadmap=roadmap,
        year=year,
        quarter=quarter,
        area=area,
        unit=unit,
        element=element,
        theme=theme,
        kind=kind,
        include_submitted=include_submitted,
        unit_locked=unit_locked,
        cycles=cycles,
    )


def make_filters(
    *,
    roadmap: Roadmap | None,
    year: int | None,
    quarter: int | None,
    area: ChangeArea | None = None,
    unit: Unit | None = None,
    element: str | None = None,
    theme: RbTheme | None = None,
    kind: str | None = None,
    include_submitted: bool = False,
    unit_locked: bool = False,
    cycles: list[Cycle] | None = None,
) -> DashboardFilters:
    """Filters of values already checked (dashboard_filters' own end; the export command's): the road map's
    cycles (when not given) and the selected quarter's cycle are read here."""
    if cycles is None:
        cycles = _cycles_of(roadmap, WITH_SUBMITTED if include_submitted else APPROVED_ONLY) if roadmap else []
    cycle = next((c for c in cycles if (c.year, c.quarter) == (year, quarter)), None) if quarter else None
    return DashboardFilters(
        roadmap=roadmap,
        year=year,
        quarter=quarter,
        cycle=cycle,
        area=area,
        unit=unit,
        element=element,
        theme=theme,
        kind=kind,
        include_submitted=include_submitted,
        unit_locked=unit_locked,
        cycles=cycles,
    )


def filter_choices(*, user: AnyUser, filters: DashboardFilters) -> dict[str, Any]:
    """The options of the filter form (a constant number of queries, whatever the number of units)."""
    units = [] if filters.unit_locked else unit_choices(user)
    return {
        "filter_roadmaps": list(Roadmap.objects.order_by("-start_year")),
        "filter_years": list(filters.roadmap.years) if filters.roadmap else [],
        "filter_quarters": [(q, quarter_label(q)) for q in range(1, 5)],
        "filter_areas": framework_areas(filters.roadmap),
        "filter_units": units,
        "filter_elements": Element.choices,
        "filter_themes": framework_themes(filters.roadmap),
        "filter_kinds": IndicatorKind.choices,
    }


def framework_areas(roadmap: Roadmap | None) -> list[ChangeArea]:
    """The change areas of the road map, in order (none without a road map, or when it defines none)."""
    return list(ChangeArea.objects.filter(roadmap=roadmap).order_by("order")) if roadmap else []


def framework_aspects(roadmap: Roadmap | None) -> list[ElementAspect]:
    return list(ElementAspect.objects.filter(roadmap=roadmap).order_by("element", "order")) if roadmap else []


def framework_themes(roadmap: Roadmap | None) -> list[RbTheme]:
    return list(RbTheme.objects.filter(roadmap=roadmap).order_by("order")) if roadmap else []


def unit_choices(user: AnyUser) -> list[tuple[int, str]]:
    """(pk, label) of the user's active units by name — 500 at scale: one plain query, no model objects.

    Not cached: its SQL carries no id of the data, so a cache key could not tell two databases' (or two
    tests') unit lists apart at the same generation, and the query is cheap; the rendering was the cost
    (docs/performance.md#unit-filter).
    """
    units = visible_units(user).active().order_by("name").values_list("pk", "short_name", "name")
    return [(pk, short_name or name) for pk, short_name, name in units]


def unit_scope_q(*, user: AnyUser, filters: DashboardFilters, unit_path: str) -> Q:
    """The unit restriction of these filters as a Q on `unit_path` (the officer's unit, or the chosen one)."""
    if filters.unit is not None:
        return Q(**{f"{unit_path}_id": filters.unit.pk})
    if not sees_all_units(user):
        return Q(pk__in=[])  # an account without a unit sees nothing
    return Q()
