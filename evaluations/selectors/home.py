"""The Beranda of each role: the officer's unit and reports, the staff's units table and review panel."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from areas.models import Indicator
from evaluations.selectors.reports import operator_panel
from evaluations.selectors.review import staff_panel
from roadmap.models import User
from roadmap.permissions import scope, visible_units
from roadmap.selectors import active_roadmap


def operator_home(*, user: User) -> dict[str, Any]:
    roadmap = active_roadmap()
    indicators = scope(Indicator.objects.active(), user).select_related("area", "aspect")
    if roadmap:
        indicators = indicators.filter(roadmap=roadmap)
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
    return {"roadmap": roadmap, "units": units, **staff_panel(user=user)}
