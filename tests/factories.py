"""factory-boy factories for the domain; reference rows come from the data migration."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password

from areas.models import (
    ActionAssignment,
    ActionGroup,
    ActionKind,
    ActionPlan,
    ActionStage,
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorTarget,
    RbTheme,
)
from roadmap.models import Roadmap, Role, Unit, UnitKind, User

PASSWORD = "rahasia-uji-123"
_PASSWORD_HASH = make_password(PASSWORD)


class RoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roadmap
        django_get_or_create = ("start_year", "end_year")

    name = factory.LazyAttribute(lambda o: f"Road Map RB {o.start_year}–{o.end_year}")
    start_year = 2025
    end_year = 2029
    is_active = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"DU{n}")
    slug = factory.Sequence(lambda n: f"dinas-uji-{n}")
    kind = UnitKind.DINAS
    head_name = "Kepala Dinas Uji"
    head_email = factory.LazyAttribute(lambda o: f"kepala.{o.slug}@example.test")
    contact_email = factory.LazyAttribute(lambda o: f"{o.slug}@example.test")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = _PASSWORD_HASH
    role = Role.OPERATOR
    unit = factory.SubFactory(UnitFactory)


class OperatorFactory(UserFactory):
    role = Role.OPERATOR


class VerifikatorFactory(UserFactory):
    role = Role.VERIFIKATOR
    unit = None


class PimpinanFactory(UserFactory):
    role = Role.PIMPINAN
    unit = None


class AdminFactory(UserFactory):
    role = Role.ADMIN
    unit = None
    is_staff = True
    is_superuser = True


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    roadmap = factory.SubFactory(RoadmapFactory)
    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"IND-{n:04d}")
    name = factory.Sequence(lambda n: f"Indikator uji {n}")
    # The road map's own framework (a new road map gets the reference one: areas.services.framework).
    area = factory.LazyAttribute(lambda o: ChangeArea.objects.get(roadmap=o.roadmap, order=1))
    aspect = factory.LazyAttribute(lambda o: ElementAspect.objects.get(roadmap=o.roadmap, code="akuntabilitas"))
    theme = factory.LazyAttribute(lambda o: RbTheme.objects.get(roadmap=o.roadmap, code="general"))
    satuan = "persen"
    polarity = "higher"
    weight = Decimal("1")


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    quarter = 1
    value = Decimal("100")


class IndicatorAnnualTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorAnnualTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    value = Decimal("100")


class ActionGroupFactory(factory.django.DjangoModelFactory):
    """A kegiatan utama of RB General under the road map's first area (kind=tematik needs a theme, no area)."""

    class Meta:
        model = ActionGroup

    roadmap = factory.SubFactory(RoadmapFactory)
    kind = ActionKind.GENERAL
    area = factory.LazyAttribute(
        lambda o: ChangeArea.objects.get(roadmap=o.roadmap, order=1) if o.kind == ActionKind.GENERAL else None
    )
    theme = None
    code = factory.Sequence(lambda n: f"KU-{n:03d}")
    name = factory.Sequence(lambda n: f"Kegiatan utama uji {n}")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    group = factory.SubFactory(ActionGroupFactory)
    roadmap = factory.LazyAttribute(lambda o: o.group.roadmap)
    year = 2025
    code = factory.Sequence(lambda n: f"RA-{n:04d}")
    name = factory.Sequence(lambda n: f"Rencana aksi uji {n}")
    output = "Dokumen"
    output_satuan = "dokumen"
    output_target = Decimal("1")
    budget = Decimal("100000000")
    coordinator = factory.SubFactory(UnitFactory)
    start_quarter = 1
    end_quarter = 4


class ActionAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionAssignment

    plan = factory.SubFactory(ActionPlanFactory)
    unit = factory.LazyAttribute(lambda o: o.plan.coordinator)
    budget = factory.LazyAttribute(lambda o: o.plan.budget)


class ActionStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionStage

    plan = factory.SubFactory(ActionPlanFactory)
    quarter = 1
    description = factory.LazyAttribute(lambda o: f"Tahapan TW {o.quarter}")
    planned_progress = factory.LazyAttribute(lambda o: Decimal(25 * o.quarter))
