"""End-to-end journeys: the browser fixtures come from tests/browser.py (shared by all browser tests)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _celery_in_process(settings):  # type: ignore[no-untyped-def]
    # The e-mails of each step (and any task) run in the live server's thread instead of piling up
    # in Redis with no worker. The Celery app read its configuration at import, so its own conf is set.
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
