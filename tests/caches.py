"""Emptying this test worker's cache keys, and only them.

`cache.clear()` on Redis is FLUSHDB: under pytest-xdist it also wiped the other workers' keys (their rate-limit
counters between two requests of one test), so a throttling test passed or failed with its neighbours' timing.
Each worker has its own KEY_PREFIX (config/settings.py); this deletes the keys under it.
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def clear_own_keys() -> None:
    for alias in caches:
        cache = caches[alias]
        if not isinstance(cache, RedisCache):
            cache.clear()  # a process-local cache belongs to this worker alone
            continue
        client = cache._cache.get_client(write=True)
        # Django writes keys as "<prefix>:<version>:<key>"; the colon keeps gw1 from matching gw10's keys.
        doomed = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if doomed:
            client.delete(*doomed)
