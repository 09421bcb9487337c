"""Login lockout in two tiers, on django-axes' database handler (AXES_HANDLER).

1. One username from one address (AXES_FAILURE_LIMIT, default 5 failures): the guesser at one desk is stopped
   and the real officer at another desk is not.
2. One username from any address (LOCKOUT_USERNAME_FAILURE_LIMIT, default 20): a guesser who changes address
   on every try (a botnet, or a NAT with many users) is stopped too. It costs the real officer a cool-off
   when someone makes that many tries at their account; that is the price of not being guessable.

Both tiers cool off after AXES_COOLOFF_TIME. axes counts every tier of AXES_LOCKOUT_PARAMETERS against one
limit; `TieredLockoutHandler.get_failures` scales each tier's count to the first tier's limit, so axes' own
comparison (failures >= AXES_FAILURE_LIMIT) locks a tier exactly when that tier reaches its own limit.

A successful sign-in clears the failures of its own username and address only: it proves nothing about the
tries made from other addresses, which keep counting towards the second tier.

Every path that checks a password goes through django.contrib.auth.authenticate(request=...) so that it
counts here: the login form, the admin's login and the old password of Ganti Kata Sandi (roadmap.forms).
The address is roadmap.proxies.client_ip (AXES_CLIENT_IP_CALLABLE): a forged X-Forwarded-For from a peer
that is not a trusted proxy changes nothing.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

# The tiers, in the order of AXES_LOCKOUT_PARAMETERS (settings).
PER_ADDRESS = ["username", "ip_address"]
PER_USERNAME = ["username"]
TIERS = [PER_ADDRESS, PER_USERNAME]


def tier_limits(request: HttpRequest, credentials: dict | None) -> list[int]:
    return [get_failure_limit(request, credentials), int(settings.LOCKOUT_USERNAME_FAILURE_LIMIT)]


class TieredLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures of the tier closest to its limit, in units of the first tier's limit.

        For a tier with `count` failures and limit L, axes' limit being L1: count * L1 // L reaches L1 exactly
        when count reaches L (floor(x) >= n ⇔ x >= n for an integer n).
        """
        limits = tier_limits(request, credentials)
        base = limits[0]
        scaled = []
        for attempts, limit in zip(self.get_user_attempts(request, credentials), limits, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled.append(count * base // max(limit, 1))
        return max(scaled, default=0)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
