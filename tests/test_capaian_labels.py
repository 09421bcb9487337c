"""Averages of capaian carry a kategori capaian, never the AA–D predikat of the Indeks RB: on the Dasbor, an area
page, a unit page, every export format and the API; the admin's scale (names, bounds, traffic light) is
validated, and a change shows at once on cached pages."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from areas.models import CapaianCategory, CapaianScale, ChangeArea
from dashboards.selectors import cache
from exports.reports import RekapExporter
from tests.test_api_support import token_client
from tests.test_exports import data, filters_for  # noqa: F401 - `data` is a fixture

pytestmark = pytest.mark.django_db

PERIOD = {"tahun": 2025, "triwulan": 1}
# A cell, card or badge whose whole text is one of the Indeks RB's bands.
GRADE = re.compile(r">\s*(?:AA|A|BB|B|CC|C|D)\s*<")
NAMES = ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang")


def _no_grade(text: str) -> None:
    assert "Predikat" not in text and "predikat" not in text
    assert not GRADE.search(text), GRADE.search(text)


def _pages(client, unit_a) -> dict[str, str]:
    area1 = ChangeArea.objects.get(order=1)
    urls = {
        "dasbor": reverse("dashboards:overview"),
        "area": reverse("dashboards:area", args=[area1.pk]),
        "unit": reverse("dashboards:unit", args=[unit_a.pk]),
    }
    out = {}
    for name, url in urls.items():
        response = client.get(url, PERIOD)
        assert response.status_code == 200, name
        out[name] = response.content.decode()
    return out


def test_pages_show_kategori_not_predikat(data, as_user, reviewer, unit_a):  # noqa: F811
    pages = _pages(as_user(reviewer), unit_a)
    for html in pages.values():
        _no_grade(html)
    # By hand, unit A (the only one counted): A-01 75 % ×2, A-02 100 %, A-03 200 → 120 %.
    # Overall (150 + 100 + 120) / 4 = 92,5 → Cukup (80 ≤ x < 100); area 2 only A-02: 100 → Baik (= 100).
    dasbor = pages["dasbor"]
    assert re.search(r'id="kategori-keseluruhan">Cukup<', dasbor)
    assert re.search(r'data-area="DK".*?data-kategori>Baik<', dasbor, re.S)
    assert re.search(r'data-unit="dinas-a".*?data-kategori>Cukup<', dasbor, re.S)
    # The area page: area 1 = (150 + 120) / 3 = 90 → Cukup, on its card and on unit A's row.
    assert re.search(r'data-unit="dinas-a".*?<td>Cukup</td>', pages["area"], re.S)
    assert ">Cukup<" in pages["unit"]


def test_exports_show_kategori_not_predikat(data, roadmap, admin_user):  # noqa: F811
    exporter = RekapExporter(user=admin_user, filters=filters_for(roadmap, quarter=1))
    book = load_workbook(io.BytesIO(exporter.to_bytes("xlsx")))
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    assert summary[0][3] == "Kategori Capaian"
    by_name = {row[1]: row for row in summary[1:]}
    assert by_name["Dinas A"][2:5] == (92.5, "Cukup", "Hijau")
    assert {row[3] for row in summary[1:]} - {None} <= set(NAMES)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(str(v) in {"AA", "A", "BB", "B", "CC", "C", "D", "Predikat"} for v in row if v), row

    csv_text = exporter.to_bytes("csv").decode("utf-8-sig")
    assert "Predikat" not in csv_text and not re.search(r"(^|,)(AA|BB|CC)(,|$)", csv_text, re.M)

    pdf = exporter.to_bytes("pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kategori capaian" in text and "Cukup" in text
    assert "Predikat" not in text and not re.search(r"\b(AA|BB|CC)\b", text)


def test_api_scores_carry_kategori_not_predikat(data, reviewer):  # noqa: F811
    body = token_client(reviewer).get("/api/v1/scores/", PERIOD).json()
    raw = json.dumps(body)
    assert "predikat" not in raw
    assert body["overall"] == {"value": "92.50", "kategori": "Cukup", "light": "hijau"}
    areas = {row["area"]["code"]: row["kategori"] for row in body["areas"]}
    assert areas["MP"] == "Cukup" and areas["DK"] == "Baik" and areas["PO"] is None
    assert body["ranking"][0]["kategori"] == "Cukup"


def test_in_english_the_default_names_are_translated_and_an_admins_own_name_is_not(
    data,  # noqa: F811
    reviewer,
    unit_a,
    as_user,
):
    staff, english = as_user(reviewer), {"HTTP_ACCEPT_LANGUAGE": "en"}
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language menu's choice (set_language)
    dasbor = staff.get(reverse("dashboards:overview"), PERIOD).content.decode()
    # The same numbers as test_pages_show_kategori_not_predikat: 92,5 → Cukup → Fair; area 2: 100 → Baik → Good.
    assert re.search(r'id="kategori-keseluruhan">Fair<', dasbor)
    assert re.search(r'data-area="DK".*?data-kategori>Good<', dasbor, re.S)
    assert "Cukup" not in dasbor
    body = token_client(reviewer).get("/api/v1/scores/", PERIOD, **english).json()
    assert body["overall"]["kategori"] == "Fair"
    # Indonesian stays Indonesian.
    indonesian = as_user(reviewer).get(reverse("dashboards:overview"), PERIOD).content.decode()
    assert re.search(r'id="kategori-keseluruhan">Cukup<', indonesian)
    # A name the admin typed has no translation: it is shown as typed, in either language.
    CapaianCategory.objects.filter(name="Cukup").update(name="Memadai")
    cache.bump()
    dasbor = staff.get(reverse("dashboards:overview"), PERIOD).content.decode()
    assert re.search(r'id="kategori-keseluruhan">Memadai<', dasbor)


# --- the admin's scale ----------------------------------------------------------------------------------------


def _scale_form(**changes) -> dict[str, str]:
    """The admin's change form of the scale as stored, with `changes` (row index → dict, or a field name)."""
    scale = CapaianScale.objects.get()
    rows = list(CapaianCategory.objects.order_by("-lower_bound", "inclusive"))
    form = {
        "green_from": str(scale.green_from),
        "yellow_from": str(scale.yellow_from),
        "source": scale.source,
        "categories-TOTAL_FORMS": str(len(rows)),
        "categories-INITIAL_FORMS": str(len(rows)),
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        form.update(
            {
                f"categories-{i}-id": str(row.pk),
                f"categories-{i}-scale": str(scale.pk),
                f"categories-{i}-name": row.name,
                f"categories-{i}-lower_bound": str(row.lower_bound),
            }
        )
        if row.inclusive:
            form[f"categories-{i}-inclusive"] = "on"
    for key, value in changes.items():
        if value is None:
            form.pop(key, None)
        else:
            form[key] = value
    return form


def _change_url() -> str:
    return reverse("admin:areas_capaianscale_change", args=[CapaianScale.SINGLETON])


def _stored() -> list[tuple[str, str, bool]]:
    return [(c.name, str(c.lower_bound), c.inclusive) for c in CapaianCategory.objects.order_by("-lower_bound")]


def test_the_scale_admin_is_for_the_admin_only(client, people):
    for url in (reverse("admin:areas_capaianscale_changelist"), _change_url()):
        for who in ("officer_a", "officer_b", "reviewer", "pimpinan"):
            client.force_login(people[who])
            assert client.get(url).status_code == 302  # to the admin login: not staff
    client.force_login(people["admin"])
    # Its list opens the one scale; it cannot be added to or deleted.
    assert client.get(reverse("admin:areas_capaianscale_changelist")).url == _change_url()
    page = client.get(_change_url())
    assert page.status_code == 200 and "Sangat Baik" in page.content.decode()
    assert client.get(reverse("admin:areas_capaianscale_add")).status_code == 403
    assert client.post(reverse("admin:areas_capaianscale_delete", args=[1]), {"post": "yes"}).status_code == 403
    client.logout()
    assert client.get(_change_url()).status_code == 302  # anonymous: to the login


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"categories-2-lower_bound": "100"}, "menurun tegas"),  # Cukup ≥ 100 beside Baik ≥ 100
        ({"categories-3-name": "cukup"}, "dipakai lebih dari sekali"),
        ({"categories-4-lower_bound": "10"}, "mulai 0"),
        ({"categories-0-lower_bound": "150"}, "antara 0 dan 120"),
        (
            {f"categories-{i}-DELETE": "on" for i in range(1, 5)},
            "sekurang-kurangnya dua kategori",
        ),
        ({"yellow_from": "90"}, "Batas kuning harus di bawah batas hijau"),
        ({"categories-1-lower_bound": "sembilan"}, "Masukkan sebuah bilangan"),
    ],
)
def test_a_bad_scale_gets_a_message_and_saves_nothing(client, admin_user, changes, message):
    client.force_login(admin_user)
    before = _stored()
    response = client.post(_change_url(), _scale_form(**changes))
    assert response.status_code == 200  # the form again, with its message
    assert message in response.content.decode()
    assert _stored() == before
    assert CapaianScale.objects.get().yellow_from == 60


