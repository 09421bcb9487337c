"""Bad input in the Django admin gets a clear message and saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from areas.models import ChangeArea, ElementAspect, Indicator, IndicatorTarget, RbTheme
from tests import factories

pytestmark = pytest.mark.django_db


def _indicator_form(roadmap, unit, code, targets):
    data = {
        "roadmap": roadmap.pk,
        "unit": unit.pk,
        "code": code,
        "name": "Indeks SPBE",
        "definition": "",
        "data_source": "",
        "area": ChangeArea.objects.get(order=4).pk,
        "aspect": ElementAspect.objects.get(code="tata-laksana").pk,
        "theme": RbTheme.objects.get(code="digitalisasi").pk,
        "satuan": "indeks",
        "polarity": "higher",
        "kind": "outcome",  # output / outcome / dampak (issue 18)
        "weight": "1",
        "requires_evidence": "on",
        "is_active": "on",
        "annual_targets-TOTAL_FORMS": "0",
        "annual_targets-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": "0",
    }
    for i, (year, quarter) in enumerate(targets):
        data.update(
            {
                f"targets-{i}-year": str(year),
                f"targets-{i}-quarter": str(quarter),
                f"targets-{i}-value": "3",
            }
        )
    return data


@pytest.fixture
def admin_client_id(client, admin_user):
    client.force_login(admin_user)
    return client


def test_valid_indicator_with_targets_is_saved(admin_client_id, roadmap, unit_a):
    response = admin_client_id.post(
        reverse("admin:areas_indicator_add"), _indicator_form(roadmap, unit_a, "SPBE-01", [(2025, 1), (2025, 2)])
    )
    assert response.status_code == 302
    assert IndicatorTarget.objects.filter(indicator__code="SPBE-01").count() == 2


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ([(2025, 5)], "Masukkan pilihan yang valid"),
        ([(2031, 1)], "di luar masa road map"),
        ([(2025, 1), (2025, 1)], "Perbaiki data ganda untuk"),
    ],
)
def test_bad_target_gets_message_and_saves_nothing(admin_client_id, roadmap, unit_a, targets, message):
    response = admin_client_id.post(
        reverse("admin:areas_indicator_add"), _indicator_form(roadmap, unit_a, "SPBE-02", targets)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Indicator.objects.filter(code="SPBE-02").exists()
    assert IndicatorTarget.objects.count() == 0


def test_duplicate_code_gets_message_and_saves_nothing(admin_client_id, roadmap, unit_a, unit_b):
    factories.IndicatorFactory(roadmap=roadmap, unit=unit_b, code="SPBE-03")
    response = admin_client_id.post(
        reverse("admin:areas_indicator_add"), _indicator_form(roadmap, unit_a, "SPBE-03", [(2025, 1)])
    )
    assert response.status_code == 200
    assert "Kode indikator sudah dipakai pada road map ini" in response.content.decode()
    assert Indicator.objects.filter(code="SPBE-03").count() == 1
    assert IndicatorTarget.objects.count() == 0


def test_admin_pages_are_for_admin_only(client, people):
    url = reverse("admin:areas_indicator_changelist")
    for who in ("officer_a", "reviewer", "pimpinan"):
        client.force_login(people[who])
        assert client.get(url).status_code == 302  # to the admin login: not staff
    client.force_login(people["admin"])
    assert client.get(url).status_code == 200
