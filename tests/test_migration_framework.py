"""areas 0005: the framework moves to the road maps and nothing is lost, forwards and back (real PostgreSQL).

The database goes back to the schema before the migration (areas 0004 and what depends on it), gets a small
demo-like data set written with the models of that time (one global framework, with a row the admin added,
three road maps, indicators and their history, a report with a counted row), and migrates forward again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from areas.reference import CHANGE_AREAS, ELEMENT_ASPECTS, RB_THEMES

BEFORE = [("areas", "0004_target_year_in_roadmap")]
REFERENCE_AREAS = {code for _o, code, _n, _d in CHANGE_AREAS}


def _migrate(targets=None):
    """Migrate to `targets` (default: every app's latest); returns the models of the schema reached."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)  # reloaded: what is applied now
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _old_world(apps):
    """The data as the old models held it: one global framework (the reference and an area of the admin's own)."""
    ChangeArea, ElementAspect, RbTheme = (
        apps.get_model("areas", m) for m in ("ChangeArea", "ElementAspect", "RbTheme")
    )
    Roadmap, Unit = apps.get_model("roadmap", "Roadmap"), apps.get_model("roadmap", "Unit")
    Indicator, HistoricalIndicator = (
        apps.get_model("areas", "Indicator"),
        apps.get_model("areas", "HistoricalIndicator"),
    )
    Cycle, Report, Progress = (apps.get_model("evaluations", m) for m in ("Cycle", "Report", "Progress"))
    for order, code, name, description in CHANGE_AREAS:
        ChangeArea.objects.create(code=code, order=order, name=name, description=description)
    ChangeArea.objects.create(code="ZI", order=9, name="Zona Integritas", description="ditambah admin")
    for element, order, code, name in ELEMENT_ASPECTS:
        ElementAspect.objects.create(code=code, element=element, order=order, name=name)
    for order, code, name, kind, description in RB_THEMES:
        RbTheme.objects.create(code=code, order=order, name=name, kind=kind, description=description)
    old = Roadmap.objects.create(name="RM 2020–2024", start_year=2020, end_year=2024)
    active = Roadmap.objects.create(name="RM 2025–2029", start_year=2025, end_year=2029, is_active=True)
    Roadmap.objects.create(name="RM 2030–2034", start_year=2030, end_year=2034)  # no indicators
    unit = Unit.objects.create(name="Dinas Uji", short_name="DU", slug="dinas-uji", kind="dinas")
    specs = [
        (old, "OLD-01", "MP", "akuntabilitas", "general"),
        (old, "OLD-02", "PO", "budaya", "kemiskinan"),
        (active, "NEW-01", "MP", "budaya", "digitalisasi"),
        (active, "NEW-02", "PPL", "sdm", "general"),
        (active, "NEW-03", "ZI", "strategi", "investasi"),
    ]
    expected = {}
    for roadmap, code, area, aspect, theme in specs:
        indicator = Indicator.objects.create(
            roadmap=roadmap,
            unit=unit,
            code=code,
            name=f"Indikator {code}",
            area=ChangeArea.objects.get(code=area),
            aspect=ElementAspect.objects.get(code=aspect),
            theme=RbTheme.objects.get(code=theme),
            satuan="persen",
        )
        HistoricalIndicator.objects.create(
            id=indicator.pk,
            roadmap_id=roadmap.pk,
            unit_id=unit.pk,
            code=code,
            name=indicator.name,
            area_id=indicator.area_id,
            aspect_id=indicator.aspect_id,
            theme_id=indicator.theme_id,
            satuan="persen",
            polarity="higher",
            weight=Decimal(1),
            history_date=dt.datetime(2025, 1, 2, tzinfo=dt.UTC),
            history_type="+",
        )
        expected[code] = (roadmap.name, area, aspect, theme)
    cycle = Cycle.objects.create(
        roadmap=active,
        year=2025,
        quarter=1,
        opens_on=dt.date(2025, 4, 1),
        due_on=dt.date(2025, 4, 10),
        closes_on=dt.date(2025, 4, 20),
        state="open",
    )
    report = Report.objects.create(unit=unit, cycle=cycle, status="disetujui")
    Progress.objects.create(
        report=report,
        indicator=Indicator.objects.get(code="NEW-01"),
        target_value=Decimal(80),
        realisasi=Decimal(60),
        capaian=Decimal(75),
    )
    return expected


def _indicators(Indicator):
    return {
        i.code: (i.roadmap.name, i.area.code, i.aspect.code, i.theme.code)
        for i in Indicator.objects.select_related("roadmap", "area", "aspect", "theme")
    }


@pytest.mark.django_db(transaction=True)
def test_framework_migration_loses_nothing_forwards_and_back():
    try:
        expected = _old_world(_migrate(BEFORE))

        apps = _migrate()
        Roadmap, Indicator = apps.get_model("roadmap", "Roadmap"), apps.get_model("areas", "Indicator")
        ChangeArea, ElementAspect, RbTheme = (
            apps.get_model("areas", m) for m in ("ChangeArea", "ElementAspect", "RbTheme")
        )
        HistoricalIndicator = apps.get_model("areas", "HistoricalIndicator")
        ReportAreaScore = apps.get_model("dashboards", "ReportAreaScore")

        # Every indicator keeps its area, aspect and theme (by code), now its own road map's rows.
        assert _indicators(Indicator) == expected
        for i in Indicator.objects.all():
            assert i.area.roadmap_id == i.aspect.roadmap_id == i.theme.roadmap_id == i.roadmap_id, i.code
        # Every road map has the whole framework, the admin's own area included, with names and order.
        for roadmap in Roadmap.objects.all():
            areas = list(
                ChangeArea.objects.filter(roadmap=roadmap).order_by("order").values_list("order", "code", "name")
            )
            assert areas == [(o, c, n) for o, c, n, _d in CHANGE_AREAS] + [(9, "ZI", "Zona Integritas")], roadmap.name
            assert ElementAspect.objects.filter(roadmap=roadmap).count() == len(ELEMENT_ASPECTS)
            assert RbTheme.objects.filter(roadmap=roadmap).count() == len(RB_THEMES)
        assert ChangeArea.objects.get(roadmap__start_year=2030, code="ZI").description == "ditambah admin"
        # The history follows the copies too, and the dashboards' summary is rebuilt on them.
        for h in HistoricalIndicator.objects.all():
            assert ChangeArea.objects.get(pk=h.area_id).roadmap_id == h.roadmap_id, h.code
        score = ReportAreaScore.objects.get()
        assert (score.area.code, score.area.roadmap.start_year, score.num, score.den) == ("MP", 2025, 75, 1)

        # Backwards: one global framework again, every indicator with the same codes.
        old_apps = _migrate(BEFORE)
        OldArea = old_apps.get_model("areas", "ChangeArea")
        assert sorted(OldArea.objects.values_list("code", flat=True)) == sorted([*REFERENCE_AREAS, "ZI"])
        assert _indicators(old_apps.get_model("areas", "Indicator")) == expected
    finally:
        _migrate()  # the schema of every other test, whatever happened above
