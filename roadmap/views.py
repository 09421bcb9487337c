"""Ganti Kata Sandi and the error pages (JSON for the API). The role homes are evaluations/views/home.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from roadmap.forms import CheckedPasswordChangeForm
from roadmap.middleware import API_DATA_PREFIX


class PasswordChangeView(auth_views.PasswordChangeView):
    """Ganti Kata Sandi: a wrong old password counts as a failed sign-in (roadmap.forms.CheckedPasswordChangeForm)."""

    form_class = CheckedPasswordChangeForm
    template_name = "registration/password_change.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}


# --- error pages (handler404 / handler500 in config/urls.py) ------------------------------------------------------


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    # The API's error shape (api.exceptions.error_body), written out here: the core does not import the API.
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_DATA_PREFIX):
        return _api_error("not_found", _("Data tidak ditemukan."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """templates/500.html, rendered without the request (no context processor, no database), or JSON for the API."""
    if request.path.startswith(API_DATA_PREFIX):
        return _api_error("server_error", _("Terjadi kesalahan pada server. Kesalahan ini sudah tercatat."), 500)
    return defaults.server_error(request)
