"""The permission matrix of the review URLs, by URL, for the six people of every permission test.

Rule: Verifikator BPSDM and Admin may use every review URL; Pimpinan reads (GET) but every POST
is 403; an Operator Unit gets 403 on all of them, their own unit's report included; anonymous
visitors are sent to the sign-in page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations.models import Report, ReportStatus, ReviewDecision
from tests.test_review_data import add_indicators, at_wita, open_cycle, report_of, submitted_report

pytestmark = pytest.mark.django_db

GET_URLS = ["review_queue", "review_detail"]
POST_URLS = ["review_bulk_approve", "review_approve", "review_return", "review_reopen"]

# person → expected status of (GET pages, POST actions)
EXPECTED = {
    "anonymous": (302, 302),
    "officer_a": (403, 403),
    "officer_b": (403, 403),
    "pimpinan": (200, 403),
    "reviewer": (200, 302),
    "admin": (200, 302),
}


@pytest.fixture
def report(roadmap, unit_a, officer_a):
    add_indicators(roadmap, unit_a, [("A-01", "higher", "80", 1)])
    cycle = open_cycle(roadmap)
    return submitted_report(report_of(unit_a, cycle), officer_a, {"A-01": 70}, at_wita(2025, 4, 8))


def _url(name: str, report: Report) -> str:
    if name in ("review_queue", "review_bulk_approve"):
        return reverse(f"evaluations:{name}")
    return reverse(f"evaluations:{name}", args=[report.pk])


def _payload(name: str, report: Report) -> dict:
    # Invalid on purpose (no reason, nothing chosen) where possible: the matrix is about who may act.
    return {"review_bulk_approve": {"laporan": [report.pk]}, "review_return": {}, "review_reopen": {}}.get(name, {})


@pytest.mark.parametrize("person", list(EXPECTED))
@pytest.mark.parametrize("name", GET_URLS)
def test_get_matrix(people, as_user, report, person, name):
    response = as_user(people[person]).get(_url(name, report))
    expected = EXPECTED[person][0]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("person", ["anonymous", "officer_a", "officer_b", "pimpinan"])
@pytest.mark.parametrize("name", POST_URLS)
def test_post_matrix_refused_changes_nothing(people, as_user, report, person, name):
    response = as_user(people[person]).post(_url(name, report), _payload(name, report))
    assert response.status_code == EXPECTED[person][1]
    if person == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DIAJUKAN
    assert not ReviewDecision.objects.exists()


@pytest.mark.parametrize("person", ["reviewer", "admin"])
def test_reviewer_and_admin_may_act(people, as_user, report, person):
    client = as_user(people[person])
    response = client.post(_url("review_return", report), {"alasan": "Lengkapi bukti"})
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DIKEMBALIKAN
    assert ReviewDecision.objects.get().reviewer == people[person]


@pytest.mark.parametrize("person", ["reviewer", "admin"])
def test_bulk_approve_for_reviewer_and_admin(people, as_user, report, person):
    response = as_user(people[person]).post(_url("review_bulk_approve", report), {"laporan": [report.pk]})
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DISETUJUI


@pytest.mark.parametrize("name", POST_URLS)
def test_actions_refuse_get(people, as_user, report, name):
    assert as_user(people["reviewer"]).get(_url(name, report)).status_code == 405


def test_unknown_report_is_404_for_reviewer(people, as_user, report):
    client = as_user(people["reviewer"])
    assert client.get(reverse("evaluations:review_detail", args=[report.pk + 1000])).status_code == 404
    assert client.post(reverse("evaluations:review_approve", args=[report.pk + 1000])).status_code == 404
