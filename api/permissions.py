"""Who may call the API: any signed-in role reads (scoped by roadmap.permissions.scope); writes need more."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from roadmap.permissions import can_read_yearly_results, role_of


class HasRole(BasePermission):
    """Authenticated, active, with a role. What they see is limited by the querysets, not here."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return role_of(request.user) is not None


class IsStaff(BasePermission):
    """Verifikator, Admin and Pimpinan: the road map's own results (roadmap.permissions.can_read_yearly_results)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_read_yearly_results(request.user)
