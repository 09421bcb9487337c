"""roadmap.permissions: the one place that answers what a user may see or change; and the areas pages by URL."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from areas.models import Indicator
from roadmap import permissions
from roadmap.models import Unit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(roadmap, unit_a, unit_b):
    return {
        "a": factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, name="Indikator A"),
        "b": factories.IndicatorFactory(roadmap=roadmap, unit=unit_b, name="Indikator B"),
    }


def test_scope_by_role(people, indicators, unit_a):
    assert list(permissions.scope(Indicator.objects.all(), people["officer_a"])) == [indicators["a"]]
    assert list(permissions.scope(Indicator.objects.all(), people["officer_b"])) == [indicators["b"]]
    for who in ("reviewer", "pimpinan", "admin"):
        assert permissions.scope(Indicator.objects.all(), people[who]).count() == 2
    assert permissions.scope(Indicator.objects.all(), AnonymousUser()).count() == 0
    assert list(permissions.visible_units(people["officer_a"])) == [unit_a]
    assert permissions.visible_units(people["reviewer"]).count() == Unit.objects.count()


def test_scope_through_a_path(people, indicators):
    from areas.models import IndicatorTarget

    factories.IndicatorTargetFactory(indicator=indicators["a"])
    factories.IndicatorTargetFactory(indicator=indicators["b"])
    scoped = permissions.scope(IndicatorTarget.objects.all(), people["officer_a"], "indicator__unit")
    assert [t.indicator_id for t in scoped] == [indicators["a"].pk]


def test_inactive_user_sees_nothing(people, indicators):
    officer = people["officer_a"]
    officer.is_active = False
    assert permissions.scope(Indicator.objects.all(), officer).count() == 0


def test_action_rules(people, unit_a, unit_b):
    assert permissions.can_enter_data(people["officer_a"], unit_a)
    assert not permissions.can_enter_data(people["officer_a"], unit_b)
    assert not permissions.can_enter_data(people["reviewer"], unit_a)
    assert not permissions.can_enter_data(people["pimpinan"], unit_a)
    assert permissions.can_enter_data(people["admin"], unit_a)
    assert [permissions.can_review(people[w]) for w in ("officer_a", "reviewer", "pimpinan", "admin")] == [
        False,
        True,
        False,
        True,
    ]
    assert [permissions.can_manage(people[w]) for w in ("officer_a", "reviewer", "pimpinan", "admin")] == [
        False,
        False,
        False,
        True,
    ]
    assert permissions.can_see_unit(people["officer_a"], unit_a)
    assert not permissions.can_see_unit(people["officer_a"], unit_b)
    assert permissions.can_see_unit(people["pimpinan"], unit_b)


def test_superuser_counts_as_admin(db):
    user = factories.UserFactory(role="operator", is_superuser=True)
    assert permissions.role_of(user) == "admin"


# --- the areas pages, by URL, for the five people -------------------------------------------------

MATRIX = {
    # who: (list, detail of A's indicator, detail of B's indicator)
    "anonymous": (302, 302, 302),
    "officer_a": (200, 200, 404),
    "officer_b": (200, 404, 200),
    "reviewer": (200, 200, 200),
    "pimpinan": (200, 200, 200),
    "admin": (200, 200, 200),
}


@pytest.mark.parametrize("who", MATRIX)
def test_indicator_pages_by_url(as_user, people, indicators, who):
    client = as_user(people[who])
    expected = MATRIX[who]
    got = (
        client.get(reverse("areas:indicator_list")).status_code,
        client.get(reverse("areas:indicator_detail", args=[indicators["a"].pk])).status_code,
        client.get(reverse("areas:indicator_detail", args=[indicators["b"].pk])).status_code,
    )
    assert got == expected


def test_indicator_list_is_scoped_for_officer(as_user, people, indicators):
    body = as_user(people["officer_a"]).get(reverse("areas:indicator_list")).content.decode()
    assert "Indikator A" in body and "Indikator B" not in body
    # the unit filter cannot widen the scope
    body = (
        as_user(people["officer_a"])
        .get(reverse("areas:indicator_list"), {"unit": indicators["b"].unit_id})
        .content.decode()
    )
    assert "Indikator B" not in body


def test_indicator_detail_shows_targets(as_user, people, indicators):
    factories.IndicatorTargetFactory(indicator=indicators["a"], year=2026, quarter=3, value="1234.5")
    body = as_user(people["reviewer"]).get(reverse("areas:indicator_detail", args=[indicators["a"].pk])).content
    assert "1.234,5" in body.decode()
