"""What may this user see or change: the one place that answers it.

Every view fetches its objects through `scope()` (or a helper built on it), so an officer
can never reach another unit's data by URL: the object simply is not in their queryset
and the view answers 404. Role checks for actions are the `can_*` functions below;
state rules (a submitted report is locked, …) live on the models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from roadmap.models import Role, Unit, User

M = TypeVar("M", bound=Model)
AnyUser = User | AnonymousUser

# Roles that see every unit (read). Operators see only their own unit.
ALL_UNITS_ROLES = frozenset({Role.VERIFIKATOR, Role.ADMIN, Role.PIMPINAN})


def role_of(user: AnyUser) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def sees_all_units(user: AnyUser) -> bool:
    return role_of(user) in ALL_UNITS_ROLES


def scope(qs: QuerySet[M], user: AnyUser, unit_path: str = "unit") -> QuerySet[M]:
    """Limit `qs` to the rows the user may see; `unit_path` leads from the row to its Unit."""
    role = role_of(user)
    if role is None:
        return qs.none()
    if role in ALL_UNITS_ROLES:
        return qs
    if role == Role.OPERATOR and user.unit_id:
        lookup = "pk" if unit_path == "pk" else f"{unit_path}_id"
        return qs.filter(**{lookup: user.unit_id})
    return qs.none()


def scope_any(
    qs: QuerySet[M], user: AnyUser, unit_paths: Sequence[str], *, shared_when: Q | None = None
) -> QuerySet[M]:
    """scope() for rows that belong to several units at once (e.g. a row's own unit and the unit that coordinates
    it): an officer sees the rows where any of `unit_paths` leads to their unit. The first path is the row's own
    unit; a row reached only through a later one (another unit's row of an action the officer's unit coordinates)
    is seen only where `shared_when` holds, e.g. once that unit has submitted it. Read access only: what an officer
    may change is still decided by `can_enter_data` on the row's own unit."""
    role = role_of(user)
    if role is None:
        return qs.none()
    if role in ALL_UNITS_ROLES:
        return qs
    if role == Role.OPERATOR and user.unit_id:
        own, *others = (Q(**{"pk" if path == "pk" else f"{path}_id": user.unit_id}) for path in unit_paths)
        condition = own
        if others:
            shared = Q()
            for other in others:
                shared |= other
            condition |= shared if shared_when is None else shared & shared_when
        return qs.filter(condition)
    return qs.none()


def visible_units(user: AnyUser) -> QuerySet[Unit]:
    return scope(Unit.objects.all(), user, unit_path="pk")


def can_see_unit(user: AnyUser, unit: Unit | int) -> bool:
    unit_id = unit if isinstance(unit, int) else unit.pk
    if sees_all_units(user):
        return True
    return role_of(user) == Role.OPERATOR and user.unit_id == unit_id


def can_enter_data(user: AnyUser, unit: Unit | int) -> bool:
    """Realisasi is entered by the unit's own operator (and the Admin, who may act for them)."""
    role = role_of(user)
    unit_id = unit if isinstance(unit, int) else unit.pk
    if role == Role.ADMIN:
        return True
    return role == Role.OPERATOR and user.unit_id == unit_id


def can_review(user: AnyUser) -> bool:
    return role_of(user) in (Role.VERIFIKATOR, Role.ADMIN)


def can_enter_yearly_results(user: AnyUser) -> bool:
    """The road map's sasaran realisation and the Indeks RB: BPSDM (Verifikator) and the Admin, never a unit."""
    return role_of(user) in (Role.VERIFIKATOR, Role.ADMIN)


def can_read_yearly_results(user: AnyUser) -> bool:
    """Staff read the yearly results (pages, exports, API); an officer's pages are their own unit's."""
    return sees_all_units(user)


def can_manage(user: AnyUser) -> bool:
    """Master data, cycles by hand, exports of every unit."""
    return role_of(user) == Role.ADMIN


def can_view_dashboards(user: AnyUser) -> bool:
    return role_of(user) is not None


def home_url(user: AnyUser) -> str:
    """Each role lands on its own Beranda."""
    role = role_of(user)
    if role == Role.OPERATOR:
        return reverse("home_operator")
    if role == Role.VERIFIKATOR:
        return reverse("home_verifikator")
    if role == Role.PIMPINAN:
        return reverse("home_pimpinan")
    if role == Role.ADMIN:
        return reverse("home_admin")
    return reverse("login")


ViewFunc = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Login first (redirect), then the role (403). Superusers count as Admin."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def check(allowed: bool) -> None:
    """Raise 403 unless allowed; for actions whose object the user may see but not change."""
    if not allowed:
        raise PermissionDenied
