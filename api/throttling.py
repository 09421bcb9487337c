"""Rate limits: per token (or per signed-in user), a lower one per address for anonymous calls, and one per
address for failed token attempts (api.authentication).

Every count lives in the default cache, which is Redis when REDIS_URL is set (settings.CACHES): one count for
every gunicorn process on every machine, not one per process. The count is a fixed window opened by the first
request: `cache.add(key, 0, window)` then `cache.incr(key)`, one atomic INCR on Redis. DRF's own
SimpleRateThrottle reads a list of timestamps, appends and writes it back, so two processes that read at once
both pass (a lost update); the window here may let one window's last requests and the next window's first
ones through back to back (at most twice the rate over a short span), never more than the rate per window.

The client address is roadmap.proxies.client_ip (X-Forwarded-For only from TRUSTED_PROXIES), not DRF's
get_ident: with NUM_PROXIES unset DRF takes the whole X-Forwarded-For of any peer as the identity, so a caller
could pick a new one per request; NUM_PROXIES (a count of hops) would still believe a client that reached
gunicorn directly. REST_FRAMEWORK["NUM_PROXIES"] is 0 so that any other DRF throttle reads REMOTE_ADDR only.

With the cache down (Redis stopped) the limits are not enforced and a warning is logged: the API keeps
answering, like the pages (docs/deploy.md), rather than failing every call.

The rates are read at request time from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], so that settings (and a
test's override) apply without a restart of the class.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from api.models import ApiToken
from roadmap.proxies import client_ip

log = logging.getLogger(__name__)
STARTED = ":mulai"  # the key beside a counter that remembers when its window opened (for Retry-After)


class SharedCounter(SimpleRateThrottle):
    """A fixed window of `duration` seconds and `num_requests` requests per key, counted atomically."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request: Request | HttpRequest) -> str:
        return client_ip(request) or "tanpa-alamat"

    def count(self, key: str) -> int:
        """One more request for `key`: the number of requests in its window, this one included."""
        now = self.timer()
        for _attempt in range(2):
            if self.cache.add(key, 0, self.duration):
                self.cache.set(key + STARTED, now, self.duration)
            try:
                return self.cache.incr(key)
            except ValueError:  # the window ended between add() and incr(): open the next one
                continue
        return 1

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        try:
            used = self.count(self.key)
        except Exception:  # the cache is down: answer without the limit rather than fail every call
            log.warning("API rate limit not enforced: the cache is unavailable", exc_info=True)
            return True
        return used <= self.num_requests

    def wait(self) -> float | None:
        try:
            started = self.cache.get(self.key + STARTED)
        except Exception:
            return None
        if started is None:
            return None
        return max(0.0, started + self.duration - self.timer())


class TokenRateThrottle(SharedCounter):
    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"  # the docs page's "try it out", signed in
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(SharedCounter, AnonRateThrottle):
    scope = "anon"


class FailedTokenThrottle(SharedCounter):
    """Failed token attempts per client address: after `num_requests` failures in a window, every token
    attempt from that address is refused with 429 until the window ends (api.authentication)."""

    scope = "token_failure"

    def _key(self, request: Request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def refuse_if_blocked(self, request: Request) -> None:
        if self.rate is None:
            return
        self.key = self._key(request)
        try:
            failures = self.cache.get(self.key) or 0
        except Exception:
            log.warning("failed-token limit not enforced: the cache is unavailable", exc_info=True)
            return
        if failures >= self.num_requests:
            raise exceptions.Throttled(wait=self.wait())

    def record_failure(self, request: Request) -> None:
        if self.rate is None:
            return
        try:
            self.count(self._key(request))
        except Exception:
            log.warning("failed token attempt not counted: the cache is unavailable", exc_info=True)
