"""Proxy trust and the login lockout's tiers: X-Forwarded-For and X-Forwarded-Proto count only from a trusted
proxy (roadmap/proxies.py), and a username is locked per address and, higher, from any address (roadmap/lockout.py).

By URL through the whole middleware stack; REMOTE_ADDR is the peer the request came from (Django's test
client says 127.0.0.1, the default TRUSTED_PROXIES, unless a test says otherwise).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from roadmap.models import AuditEvent, AuditKind
from roadmap.proxies import TrustedProxyMiddleware, client_ip, parse_networks
from tests import factories

pytestmark = pytest.mark.django_db

ATTACKER = "10.0.0.66"  # reaches gunicorn directly: not a trusted proxy
PROXY = "127.0.0.1"  # the nginx on the same machine (default TRUSTED_PROXIES)


def _login(username: str, password: str, *, peer: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(reverse("login"), {"username": username, "password": password}, **headers)


def _failed_ips() -> list[str | None]:
    return list(AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).order_by("pk").values_list("ip", flat=True))


# --- the rule ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.1", "6.6.6.6", "10.0.0.1"),  # an untrusted peer: its header is ignored
        ("127.0.0.1", "6.6.6.6, 10.20.30.40", "10.20.30.40"),  # the entry our proxy appended; 6.6.6.6 is forged
        ("127.0.0.1", "", "127.0.0.1"),  # a request of the proxy itself
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("127.0.0.1", "6.6.6.6, bukan-ip", "127.0.0.1"),  # unreadable: the last hop we trust
        ("127.0.0.1", "127.0.0.1", "127.0.0.1"),  # a chain of trusted hops only
        ("::ffff:10.0.0.5", "6.6.6.6", "10.0.0.5"),  # IPv4 written as IPv6
        ("bukan-ip", "6.6.6.6", None),
    ],
)
def test_client_address(remote, forwarded, expected):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_several_trusted_proxies_are_skipped_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.10.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.10.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.9, 10.0.10.3")
    assert client_ip(request) == "192.0.2.9"
    settings.TRUSTED_PROXIES = ["10.0.10.2"]
    assert client_ip(request) == "10.0.10.3"  # 10.0.10.3 is not ours any more: it is the client
    settings.TRUSTED_PROXIES = []
    assert client_ip(request) == "10.0.10.2"  # no proxy: nobody's header counts


def test_a_bad_trusted_proxies_entry_is_an_error():
    assert [str(n) for n in parse_networks(["10.0.10.2", " 10.0.0.0/8 ", "", "::1"])] == [
        "10.0.10.2/32",
        "10.0.0.0/8",
        "::1/128",
    ]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        parse_networks(["10.0.10.300"])


# --- the lockout and the audit log by URL ------------------------------------------------------------------------


def test_a_forged_forwarded_for_from_an_untrusted_peer_changes_neither_lockout_nor_address(officer_a):
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        assert _login(officer_a.username, "salah", peer=ATTACKER, forwarded=f"198.51.100.{n}").status_code == 200
    # A new X-Forwarded-For on every try does not make a new client: the limit is reached as without it.
    assert _login(officer_a.username, "salah", peer=ATTACKER, forwarded="198.51.100.99").status_code == 429
    assert _login(officer_a.username, factories.PASSWORD, peer=ATTACKER, forwarded="203.0.113.1").status_code == 429
    assert set(_failed_ips()) == {ATTACKER}
    assert set(AuditEvent.objects.filter(kind=AuditKind.LOCKOUT).values_list("ip", flat=True)) == {ATTACKER}
    # The real officer elsewhere is not locked by the attacker's tries.
    assert _login(officer_a.username, factories.PASSWORD, peer="10.0.0.7").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_counts(officer_a):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        _login(officer_a.username, "salah", peer=PROXY, forwarded="6.6.6.6, 203.0.113.7")
    assert set(_failed_ips()) == {"203.0.113.7"}
    assert _login(officer_a.username, factories.PASSWORD, peer=PROXY, forwarded="203.0.113.7").status_code == 429
    # Another client behind the same proxy is another address: not locked.
    response = _login(officer_a.username, factories.PASSWORD, peer=PROXY, forwarded="203.0.113.8")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN).get().ip == "203.0.113.8"


def test_a_username_is_locked_from_every_address_after_the_higher_limit(officer_a, officer_b):
    per_address, per_username = settings.AXES_FAILURE_LIMIT, settings.LOCKOUT_USERNAME_FAILURE_LIMIT
    assert per_username > per_address
    start = dt.datetime(2025, 7, 5, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        # A guesser with a new address for every try: never the per-address limit.
        for n in range(per_username - 1):
            assert _login(officer_a.username, "salah", peer=f"10.1.{n // 200}.{n % 200 + 1}").status_code == 200
        # One below the limit the officer still signs in; that clears only their own address's failures.
        assert _login(officer_a.username, factories.PASSWORD, peer="10.0.0.7").status_code == 302
        assert _login(officer_a.username, "salah", peer="10.2.0.1").status_code == 429
        # Now the username is locked whatever the address, the officer's own desk included …
        assert _login(officer_a.username, factories.PASSWORD, peer="10.0.0.7").status_code == 429
        assert _login(officer_a.username, factories.PASSWORD, peer="10.3.0.1").status_code == 429
        # … and only that username: another officer from the guesser's addresses signs in.
        assert _login(officer_b.username, factories.PASSWORD, peer="10.1.0.1").status_code == 302
        traveller.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1))
        assert _login(officer_a.username, factories.PASSWORD, peer="10.0.0.7").status_code == 302


# --- X-Forwarded-Proto --------------------------------------------------------------------------------------------


def _through_middleware(**meta):  # type: ignore[no-untyped-def]
    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen["secure"] = request.is_secure()
        seen["forwarded"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return None

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen


def test_forwarded_proto_counts_only_from_a_trusted_proxy():
    attacker = _through_middleware(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert attacker == {"secure": False, "forwarded": None}  # and the header is gone for any later code
    proxy = _through_middleware(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert proxy == {"secure": True, "forwarded": "1.2.3.4"}
    assert _through_middleware(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="http")["secure"] is False


def test_the_https_redirect_is_not_skipped_by_a_forged_proto(settings):
    settings.SECURE_SSL_REDIRECT = True
    login = reverse("login")
    forged = Client().get(login, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")
    assert Client().get(login, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https").status_code == 200
