"""The project's own middleware: the language, the session's inactivity expiry, no caching of private answers
and the request-size limit.

Indonesian first: the web pages follow the language the user chose, not the browser's. Many officers'
browsers are set to English; the regency's application speaks Indonesian unless the user picks English
in the menu (the language cookie). The API keeps Accept-Language, which other systems set on purpose.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from roadmap import numbers

API_PREFIX = "/api/"
API_DATA_PREFIX = "/api/v1/"  # the machine API (JSON); /api/token/ is a page for people


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith(API_PREFIX):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SessionActivityMiddleware:
    """Sessions expire after SESSION_COOKIE_AGE without a request (inactivity), refreshed at most once a minute.

    SESSION_SAVE_EVERY_REQUEST would do the same with a write (UPDATE and COMMIT) on every page, for an expiry of
    8 hours whose precision need not be better than a minute (docs/performance.md#sessions). Here the
    session is saved — pushing its expiry on — only when its last refresh is older than SESSION_REFRESH_SECONDS.
    Placed after SessionMiddleware in MIDDLEWARE, so that this runs before the session is saved on the way out.
    """

    KEY = "_refreshed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or session.modified:
            return response
        now = int(time.time())
        if now - int(session.get(self.KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
            session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


class RequestSizeLimitMiddleware:
    """A request whose Content-Length is above REQUEST_MAX_BYTES is refused with 413 before its body is read.

    nginx refuses the same size (client_max_body_size) at the edge; this holds when gunicorn is reached without
    it, or when the two drift apart. Last in MIDDLEWARE, so that the answer carries the security headers: no
    middleware reads the body before a view does (CSRF's check runs after every middleware's request phase).
    A request without Content-Length (chunked) has no body for Django (WSGI reads CONTENT_LENGTH bytes).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then either
        limit = int(settings.REQUEST_MAX_BYTES)
        if length > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request: HttpRequest, limit: int) -> HttpResponse:
        message = _(
            "Kiriman terlalu besar: paling banyak %(mb)s MB sekali kirim. "
            "Kirim berkas yang lebih kecil, atau lebih sedikit berkas sekaligus."
        ) % {"mb": numbers.display(Decimal(limit) / 1048576, 1)}
        if request.path.startswith(API_DATA_PREFIX):
            # The API's error shape (api.exceptions.error_body), written out here: the core does not import the API.
            body = {"error": {"code": "request_too_large", "message": message, "fields": {}}}
            return JsonResponse(body, status=413)
        return HttpResponse(render_to_string("413.html", {"message": message}), status=413)


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in user and on every API answer.

    A shared proxy must not keep one officer's page for the next, and a browser must not keep a unit's data on
    a shared office computer after sign-out (the back button shows the page again otherwise). Directives a
    view set are kept beside these. Static files never get here: whitenoise, above in MIDDLEWARE, answers them
    with its own long-lived caching headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
