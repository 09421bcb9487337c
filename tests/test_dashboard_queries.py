"""The number of SQL queries of each dashboard page does not grow with the number of units."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from areas.models import ChangeArea, Indicator
from evaluations.models import Cycle
from tests import factories
from tests.dashboard_data import approve_all, bulk_units, open_quarter

pytestmark = pytest.mark.django_db

QUARTERS = ((2025, 1), (2025, 2))
CEILING = 40  # far below one query per unit at 100 units


def _grow_to(roadmap, count, already):
    bulk_units(roadmap, count - already, prefix=f"U{count}", quarters=QUARTERS)
    for year, quarter in QUARTERS:
        cycle = open_quarter(roadmap, year, quarter)  # creates the reports of the new units only
        approve_all(cycle)


def _pages(roadmap, officer_a):
    first = Indicator.objects.filter(roadmap=roadmap).order_by("pk").first()
    area = ChangeArea.objects.get(order=1)
    return {
        "overview": reverse("dashboards:overview"),
        "overview_toggle": reverse("dashboards:overview") + "?termasuk_diajukan=1",
        "area": reverse("dashboards:area", args=[area.pk]),
        "unit": reverse("dashboards:unit", args=[first.unit_id]),
        "indicator": reverse("dashboards:indicator", args=[first.pk]),
        "officer_overview": reverse("dashboards:overview"),
        "officer_unit": reverse("dashboards:unit", args=[officer_a.unit_id]),
    }


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_units(roadmap, reviewer, officer_a, as_user, django_assert_max_num_queries):
    staff, officer = as_user(reviewer), as_user(officer_a)
    for client in (staff, officer):
        client.get(reverse("home"))  # the new session's first refresh (a write) is not a dashboard query
    # The officer's unit owns an indicator too, so their pages have data.
    ind = factories.IndicatorFactory(roadmap=roadmap, unit=officer_a.unit, code="OA-1")
    for year, quarter in QUARTERS:
        factories.IndicatorTargetFactory(indicator=ind, year=year, quarter=quarter)

    _grow_to(roadmap, 10, 0)
    assert Cycle.objects.count() == 2
    pages = _pages(roadmap, officer_a)
    small = {name: _count(officer if name.startswith("officer") else staff, url) for name, url in pages.items()}

    _grow_to(roadmap, 100, 10)
    assert Indicator.objects.filter(roadmap=roadmap).count() == 100 * 3 + 1
    large = {}
    for name, url in pages.items():
        client = officer if name.startswith("officer") else staff
        with django_assert_max_num_queries(CEILING):
            large[name] = _count(client, url)
    assert large == small, {name: (small[name], large[name]) for name in pages}
    print(small)
