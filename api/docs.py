"""The OpenAPI schema and its documentation page, for a signed-in user or a token holder only.

The schema names every endpoint, filter and field of the regency's data: nothing an anonymous visitor needs.
SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] (api.permissions.HasRole) guards both views: without credentials
the schema answers 401 in the API's JSON shape, the documentation page (a page for people) sends the browser
to the sign-in page and back. Their errors are JSON whatever the format asked (YAML, the page's HTML).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header
from rest_framework.renderers import JSONRenderer


class _JsonErrors:
    request: Any

    def handle_exception(self, exc: Exception) -> Any:
        response = super().handle_exception(exc)  # type: ignore[misc]
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class SchemaView(_JsonErrors, SpectacularAPIView):
    pass


class DocsView(_JsonErrors, SpectacularSwaggerSplitView):
    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, exceptions.NotAuthenticated) and not get_authorization_header(self.request):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
