"""Pages open on what matters: the latest quarter with data (or the open one), never the road map's first
quarter by default; an empty page says what to do next. One rule (dashboards.selectors.filters.default_period)
for the Dasbor, the area, unit and indicator pages and the exports."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from areas.models import ChangeArea
from evaluations.models import ReportStatus
from tests import factories
from tests.dashboard_data import fill, open_quarter, set_status
from tests.test_scheduling_support import wita

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(roadmap, unit_a):
    ind = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-1", requires_evidence=False)
    for year in roadmap.years:
        for quarter in range(1, 5):
            factories.IndicatorTargetFactory(indicator=ind, year=year, quarter=quarter, value=Decimal(80))
    return ind


def _period(client, url):
    filters = client.get(url).context["filters"]
    return filters.year, filters.quarter


def test_without_any_cycle_the_dasbor_opens_on_the_current_quarter_and_says_what_to_do(
    roadmap, indicator, admin_user, reviewer, as_user
):
    with time_machine.travel(wita(2026, 12, 2, 9), tick=False):
        admin = as_user(admin_user)
        response = admin.get(reverse("dashboards:overview"))
        html = response.content.decode()
        # TW III 2026 is the latest quarter whose window has started (1 October), not TW I 2025.
        assert (response.context["filters"].year, response.context["filters"].quarter) == (2026, 3)
        assert "Belum ada periode evaluasi TW III 2026 pada road map ini." in html
        assert "python manage.py open_cycle --year 2026 --quarter 3" in html
        staff = as_user(reviewer).get(reverse("dashboards:overview")).content.decode()
        assert "Admin dapat membuka periodenya" in staff and "open_cycle" not in staff
        # A quarter still to come says when it opens by itself.
        later = admin.get(reverse("dashboards:overview") + "?tahun=2027&triwulan=1").content.decode()
        assert "Periode ini dibuka otomatis pada 1 April 2027" in later


def test_the_latest_quarter_with_data_wins_over_the_open_one_everywhere(roadmap, indicator, unit_a, reviewer, as_user):
    with time_machine.travel(wita(2025, 10, 5, 9), tick=False):
        tw1, tw2, tw3 = (open_quarter(roadmap, 2025, q) for q in (1, 2, 3))
        for cycle in (tw1, tw2):
            fill(cycle, {"A-1": Decimal(72)})
            set_status(cycle, unit_a, ReportStatus.DISETUJUI, wita(cycle.year, cycle.quarter * 3 + 1, 8, 10))
        client = as_user(reviewer)
        area = ChangeArea.objects.get(pk=indicator.area_id)
        for url in (
            reverse("dashboards:overview"),
            reverse("dashboards:area", args=[area.pk]),
            reverse("dashboards:unit", args=[unit_a.pk]),
            reverse("dashboards:indicator", args=[indicator.pk]),
            reverse("exports:index"),
        ):
            assert _period(client, url) == (2025, 2), url
        # TW III has no approved report yet: with the toggle its submitted one counts, and the pages follow.
        set_status(tw3, unit_a, ReportStatus.DIAJUKAN, wita(2025, 10, 4, 10))
        assert _period(client, reverse("dashboards:overview") + "?termasuk_diajukan=1") == (2025, 3)
        assert _period(client, reverse("exports:index") + "?termasuk_diajukan=1") == (2025, 3)
        # A year chosen without a quarter is the whole year in the exports (the form's "Setahun").
        assert _period(client, reverse("exports:index") + "?tahun=2025&triwulan=") == (2025, None)


def test_an_open_quarter_without_approved_reports_says_what_to_do(roadmap, indicator, unit_a, reviewer, as_user):
    with time_machine.travel(wita(2025, 4, 5, 9), tick=False):
        open_quarter(roadmap, 2025, 1)
        response = as_user(reviewer).get(reverse("dashboards:overview"))
    html = response.content.decode()
    assert (response.context["filters"].year, response.context["filters"].quarter) == (2025, 1)
    assert "Belum ada laporan TW I 2025 yang disetujui, jadi belum ada angka." in html
    assert "Termasuk yang diajukan" in html and reverse("evaluations:review_queue") in html
