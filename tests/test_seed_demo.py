"""seed_demo: the real PPU reference data, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from areas.models import ChangeArea, ElementAspect, Indicator, IndicatorAnnualTarget, IndicatorTarget, RbTheme
from roadmap.models import Roadmap, Role, Unit, User

pytestmark = pytest.mark.django_db

AREAS_IN_ORDER = [
    "Manajemen Perubahan",
    "Deregulasi Kebijakan",
    "Penataan Organisasi",
    "Penataan Tata Laksana",
    "Penataan SDM Aparatur",
    "Penguatan Akuntabilitas",
    "Penguatan Pengawasan",
    "Peningkatan Kualitas Pelayanan Publik",
]


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            ChangeArea,
            ElementAspect,
            RbTheme,
            Roadmap,
            Unit,
            User,
            Indicator,
            IndicatorTarget,
            IndicatorAnnualTarget,
        )
    }


def test_reference_data_is_there_without_seed():
    # The data migration puts the reference rows into every database, production included.
    assert list(ChangeArea.objects.values_list("name", flat=True)) == AREAS_IN_ORDER
    assert ElementAspect.objects.filter(element="hard").count() == 6
    assert ElementAspect.objects.filter(element="soft").count() == 2
    assert RbTheme.objects.filter(kind="general").count() == 1
    assert RbTheme.objects.filter(kind="tematik").count() == 4


def test_seed_twice_same_rows(capsys):
    call_command("seed_demo")
    first = _counts()
    first_ids = set(Indicator.objects.values_list("pk", flat=True))
    call_command("seed_demo")
    assert _counts() == first
    assert set(Indicator.objects.values_list("pk", flat=True)) == first_ids
    assert "Data demo siap" in capsys.readouterr().out

    assert list(ChangeArea.objects.values_list("name", flat=True)) == AREAS_IN_ORDER
    assert first["Unit"] >= 25
    assert Unit.objects.filter(name="RSUD Ratu Aji Putri Botung", kind="rsud").exists()
    assert Unit.objects.filter(kind="kecamatan").count() == 4
    for unit in Unit.objects.all():
        assert User.objects.filter(username=f"operator.{unit.slug}", role=Role.OPERATOR, unit=unit).exists()
        count = Indicator.objects.filter(unit=unit, roadmap__start_year=2025).count()
        assert 5 <= count <= 10, unit
    assert set(User.objects.filter(username__in=["admin", "bpsdm", "pimpinan"]).values_list("role", flat=True)) == {
        Role.ADMIN,
        Role.VERIFIKATOR,
        Role.PIMPINAN,
    }
    assert Roadmap.objects.filter(is_active=True).get().start_year == 2025
    assert Roadmap.objects.filter(start_year=2020, end_year=2024).exists()


def test_seed_spreads_over_areas_elements_and_themes():
    call_command("seed_demo")
    active = Indicator.objects.filter(roadmap__is_active=True)
    assert set(active.values_list("area__order", flat=True)) == set(range(1, 9))
    assert set(active.values_list("aspect__element", flat=True)) == {"hard", "soft"}
    assert active.values("theme").distinct().count() == 5
    assert set(active.values_list("polarity", flat=True)) == {"higher", "lower", "milestone"}
    # Every indicator has a target in each quarter of each year of its road map.
    assert IndicatorTarget.objects.filter(indicator__in=active).count() == active.count() * 5 * 4


def test_demo_password_works(client):
    call_command("seed_demo")
    # Through the login form: django-axes needs the request, which client.login() does not pass.
    response = client.post(reverse("login"), {"username": "operator.dinkes", "password": "demo12345"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
