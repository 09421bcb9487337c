"""One cache for every process (settings.CACHES): the API's rate limits count once across gunicorn's processes on
Redis, atomically; the client address of a limit is roadmap.proxies.client_ip; failed token attempts are limited
too; the dashboards' cache is the named entry "dashboards". On the real Redis (REDIS_URL), never a mock."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client, RequestFactory, override_settings

from api.throttling import AnonymousRateThrottle, FailedTokenThrottle, TokenRateThrottle
from dashboards.selectors import cache as dashboard_cache
from tests.caches import clear_own_keys
from tests.test_api_support import token_client
from tests.test_scheduling_support import free_port, require_redis

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1"
ATTACKER = "10.0.0.66"  # not a trusted proxy
PROXY = "127.0.0.1"

# Run by each of the processes: django.setup() on the project's settings, then `attempts` anonymous calls through
# the API's own throttle, all from one client address, starting when the other process is ready too.
WORKER = """
import json, os, pathlib, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from api.throttling import AnonymousRateThrottle

barrier, name, attempts, address = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
request = RequestFactory().get("/api/v1/areas/", REMOTE_ADDR=address)
request.user = AnonymousUser()
(barrier / name).touch()
while len(list(barrier.iterdir())) < 2:  # both processes are set up: go together
    time.sleep(0.0005)
allowed = sum(1 for _ in range(attempts) if AnonymousRateThrottle().allow_request(request, None))
print(json.dumps({"allowed": allowed}))
"""


@pytest.fixture(autouse=True)
def _fresh_counters():
    clear_own_keys()
    yield
    clear_own_keys()


def test_the_caches_are_redis_when_redis_url_is_set():
    url = require_redis()
    for name in ("default", "dashboards"):
        assert isinstance(caches[name], RedisCache), name
        assert settings.CACHES[name]["LOCATION"] == url
    assert dashboard_cache.backend() is caches["dashboards"]


def test_emptying_a_test_worker_s_cache_leaves_the_other_workers_keys():
    # Under pytest-xdist every worker shares the one Redis; FLUSHDB (cache.clear()) once wiped a neighbour's
    # rate-limit counters mid-test and a throttling test answered 200 instead of 429 on CI.
    require_redis()
    mine = caches["default"]
    neighbour = RedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": mine.key_prefix + "x"})
    mine.set("counter", 3)
    neighbour.set("counter", 7)
    try:
        clear_own_keys()
        assert mine.get("counter") is None
        assert neighbour.get("counter") == 7
    finally:
        neighbour.delete("counter")


def test_without_redis_the_caches_are_the_process_s_memory():
    env = {**os.environ, "REDIS_URL": "", "DEBUG": "1"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.count("LocMemCache") == 2 and "'dashboards'" in result.stdout


def test_two_processes_share_one_count_and_none_is_lost(tmp_path):
    require_redis()
    limit, attempts = 200, 300
    address = f"198.18.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"  # a count no earlier run left
    env = {**os.environ, "API_RATE_ANON": f"{limit}/hour", "DJANGO_SETTINGS_MODULE": "config.settings"}
    script, barrier = tmp_path / "throttle_worker.py", tmp_path / "ready"
    script.write_text(WORKER)
    barrier.mkdir()
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), str(barrier), name, str(attempts), address],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("satu", "dua")
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1])["allowed"])
    # 600 calls from one address against 200 an hour: 200 answered in all, shared between the two processes
    # (one count per process would answer 400; a lost update between them, more than 200).
    assert sum(results) == limit, results


def _anon_rate(settings, rate: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": rate},
    }


def test_a_forged_forwarded_for_gets_no_new_anonymous_quota(settings):
    # Every endpoint needs credentials now (the permission check comes before the throttle), so the anonymous
    # rate is driven through its class: a new X-Forwarded-For per call from an untrusted peer is one client.
    _anon_rate(settings, "2/min")

    def allowed(remote: str, forwarded: str) -> bool:
        request = RequestFactory().get("/api/v1/areas/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        request.user = AnonymousUser()
        return AnonymousRateThrottle().allow_request(request, None)

    assert [allowed(ATTACKER, f"198.51.100.{n}") for n in range(3)] == [True, True, False]
    # Behind the trusted proxy each forwarded client has its own quota.
    assert [allowed(PROXY, "203.0.113.1") for _ in range(3)] == [True, True, False]
    assert allowed(PROXY, "203.0.113.2")


@pytest.mark.parametrize("throttle", [AnonymousRateThrottle, TokenRateThrottle, FailedTokenThrottle])
def test_every_throttle_keys_on_the_one_client_address_rule(throttle):
    # Without the middleware in front (which drops an untrusted peer's header): the throttle itself does not
    # believe it either, and believes a trusted proxy's.
    forged = RequestFactory().get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert throttle().get_ident(forged) == ATTACKER
    proxied = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert throttle().get_ident(proxied) == "203.0.113.5"


@pytest.mark.django_db
def test_failed_token_attempts_are_limited_per_address(settings, officer_a):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token_failure": "3/min"},
    }
    guesser = Client(headers={"Authorization": "Token tebakan"})
    for n in range(3):
        response = guesser.get(f"{API}/areas/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_failed"
    response = guesser.get(f"{API}/areas/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 429 and response.json()["error"]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    # Until the window ends even a valid token is refused from there; from another address it works.
    owner = token_client(officer_a)
    assert owner.get(f"{API}/areas/", REMOTE_ADDR=ATTACKER).status_code == 429
    assert owner.get(f"{API}/areas/", REMOTE_ADDR="10.0.0.7").status_code == 200
    # Calls without a token (401, not a failed attempt) and valid ones do not count.
    for _ in range(5):
        assert Client().get(f"{API}/areas/", REMOTE_ADDR="10.0.0.8").status_code == 401
        assert owner.get(f"{API}/areas/", REMOTE_ADDR="10.0.0.8").status_code == 200


@pytest.mark.django_db
def test_with_the_cache_down_the_api_answers_without_limits(officer_a, caplog):
    dead = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}
    client = token_client(officer_a)
    with override_settings(CACHES={**settings.CACHES, "default": dead}):
        assert client.get(f"{API}/areas/").status_code == 200
        assert Client(headers={"Authorization": "Token tebakan"}).get(f"{API}/areas/").status_code == 401
    assert "rate limit not enforced" in caplog.text and "failed-token limit not enforced" in caplog.text


def test_no_test_flushes_the_shared_redis():
    # The guard behind tests.caches.clear_own_keys: a new test that calls cache.clear() (FLUSHDB on Redis) would
    # bring back the flaky throttling failures of parallel runs.
    here = Path(__file__).resolve().parent
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(here.rglob("*.py"))
        if path.name != "caches.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bcaches?(\[[^\]]+\])?\.clear\(\)", line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