def test_the_admin_changes_the_scale_and_cached_pages_follow_at_once(
    data,  # noqa: F811
    client,
    admin_user,
    reviewer,
    unit_a,
    settings,
    monkeypatch,
    as_user,
):
    settings.DASHBOARD_CACHE_SECONDS = 600
    backend = LocMemCache("capaian-scale-tests", {})
    backend.clear()
    monkeypatch.setattr(cache, "_backend", backend)
    cache.bump()

    staff = as_user(reviewer)
    before = _pages(staff, unit_a)
    assert re.search(r'id="kategori-keseluruhan">Cukup<', before["dasbor"])
    assert "tl tl-hijau" in before["dasbor"]
    assert backend._cache  # the pages are cached

    # Cukup becomes "Memadai" from 85; green only from 95, so 92,5 turns kuning.
    client.force_login(admin_user)
    response = client.post(
        _change_url(),
        _scale_form(**{"green_from": "95", "categories-2-name": "Memadai", "categories-2-lower_bound": "85"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ("Memadai", "85.00", True) in _stored()

    after = _pages(staff, unit_a)
    assert re.search(r'id="kategori-keseluruhan">Memadai<', after["dasbor"])
    assert "Cukup" not in after["dasbor"] and "Cukup" not in after["unit"]
    assert re.search(r'id="capaian-keseluruhan">92,5 %</div>\s*<span class="tl tl-kuning"', after["dasbor"])
    # Area 1 of unit A: 90 → Memadai (≥ 85), on the area page too.
    assert re.search(r'data-unit="dinas-a".*?<td>Memadai</td>', after["area"], re.S)
