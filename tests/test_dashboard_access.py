"""Who may open which dashboard page, by URL: officers see their own unit only (404 otherwise)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from areas.models import ChangeArea
from evaluations.models import ReportStatus
from tests import factories
from tests.dashboard_data import fill, open_quarter, set_status, wita

pytestmark = pytest.mark.django_db

STAFF = ("reviewer", "pimpinan", "admin")


@pytest.fixture
def data(roadmap, unit_a, unit_b, people):
    area1 = ChangeArea.objects.get(order=1)
    area2 = ChangeArea.objects.get(order=2)
    ind_a = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-01", area=area1)
    ind_b = factories.IndicatorFactory(roadmap=roadmap, unit=unit_b, code="B-01", area=area1)
    ind_b2 = factories.IndicatorFactory(roadmap=roadmap, unit=unit_b, code="B-02", area=area2)
    for ind in (ind_a, ind_b, ind_b2):
        factories.IndicatorTargetFactory(indicator=ind, year=2025, quarter=1, value=Decimal(100))
    cycle = open_quarter(roadmap, 2025, 1)
    fill(cycle, {"A-01": Decimal(40), "B-01": Decimal(90), "B-02": Decimal(30)})
    set_status(cycle, unit_a, ReportStatus.DISETUJUI, wita(2025, 4, 2, 9))
    set_status(cycle, unit_b, ReportStatus.DISETUJUI, wita(2025, 4, 2, 9))
    return {"a": ind_a, "b": ind_b, "area1": area1, "area2": area2}


def _urls(data, unit_a, unit_b):
    return {
        "overview": reverse("dashboards:overview"),
        "area": reverse("dashboards:area", args=[data["area1"].pk]),
        "unit_a": reverse("dashboards:unit", args=[unit_a.pk]),
        "unit_b": reverse("dashboards:unit", args=[unit_b.pk]),
        "indicator_a": reverse("dashboards:indicator", args=[data["a"].pk]),
        "indicator_b": reverse("dashboards:indicator", args=[data["b"].pk]),
    }


EXPECTED = {
    "officer_a": {"overview": 200, "area": 200, "unit_a": 200, "unit_b": 404, "indicator_a": 200, "indicator_b": 404},
    "officer_b": {"overview": 200, "area": 200, "unit_a": 404, "unit_b": 200, "indicator_a": 404, "indicator_b": 200},
    **{
        name: dict.fromkeys(("overview", "area", "unit_a", "unit_b", "indicator_a", "indicator_b"), 200)
        for name in STAFF
    },
}


@pytest.mark.parametrize("who", ["officer_a", "officer_b", *STAFF])
def test_status_by_url(data, people, unit_a, unit_b, as_user, who):
    client = as_user(people[who])
    for page, url in _urls(data, unit_a, unit_b).items():
        assert client.get(url).status_code == EXPECTED[who][page], (who, page)


def test_anonymous_is_sent_to_login(data, unit_a, unit_b, client):
    for url in _urls(data, unit_a, unit_b).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_officer_overview_shows_their_unit_only(data, unit_a, unit_b, officer_a, as_user):
    client = as_user(officer_a)
    # Asking for unit B in the URL changes nothing: the officer's unit is forced.
    response = client.get(reverse("dashboards:overview"), {"unit": unit_b.pk, "termasuk_diajukan": "1"})
    ctx, html = response.context, response.content.decode()
    assert ctx["overall"].value == Decimal("40.00")
    assert [r.unit.slug for r in ctx["ranking"]] == [unit_a.slug]
    assert [r.unit.slug for r in ctx["heatmap"].rows] == [unit_a.slug]
    assert ctx["completeness"].total == 1
    assert [p.indicator.code for p in ctx["at_risk"]] == ["A-01"]
    assert unit_b.name not in html and "B-01" not in html
    assert ctx["filter_units"] == []  # no unit choice for an officer


def test_officer_area_page_lists_only_their_indicators(data, officer_a, as_user, unit_b):
    html = as_user(officer_a).get(reverse("dashboards:area", args=[data["area1"].pk])).content.decode()
    assert "A-01" in html and "B-01" not in html and unit_b.name not in html
    # Another area in which the officer has no indicator: an empty page, never the other unit's rows.
    response = as_user(officer_a).get(reverse("dashboards:area", args=[data["area2"].pk]))
    assert response.status_code == 200
    assert response.context["indicators"] == [] and response.context["score"].value is None
    assert "B-02" not in response.content.decode()


def test_staff_sees_every_unit(data, reviewer, as_user, unit_a, unit_b):
    ctx = as_user(reviewer).get(reverse("dashboards:overview")).context
    assert {r.unit.slug for r in ctx["ranking"]} == {unit_a.slug, unit_b.slug}
    assert ctx["overall"].value == Decimal("53.33")  # (40 + 90 + 30) / 3


def test_unknown_objects_are_404(data, reviewer, as_user):
    client = as_user(reviewer)
    for name in ("dashboards:area", "dashboards:unit", "dashboards:indicator"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
