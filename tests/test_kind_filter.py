"""The Dasbor, its drill-down pages and the exports filtered by the indicator's type (`?jenis_indikator=`,
issue 18 item 4), against hand-computed numbers.

TW I 2025, both reports approved, every indicator "higher" with target 100 (capaian = realisasi), in the same
aspect and theme, so an output and an outcome of a unit's area share one group of the summary but for the type:

    A-OUT1 output  area 1 weight 2  60      B-OUT1 output  area 1 weight 1  30
    A-OUT2 output  area 2 weight 1  90      B-OUC1 outcome area 1 weight 2  80
    A-OUC1 outcome area 1 weight 1  40 (merah)
    A-DMP1 dampak  area 2 weight 3  150 → clipped 120

Output only: (60×2 + 90 + 30) / 4 = 60; area 1 (120 + 30) / 3 = 50, area 2 90; unit A 70, unit B 30.
Outcome only: (40 + 80×2) / 3 = 66,67. Dampak only: 120.
Everything: (120 + 90 + 40 + 360 + 30 + 160) / 10 = 80; area 1 350 / 6 = 58,33, area 2 450 / 4 = 112,5.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from openpyxl import load_workbook

from areas.models import ChangeArea, IndicatorKind
from dashboards import summary
from dashboards.models import ReportAreaScore
from evaluations.models import Report, ReportStatus
from exports import selectors as export_selectors
from tests import factories
from tests.conftest import client_for
from tests.dashboard_data import fill, open_quarter, set_status, wita
from tests.test_perf_cache import _computed, _filters, _numbers

TODAY = wita(2025, 4, 25, 9)
D = Decimal
SPECS = [  # code, kind, area order, weight, realisasi
    ("A-OUT1", "output", 1, 2, 60),
    ("A-OUT2", "output", 2, 1, 90),
    ("A-OUC1", "outcome", 1, 1, 40),
    ("A-DMP1", "dampak", 2, 3, 150),
    ("B-OUT1", "output", 1, 1, 30),
    ("B-OUC1", "outcome", 1, 2, 80),
]
OUTPUT_CODES = {"A-OUT1", "A-OUT2", "B-OUT1"}


def build(roadmap, unit_a, unit_b):
    units = {"A": unit_a, "B": unit_b}
    for code, kind, area, weight, _value in SPECS:
        indicator = factories.IndicatorFactory(
            roadmap=roadmap,
            unit=units[code[0]],
            code=code,
            kind=kind,
            area=ChangeArea.objects.get(roadmap=roadmap, order=area),
            weight=D(weight),
        )
        factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1, value=D(100))
    with time_machine.travel(TODAY, tick=False):
        cycle = open_quarter(roadmap, 2025, 1)
    fill(cycle, {code: D(value) for code, _k, _a, _w, value in SPECS})
    for unit in units.values():
        set_status(cycle, unit, ReportStatus.DISETUJUI, wita(2025, 4, 5, 10))
    return cycle


@pytest.fixture
def world(db, roadmap, unit_a, unit_b):
    return {"cycle": build(roadmap, unit_a, unit_b), "A": unit_a, "B": unit_b}


def _get(client, url, **params):
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


def _areas(response):
    return {row.area.order: row.score.value for row in response.context["areas"] if row.score.value is not None}


@pytest.mark.django_db
def test_dasbor_with_output_shows_only_the_output_indicators(world, reviewer):
    response = _get(client_for(reviewer), reverse("dashboards:overview"), jenis_indikator="output")
    ctx, html = response.context, response.content.decode()
    assert ctx["filters"].kind == "output"
    assert ctx["overall"].value == D("60.00")
    assert _areas(response) == {1: D("50.00"), 2: D("90.00")}
    assert [(r.unit.slug, r.score.value) for r in ctx["ranking"]] == [("dinas-a", D("70.00")), ("dinas-b", D("30.00"))]
    assert [p.score.value for p in ctx["trend"].periods] == [D("60.00")]
    assert [p.indicator.code for p in ctx["at_risk"]] == ["B-OUT1"]  # merah (< 60); A-OUC1 is an outcome
    # The active filter is visible: the select keeps it, the heading says it, the page's links carry it.
    assert re.search(r'<option value="output" selected>Output</option>', html)
    assert re.search(r'id="filter-jenis-indikator"[^>]*>Indikator Output saja<', html)
    assert "jenis_indikator=output" in ctx["filters"].query()
    assert re.search(r'href="[^"]*/dasbor/unit/\d+/\?[^"]*jenis_indikator=output', html)  # the ranking's links

    unfiltered = _get(client_for(reviewer), reverse("dashboards:overview"))
    assert unfiltered.context["overall"].value == D("80.00")
    assert _areas(unfiltered) == {1: D("58.33"), 2: D("112.50")}
    assert [p.indicator.code for p in unfiltered.context["at_risk"]] == ["B-OUT1", "A-OUC1"]  # worst first
    assert 'id="filter-jenis-indikator"' not in unfiltered.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "overall", "areas"),
    [
        ("output", D("60.00"), {1: D("50.00"), 2: D("90.00")}),
        ("outcome", D("66.67"), {1: D("66.67")}),  # (40 + 160) / 3
        ("dampak", D("120.00"), {2: D("120.00")}),  # 150 clipped to 120
    ],
)
def test_each_type_is_the_weighted_mean_of_its_indicators(world, reviewer, kind, overall, areas):
    response = _get(client_for(reviewer), reverse("dashboards:overview"), jenis_indikator=kind)
    assert response.context["overall"].value == overall
    assert _areas(response) == areas


@pytest.mark.django_db
def test_the_summary_path_equals_the_progress_oracle_with_the_filter(world, reviewer):
    # One summary row per (report, area, aspect, theme) and type: A's area 1 holds an output and an outcome.
    area1 = ChangeArea.objects.get(roadmap=world["cycle"].roadmap, order=1)
    rows = ReportAreaScore.objects.filter(report__unit=world["A"], area=area1).order_by("kind")
    assert [(r.kind, r.num, r.den) for r in rows] == [("outcome", D(40), D(1)), ("output", D(120), D(2))]
    with time_machine.travel(TODAY, tick=False):
        for query in (
            {"jenis_indikator": "output"},
            {"jenis_indikator": "outcome", "area": str(area1.pk)},
            {"jenis_indikator": "dampak", "elemen": "hard"},
            {"jenis_indikator": "output", "unit": str(world["B"].pk)},
            {},
        ):
            filters = _filters(reviewer, **query)
            assert filters.kind == query.get("jenis_indikator")
            assert _numbers(reviewer, filters) == _computed(reviewer, filters), query
    output = _filters(reviewer, jenis_indikator="output")
    assert _computed(reviewer, output)["overall"].value == D("60.00")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["xyz", "", "OUTPUT", "output'--", "semua"])
def test_a_bad_type_is_ignored(world, reviewer, value):
    client = client_for(reviewer)
    response = _get(client, reverse("dashboards:overview"), jenis_indikator=value)
    assert response.context["filters"].kind is None
    assert response.context["overall"].value == D("80.00")
    assert _areas(response) == {1: D("58.33"), 2: D("112.50")}
    assert "jenis_indikator" not in response.context["filters"].query()
    for url in (
        reverse("dashboards:area", args=[ChangeArea.objects.get(roadmap=world["cycle"].roadmap, order=1).pk]),
        reverse("dashboards:unit", args=[world["A"].pk]),
        reverse("exports:index"),
    ):
        assert _get(client, url, jenis_indikator=value).context["filters"].kind is None, url


@pytest.mark.django_db
def test_the_drilldown_pages_list_only_the_type(world, reviewer):
    client = client_for(reviewer)
    area1 = ChangeArea.objects.get(roadmap=world["cycle"].roadmap, order=1)
    response = _get(client, reverse("dashboards:area", args=[area1.pk]), jenis_indikator="output")
    assert [i.code for i in response.context["indicators"]] == ["A-OUT1", "B-OUT1"]
    assert response.context["score"].value == D("50.00")
    assert [(r.unit.slug, r.score.value) for r in response.context["units"]] == [
        ("dinas-a", D("60.00")),
        ("dinas-b", D("30.00")),
    ]
    assert 'data-indicator="A-OUC1"' not in response.content.decode()
    response = _get(client, reverse("dashboards:area", args=[area1.pk]), jenis_indikator="outcome")
    assert [i.code for i in response.context["indicators"]] == ["A-OUC1", "B-OUC1"]
    assert response.context["score"].value == D("66.67")

    response = _get(client, reverse("dashboards:unit", args=[world["A"].pk]), jenis_indikator="output")
    assert response.context["score"].value == D("70.00")  # (120 + 90) / 3
    assert [i.code for i in response.context["pivot"].indicators] == ["A-OUT1", "A-OUT2"]
    assert response.context["year"].indicators.keys() == {
        i.pk for i in response.context["pivot"].indicators
    }  # the year's indicators too
    html = response.content.decode()
    assert 'data-indicator="A-OUT2"' in html and 'data-indicator="A-DMP1"' not in html


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_an_export_with_the_filter_holds_only_that_type(world, reviewer, settings):
    settings.EXPORT_ASYNC_ROWS = 10_000
    client = client_for(reviewer)
    period = {"roadmap": world["cycle"].roadmap_id, "tahun": 2025, "triwulan": 1}

    response = client.post(
        reverse("exports:run"), {"laporan": "rekap", "format": "xlsx", **period, "jenis_indikator": "output"}
    )
    assert response.status_code == 200
    assert "output" in response["Content-Disposition"]
    wb = _workbook(response)
    codes = {r[2] for name in wb.sheetnames[1:] for r in wb[name].iter_rows(min_row=2, values_only=True) if r[2]}
    assert codes == OUTPUT_CODES
    summary_rows = list(wb[wb.sheetnames[0]].iter_rows(values_only=True))
    overall = next(r for r in summary_rows if r[0] == "Keseluruhan")
    assert D(str(overall[2])) == D("60.00")  # the Dasbor's number with the same filter
    assert "Jenis indikator: Output" in overall[1]

    response = client.post(
        reverse("exports:run"), {"laporan": "matriks", "format": "xlsx", **period, "jenis_indikator": "output"}
    )
    ws = _workbook(response).active
    assert {r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[1]} == OUTPUT_CODES

    response = client.post(reverse("exports:run"), {"laporan": "rekap", "format": "xlsx", **period})
    wb = _workbook(response)
    codes = {r[2] for name in wb.sheetnames[1:] for r in wb[name].iter_rows(min_row=2, values_only=True) if r[2]}
    assert codes == {code for code, *_ in SPECS}

    # The export page keeps the filter for its download forms, and a background job re-reads it.
    page = _get(client, reverse("exports:index"), **period, jenis_indikator="dampak").content.decode()
    assert '<input type="hidden" name="jenis_indikator" value="dampak">' in page
    assert re.search(r'<option value="dampak" selected>Dampak</option>', page)
    filters = export_selectors.export_filters(query={**period, "jenis_indikator": "dampak"}, user=reviewer)
    assert filters.record()["jenis_indikator"] == "dampak"
    again = export_selectors.export_filters(query=filters.record(), user=reviewer)
    assert again.kind == "dampak"
    assert export_selectors.summary_scores(user=reviewer, filters=again).overall.value == D("120.00")
    year = export_selectors.export_filters(query={**period, "triwulan": "", "jenis_indikator": "output"}, user=reviewer)
    assert year.quarter is None
    assert export_selectors.summary_scores(user=reviewer, filters=year).overall.value == D("60.00")  # whole year


@pytest.mark.django_db
def test_the_api_scores_take_the_filter(world, reviewer):
    from tests.test_api_support import token_client

    client = token_client(reviewer)
    body = client.get("/api/v1/scores/", {"tahun": 2025, "triwulan": 1, "jenis_indikator": "output"}).json()
    assert body["filters"]["jenis_indikator"] == "output"
    assert body["overall"]["value"] == "60.00"
    assert [(r["unit"]["name"], r["value"]) for r in body["ranking"]] == [("Dinas A", "70.00"), ("Dinas B", "30.00")]
    body = client.get("/api/v1/scores/", {"tahun": 2025, "triwulan": 1}).json()
    assert (body["filters"]["jenis_indikator"], body["overall"]["value"]) == (None, "80.00")
    response = client.get("/api/v1/scores/", {"jenis_indikator": "xyz"})  # the API says what is wrong
    assert response.status_code == 400
    assert "jenis_indikator" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_the_export_command_takes_the_type(world, tmp_path):
    output = tmp_path / "matriks.xlsx"
    args = ["--report", "matriks", "--year", "2025", "--format", "xlsx", "--output", str(output)]
    call_command("export_report", *args, "--kind", "dampak", stdout=io.StringIO())
    ws = load_workbook(output).active
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[1]] == ["A-DMP1"]
    with pytest.raises(CommandError):
        call_command("export_report", *args, "--kind", "xyz", stdout=io.StringIO(), stderr=io.StringIO())


# --- the migration ------------------------------------------------------------------------------------------

BEFORE = [("dashboards", "0003_framework_per_roadmap")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_rebuilds_the_summary_with_the_type_and_merges_it_back():
    roadmap = factories.RoadmapFactory()
    unit_a = factories.UnitFactory(name="Dinas A", short_name="DA", slug="dinas-a")
    unit_b = factories.UnitFactory(name="Dinas B", short_name="DB", slug="dinas-b")
    build(roadmap, unit_a, unit_b)
    expected = {tuple(row[k] for k in summary.GROUP): (row["num"], row["den"]) for row in summary._source(None)}
    assert len(expected) == 6 and {key[-1] for key in expected} == set(IndicatorKind.values)
    try:
        # Backwards: one row per (report, area, aspect, theme), the types' sums added up.
        old = _migrate(BEFORE).get_model("dashboards", "ReportAreaScore")
        merged = {(r.report_id, r.area.order): (r.num, r.den, r.rows) for r in old.objects.select_related("area")}
        report_a = Report.objects.get(unit=unit_a).pk
        report_b = Report.objects.get(unit=unit_b).pk
        assert merged == {
            (report_a, 1): (D(160), D(3), 2),  # A-OUT1 120 + A-OUC1 40
            (report_a, 2): (D(450), D(4), 2),  # A-OUT2 90 + A-DMP1 360
            (report_b, 1): (D(190), D(3), 2),  # B-OUT1 30 + B-OUC1 160
        }
        old.objects.all().delete()  # forwards must not rely on what was there
        # Forwards: rebuilt from the progress rows, every row with its indicators' type.
        new = _migrate().get_model("dashboards", "ReportAreaScore")
        stored = {
            (r.report_id, r.roadmap_id, r.area_id, r.aspect_id, r.theme_id, r.kind): (r.num, r.den)
            for r in new.objects.all()
        }
        assert stored == expected
    finally:
        _migrate()


# --- the filter form in Chromium, with and without JavaScript --------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_the_filter_form_in_a_browser(browser, live_server, javascript):
    from playwright.sync_api import expect

    roadmap = factories.RoadmapFactory()
    build(roadmap, factories.UnitFactory(name="Dinas A", slug="dinas-a"), factories.UnitFactory(name="Dinas B"))
    reviewer = factories.VerifikatorFactory(username="bpsdm")
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", reviewer.username)
        page.fill("input[name=password]", factories.PASSWORD)
        page.click("button[type=submit]")
        page.goto(live_server.url + reverse("dashboards:overview"))
        expect(page.locator("#capaian-keseluruhan")).to_have_text("80 %")
        expect(page.locator("#filter-jenis-indikator")).to_have_count(0)

        page.get_by_label("Jenis indikator").select_option(label="Output")
        page.get_by_role("button", name="Terapkan").click()
        expect(page).to_have_url(re.compile(r"[?&]jenis_indikator=output(&|$)"))
        expect(page.locator("#capaian-keseluruhan")).to_have_text("60 %")
        expect(page.get_by_label("Jenis indikator")).to_have_value("output")
        expect(page.locator("#filter-jenis-indikator")).to_have_text("Indikator Output saja")

        page.reload()  # a bookmark: the URL alone holds the filter
        expect(page.locator("#capaian-keseluruhan")).to_have_text("60 %")
        page.get_by_role("link", name="Atur ulang").click()
        expect(page.locator("#capaian-keseluruhan")).to_have_text("80 %")
        expect(page.get_by_label("Jenis indikator")).to_have_value("")
    finally:
        context.close()
