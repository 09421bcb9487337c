"""Shared fixtures: the five people of every permission test, on the real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from tests import factories

# On CI the property tests replay a fixed set of examples (derandomize): main stays green on what was
# reviewed, while every local run keeps exploring new inputs (and saves any failure to .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# Browser tests share one Playwright session (see tests/browser.py).
pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded evidence of one test never leaks into another, or into var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    # A request in English activates English in this thread; the next test must start in Indonesian.
    translation.activate("id")
    yield
    translation.activate("id")


@pytest.fixture
def roadmap(db):
    return factories.RoadmapFactory()


@pytest.fixture
def unit_a(db):
    return factories.UnitFactory(name="Dinas A", short_name="DA", slug="dinas-a")


@pytest.fixture
def unit_b(db):
    return factories.UnitFactory(name="Dinas B", short_name="DB", slug="dinas-b")


@pytest.fixture
def officer_a(unit_a):
    return factories.OperatorFactory(username="operator.a", unit=unit_a)


@pytest.fixture
def officer_b(unit_b):
    return factories.OperatorFactory(username="operator.b", unit=unit_b)


@pytest.fixture
def reviewer(db):
    return factories.VerifikatorFactory(username="bpsdm")


@pytest.fixture
def pimpinan(db):
    return factories.PimpinanFactory(username="pimpinan")


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(username="admin")


@pytest.fixture
def people(officer_a, officer_b, reviewer, pimpinan, admin_user):
    """The permission matrix's rows: name → user (None = anonymous)."""
    return {
        "anonymous": None,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "reviewer": reviewer,
        "pimpinan": pimpinan,
        "admin": admin_user,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for


# --- the lived-in demo --------------------------------------------------------------------------------------

DEMO_NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=ZoneInfo("Asia/Makassar"))  # Wednesday, 2 December 2026 (WITA)


@pytest.fixture(scope="module")
def lived_in_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo() with its history as on 2 December 2026, built once per module (≈15 s) and removed after it.

    Committed outside the tests' transactions, so every test of the module reads it and rolls back its own
    writes; afterwards the database is flushed, as after a transactional test (a road map created later gets its
    framework then: areas.services.framework).
    Returns the folder of the demo's evidence files (tests set MEDIA_ROOT to it to download them).
    """
    from django.core.management import call_command
    from django.test import override_settings

    from demo.seed import seed_demo

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), time_machine.travel(DEMO_NOW, tick=False):
        seed_demo()
    yield media
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_today(lived_in_demo, settings):
    """Inside a test of the lived-in demo: the clock at 2 December 2026, the demo's evidence files in reach."""
    settings.MEDIA_ROOT = lived_in_demo
    with time_machine.travel(DEMO_NOW, tick=False):
        yield DEMO_NOW
