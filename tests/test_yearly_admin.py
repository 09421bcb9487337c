"""The admin defines the road map's sasaran, their indicators (with polarity) and yearly targets in the Django admin;
a target outside the road map's years is refused with a message and saves nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from areas.models import StrategicIndicator, StrategicIndicatorTarget, StrategicTarget

pytestmark = pytest.mark.django_db


def _sasaran_form(roadmap, indicators):
    data = {
        "roadmap": roadmap.pk,
        "element": "hard",
        "code": "S-1",
        "name": "Terciptanya tata kelola pemerintahan digital yang efektif, lincah, dan kolaboratif",
        "indicators-TOTAL_FORMS": str(len(indicators)),
        "indicators-INITIAL_FORMS": "0",
    }
    for i, (name, polarity) in enumerate(indicators):
        data.update(
            {
                f"indicators-{i}-name": name,
                f"indicators-{i}-satuan": "indeks",
                f"indicators-{i}-polarity": polarity,
                f"indicators-{i}-order": str(i),
            }
        )
    return data


def _targets_form(indicator, targets):
    data = {
        "strategic_target": indicator.strategic_target_id,
        "name": indicator.name,
        "satuan": indicator.satuan,
        "polarity": indicator.polarity,
        "order": "0",
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": "0",
    }
    for i, (year, value) in enumerate(targets):
        data.update({f"targets-{i}-year": str(year), f"targets-{i}-value": value})
    return data


def test_admin_defines_sasaran_indicators_and_targets(roadmap, admin_user, as_user):
    client = as_user(admin_user)
    for name in (
        "areas_strategictarget_add",
        "areas_strategicindicator_changelist",
        "areas_strategictarget_changelist",
    ):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
    response = client.post(
        reverse("admin:areas_strategictarget_add"),
        _sasaran_form(roadmap, [("Indeks RB", "higher"), ("Persentase penduduk miskin", "lower")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sasaran = StrategicTarget.objects.get(code="S-1")
    assert list(sasaran.indicators.values_list("name", "polarity")) == [
        ("Indeks RB", "higher"),
        ("Persentase penduduk miskin", "lower"),
    ]
    indicator = sasaran.indicators.get(name="Indeks RB")
    url = reverse("admin:areas_strategicindicator_change", args=[indicator.pk])
    assert client.get(url).status_code == 200
    # The admin's number fields are Django's own (a dot decimal): a comma is refused with a message, nothing saved.
    response = client.post(url, _targets_form(indicator, [(2025, "65,5"), (2026, "68")]))
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not StrategicIndicatorTarget.objects.exists()
    response = client.post(url, _targets_form(indicator, [(2025, "65.5"), (2026, "68")]))
    assert response.status_code == 302
    assert sorted(StrategicIndicatorTarget.objects.values_list("year", "value")) == [
        (2025, Decimal("65.5")),
        (2026, Decimal("68")),
    ]


def test_a_target_outside_the_road_map_is_refused(roadmap, admin_user, as_user):
    sasaran = StrategicTarget.objects.create(roadmap=roadmap, element="soft", code="S-2", name="Budaya")
    indicator = StrategicIndicator.objects.create(strategic_target=sasaran, name="Indeks BerAKHLAK", satuan="indeks")
    url = reverse("admin:areas_strategicindicator_change", args=[indicator.pk])
    response = as_user(admin_user).post(url, _targets_form(indicator, [(2025, "70"), (2031, "80")]))
    assert response.status_code == 200
    assert "2031" in response.content.decode()
    assert not StrategicIndicatorTarget.objects.exists()
