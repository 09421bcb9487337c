"""Who is the client: the one rule for the client's address and scheme behind (or without) a reverse proxy.

`X-Forwarded-For` and `X-Forwarded-Proto` are plain request headers: anyone who reaches gunicorn directly can
send them. They are believed only when the peer that sent the request (REMOTE_ADDR) is one of the
TRUSTED_PROXIES (addresses or networks, from the environment; default the loopback, i.e. an nginx on the same
machine). Then the client is the right-most X-Forwarded-For entry that is not itself a trusted proxy: every
entry left of it was written by the client and may be forged.

Every reader of a client address uses `client_ip()`: the audit log, django-axes' lockout
(AXES_CLIENT_IP_CALLABLE), the API's throttles (api.throttling) and the failed-token counter.
`TrustedProxyMiddleware` (first in MIDDLEWARE) sets the request's scheme from X-Forwarded-Proto for a trusted
peer only, instead of Django's SECURE_PROXY_SSL_HEADER, which believes the header from any peer. It also
removes both headers from a request of an untrusted peer, so that no other code can read them.

Not covered: the RFC 7239 `Forwarded` header (nginx does not send it; it is ignored, never believed).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks: `10.0.10.2`, `10.0.10.0/24`, `::1`; a bad entry stops the start-up."""
    networks = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {value!r} is not an IP address or network (e.g. 10.0.10.2 or 10.0.10.0/24)."
            ) from error
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def trusted_networks() -> tuple[Network, ...]:
    # Read per call (cached per value), so that a test's settings override applies at once.
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    return address is not None and any(address in network for network in trusted_networks())


def peer_is_trusted(request: HttpRequest) -> bool:
    """True when the request came straight from one of our proxies."""
    return is_trusted(_address(request.META.get("REMOTE_ADDR", "")))


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the right-most untrusted X-Forwarded-For hop.

    None when there is no request or no readable address. Walking from the right, every hop that is a trusted
    proxy is skipped; the first one that is not is the client. An unreadable entry ends the walk at the last
    hop we could trust (a proxy of ours wrote it), as does a chain of trusted hops only.
    """
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    if is_trusted(peer):
        for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            if not entry.strip():
                continue
            hop = _address(entry)
            if hop is None:
                break
            peer = hop
            if not is_trusted(hop):
                break
    return str(peer)


class TrustedProxyMiddleware:
    """First in MIDDLEWARE: `X-Forwarded-Proto: https` from a trusted proxy makes the request secure;
    from anyone else the forwarded headers are dropped before any other code sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if peer_is_trusted(request):
            proto = request.META.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                # WSGIRequest reads its scheme from wsgi.url_scheme (its META is the WSGI environ).
                request.META["wsgi.url_scheme"] = proto
        else:
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
