"""Indonesian first: the web pages follow the language the user chose, not the browser's.

Many officers' browsers are set to English; the regency's application speaks Indonesian unless
the user picks English in the menu (the language cookie). The API keeps Accept-Language, which
other systems set on purpose.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_PREFIX = "/api/"


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
