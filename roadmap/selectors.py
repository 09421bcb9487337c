"""Reads of the road map core, always scoped through roadmap.permissions."""

from __future__ import annotations

from roadmap.models import Roadmap, Role, Unit, User


def active_roadmap() -> Roadmap | None:
    return Roadmap.objects.filter(is_active=True).first()


def officer_emails(*, unit_id: int) -> list[str]:
    """Addresses of a unit's active officers; the unit's contact address when none has one."""
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
    return list(
        User.objects.filter(role=Role.VERIFIKATOR, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
