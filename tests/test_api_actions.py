"""API v1, rencana aksi read: the plan, the quarterly rows and the scores; who sees what; the schema.

The plan is tests/action_data.py (numbers by hand in tests/test_action_scores.py) plus P6, coordinated and carried
out by unit A only.
"""

from __future__ import annotations

import pytest
from django.test import Client

from evaluations.models import ReportStatus
from tests import factories
from tests.action_data import build_plan
from tests.caches import clear_own_keys
from tests.dashboard_data import set_status
from tests.test_api_support import token_client

pytestmark = pytest.mark.django_db

API = "/api/v1"
ENDPOINTS = ("action-plans", "action-progress", "action-scores")


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    clear_own_keys()
    yield
    clear_own_keys()


@pytest.fixture
def plan(roadmap, unit_a, unit_b):
    data = build_plan(roadmap, unit_a, unit_b)
    p6 = factories.ActionPlanFactory(group=data["groups"]["G2"], code="P6", year=2025, coordinator=unit_a, budget=0)
    factories.ActionAssignmentFactory(plan=p6, unit=unit_a, budget=None)
    data["plans"]["P6"] = p6
    return data


def _all(client, endpoint, **params):
    response = client.get(f"{API}/{endpoint}/", {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_401(plan, endpoint):
    response = Client().get(f"{API}/{endpoint}/")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("person", ["officer_a", "officer_b", "reviewer", "pimpinan", "admin"])
def test_who_reads_which_plans_and_rows(plan, people, person):
    client = token_client(people[person])
    codes = sorted(p["code"] for p in _all(client, "action-plans"))
    rows = sorted((r["plan"]["code"], r["unit"], r["cycle"]["quarter"]) for r in _all(client, "action-progress"))
    a, b = plan["units"]["A"].pk, plan["units"]["B"].pk
    every_row = sorted((p, {"A": a, "B": b}[u], q) for (p, u) in plan["assignments"] if p != "P6" for q in (1, 2))
    if person == "officer_a":  # carries out P1, P2, P4, P6; coordinates P1, P3, P5 (B's rows of those too)
        assert codes == ["P1", "P2", "P3", "P4", "P5", "P6"]
        assert rows == [r for r in every_row if r[1] == a or r[0] in ("P1", "P3", "P5")]
    elif person == "officer_b":  # carries out P1, P3, P4, P5; coordinates P2, P4
        assert codes == ["P1", "P2", "P3", "P4", "P5"]
        assert rows == [r for r in every_row if r[1] == b or r[0] in ("P2", "P4")]
    else:
        assert codes == ["P1", "P2", "P3", "P4", "P5", "P6"]
        assert rows == every_row


def test_another_units_plan_and_row_are_404(plan, people):
    client = token_client(people["officer_b"])
    assert client.get(f"{API}/action-plans/{plan['plans']['P6'].pk}/").status_code == 404
    row = plan["assignments"]["P4", "A"].progress_rows.first()  # B coordinates P4: readable
    assert client.get(f"{API}/action-progress/{row.pk}/").status_code == 200
    row = plan["assignments"]["P1", "A"].progress_rows.first()  # A's row of P1 (coordinated by A): not B's
    assert client.get(f"{API}/action-progress/{row.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (ReportStatus.DRAF, False),
        (ReportStatus.DIKEMBALIKAN, False),
        (ReportStatus.DIAJUKAN, True),
        (ReportStatus.DISETUJUI, True),
    ],
)
def test_a_coordinator_reads_another_units_row_once_submitted(plan, people, status, shown):
    # A coordinates P1, which B carries out too: B's row of TW II is A's to read once B has submitted it, as on
    # the coordinator's pages, never B's draft or the report B is fixing. A's own rows, draft or not, stay A's.
    set_status(plan["cycles"][2], plan["units"]["B"], status)
    set_status(plan["cycles"][2], plan["units"]["A"], ReportStatus.DRAF)
    b_row = plan["assignments"]["P1", "B"].progress_rows.get(report__cycle=plan["cycles"][2])
    a_row = plan["assignments"]["P1", "A"].progress_rows.get(report__cycle=plan["cycles"][2])
    client = token_client(people["officer_a"])
    listed = {r["id"] for r in _all(client, "action-progress", triwulan=2, code="P1")}
    assert (b_row.pk in listed) is shown
    assert a_row.pk in listed
    assert client.get(f"{API}/action-progress/{b_row.pk}/").status_code == (200 if shown else 404)
    # BPSDM reads every row, submitted or not, as it reads the indicators' rows.
    assert b_row.pk in {r["id"] for r in _all(token_client(people["reviewer"]), "action-progress", triwulan=2)}


def test_api_is_read_only(plan, people):
    client = token_client(people["admin"])
    pk = plan["plans"]["P1"].pk
    assert client.post(f"{API}/action-plans/", {}, content_type="application/json").status_code == 405
    assert client.delete(f"{API}/action-plans/{pk}/").status_code == 405


def test_plan_carries_groups_stages_and_assignments(plan, people):
    body = token_client(people["reviewer"]).get(f"{API}/action-plans/{plan['plans']['P1'].pk}/").json()
    assert body["group"]["code"] == "G1" and body["group"]["kind"] == "general"
    assert [(s["quarter"], s["planned_progress"]) for s in body["stages"]] == [(1, "25.00"), (2, "50.00"), (3, "75.00")]
    assert [(a["unit"]["short_name"], a["budget"]) for a in body["assignments"]] == [("DA", "100.00"), ("DB", "50.00")]
    assert body["coordinator"]["short_name"] == "DA" and body["budget"] == "150.00"


def test_plan_filters(plan, people, unit_b):
    client = token_client(people["reviewer"])

    def codes(**params):
        return [p["code"] for p in _all(client, "action-plans", **params)]

    assert codes(jenis="tematik") == ["P4"]
    assert codes(quick_win="true") == ["P5"]
    assert codes(area=plan["areas"][2].pk) == ["P2", "P6"]
    assert codes(unit=unit_b.pk) == ["P1", "P5", "P2", "P3", "P4"]
    assert codes(tahun=2026) == []
    assert client.get(f"{API}/action-plans/", {"tahun": "x"}).status_code == 400


def test_rows_carry_the_plan_at_their_quarter(plan, people):
    client = token_client(people["reviewer"])
    rows = _all(client, "action-progress", triwulan=2, code="P2")
    assert [(r["status"], r["progress"], r["planned_progress"], r["reached"]) for r in rows] == [
        ("berjalan", "80.00", "100.00", False)
    ]
    rows = _all(client, "action-progress", triwulan=1, action_status="selesai")
    assert [(r["plan"]["code"], r["reached"], r["budget"], r["budget_realised"]) for r in rows] == [
        ("P5", True, "40.00", "40.00")
    ]
    assert client.get(f"{API}/action-progress/", {"triwulan": 5}).status_code == 400


def test_scores_equal_the_hand_computed_numbers(plan, people):
    body = token_client(people["reviewer"]).get(f"{API}/action-scores/", {"tahun": 2025, "triwulan": 2}).json()
    assert body["overall"] == {
        "due": 7,
        "reached": 3,
        "rate": "42.86",
        "budget": "570.00",
        "realised": "290.00",
        "absorption": "50.88",
        "late": 3,
    }
    assert (body["general"]["rate"], body["tematik"]["rate"]) == ("40.00", "50.00")
    assert sorted((r["plan_code"], r["unit_name"], r["reason"]) for r in body["late"]) == [
        ("P1", "DB", "behind"),
        ("P2", "DA", "end"),
        ("P4", "DA", "behind"),
    ]
    units = {u["name"]: u["score"]["rate"] for u in body["units"]}
    assert units == {"DA": "0.00", "DB": "75.00"}
    officer = token_client(people["officer_b"]).get(f"{API}/action-scores/", {"tahun": 2025, "triwulan": 2}).json()
    assert (officer["filters"]["unit"], officer["overall"]["rate"]) == (plan["units"]["B"].pk, "75.00")


def test_schema_documents_the_endpoints(plan, people):
    paths = token_client(people["reviewer"]).get(f"{API}/schema/", {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/action-plans/",
        "/api/v1/action-plans/{id}/",
        "/api/v1/action-progress/",
        "/api/v1/action-scores/",
    ):
        assert path in paths, path
        assert "get" in paths[path]
