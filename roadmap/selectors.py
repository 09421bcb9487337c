"""Reads of the road map core, always scoped through roadmap.permissions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from areas.models import Indicator
from roadmap.models import Roadmap, User
from roadmap.permissions import scope, visible_units


def active_roadmap() -> Roadmap | None:
    return Roadmap.objects.filter(is_active=True).first()


def operator_home(*, user: User) -> dict[str, Any]:
    roadmap = active_roadmap()
    indicators = scope(Indicator.objects.active(), user).select_related("area", "aspect")
    if roadmap:
        indicators = indicators.filter(roadmap=roadmap)
    # The evaluation app builds on this core app, not the other way round: import at call time.
    from evaluations.selectors.reports import operator_panel

    return {
        "roadmap": roadmap,
        "unit": user.unit,
        "indicators": indicators.order_by("area__order", "code"),
        **operator_panel(user=user, roadmap=roadmap),
    }


def staff_home(*, user: User) -> dict[str, Any]:
    roadmap = active_roadmap()
    units = (
        visible_units(user)
        .active()
        .annotate(
            indicator_count=Count("indicators", filter=Q(indicators__is_active=True, indicators__roadmap=roadmap))
        )
    )
    return {"roadmap": roadmap, "units": units}


def officer_emails(*, unit_id: int) -> list[str]:
    """Addresses of a unit's active officers; the unit's contact address when none has one."""
    from roadmap.models import Role, Unit

    emails = list(
        User.objects.filter(unit_id=unit_id, role=Role.OPERATOR, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    if not emails:
        contact = Unit.objects.filter(pk=unit_id).values_list("contact_email", flat=True).first()
        emails = [contact] if contact else []
    return emails


def reviewer_emails() -> list[str]:
    from roadmap.models import Role

    return list(
        User.objects.filter(role=Role.VERIFIKATOR, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
