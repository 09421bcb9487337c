"""MUST SHOW: with the demo data after one approved quarter, the Dasbor shows the eight areas with
numbers that a hand computation (plain Python over the rows, areas.scoring.weighted_mean) confirms."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from areas import scoring
from areas.models import ChangeArea, Element
from dashboards import summary
from evaluations.models import Progress, Report, ReportStatus
from roadmap.demo import seed_demo
from roadmap.models import Roadmap, User
from roadmap.templatetags.monev import persen
from tests.dashboard_data import open_quarter, wita

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_quarter():
    seed_demo()
    roadmap = Roadmap.objects.get(is_active=True)
    cycle = open_quarter(roadmap, 2025, 1)
    rows = list(Progress.objects.filter(report__cycle=cycle).select_related("indicator"))
    assert len(rows) > 200
    for p in rows:
        rng = random.Random(p.indicator.code)  # deterministic realisasi around the target
        if p.indicator.is_milestone:
            p.milestone_done = rng.random() < 0.7
        elif p.target_value is not None:
            p.realisasi = (p.target_value * Decimal(rng.randint(40, 140)) / 100).quantize(Decimal("0.01"))
        p.capaian = scoring.capaian(
            polarity=p.indicator.polarity, target=p.target_value, realisasi=p.realisasi, done=p.milestone_done
        )
    Progress.objects.bulk_update(rows, ["realisasi", "milestone_done", "capaian"])
    summary.rebuild({p.report_id for p in rows})  # bulk_update sends no signals
    Report.objects.filter(cycle=cycle).update(
        status=ReportStatus.DISETUJUI, first_submitted_at=wita(2025, 4, 8, 10), approved_at=timezone.now()
    )
    return cycle


def _by_hand(key):
    """Plain Python over every approved row of TW I 2025: {group: weighted mean}."""
    groups: dict[object, list[tuple[Decimal | None, Decimal]]] = {}
    for p in Progress.objects.filter(report__status=ReportStatus.DISETUJUI).select_related(
        "indicator__area", "indicator__aspect", "report__unit"
    ):
        groups.setdefault(key(p), []).append((p.capaian, p.indicator.weight))
    return {k: scoring.weighted_mean(v) for k, v in groups.items()}


def test_demo_quarter_shows_eight_areas_confirmed_by_hand(demo_quarter, client):
    client.force_login(User.objects.get(username="bpsdm"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:overview"))
    assert response.status_code == 200
    ctx, html = response.context, response.content.decode()
    assert (ctx["filters"].year, ctx["filters"].quarter) == (2025, 1)

    by_area = _by_hand(lambda p: p.indicator.area.code)
    shown = {row["area"].code: row["score"].value for row in ctx["areas"]}
    assert list(shown) == [a.code for a in ChangeArea.objects.order_by("order")]
    assert len(shown) == 8 and all(v is not None for v in shown.values())
    assert shown == by_area
    for code, value in by_area.items():
        cell = re.search(rf'data-area="{code}".*?data-capaian>([^<]*)<', html, re.S).group(1)
        assert cell == persen(value)
    # The same numbers feed the bar chart.
    assert ctx["chart_areas"]["datasets"][0]["data"] == [float(by_area[c]) for c in shown]

    overall = _by_hand(lambda p: "all")["all"]
    assert ctx["overall"].value == overall
    assert ctx["overall"].predikat == scoring.predikat(overall)
    assert f'id="capaian-keseluruhan">{persen(overall)}<' in html

    by_element = _by_hand(lambda p: p.indicator.aspect.element)
    assert {e["element"]: e["score"].value for e in ctx["elements"]} == {
        Element.HARD: by_element["hard"],
        Element.SOFT: by_element["soft"],
    }
    by_unit = _by_hand(lambda p: p.report.unit.slug)
    assert {r["unit"].slug: r["score"].value for r in ctx["ranking"]} == by_unit
    assert len(by_unit) == 27
    assert ctx["completeness"].total == 27 and ctx["completeness"].on_time_share == Decimal("100.00")
    assert len(queries) < 40  # and test_dashboard_queries shows it does not grow with the units
