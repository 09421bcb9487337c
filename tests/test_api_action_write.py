"""The API's write of a rencana aksi row (api/actions_write.py): through action_row_save, 404 for another unit's
row, 403 for readers, 409 when locked or stale, 400 per field in the API's one error shape; in the schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from evaluations.models import ActionProgress, ReportStatus
from tests import action_world
from tests.caches import clear_own_keys
from tests.test_api_support import token_client

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    clear_own_keys()
    yield
    clear_own_keys()


@pytest.fixture
def world(roadmap, unit_a, unit_b, people):
    return action_world.build(roadmap, unit_a, unit_b)


def _url(row) -> str:
    return f"{API}/action-progress/{row.pk}/realisasi/"


def _post(client: Client, row, data: dict):
    return client.post(_url(row), data, content_type="application/json")


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]


EXPECTED = {"anonymous": 401, "officer_a": 200, "officer_b": 404, "reviewer": 403, "pimpinan": 403, "admin": 200}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_write_by_role(world, people, who):
    response = _post(token_client(people[who]), world.ra01, {"version": 0, "status": "berjalan", "progress": 30})
    assert response.status_code == EXPECTED[who], response.content
    saved = ActionProgress.objects.get(pk=world.ra01.pk)
    assert (saved.status == "berjalan") == (who in {"officer_a", "admin"})
    if response.status_code == 200:
        body = response.json()
        assert (body["status"], body["progress"], body["version"], body["plan"]["code"]) == (
            "berjalan",
            "30.00",
            1,
            "RA-01",
        )


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_read_of_the_row_by_role(world, people, who):
    response = token_client(people[who]).get(_url(world.ra01))
    expected = {**EXPECTED, "reviewer": 200, "pimpinan": 200}
    assert response.status_code == expected[who]
    if response.status_code == 200:
        assert response.json()["version"] == 0 and response.json()["status_label"] is None


def test_indonesian_text_and_json_numbers_are_read_alike(world, officer_a):
    client = token_client(officer_a)
    body = _post(
        client,
        world.ra01,
        {"version": 0, "status": "berjalan", "progress": "42,5", "budget_realised": "12.500.000", "output_realised": 1},
    ).json()
    assert (body["progress"], body["budget_realised"], body["output_realised"]) == (
        "42.50",
        "12500000.00",
        "1.0000",
    )
    # A field left out keeps its value; Selesai without a progress means 100.
    body = _post(client, world.ra01, {"version": 1, "status": "selesai"}).json()
    assert (body["status"], body["progress"], body["budget_realised"]) == ("selesai", "100.00", "12500000.00")


def test_bad_fields_are_400_one_message_per_field_and_nothing_saved(world, officer_a):
    response = _post(
        token_client(officer_a),
        world.ra01,
        {"version": 0, "status": "hampir", "progress": "1.234", "budget_realised": -5, "kendala": 7},
    )
    error = _error(response, 400, "invalid")
    assert set(error["fields"]) == {"status", "progress", "budget_realised"}
    assert "tidak jelas" in error["fields"]["progress"][0]
    assert error["fields"]["budget_realised"] == ["Angka tidak boleh negatif."]
    assert ActionProgress.objects.get(pk=world.ra01.pk).version == 0


def test_the_services_rules_are_400_by_field(world, officer_a):
    response = _post(token_client(officer_a), world.ra01, {"version": 0, "status": "selesai", "progress": 80})
    error = _error(response, 400, "invalid")
    assert error["fields"] == {"progress": ["Rencana aksi yang Selesai berprogres 100 %; ubah status atau progresnya."]}


def test_a_stale_version_is_409(world, officer_a):
    client = token_client(officer_a)
    assert _post(client, world.ra01, {"version": 0, "status": "berjalan"}).status_code == 200
    error = _error(_post(client, world.ra01, {"version": 0, "status": "selesai"}), 409, "stale_version")
    assert error["problems"] == ["RA-01"]
    assert ActionProgress.objects.get(pk=world.ra01.pk).status == "berjalan"


def test_a_locked_report_is_409(world, officer_a):
    type(world.report_a).objects.filter(pk=world.report_a.pk).update(status=ReportStatus.DIAJUKAN)
    error = _error(
        _post(token_client(officer_a), world.ra01, {"version": 0, "status": "berjalan"}), 409, "report_locked"
    )
    assert "verifikasi" in error["message"]


def test_english_messages_with_accept_language(world, officer_a):
    client = token_client(officer_a, language="en")
    error = _error(_post(client, world.ra01, {"version": 0, "status": "berjalan", "progress": 150}), 400, "invalid")
    assert error["fields"]["progress"] == ["Progress is at most 100 %."]


def test_the_schema_documents_the_write(world, officer_a):
    schema = token_client(officer_a).get(f"{API}/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/action-progress/{id}/realisasi/"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "401", "403", "404", "409"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][body]["properties"]) >= {"version", "status", "progress"}
    assert Decimal("0") == Decimal(schema["components"]["schemas"][body]["properties"]["version"]["minimum"])
