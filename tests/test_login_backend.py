"""The login backend (roadmap.backends.UnitModelBackend) reads the signed-in user with their unit in one query:
the user menu of every page names the unit."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmap.backends import UnitModelBackend
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_their_unit(officer_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UnitModelBackend().get_user(officer_a.pk)
        assert user.unit.name == officer_a.unit.name


def test_nobody_for_an_unknown_or_inactive_user(officer_a):
    assert UnitModelBackend().get_user(10**9) is None
    officer_a.is_active = False
    officer_a.save(update_fields=["is_active"])
    assert UnitModelBackend().get_user(officer_a.pk) is None


def test_a_login_through_the_form_reads_no_unit_on_its_own(officer_a):
    client = Client()
    response = client.post(reverse("login"), {"username": officer_a.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "roadmap.backends.UnitModelBackend"
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("evaluations:report_list"))
    assert page.status_code == 200 and f"· {officer_a.unit}<" in page.content.decode()  # the user menu
    alone = re.compile(rf'FROM "roadmap_unit" WHERE "roadmap_unit"."id" = {officer_a.unit_id}\b')
    assert not [q["sql"] for q in queries.captured_queries if alone.search(q["sql"])]
