"""`Authorization: Token <secret>` (or `Bearer <secret>`): the secret is hashed and looked up; failures are limited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.models import ApiToken, hash_secret
from api.throttling import FailedTokenThrottle

KEYWORDS = (b"token", b"bearer")
# last_used_at is a hint for the owner, not an audit log: one write a minute per token is plenty.
TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    """A failed attempt (unknown, revoked or malformed token, inactive owner) counts against the client's address
    (api.throttling.FailedTokenThrottle); past the limit every token attempt from there is a 429 for the window."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        failures = FailedTokenThrottle()
        failures.refuse_if_blocked(request)
        try:
            return self._authenticate(parts)
        except exceptions.AuthenticationFailed:
            failures.record_failure(request)
            raise

    def _authenticate(self, parts: list[bytes]) -> tuple[Any, ApiToken]:
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Header Authorization harus berbentuk: Token <kunci>."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Token tidak sah.")) from error
        token = ApiToken.objects.select_related("user", "user__unit").filter(key_hash=hash_secret(secret)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Token tidak sah."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("Token sudah dicabut."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Akun pemilik token tidak aktif."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("Token API dari halaman Token API, dikirim sebagai: Token <kunci>"),
        }
