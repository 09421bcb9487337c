"""Bodies the API's JSON parser refuses (api/parsers.py): 400 in the API's JSON error shape, nothing saved, never an
HTML 500 — however deep the nesting, however broken the text."""

from __future__ import annotations

import pytest

from api.parsers import MAX_DEPTH, depth_exceeds
from evaluations.models import Progress
from tests.caches import clear_own_keys
from tests.test_api_support import api_world, token_client

pytestmark = pytest.mark.django_db

DEEP = "Isi permintaan bersarang terlalu dalam."


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    clear_own_keys()
    yield
    clear_own_keys()


@pytest.fixture
def write(roadmap, unit_a, unit_b, people):
    report = api_world(roadmap, unit_a, unit_b)["report_a"]
    client = token_client(people["officer_a"])

    def post(body: str):  # type: ignore[no-untyped-def]
        return client.post(f"/api/v1/reports/{report.pk}/progress/", body, content_type="application/json")

    return post


def _parse_error(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "parse_error" and error["fields"] == {}
    assert not Progress.objects.filter(realisasi__isnull=False).exists()
    return error["message"]


@pytest.mark.parametrize("levels", [100_000, 3_000])
def test_deeply_nested_arrays_are_a_400(write, levels):
    assert _parse_error(write("[" * levels + "]" * levels)) == DEEP


def test_deeply_nested_objects_inside_a_valid_request_are_a_400(write):
    nested = '{"a": ' * 5_000 + "1" + "}" * 5_000
    assert _parse_error(write('{"rows": [{"indicator": "A-01", "version": 0, "penjelasan": ' + nested + "}]}")) == DEEP


def test_nesting_that_parses_but_is_deeper_than_any_request_is_a_400(write):
    levels = MAX_DEPTH + 1
    assert _parse_error(write('{"rows": ' + "[" * levels + "]" * levels + "}")) == DEEP


def test_text_that_is_not_json_is_a_400_in_indonesian(write):
    assert _parse_error(write('{"rows": [')) == "Isi permintaan bukan JSON yang sah."
    assert _parse_error(write("NaN")) == "Isi permintaan bukan JSON yang sah."  # strict JSON: no NaN


def test_a_valid_request_still_saves(write):
    response = write('{"rows": [{"indicator": "A-01", "version": 0, "realisasi": "85,5"}]}')
    assert response.status_code == 200, response.content


def test_the_depth_check_counts_levels_without_recursion():
    assert not depth_exceeds({"rows": [{"a": 1}]}, 3) and depth_exceeds({"rows": [{"a": [1]}]}, 3)
    assert not depth_exceeds("teks", 0) and not depth_exceeds([], 1) and depth_exceeds([[]], 1)
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert depth_exceeds(deep, MAX_DEPTH)
