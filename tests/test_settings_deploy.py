"""Production settings: `check --deploy` is clean, and a missing SECRET_KEY is a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "monev-rb.ppukab.go.id",
    "SITE_URL": "https://monev-rb.ppukab.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/monev",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://127.0.0.1:25",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Nothing of the test run's own environment leaks into "production" (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE while their browser lives, which check --deploy rightly refuses).
    test_only = {"FAST_PASSWORD_HASHER", "DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_DB_NAME"}
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_old_blanket_proxy_trust_is_flagged():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "BEHIND_PROXY": "1"})
    assert result.returncode != 0
    assert "monev.W001" in result.stderr + result.stdout and "TRUSTED_PROXIES" in result.stderr + result.stdout


def test_missing_secret_key_is_a_clear_error():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
