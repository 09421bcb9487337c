"""The navigation of the base layout, by role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roadmap.models import Role
from roadmap.permissions import role_of

STAFF = frozenset({Role.VERIFIKATOR, Role.ADMIN, Role.PIMPINAN})
YEARLY = _("Evaluasi Tahunan")  # the yearly evaluation's pages, one menu: ten links do not fit on one line

# (url name, label, roles that see it, menu or None). Hiding a link is a courtesy only:
# every view checks the role itself (roadmap.permissions).
NAV_ITEMS: list[tuple[str, Any, frozenset[str], Any]] = [
    ("home", _("Beranda"), frozenset(Role.values), None),
    ("evaluations:report_list", _("Laporan Triwulan"), frozenset({Role.OPERATOR}), None),
    ("evaluations:review_queue", _("Antrian Verifikasi"), frozenset({Role.VERIFIKATOR, Role.ADMIN}), None),
    ("dashboards:overview", _("Dasbor"), frozenset(Role.values), None),
    ("evaluations:reminders", _("Pengingat"), frozenset({Role.VERIFIKATOR, Role.ADMIN}), None),
    ("evaluations:rb_list", _("Evaluasi RB"), STAFF, YEARLY),
    ("evaluations:sasaran", _("Sasaran Road Map"), STAFF, YEARLY),
    ("evaluations:recommendation_list", _("Rekomendasi LHE"), frozenset(Role.values), YEARLY),
    ("exports:index", _("Ekspor"), frozenset({Role.VERIFIKATOR, Role.ADMIN, Role.PIMPINAN, Role.OPERATOR}), None),
    ("areas:indicator_list", _("Indikator"), frozenset(Role.values), None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    # No user on a request refused before AuthenticationMiddleware (a foreign Host header: Django's 400 page).
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    if role is None:
        return {"nav_items": [], "verifier_unit": settings.VERIFIER_UNIT_NAME}
    return {"nav_items": nav_items(role, request.path), "user_role": role, "verifier_unit": settings.VERIFIER_UNIT_NAME}


def nav_items(role: str, path: str) -> list[dict[str, Any]]:
    """The role's links in order; the links of one menu gathered under it (`children`), a menu of one link shown
    as that link."""
    items: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for name, label, roles, menu in NAV_ITEMS:
        if role not in roles:
            continue
        url = reverse(name)
        link = {"url": url, "label": label, "active": path.startswith(url) and url != "/"}
        if menu is None:
            items.append(link)
            continue
        if str(menu) not in menus:
            menus[str(menu)] = {"label": menu, "children": [], "active": False}
            items.append(menus[str(menu)])
        menus[str(menu)]["children"].append(link)
        menus[str(menu)]["active"] |= link["active"]
    return [item["children"][0] if len(item.get("children", ())) == 1 else item for item in items]
