"""The numbers of the dashboards equal hand-computed values on a small fixture.

Unit A (approved): A1 higher 60/80 = 75 (weight 2); A2 lower 12/10 = 80; A3 milestone done = 100;
A4 higher 75/50 = 150 → clipped 120; A5 lower 25/10 = −50 → clipped 0; A6 target 0 → left out.
Unit B (Diajukan, counts only with the toggle): B1 95, B2 90. Units C, D, E: Belum Mulai, Draf,
Dikembalikan, each with one row of capaian 10 that must never count.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from areas.models import ChangeArea, ElementAspect, RbTheme
from evaluations.models import ReportStatus
from tests import factories
from tests.dashboard_data import fill, open_quarter, set_status, wita

pytestmark = pytest.mark.django_db

TODAY = wita(2025, 4, 25, 9)
D = Decimal


def _ind(roadmap, unit, code, *, area=1, aspect="akuntabilitas", theme="general", polarity="higher", weight=1, target):
    indicator = factories.IndicatorFactory(
        roadmap=roadmap,
        unit=unit,
        code=code,
        area=ChangeArea.objects.get(order=area),
        aspect=ElementAspect.objects.get(code=aspect),
        theme=RbTheme.objects.get(code=theme),
        polarity=polarity,
        weight=D(weight),
    )
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1, value=D(target))
    return indicator


@pytest.fixture
def world(roadmap, unit_a, unit_b, people):
    unit_c = factories.UnitFactory(name="Dinas C", slug="dinas-c")
    unit_d = factories.UnitFactory(name="Dinas D", slug="dinas-d")
    unit_e = factories.UnitFactory(name="Dinas E", slug="dinas-e")
    _ind(roadmap, unit_a, "A1", area=1, aspect="akuntabilitas", weight=2, target=80)
    _ind(roadmap, unit_a, "A2", area=1, aspect="budaya", theme="kemiskinan", polarity="lower", target=10)
    _ind(roadmap, unit_a, "A3", area=2, aspect="kelembagaan", polarity="milestone", target=1)
    _ind(roadmap, unit_a, "A4", area=2, aspect="kelembagaan", target=50)
    _ind(roadmap, unit_a, "A5", area=3, aspect="tata-laksana", polarity="lower", target=10)
    _ind(roadmap, unit_a, "A6", area=3, aspect="tata-laksana", weight=3, target=0)
    _ind(roadmap, unit_b, "B1", area=1, aspect="akuntabilitas", target=100)
    _ind(roadmap, unit_b, "B2", area=8, aspect="tata-kerja", theme="investasi", target=100)
    for unit, code in ((unit_c, "C1"), (unit_d, "D1"), (unit_e, "E1")):
        _ind(roadmap, unit, code, area=1, target=100)
    with time_machine.travel(TODAY, tick=False):
        cycle = open_quarter(roadmap, 2025, 1)
    fill(
        cycle,
        {
            "A1": D(60), "A2": D(12), "A3": True, "A4": D(75), "A5": D(25), "A6": D(5),
            "B1": D(95), "B2": D(90), "C1": D(10), "D1": D(10), "E1": D(10),
        },
    )  # fmt: skip
    set_status(cycle, unit_a, ReportStatus.DISETUJUI, wita(2025, 4, 5, 10))
    set_status(cycle, unit_b, ReportStatus.DIAJUKAN, wita(2025, 4, 12, 8))  # late
    set_status(cycle, unit_c, ReportStatus.BELUM_MULAI)
    set_status(cycle, unit_d, ReportStatus.DRAF)
    # First submitted at 23:00 WITA on the due date: on time (15:00 UTC, still 10 April in WITA).
    set_status(cycle, unit_e, ReportStatus.DIKEMBALIKAN, wita(2025, 4, 10, 23), revision_due_on=dt.date(2025, 5, 30))
    return {"cycle": cycle, "units": {"A": unit_a, "B": unit_b, "C": unit_c, "D": unit_d, "E": unit_e}}


def _get(client, url, **params):
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


def _cell(html: str, row_attr: str, key: str) -> str:
    """The capaian text of the table row marked data-<row_attr>="<key>"."""
    match = re.search(rf'<tr[^>]*data-{row_attr}="{re.escape(key)}".*?data-capaian>([^<]*)<', html, re.S)
    assert match, f"no row {row_attr}={key}"
    return match.group(1).strip()


def _areas(response):
    return {row.area.order: row.score.value for row in response.context["areas"]}


def test_approved_only_numbers(world, as_user, reviewer):
    response = _get(as_user(reviewer), reverse("dashboards:overview"))
    ctx, html = response.context, response.content.decode()

    # (75×2 + 80 + 100 + 120 + 0) / 6 — A6 (target 0) left out, A4 clipped at 120, A5 at 0.
    assert ctx["overall"].value == D("75.00")
    # 60 ≤ 75 < 80: Kurang on the default scale (PermenPANRB 8/2021), kuning (60 ≤ 75 < 85).
    assert ctx["overall"].kategori == "Kurang" and ctx["overall"].light == "kuning"
    assert re.search(r'id="capaian-keseluruhan">75 %<', html)
    assert re.search(r'id="kategori-keseluruhan">Kurang<', html)

    assert _areas(response) == {
        1: D("76.67"),  # (75×2 + 80) / 3
        2: D("110.00"),  # (100 + 120) / 2
        3: D("0.00"),  # only A5 (clipped to 0); A6 has no capaian
        4: None, 5: None, 6: None, 7: None, 8: None,
    }  # fmt: skip
    assert _cell(html, "area", "MP") == "76,7 %"
    assert _cell(html, "area", "DK") == "110 %"
    assert _cell(html, "area", "PO") == "0 %"
    assert _cell(html, "area", "PPL") == "—"

    hard, soft = ctx["elements"]
    assert (hard.element, hard.score.value) == ("hard", D("74.00"))  # (150 + 100 + 120 + 0) / 5
    assert (soft.element, soft.score.value) == ("soft", D("80.00"))
    kelembagaan = next(a for a in hard.aspects if a.aspect.code == "kelembagaan")
    assert kelembagaan.score.value == D("110.00")
    assert _cell(html, "element", "hard") == "74 %"

    assert ctx["themes"].general.value == D("74.00")
    assert ctx["themes"].tematik.value == D("80.00")
    by_theme = {t.theme.code: t.score.value for t in ctx["themes"].themes}
    assert by_theme["kemiskinan"] == D("80.00") and by_theme["investasi"] is None

    ranking = [(r.unit.slug, r.score.value, r.rank) for r in ctx["ranking"]]
    assert ranking[0] == ("dinas-a", D("75.00"), 1)
    assert {slug for slug, value, _ in ranking[1:]} == {"dinas-b", "dinas-c", "dinas-d", "dinas-e"}
    assert all(value is None for _, value, _ in ranking[1:])

    # Heat map: unit A's row across the eight areas.
    row_a = next(r for r in ctx["heatmap"].rows if r.unit.slug == "dinas-a")
    assert [c.score.value for c in row_a.cells][:3] == [D("76.67"), D("110.00"), D("0.00")]

    # At risk: A5 is merah; nothing of unit B (not approved) and nothing green.
    assert [p.indicator.code for p in ctx["at_risk"]] == ["A5"]


def test_toggle_adds_submitted_reports_and_marks_them(world, as_user, reviewer):
    response = _get(as_user(reviewer), reverse("dashboards:overview"), termasuk_diajukan="1")
    ctx, html = response.context, response.content.decode()
    # (450 + 95 + 90) / (6 + 2) = 79.375 → 79.38; C, D, E (capaian 10) never count.
    assert ctx["overall"].value == D("79.38")
    assert ctx["overall"].kategori == "Kurang"  # 79.38 < 80
    assert _areas(response)[1] == D("81.25")  # (150 + 80 + 95) / 4
    assert _areas(response)[1] is not None and ctx["areas"][0].score.kategori == "Cukup"  # 80 ≤ 81.25 < 100
    assert _areas(response)[8] == D("90.00")
    ranking = [(r.unit.slug, r.score.value) for r in ctx["ranking"]][:2]
    assert ranking == [("dinas-b", D("92.50")), ("dinas-a", D("75.00"))]
    assert ctx["ranking"][0].score.kategori == "Cukup" and ctx["ranking"][0].score.light == "hijau"  # 92.50
    assert "Termasuk data yang diajukan" in html
    # The filter form keeps years and ids unlocalized (2025, not 2.025), so the bookmark round-trips.
    assert '<option value="2025" selected>2025</option>' in html
    c_row = re.search(r'<tr data-unit="dinas-c">.*?</tr>', html, re.S).group(0)
    assert "Belum Mulai" in c_row and "Terlambat" in c_row
    assert 'name="termasuk_diajukan" value="1" checked' in html


def test_completeness_counts_and_on_time_share(world, as_user, reviewer):
    ctx = _get(as_user(reviewer), reverse("dashboards:overview")).context
    c = ctx["completeness"]
    assert c.total == 5
    assert c.by_status == dict.fromkeys(ReportStatus.values, 1)
    assert c.overdue == 2  # C (Belum Mulai) and D (Draf) after 10 April; E has its own revision date
    assert c.on_time == 2  # A (5 April) and E (10 April 23:00 WITA); B was late
    assert c.on_time_share == D("40.00")
    html = _get(as_user(reviewer), reverse("dashboards:overview")).content.decode()
    assert re.search(r'id="tepat-waktu">40 %<', html)
    assert re.search(r'data-status="terlambat".*?data-count>2<', html, re.S)


def test_unit_filter_and_drilldown_numbers(world, as_user, reviewer):
    unit_a = world["units"]["A"]
    response = _get(as_user(reviewer), reverse("dashboards:overview"), unit=unit_a.pk, elemen="hard")
    assert response.context["overall"].value == D("74.00")

    response = _get(as_user(reviewer), reverse("dashboards:unit", args=[unit_a.pk]))
    assert response.context["score"].value == D("75.00")
    html = response.content.decode()
    assert _cell(html, "indicator", "A4") == "150 %"  # the indicator itself is shown unclipped
    assert _cell(html, "indicator", "A6") == "—"
    assert [r.score.value for r in response.context["by_quarter"]] == [D("75.00")]

    area1 = ChangeArea.objects.get(order=1)
    response = _get(as_user(reviewer), reverse("dashboards:area", args=[area1.pk]), termasuk_diajukan="1")
    assert response.context["score"].value == D("81.25")
    codes = [i.code for i in response.context["indicators"]]
    assert codes == ["A1", "A2", "B1", "C1", "D1", "E1"]
    html = response.content.decode()
    assert _cell(html, "indicator", "B1") == "95 %"
    assert _cell(html, "indicator", "C1") == "—"  # Belum Mulai never counts


def test_indicator_page_target_against_realisasi(world, as_user, reviewer):
    a1 = world["cycle"].reports.get(unit=world["units"]["A"]).progress_rows.get(indicator__code="A1").indicator
    response = _get(as_user(reviewer), reverse("dashboards:indicator", args=[a1.pk]))
    first = response.context["history"][0]
    assert (first.label, first.target, first.realisasi, first.capaian) == (
        "TW I 2025",
        D("80"),
        D("60"),
        D("75.00"),
    )
    assert response.context["chart_history"]["datasets"][1]["data"][0] == 60.0
    assert 'data-chart="chart-indikator"' in response.content.decode()


def test_falling_two_quarters_running_is_at_risk(roadmap, unit_a, as_user, reviewer):
    ind = _ind(roadmap, unit_a, "F1", target=100)
    steady = _ind(roadmap, unit_a, "F2", target=100)
    for quarter in (2, 3):
        factories.IndicatorTargetFactory(indicator=ind, year=2025, quarter=quarter, value=D(100))
        factories.IndicatorTargetFactory(indicator=steady, year=2025, quarter=quarter, value=D(100))
    for quarter, (falling, flat) in zip((1, 2, 3), ((D(95), D(90)), (D(88), D(90)), (D(86), D(90))), strict=True):
        cycle = open_quarter(roadmap, 2025, quarter)
        fill(cycle, {"F1": falling, "F2": flat})
        set_status(cycle, unit_a, ReportStatus.DISETUJUI, wita(2025, 4, 1, 9))
    ctx = _get(as_user(reviewer), reverse("dashboards:overview"), tahun=2025, triwulan=3).context
    assert [(p.indicator.code, p.is_red, p.is_falling) for p in ctx["at_risk"]] == [("F1", False, True)]
    assert [p.score.value for p in ctx["trend"].periods] == [D("92.50"), D("89.00"), D("88.00")]
    # TW II alone has only one earlier quarter: nothing is "falling two quarters running" yet.
    ctx = _get(as_user(reviewer), reverse("dashboards:overview"), tahun=2025, triwulan=2).context
    assert ctx["at_risk"] == []


def test_defaults_to_latest_cycle_with_approved_data(world, as_user, reviewer, roadmap):
    # TW II exists (opened) but nothing is approved there yet: the default stays on TW I.
    factories.IndicatorTargetFactory(
        indicator=world["cycle"].reports.get(unit=world["units"]["A"]).progress_rows.first().indicator,
        year=2025,
        quarter=2,
    )
    open_quarter(roadmap, 2025, 2)
    filters = _get(as_user(reviewer), reverse("dashboards:overview")).context["filters"]
    assert (filters.year, filters.quarter) == (2025, 1)


@pytest.mark.parametrize(
    "query",
    [
        "roadmap=abc&tahun=x&triwulan=9&area=zz&unit=-1&elemen=nope&tema=999999",
        "tahun=2031&triwulan=0",
        "roadmap=99999999999999999999&unit=99999999",
        "tahun=2026&triwulan=4",  # a quarter without a cycle
    ],
)
def test_invalid_filters_fall_back_safely(world, as_user, reviewer, query):
    client = as_user(reviewer)
    for url in (
        reverse("dashboards:overview"),
        reverse("dashboards:area", args=[ChangeArea.objects.get(order=1).pk]),
        reverse("dashboards:unit", args=[world["units"]["A"].pk]),
    ):
        with time_machine.travel(TODAY, tick=False):
            response = client.get(f"{url}?{query}")
        assert response.status_code == 200, url
