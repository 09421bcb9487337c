"""The REST API: permissions by URL for every role, the realisasi write and Ajukan, the dashboards' numbers,
tokens, throttling and the JSON error shape. On the real PostgreSQL, through the whole middleware stack."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken, hash_secret
from api.services import token_create
from areas.models import ChangeArea, Indicator
from dashboards import selectors as dashboards
from evaluations.models import Progress, Report, ReportStatus
from tests.caches import clear_own_keys
from tests.test_api_support import api_world, token_client

pytestmark = pytest.mark.django_db

API = "/api/v1"
LIST_ENDPOINTS = ["roadmaps", "units", "areas", "aspects", "themes", "indicators", "cycles", "reports", "progress"]


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    # The throttles count in the cache; one test's requests never count against another's.
    clear_own_keys()
    yield
    clear_own_keys()


@pytest.fixture
def world(roadmap, unit_a, unit_b, people):
    return api_world(roadmap, unit_a, unit_b)


def _rows(report) -> dict[str, Progress]:
    return {p.indicator.code: p for p in Progress.objects.filter(report=report).select_related("indicator")}


def _post(client: Client, url: str, data: dict | None = None):
    return client.post(url, data or {}, content_type="application/json")


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]


# --- reading: who sees what -------------------------------------------------------


@pytest.mark.parametrize("endpoint", [*LIST_ENDPOINTS, "scores"])
def test_anonymous_gets_401_in_the_json_shape(world, endpoint):
    response = Client().get(f"{API}/{endpoint}/")
    _error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("person", ["officer_a", "reviewer", "pimpinan", "admin"])
@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_every_role_reads_every_list(world, people, person, endpoint):
    response = token_client(people[person]).get(f"{API}/{endpoint}/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body)


def test_officer_sees_only_their_own_unit(world, people, unit_a, unit_b):
    client = token_client(people["officer_a"])
    assert [u["id"] for u in client.get(f"{API}/units/").json()["results"]] == [unit_a.pk]
    assert {i["code"] for i in client.get(f"{API}/indicators/").json()["results"]} == {"A-01", "A-02", "A-03"}
    assert [r["id"] for r in client.get(f"{API}/reports/").json()["results"]] == [world["report_a"].pk]
    progress = client.get(f"{API}/progress/").json()["results"]
    assert {p["unit"] for p in progress} == {unit_a.pk}
    # Asking for unit B by filter gives nothing, not B's data.
    assert client.get(f"{API}/reports/", {"unit": unit_b.pk}).json()["count"] == 0
    assert client.get(f"{API}/progress/", {"unit": unit_b.pk}).json()["count"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "units/{unit_b}/",
        "reports/{report_b}/",
        "reports/{report_b}/progress/",
        "progress/{progress_b}/",
        "indicators/{indicator_b}/",
    ],
)
def test_officer_a_gets_404_for_unit_b_by_url(world, people, unit_b, path):
    progress_b = Progress.objects.get(report=world["report_b"])
    url = f"{API}/" + path.format(
        unit_b=unit_b.pk, report_b=world["report_b"].pk, progress_b=progress_b.pk, indicator_b=progress_b.indicator_id
    )
    _error(token_client(people["officer_a"]).get(url), 404, "not_found")
    # … while their own counterpart, and the reviewer, read it.
    assert token_client(people["reviewer"]).get(url).status_code == 200


@pytest.mark.parametrize("person", ["reviewer", "pimpinan", "admin"])
def test_staff_read_every_unit(world, people, person):
    client = token_client(people[person])
    assert client.get(f"{API}/reports/").json()["count"] == 2
    assert client.get(f"{API}/indicators/").json()["count"] == 4


def test_indicators_carry_their_targets_and_filters(world, people, unit_a):
    client = token_client(people["reviewer"])
    body = client.get(f"{API}/indicators/", {"unit": unit_a.pk, "code": "A-01"}).json()
    assert body["count"] == 1
    indicator = body["results"][0]
    assert indicator["annual_targets"] == [{"year": 2025, "value": "80.0000", "value_upper": None, "due_quarter": None}]
    # Issue 18: a range's upper bound; the cumulative flag is the indicator's (a persen indicator: per quarter).
    assert indicator["quarterly_targets"] == [
        {"year": 2025, "quarter": 1, "value": "80.0000", "value_upper": None, "cumulative": False}
    ]
    assert (indicator["kind"], indicator["cumulative"]) == ("outcome", False)
    # A year filter limits the nested targets; a year outside the road map, the indicators.
    assert client.get(f"{API}/indicators/", {"tahun": 2026}).json()["results"][0]["annual_targets"] == []
    assert client.get(f"{API}/indicators/", {"tahun": 2040}).json()["count"] == 0


def test_reports_and_progress_filters(world, people, unit_a):
    client = token_client(people["reviewer"])
    assert client.get(f"{API}/reports/", {"tahun": 2025, "triwulan": 1}).json()["count"] == 2
    assert client.get(f"{API}/reports/", {"tahun": 2025, "triwulan": 2}).json()["count"] == 0
    assert client.get(f"{API}/reports/", {"unit": unit_a.pk}).json()["count"] == 1
    area = ChangeArea.objects.get(roadmap=world["cycle"].roadmap, order=1)  # the road map's own first area
    assert client.get(f"{API}/progress/", {"unit": unit_a.pk, "area": area.pk}).json()["count"] == 3
    report = client.get(f"{API}/reports/{world['report_a'].pk}/").json()
    assert report["status"] == "belum_mulai" and report["lock_reason"] is None and report["due_on"] == "2025-04-10"
    bad = client.get(f"{API}/reports/", {"tahun": "dua ribu"})
    assert "tahun" in _error(bad, 400, "invalid")["fields"]


def test_pagination_is_bounded(world, people):
    client = token_client(people["reviewer"])
    body = client.get(f"{API}/aspects/", {"page_size": 3}).json()
    assert len(body["results"]) == 3 and body["next"]
    assert len(client.get(f"{API}/aspects/", {"page_size": 10_000}).json()["results"]) == body["count"]
    _error(client.get(f"{API}/aspects/", {"page": 999}), 404, "not_found")


# --- writing: realisasi and Ajukan --------------------------------------------------


def _write(client, report, rows):
    return _post(client, f"{API}/reports/{report.pk}/progress/", {"rows": rows})


def test_officer_saves_realisasi_the_indonesian_way(world, people):
    report = world["report_a"]
    rows = _rows(report)
    response = _write(
        token_client(people["officer_a"]),
        report,
        [
            {"indicator": "A-01", "version": 0, "realisasi": "1.234,5", "kendala": " Anggaran "},
            {"progress": rows["A-02"].pk, "version": 0, "milestone_done": True},
            {"indicator": "A-03", "version": 0, "realisasi": 60},
        ],
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["report"]["status"] == "draf"
    by_code = {r["indicator"]["code"]: r for r in body["rows"]}
    assert by_code["A-01"]["realisasi"] == "1234.5000" and by_code["A-01"]["kendala"] == "Anggaran"
    assert by_code["A-01"]["capaian"] == "1543.12" and by_code["A-01"]["light"] == "hijau"
    assert by_code["A-02"]["milestone_done"] is True and by_code["A-02"]["capaian"] == "100.00"
    assert by_code["A-03"]["capaian"] == "60.00" and by_code["A-03"]["light"] == "kuning"
    assert by_code["A-01"]["version"] == 1
    stored = _rows(report)["A-01"]
    assert stored.realisasi == Decimal("1234.5") and stored.updated_by == people["officer_a"]
    # A field left out keeps its stored value.
    response = _write(
        token_client(people["officer_a"]), report, [{"indicator": "A-01", "version": 1, "penjelasan": "x"}]
    )
    assert response.status_code == 200
    stored.refresh_from_db()
    assert (stored.realisasi, stored.kendala, stored.penjelasan) == (Decimal("1234.5"), "Anggaran", "x")


def test_invalid_values_give_400_per_field_and_save_nothing(world, people):
    report = world["report_a"]
    response = _write(
        token_client(people["officer_a"]),
        report,
        [
            {"indicator": "A-01", "version": 0, "realisasi": "85,5"},
            {"indicator": "A-03", "version": 0, "realisasi": "1.234"},
            {"indicator": "A-02", "version": 0, "realisasi": "-5"},
        ],
    )
    error = _error(response, 400, "invalid")
    assert "tidak jelas" in error["fields"]["rows.1.realisasi"][0]
    assert error["fields"]["rows.2.realisasi"] == ["Angka tidak boleh negatif."]
    assert "rows.0.realisasi" not in error["fields"]
    assert _rows(report)["A-01"].realisasi is None  # all or nothing

    more = _write(
        token_client(people["officer_a"]),
        report,
        [
            {"indicator": "B-01", "version": 0, "realisasi": 1},
            {"indicator": "A-02", "version": 0, "realisasi": 1},
            {"version": 0},
            {"indicator": "A-01", "version": -1, "realisasi": True},
        ],
    )
    fields = _error(more, 400, "invalid")["fields"]
    assert set(fields) >= {"rows.2.non_field", "rows.3.version", "rows.3.realisasi"}
    refused = _write(
        token_client(people["officer_a"]),
        report,
        [{"indicator": "B-01", "version": 0, "realisasi": 1}, {"indicator": "A-02", "version": 0, "realisasi": 1}],
    )
    fields = _error(refused, 400, "invalid")["fields"]
    assert "tidak termasuk laporan ini" in fields["rows.0.indicator"][0]
    assert "milestone" in fields["rows.1.realisasi"][0]
    _error(
        _post(token_client(people["officer_a"]), f"{API}/reports/{report.pk}/progress/", {"rows": []}), 400, "invalid"
    )


def test_stale_version_is_409_and_saves_nothing(world, people):
    report = world["report_a"]
    client = token_client(people["officer_a"])
    assert _write(client, report, [{"indicator": "A-01", "version": 0, "realisasi": 10}]).status_code == 200
    response = _write(
        client,
        report,
        [{"indicator": "A-03", "version": 0, "realisasi": 5}, {"indicator": "A-01", "version": 0, "realisasi": 20}],
    )
    error = _error(response, 409, "stale_version")
    assert error["problems"] == ["A-01"]
    rows = _rows(report)
    assert rows["A-01"].realisasi == Decimal(10) and rows["A-03"].realisasi is None


def test_locked_report_is_409_with_the_reason(world, people):
    report = world["report_a"]
    report.status = ReportStatus.DIAJUKAN
    report.save()
    client = token_client(people["officer_a"])
    error = _error(_write(client, report, [{"indicator": "A-01", "version": 0, "realisasi": 10}]), 409, "report_locked")
    assert error["message"] == "Menunggu verifikasi BKPSDM."
    _error(_post(client, f"{API}/reports/{report.pk}/submit/"), 409, "report_locked")


@pytest.mark.parametrize(
    "person,status", [("officer_b", 404), ("reviewer", 403), ("pimpinan", 403), ("anonymous", 401)]
)
def test_only_the_units_officer_writes(world, people, person, status):
    report = world["report_a"]
    client = token_client(people[person])
    codes = {401: "not_authenticated", 403: "permission_denied", 404: "not_found"}
    _error(_write(client, report, [{"indicator": "A-01", "version": 0, "realisasi": 10}]), status, codes[status])
    _error(_post(client, f"{API}/reports/{report.pk}/submit/"), status, codes[status])
    assert _rows(report)["A-01"].realisasi is None
    world["report_a"].refresh_from_db()
    assert world["report_a"].status == ReportStatus.BELUM_MULAI


def test_admin_may_write_for_a_unit(world, people):
    response = _write(
        token_client(people["admin"]), world["report_b"], [{"indicator": "B-01", "version": 0, "realisasi": 5}]
    )
    assert response.status_code == 200


def test_submit_lists_problems_then_submits(world, people):
    report = world["report_a"]
    client = token_client(people["officer_a"])
    error = _error(_post(client, f"{API}/reports/{report.pk}/submit/"), 400, "incomplete_report")
    assert "A-01: realisasi belum diisi." in error["problems"]
    assert "A-03: bukti dukung belum diunggah." in error["problems"]
    # Without the evidence rule, filled in full, Ajukan goes through.
    Indicator.objects.filter(code="A-03").update(requires_evidence=False)
    rows = [
        {"indicator": "A-01", "version": 0, "realisasi": 70},
        {"indicator": "A-02", "version": 0, "milestone_done": False},
        {"indicator": "A-03", "version": 0, "realisasi": "99,5"},
    ]
    assert _write(client, report, rows).status_code == 200
    response = _post(client, f"{API}/reports/{report.pk}/submit/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "diajukan" and response.json()["lock_reason"] == "Menunggu verifikasi BKPSDM."
    _error(_write(client, report, [{"indicator": "A-01", "version": 1, "realisasi": 1}]), 409, "report_locked")


# --- the dashboards' numbers ------------------------------------------------------


def test_scores_equal_the_dashboards(world, people, unit_a, unit_b, rf):
    client = token_client(people["officer_a"])
    rows = [
        {"indicator": "A-01", "version": 0, "realisasi": 60},
        {"indicator": "A-02", "version": 0, "milestone_done": True},
        {"indicator": "A-03", "version": 0, "realisasi": 150},
    ]
    assert _write(client, world["report_a"], rows).status_code == 200
    assert (
        _write(
            token_client(people["officer_b"]), world["report_b"], [{"indicator": "B-01", "version": 0, "realisasi": 40}]
        ).status_code
        == 200
    )
    Report.objects.filter(pk=world["report_a"].pk).update(status=ReportStatus.DISETUJUI)
    Report.objects.filter(pk=world["report_b"].pk).update(status=ReportStatus.DIAJUKAN)

    for person in ("reviewer", "officer_a", "pimpinan"):
        user = people[person]
        for params in ({"tahun": 2025, "triwulan": 1}, {"tahun": 2025, "triwulan": 1, "termasuk_diajukan": "true"}):
            body = token_client(user).get(f"{API}/scores/", params).json()
            query = rf.get("/", {k: ("1" if k == "termasuk_diajukan" else v) for k, v in params.items()}).GET
            filters = dashboards.dashboard_filters(query=query, user=user)
            expected = dashboards.score_overall(user=user, filters=filters)
            assert body["overall"]["value"] == (None if expected.value is None else f"{expected.value:.2f}")
            assert body["overall"]["kategori"] == expected.kategori
            areas = {row["area"]["id"]: row["value"] for row in body["areas"]}
            for row in dashboards.scores_by_area(user=user, filters=filters):
                value = row.score.value
                assert areas[row.area.pk] == (None if value is None else f"{value:.2f}")
            ranking = [(r["unit"]["id"], r["value"]) for r in body["ranking"]]
            expected_ranking = [
                (r.unit.pk, None if r.score.value is None else f"{r.score.value:.2f}")
                for r in dashboards.unit_ranking(user=user, filters=filters)
            ]
            assert ranking == expected_ranking
            elements = {e["element"]: e["value"] for e in body["elements"]}
            for e in dashboards.scores_by_element(user=user, filters=filters):
                assert elements[e.element] == (None if e.score.value is None else f"{e.score.value:.2f}")

    # By hand: unit A approved: (60/80=75, 100, 120 clipped from 150) / 3 = 98.33; B counts only with the toggle.
    reviewer = token_client(people["reviewer"])
    approved = reviewer.get(f"{API}/scores/", {"tahun": 2025, "triwulan": 1}).json()
    # 80 ≤ 98.33 < 100: Cukup on the default scale (never the Indeks RB's AA–D), hijau from 85.
    assert approved["overall"] == {"value": "98.33", "kategori": "Cukup", "light": "hijau"}
    assert approved["filters"]["statuses"] == ["disetujui"]
    both = reviewer.get(f"{API}/scores/", {"tahun": 2025, "triwulan": 1, "termasuk_diajukan": "true"}).json()
    assert both["overall"]["value"] == "93.75"  # (75 + 100 + 120 + 40/50=80) / 4
    # The officer's numbers are their own unit's, whatever unit they ask for.
    own = token_client(people["officer_a"]).get(f"{API}/scores/", {"unit": unit_b.pk, "termasuk_diajukan": "1"}).json()
    assert own["filters"]["unit"] == unit_a.pk and [r["unit"]["id"] for r in own["ranking"]] == [unit_a.pk]
    _error(reviewer.get(f"{API}/scores/", {"triwulan": 5}), 400, "invalid")


# --- tokens -------------------------------------------------------------------------


def test_token_is_stored_hashed_and_revocation_locks_out(world, people):
    token, secret = token_create(user=people["officer_a"], name="SIMPEG")
    assert len(secret) == 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.key_hash == hash_secret(secret) and stored.prefix == secret[:8]
    client = Client(headers={"Authorization": f"Token {secret}"})
    assert client.get(f"{API}/reports/").status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    stored.revoked_at = stored.last_used_at
    stored.save()
    error = _error(client.get(f"{API}/reports/"), 401, "authentication_failed")
    assert error["message"] == "Token sudah dicabut."
    _error(Client(headers={"Authorization": "Token salah"}).get(f"{API}/reports/"), 401, "authentication_failed")
    _error(Client(headers={"Authorization": f"Bearer {secret}x"}).get(f"{API}/reports/"), 401, "authentication_failed")


def test_token_page_creates_shows_once_and_revokes(world, people, as_user, officer_b):
    client = as_user(people["officer_a"])
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200 and "Token API" in page.content.decode()
    response = client.post(reverse("api:tokens"), {"name": "Aplikasi e-Kinerja"})
    html = response.content.decode()
    assert {"no-store", "private"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    secret = re.search(r'id="kunci" readonly value="([^"]+)"', html).group(1)
    token = ApiToken.objects.get(user=people["officer_a"], name="Aplikasi e-Kinerja")
    assert token.key_hash == hash_secret(secret)
    assert secret not in client.get(reverse("api:tokens")).content.decode()  # shown once
    api = Client(headers={"Authorization": f"Token {secret}"})
    assert api.get(f"{API}/reports/").status_code == 200
    # Another user cannot revoke it; its owner can.
    assert as_user(officer_b).post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get(f"{API}/reports/").status_code == 401
    assert client.post(reverse("api:tokens"), {"name": "  "}).status_code == 200
    assert Client().get(reverse("api:tokens")).status_code == 302  # login first
    english = client.get(reverse("api:tokens"), headers={"Accept-Language": "en"}).content.decode()
    # Translated (by whichever catalogue holds the string: the project's locale/ wins over the app's).
    assert 'lang="en"' in english and "Token mendapat hak yang sama" not in english


def test_admin_creates_and_revokes_tokens(world, people, as_user):
    client = as_user(people["admin"])
    response = client.post(
        reverse("admin:api_apitoken_add"), {"user": people["officer_b"].pk, "name": "Sistem B"}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Sistem B")
    secret = re.search(r"simpan sekarang\): (\S+?)(?:<|\s)", response.content.decode()).group(1)
    assert token.key_hash == hash_secret(secret) and token.user == people["officer_b"]
    api = Client(headers={"Authorization": f"Token {secret}"})
    assert api.get(f"{API}/reports/").json()["count"] == 1
    client.post(reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None and api.get(f"{API}/reports/").status_code == 401


# --- rate limits, language, docs -----------------------------------------------------


def test_throttling_per_token_answers_429_in_the_json_shape(world, people, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min", "anon": "2/min"}}
    first, second = token_client(people["officer_a"]), token_client(people["officer_a"])
    for _ in range(3):
        assert first.get(f"{API}/areas/").status_code == 200
    response = first.get(f"{API}/areas/")
    error = _error(response, 429, "throttled")
    assert "Terlalu banyak permintaan" in error["message"] and int(response["Retry-After"]) > 0
    assert second.get(f"{API}/areas/").status_code == 200  # a limit per token, not per user or address


def test_errors_in_english_with_accept_language(world, people):
    indonesian = _error(token_client(None).get(f"{API}/reports/"), 401, "not_authenticated")["message"]
    english = _error(token_client(None, language="en").get(f"{API}/reports/"), 401, "not_authenticated")["message"]
    assert indonesian.startswith("Diperlukan token API") and english and english != indonesian
    assert "token" in english.lower()
    found = _error(token_client(people["reviewer"]).get(f"{API}/reports/999999/"), 404, "not_found")["message"]
    assert found == "Data tidak ditemukan."
    response = token_client(people["reviewer"], language="en").get(f"{API}/reports/999999/")
    assert _error(response, 404, "not_found")["message"] not in ("", found)


def test_schema_and_docs_are_served_without_cdn(world, people):
    client = Client()
    client.force_login(people["officer_a"])
    schema = client.get(f"{API}/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/reports/{id}/progress/" in paths and "/api/v1/scores/" in paths
    docs = client.get(f"{API}/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200 and "swagger-ui" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and not [a for a in assets if re.match(r"(https?:)?//", a)], assets
    assert "<script>" not in html and "<style>" not in html  # the CSP allows neither
    script = client.get(f"{API}/docs/", {"script": ""})
    assert script.status_code == 200 and b"https://" not in script.content.replace(b"https://swagger.io", b"")


@pytest.mark.parametrize("person", ["officer_a", "officer_b", "reviewer", "pimpinan", "admin"])
def test_schema_and_docs_need_a_signed_in_user_or_a_token(world, people, person):
    signed_in = Client()
    signed_in.force_login(people[person])
    assert signed_in.get(f"{API}/schema/").status_code == 200
    assert signed_in.get(f"{API}/docs/").status_code == 200
    assert token_client(people[person]).get(f"{API}/schema/", {"format": "json"}).status_code == 200


def test_schema_and_docs_are_closed_to_anonymous_visitors(world):
    schema = Client().get(f"{API}/schema/", {"format": "json"})
    error = _error(schema, 401, "not_authenticated")
    assert "token" in error["message"].lower() and "paths" not in schema.content.decode()
    for query in ({}, {"script": ""}):
        docs = Client().get(f"{API}/docs/", query)
        assert docs.status_code == 302 and docs["Location"].startswith(reverse("login") + "?next=/api/v1/docs/")
        assert b"swagger" not in docs.content
    # A wrong token is refused, not sent to the sign-in page.
    _error(Client(headers={"Authorization": "Token salah"}).get(f"{API}/schema/"), 401, "authentication_failed")
    _error(Client(headers={"Authorization": "Token salah"}).get(f"{API}/docs/"), 401, "authentication_failed")
