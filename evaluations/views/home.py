"""Sign-in landing: each role has its own Beranda (the URLs are the shell's: config/urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from evaluations.selectors import home as selectors
from roadmap.models import Role
from roadmap.permissions import home_url, role_required


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url(request.user))


@role_required(Role.OPERATOR)
def home_operator(request: HttpRequest) -> HttpResponse:
    context = selectors.operator_home(user=request.user)
    return render(request, "evaluations/home_operator.html", context)


def _staff_home(request: HttpRequest) -> HttpResponse:
    # The units table plus the review panel: waiting reports, the current cycle, Terlambat.
    context = selectors.staff_home(user=request.user)
    return render(request, "evaluations/home_staff.html", context)


@role_required(Role.VERIFIKATOR)
def home_verifikator(request: HttpRequest) -> HttpResponse:
    return _staff_home(request)


@role_required(Role.PIMPINAN)
def home_pimpinan(request: HttpRequest) -> HttpResponse:
    return _staff_home(request)


@role_required(Role.ADMIN)
def home_admin(request: HttpRequest) -> HttpResponse:
    return _staff_home(request)
