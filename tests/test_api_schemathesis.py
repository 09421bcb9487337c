"""schemathesis against the app's own OpenAPI schema: no server error, and every response (success and
error alike) matches the schema, for an admin's token and an officer's token.

The schema is loaded from the WSGI app in-process (no server), inside the test database with the small
world of test_api_support; examples are bounded so the run stays well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services import token_create
from tests.caches import clear_own_keys
from tests.test_api_support import api_world

MAX_EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def _keep_the_test_connection():
    # Like django.test.Client: a request must not close the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(_keep_the_test_connection, db, roadmap, unit_a, unit_b, officer_a, admin_user, settings):
    # The point here is the schema, not the rate limit: lift it so every example is really answered.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/min", "anon": "100000/min"},
    }
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    clear_own_keys()
    # The schema itself needs a token (api/docs.py), like every endpoint.
    secret = token_create(user=admin_user, name="schemathesis schema")[1]
    headers = {"Authorization": f"Token {secret}"}
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler(), headers=headers)


@pytest.fixture
def world_reports(api_schema, roadmap, unit_a, unit_b):
    return api_world(roadmap, unit_a, unit_b)


@pytest.fixture
def tokens(api_schema, officer_a, admin_user):
    return {
        "admin": token_create(user=admin_user, name="schemathesis admin")[1],
        "officer": token_create(user=officer_a, name="schemathesis operator")[1],
    }


def _run(operation, headers: dict[str, str], path_parameters: dict[str, int] | None = None) -> None:
    @given(case=operation.as_strategy(path_parameters=path_parameters))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_api_conforms_to_its_schema(api_schema, tokens, world_reports):
    # (schemathesis' pytest loader, from_fixture, does not run on pytest 9 yet: the operations are driven here.)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        for who, secret in tokens.items():
            headers = {"Authorization": f"Token {secret}"}
            try:
                _run(operation, headers)
                if operation.path.startswith("/api/v1/reports/{id}"):
                    # Generated ids rarely exist: also on the real report of unit A (the officer's own).
                    _run(operation, headers, {"id": world_reports["report_a"].pk})
            except Exception as error:
                error.add_note(f"{operation.label} with the {who} token")
                raise


def test_the_schema_covers_every_endpoint(api_schema):
    paths = set(api_schema.raw_schema["paths"])
    for path in (
        "/api/v1/roadmaps/",
        "/api/v1/units/",
        "/api/v1/areas/",
        "/api/v1/aspects/",
        "/api/v1/themes/",
        "/api/v1/indicators/",
        "/api/v1/cycles/",
        "/api/v1/reports/",
        "/api/v1/reports/{id}/progress/",
        "/api/v1/reports/{id}/submit/",
        "/api/v1/progress/",
        "/api/v1/scores/",
    ):
        assert path in paths
