"""Database constraints of the domain, on the real PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from areas.models import IndicatorAnnualTarget, IndicatorTarget
from roadmap.models import Roadmap, Role, User
from tests import factories

pytestmark = pytest.mark.django_db


def _raises_integrity(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_indicator_code_unique_per_roadmap(roadmap, unit_a, unit_b):
    factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="X-01")
    _raises_integrity(lambda: factories.IndicatorFactory(roadmap=roadmap, unit=unit_b, code="X-01"))
    other = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    assert factories.IndicatorFactory(roadmap=other, unit=unit_a, code="X-01").pk


def test_quarter_must_be_1_to_4(roadmap):
    indicator = factories.IndicatorFactory(roadmap=roadmap)
    _raises_integrity(lambda: IndicatorTarget.objects.create(indicator=indicator, year=2025, quarter=5, value=1))
    _raises_integrity(lambda: IndicatorTarget.objects.create(indicator=indicator, year=2025, quarter=0, value=1))
    assert IndicatorTarget.objects.create(indicator=indicator, year=2025, quarter=4, value=1).pk


def test_one_target_per_quarter(roadmap):
    indicator = factories.IndicatorFactory(roadmap=roadmap)
    IndicatorTarget.objects.create(indicator=indicator, year=2025, quarter=1, value=1)
    _raises_integrity(lambda: IndicatorTarget.objects.create(indicator=indicator, year=2025, quarter=1, value=2))


@pytest.mark.parametrize("year", [2024, 2030])
def test_target_year_inside_roadmap_is_enforced_by_the_database(roadmap, year):
    indicator = factories.IndicatorFactory(roadmap=roadmap)  # 2025–2029
    _raises_integrity(lambda: IndicatorTarget.objects.create(indicator=indicator, year=year, quarter=1, value=1))
    _raises_integrity(lambda: IndicatorAnnualTarget.objects.create(indicator=indicator, year=year, value=1))
    # bulk inserts cannot get round it either
    _raises_integrity(
        lambda: IndicatorTarget.objects.bulk_create([IndicatorTarget(indicator=indicator, year=year, quarter=2)])
    )
    assert IndicatorTarget.objects.count() == 0


def test_target_year_clean_message(roadmap):
    indicator = factories.IndicatorFactory(roadmap=roadmap)
    target = IndicatorTarget(indicator=indicator, year=2031, quarter=1, value=Decimal(1))
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "di luar masa road map" in str(error.value.message_dict["year"])


def test_at_most_one_active_roadmap(roadmap):
    _raises_integrity(lambda: Roadmap.objects.create(name="Lain", start_year=2030, end_year=2034, is_active=True))
    assert Roadmap.objects.create(name="Lain", start_year=2030, end_year=2034, is_active=False).pk


def test_roadmap_years_in_order(db):
    _raises_integrity(lambda: Roadmap.objects.create(name="Salah", start_year=2029, end_year=2025))


def test_operator_needs_a_unit(db):
    _raises_integrity(lambda: User.objects.create(username="tanpa-unit", role=Role.OPERATOR, unit=None))
    assert User.objects.create(username="bpsdm2", role=Role.VERIFIKATOR).pk


def test_weight_must_be_positive(roadmap):
    _raises_integrity(lambda: factories.IndicatorFactory(roadmap=roadmap, weight=Decimal(0)))


def test_createsuperuser_is_admin(db):
    user = User.objects.create_superuser("root", "root@example.test", "x-very-long-password")
    assert user.role == Role.ADMIN and user.unit is None
