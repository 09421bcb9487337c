"""API tokens: one per calling system, owned by a user whose role and unit decide what it may do."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SECRET_LENGTH = 40
PREFIX_LENGTH = 8


def hash_secret(secret: str) -> str:
    """Only this digest is stored: a leaked database does not leak usable tokens.

    A plain sha256 is enough (no slow hash): the secret is 40 random characters, not a password.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_LENGTH)[:SECRET_LENGTH]


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nama"), max_length=100)
    # The first characters of the secret, so that the owner can tell tokens apart; never enough to use one.
    prefix = models.CharField(_("awalan"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(_("sidik kunci"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
