"""Who may call the API: any signed-in role reads (scoped by roadmap.permissions.scope); writes need more."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from roadmap.permissions import role_of


class HasRole(BasePermission):
    """Authenticated, active, with a role. What they see is limited by the querysets, not here."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return role_of(request.user) is not None
