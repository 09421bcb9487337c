"""The navigation of the base layout, by role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roadmap.models import Role
from roadmap.permissions import role_of

# (url name, label, roles that see it). Hiding a link is a courtesy only:
# every view checks the role itself (roadmap.permissions).
NAV_ITEMS: list[tuple[str, Any, frozenset[str]]] = [
    ("home", _("Beranda"), frozenset(Role.values)),
    ("evaluations:report_list", _("Laporan Triwulan"), frozenset({Role.OPERATOR})),
    ("evaluations:review_queue", _("Antrian Verifikasi"), frozenset({Role.VERIFIKATOR, Role.ADMIN})),
    ("dashboards:overview", _("Dasbor"), frozenset(Role.values)),
    ("evaluations:recommendation_list", _("Rekomendasi LHE"), frozenset(Role.values)),
    ("evaluations:reminders", _("Pengingat"), frozenset({Role.VERIFIKATOR, Role.ADMIN})),
    ("evaluations:sasaran", _("Sasaran Road Map"), frozenset({Role.VERIFIKATOR, Role.ADMIN, Role.PIMPINAN})),
    ("evaluations:rb_list", _("Evaluasi RB"), frozenset({Role.VERIFIKATOR, Role.ADMIN, Role.PIMPINAN})),
    ("exports:index", _("Ekspor"), frozenset({Role.VERIFIKATOR, Role.ADMIN, Role.PIMPINAN, Role.OPERATOR})),
    ("areas:indicator_list", _("Indikator"), frozenset(Role.values)),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    # No user on a request refused before AuthenticationMiddleware (a foreign Host header: Django's 400 page).
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    if role is None:
        return {"nav_items": [], "verifier_unit": settings.VERIFIER_UNIT_NAME}
    items = []
    for name, label, roles in NAV_ITEMS:
        if role not in roles:
            continue
        url = reverse(name)
        items.append({"url": url, "label": label, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items, "user_role": role, "verifier_unit": settings.VERIFIER_UNIT_NAME}
