"""The Rencana Aksi pages and sections by URL: who sees what, the numbers shown, and a fresh Dasbor after a save.

The plan is tests/action_data.py (numbers by hand in tests/test_action_scores.py), plus P6: coordinated and
carried out by unit A only, so unit B's officer must not reach it (added after the quarters opened: it has no rows,
so it counts nowhere and is listed as not reported).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from dashboards.selectors import cache
from evaluations.models import ActionProgress, ReportStatus
from tests import factories
from tests.action_data import build_plan
from tests.dashboard_data import set_status

pytestmark = pytest.mark.django_db

Q2 = {"tahun": 2025, "triwulan": 2}
STAFF = ("reviewer", "pimpinan", "admin")


@pytest.fixture
def plan(roadmap, unit_a, unit_b):
    data = build_plan(roadmap, unit_a, unit_b)
    p6 = factories.ActionPlanFactory(group=data["groups"]["G2"], code="P6", year=2025, coordinator=unit_a, budget=0)
    factories.ActionAssignmentFactory(plan=p6, unit=unit_a, budget=None)
    data["plans"]["P6"] = p6
    return data


def _urls(plan, unit_a, unit_b):
    plans = plan["plans"]
    return {
        "dasbor": reverse("dashboards:overview"),
        "list": reverse("dashboards:actions"),
        "p1": reverse("dashboards:action", args=[plans["P1"].pk]),  # coordinated by A; carried out by A and B
        "p3": reverse("dashboards:action", args=[plans["P3"].pk]),  # coordinated by A; carried out by B
        "p6": reverse("dashboards:action", args=[plans["P6"].pk]),  # A only
        "unit_a": reverse("dashboards:unit", args=[unit_a.pk]),
        "unit_b": reverse("dashboards:unit", args=[unit_b.pk]),
        "area": reverse("dashboards:area", args=[plan["areas"][1].pk]),
    }


EXPECTED = {
    "officer_a": {"dasbor": 200, "list": 200, "p1": 200, "p3": 200, "p6": 200, "unit_a": 200, "unit_b": 404},
    "officer_b": {"dasbor": 200, "list": 200, "p1": 200, "p3": 200, "p6": 404, "unit_a": 404, "unit_b": 200},
    **{name: dict.fromkeys(("dasbor", "list", "p1", "p3", "p6", "unit_a", "unit_b"), 200) for name in STAFF},
}


@pytest.mark.parametrize("who", ["officer_a", "officer_b", *STAFF])
def test_status_by_url(plan, people, unit_a, unit_b, as_user, who):
    client = as_user(people[who])
    for page, url in _urls(plan, unit_a, unit_b).items():
        expected = EXPECTED[who].get(page, 200)
        assert client.get(url, Q2).status_code == expected, (who, page)


def test_anonymous_is_sent_to_login(plan, unit_a, unit_b, client):
    for url in _urls(plan, unit_a, unit_b).values():
        response = client.get(url, Q2)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["officer_a", "reviewer", "admin"])
def test_the_pages_are_read_only(plan, people, unit_a, unit_b, as_user, who):
    client = as_user(people[who])
    urls = _urls(plan, unit_a, unit_b)
    for page in ("list", "p1"):
        assert client.post(urls[page], Q2).status_code == 405
        html = client.get(urls[page], Q2).content.decode()
        assert 'method="post"' not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def _plans_listed(client, **query):
    response = client.get(reverse("dashboards:actions"), {**Q2, **query})
    assert response.status_code == 200
    return [e.plan.code for e in response.context["entries"]]


def test_officers_list_their_own_and_coordinated_actions(plan, officer_a, officer_b, reviewer, as_user):
    assert _plans_listed(as_user(reviewer)) == ["P1", "P5", "P2", "P6", "P3", "P4"]
    assert _plans_listed(as_user(officer_a)) == ["P1", "P5", "P2", "P6", "P3", "P4"]  # P3, P5: coordinated
    assert _plans_listed(as_user(officer_b)) == ["P1", "P5", "P2", "P3", "P4"]  # P2, P4: coordinated
    # A's officer asking for unit B changes nothing: their unit is forced.
    assert _plans_listed(as_user(officer_a), unit=plan["units"]["B"].pk) == ["P1", "P5", "P2", "P6", "P3", "P4"]


def test_list_filters(plan, reviewer, unit_b, as_user):
    client = as_user(reviewer)
    assert _plans_listed(client, status="terlambat") == ["P1", "P2", "P4"]
    assert _plans_listed(client, status="selesai") == ["P5"]
    assert _plans_listed(client, status="tidak_terlaksana") == ["P4"]
    assert _plans_listed(client, status="belum") == ["P6"]  # P6's row is empty in TW2
    assert _plans_listed(client, tahun=2025, triwulan=1, status="belum") == ["P6", "P3"]
    assert _plans_listed(client, jenis="tematik") == ["P4"]
    assert _plans_listed(client, quick_win=1) == ["P5"]
    assert _plans_listed(client, q="p3") == ["P3"]
    assert _plans_listed(client, area=plan["areas"][2].pk) == ["P2", "P6"]
    assert _plans_listed(client, tema=plan["theme"].pk) == ["P4"]
    assert _plans_listed(client, unit=unit_b.pk) == ["P1", "P5", "P2", "P3", "P4"]  # B carries out or coordinates
    assert _plans_listed(client, status="nonsense", jenis="x", q="x" * 500) == []  # the search kept, cut to 100
    assert _plans_listed(client, status="nonsense", jenis="x") == ["P1", "P5", "P2", "P6", "P3", "P4"]


def test_list_shows_each_pelaksana_status_for_the_quarter(plan, reviewer, as_user):
    entries = as_user(reviewer).get(reverse("dashboards:actions"), Q2).context["entries"]
    p1 = next(e for e in entries if e.plan.code == "P1")
    assert (p1.stage, p1.planned) == ("Tahapan TW 2", Decimal(50))
    assert [(p.assignment.unit.short_name, p.row.status, p.row.late) for p in p1.pelaksana] == [
        ("DA", "berjalan", False),
        ("DB", "berjalan", True),
    ]


def test_a_coordinator_reads_the_other_units_rows_but_not_of_actions_it_does_not_coordinate(plan, officer_a, as_user):
    client = as_user(officer_a)
    p3 = client.get(reverse("dashboards:action", args=[plan["plans"]["P3"].pk]), Q2).context["detail"]
    (b,) = p3.pelaksana
    assert b.assignment.unit.short_name == "DB"
    assert [(q.quarter, q.row.progress if q.row else None) for q in b.quarters] == [(2, 30), (3, None), (4, None)]
    p4 = client.get(reverse("dashboards:action", args=[plan["plans"]["P4"].pk]), Q2).context["detail"]
    seen = {p.assignment.unit.short_name: bool(p.quarters) for p in p4.pelaksana}
    assert seen == {"DA": True, "DB": False}  # B coordinates P4: A sees its own row only


def test_dasbor_section_shows_the_hand_computed_numbers(plan, reviewer, as_user):
    response = as_user(reviewer).get(reverse("dashboards:overview"), Q2)
    actions = response.context["actions"]
    assert (actions.overall.rate, actions.overall.absorption) == (Decimal("42.86"), Decimal("50.88"))
    html = response.content.decode()
    assert 'id="renaksi-tingkat">42,9 %' in html and 'id="renaksi-serapan">50,9 %' in html
    assert 'id="renaksi-terlambat">3<' in html
    assert 'id="chart-renaksi-area"' in html and 'id="chart-renaksi-tema"' in html
    for code in ("P1", "P2", "P4"):
        assert f'data-plan="{code}"' in html


def test_officer_dasbor_shows_their_units_numbers(plan, officer_b, as_user):
    actions = as_user(officer_b).get(reverse("dashboards:overview"), Q2).context["actions"]
    assert (actions.overall.due, actions.overall.reached, actions.overall.rate) == (4, 3, Decimal("75.00"))
    assert [(r.plan_code, r.unit_name) for r in actions.late] == [("P1", "DB")]


def test_unit_and_area_pages(plan, reviewer, unit_a, as_user):
    client = as_user(reviewer)
    unit = client.get(reverse("dashboards:unit", args=[unit_a.pk]), Q2)
    assert [r.plan_code for r in unit.context["action_rows"]] == ["P1", "P2", "P4"]
    assert unit.context["actions"].overall.rate == Decimal("0.00")
    assert 'id="tabel-renaksi-unit"' in unit.content.decode()
    area = client.get(reverse("dashboards:area", args=[plan["areas"][1].pk]), Q2)
    groups = [(g.code, g.score.due, g.score.reached, g.score.rate) for g in area.context["actions"].groups]
    assert groups == [("G1", 3, 1, Decimal("33.33"))]


# --- a stale Dasbor after a save is a bug ---------------------------------------------------------------------


@pytest.fixture
def cache_on(settings, monkeypatch):
    settings.DASHBOARD_CACHE_SECONDS = 600
    monkeypatch.setattr(cache, "_backend", LocMemCache("action-cache-tests", {}))
    cache.bump()


def _rate(client):
    """The rate as the Dasbor shows it (a cached page has no context to read)."""
    html = client.get(reverse("dashboards:overview"), Q2).content.decode()
    return re.search(r'id="renaksi-tingkat">([^<]*)<', html).group(1)


def test_an_action_row_save_refreshes_the_cached_dasbor(cache_on, plan, reviewer, as_user):
    client = as_user(reviewer)
    assert _rate(client) == "42,9 %"
    assert _rate(client) == "42,9 %"  # served from the cache now
    row = ActionProgress.objects.get(report__cycle=plan["cycles"][2], assignment=plan["assignments"]["P1", "A"])
    row.progress = Decimal(50)  # reaches TW2's 50 %
    row.save()
    assert _rate(client) == "57,1 %"  # 4 of 7


def test_a_plan_edit_refreshes_the_cached_dasbor(cache_on, plan, reviewer, as_user):
    client = as_user(reviewer)
    assert _rate(client) == "42,9 %"
    stage = plan["plans"]["P1"].stages.get(quarter=2)
    stage.planned_progress = Decimal(45)  # P1/A's 45 % now reaches it
    stage.save()
    assert _rate(client) == "57,1 %"  # 4 of 7
    plan["plans"]["P5"].is_active = False  # a reached row leaves the count
    plan["plans"]["P5"].save()
    assert _rate(client) == "50 %"  # 3 of 6


def test_a_draft_save_does_not_touch_the_dasbor(cache_on, plan, reviewer, unit_a, as_user):
    set_status(plan["cycles"][2], unit_a, ReportStatus.DIKEMBALIKAN)
    client = as_user(reviewer)
    before = cache.generation()
    row = ActionProgress.objects.get(report__cycle=plan["cycles"][2], assignment=plan["assignments"]["P1", "A"])
    row.progress = Decimal(50)
    row.save()
    assert cache.generation() == before
    assert _rate(client) == "75 %"  # B's rows only: 3 of 4
