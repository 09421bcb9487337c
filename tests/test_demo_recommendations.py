"""The demo's LHE recommendations (demo/recommendations.py) as the lived-in demo has them on 2 December 2026: the
dozen stories, Dinas Kesehatan's share, the one overdue, on the Rekomendasi LHE page and the Pengingat page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from demo.recommendations import STORIES
from evaluations.models import FollowUpStatus, Recommendation, today_wita
from evaluations.selectors.recommendations import latest_follow_ups, overdue_recommendations
from roadmap.models import Unit, User

pytestmark = pytest.mark.django_db

# By hand from demo.recommendations.STORIES: 7 of the 2024 LHE and 5 of the 2025 LHE; Dinas Kesehatan's: 2024 No. 1,
# 2 and 7, 2025 No. 1. Overdue on 2 December 2026 (due quarter over, never Selesai): 2024 No. 4 of Diskominfo, due
# TW IV 2025 (done_after None); the other never-done ones are due TW IV 2026 (the current quarter) or 2027.
EXPECTED = [f"LHE 2024 No. {n}" for n in range(1, 8)] + [f"LHE 2025 No. {n}" for n in range(1, 6)]
DINKES = ["LHE 2024 No. 1", "LHE 2024 No. 2", "LHE 2024 No. 7", "LHE 2025 No. 1"]
OVERDUE = "LHE 2024 No. 4"


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _codes(html: str) -> list[str]:
    return re.findall(r'data-recommendation="([^"]+)"', html)


def _overdue_now() -> list[str]:
    """Every recommendation with a unit whose latest reported status is not Selesai after the due quarter."""
    today = today_wita()
    codes = []
    for rec in Recommendation.objects.select_related("evaluation").prefetch_related("assignments"):
        latest = latest_follow_ups([a.pk for a in rec.assignments.all()])
        statuses = [getattr(latest.get(a.pk), "status", "") for a in rec.assignments.all()]
        if rec.is_past_due(today) and any(s != FollowUpStatus.SELESAI for s in statuses):
            codes.append(rec.code)
    return codes


def test_the_demo_has_its_dozen_recommendations_dinkes_share_and_one_overdue(demo_today):
    assert len(STORIES) == 12
    recs = Recommendation.objects.select_related("evaluation").order_by("evaluation__year", "number")
    assert [r.code for r in recs] == EXPECTED
    dinkes = Unit.objects.get(slug="dinkes")
    assert [r.code for r in recs.filter(assignments__unit=dinkes)] == DINKES
    assert _overdue_now() == [OVERDUE]
    diskominfo = Unit.objects.get(slug="diskominfo")
    assert [r.code for r in overdue_recommendations(unit_id=diskominfo.pk, today=today_wita())] == [OVERDUE]
    assert overdue_recommendations(unit_id=dinkes.pk, today=today_wita()) == []


def test_the_reviewer_sees_all_twelve_on_the_rekomendasi_lhe_page_one_terlambat(demo_today):
    response = as_user("bpsdm").get(reverse("evaluations:recommendation_list"))
    assert response.status_code == 200
    html = response.content.decode()
    # Newest LHE first, by number.
    assert _codes(html) == EXPECTED[7:] + EXPECTED[:7]
    assert [line.recommendation.code for line in response.context["lines"] if line.overdue] == [OVERDUE]
    card = html[html.index(f'data-recommendation="{OVERDUE}"') :]
    card = card[: card.index("</article>")]
    assert 'data-role="overdue"' in card and 'data-unit="diskominfo"' in card
    assert html.count('data-role="overdue"') == 1
    # The Terlambat filter keeps that one only.
    response = as_user("bpsdm").get(reverse("evaluations:recommendation_list"), {"status": "terlambat"})
    assert _codes(response.content.decode()) == [OVERDUE]


def test_dinkes_officer_sees_its_four(demo_today):
    html = as_user("operator.dinkes").get(reverse("evaluations:recommendation_list")).content.decode()
    assert sorted(_codes(html)) == sorted(DINKES)
    assert 'data-role="overdue"' not in html


def test_the_pengingat_page_lists_the_overdue_recommendation_under_its_unit(demo_today):
    response = as_user("bpsdm").get(reverse("evaluations:reminders"))
    assert response.status_code == 200
    overdue = {unit.slug: [r.code for r in recs] for unit, recs in response.context["overdue_recommendations"].items()}
    assert overdue == {"diskominfo": [OVERDUE]}
    html = response.content.decode()
    assert re.search(r'<li data-unit="diskominfo">[^<]*LHE 2024 No\. 4 \(TW IV 2025\)</li>', html)
