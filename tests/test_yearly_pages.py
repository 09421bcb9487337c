"""The Sasaran Road Map and Evaluasi RB pages by URL: who may read, who may change (every new view, for the six
people of the permission matrix), what the pages and the Dasbor's cards show, and bad input by the browser."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import (
    RbEvaluation,
    Recommendation,
    RecommendationAssignment,
    StrategicEvidence,
    StrategicRealisation,
)
from evaluations.services import yearly as services
from evaluations.services.yearly import RbEvaluationInput, RealisationInput
from tests.test_officer_helpers import PDF_BYTES
from tests.yearly_data import build_sasaran

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
PEOPLE = ["anonymous", "officer_a", "officer_b", "reviewer", "pimpinan", "admin"]
READ = {"anonymous": 302, "officer_a": 403, "officer_b": 403, "reviewer": 200, "pimpinan": 200, "admin": 200}
WRITE = {**READ, "pimpinan": 403}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(roadmap, admin_user):
    data = build_sasaran(roadmap)
    services.strategic_realisations_save(
        user=admin_user,
        roadmap=roadmap,
        year=2025,
        rows=[
            RealisationInput(
                indicator_id=data.h1.pk,
                value=Decimal("63"),
                files=[SimpleUploadedFile("LHE.pdf", PDF_BYTES)],
            )
        ],
    )
    evaluation = services.rb_evaluation_save(
        user=admin_user,
        data=RbEvaluationInput(
            year=2025,
            general_value=Decimal("68.40"),
            tematik_value=Decimal("11.25"),
            lhe_number="B/0987/M.RB.06/2026",
            lhe_date=dt.date(2026, 3, 20),
            document=SimpleUploadedFile("LHE 2025.pdf", PDF_BYTES),
        ),
    )
    return data, evaluation


def _get_urls(roadmap, world):
    evidence = StrategicEvidence.objects.get()
    return {
        "sasaran": (reverse("evaluations:sasaran") + f"?roadmap={roadmap.pk}&tahun=2025", READ),
        "sasaran_edit": (reverse("evaluations:sasaran_edit", args=[2025]) + f"?roadmap={roadmap.pk}", WRITE),
        "sasaran_evidence": (reverse("evaluations:sasaran_evidence", args=[evidence.pk]), READ),
        "rb_list": (reverse("evaluations:rb_list"), READ),
        "rb_detail": (reverse("evaluations:rb_detail", args=[2025]), READ),
        "rb_create": (reverse("evaluations:rb_create"), WRITE),
        "rb_edit": (reverse("evaluations:rb_edit", args=[2025]), WRITE),
        "rb_document": (reverse("evaluations:rb_document", args=[2025]), READ),
    }


@pytest.mark.parametrize("who", PEOPLE)
def test_get_by_url(roadmap, world, people, as_user, who):
    client = as_user(people[who])
    for name, (url, expected) in _get_urls(roadmap, world).items():
        response = client.get(url)
        assert response.status_code == expected[who], (name, who)
        if expected[who] == 302:
            assert response["Location"].startswith(reverse("login")), name


@pytest.mark.parametrize("who", PEOPLE)
def test_post_by_url(roadmap, world, people, as_user, who):
    """Every writing URL: only Verifikator and Admin change anything; the others leave every row as it was."""
    data, evaluation = world
    client = as_user(people[who])
    h1 = StrategicRealisation.objects.get(indicator=data.h1, year=2025)
    posts = {
        "sasaran_edit": (
            reverse("evaluations:sasaran_edit", args=[2025]) + f"?roadmap={roadmap.pk}",
            {
                f"s{data.h1.pk}-version": h1.version,
                f"s{data.h1.pk}-realisasi": "64",
                f"s{data.h2.pk}-version": 0,
                f"s{data.h2.pk}-realisasi": "",
                f"s{data.s1.pk}-version": 0,
                f"s{data.s1.pk}-realisasi": "44",
            },
        ),
        "rb_edit": (
            reverse("evaluations:rb_edit", args=[2025]),
            {"version": evaluation.version, "nilai_general": "70", "nilai_tematik": "11,25"},
        ),
        "rb_create": (reverse("evaluations:rb_create"), {"tahun": "2026", "version": 0, "nilai_general": "71,5"}),
    }
    staff = who in ("reviewer", "admin")
    for name, (url, payload) in posts.items():
        response = client.post(url, payload)
        expected = 302 if staff or who == "anonymous" else 403
        assert response.status_code == expected, (name, who)
    evidence = StrategicEvidence.objects.get()
    version = StrategicRealisation.objects.get(pk=evidence.realisation_id).version
    response = client.post(reverse("evaluations:sasaran_evidence_delete", args=[evidence.pk]), {"version": version})
    assert response.status_code == (302 if staff or who == "anonymous" else 403)

    h1.refresh_from_db()
    evaluation.refresh_from_db()
    if staff:
        assert h1.value == Decimal("64")
        assert evaluation.general_value == Decimal("70")
        assert RbEvaluation.objects.get(year=2026).general_value == Decimal("71.5")
        assert not StrategicEvidence.objects.exists()
    else:
        assert h1.value == Decimal("63")
        assert evaluation.general_value == Decimal("68.40")
        assert not RbEvaluation.objects.filter(year=2026).exists()
        assert StrategicEvidence.objects.exists()


def test_sasaran_page_shows_the_numbers(roadmap, world, as_user, pimpinan):
    data, _evaluation = world
    html = as_user(pimpinan).get(reverse("evaluations:sasaran") + "?tahun=2025").content.decode()
    row = re.search(rf'<tr data-indicator="{data.h1.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "data-target>70<" in row and "data-realisasi>63<" in row
    assert "data-capaian>90 %<" in row
    assert "LHE.pdf" in row
    assert 'id="ubah-sasaran"' not in html  # Pimpinan reads only


def test_a_bad_number_on_the_sasaran_form_saves_nothing(roadmap, world, as_user, reviewer):
    data, _evaluation = world
    h1 = StrategicRealisation.objects.get(indicator=data.h1, year=2025)
    response = as_user(reviewer).post(
        reverse("evaluations:sasaran_edit", args=[2025]),
        {
            f"s{data.h1.pk}-version": h1.version,
            f"s{data.h1.pk}-realisasi": "65",
            f"s{data.h2.pk}-version": 0,
            f"s{data.h2.pk}-realisasi": "1.234",  # ambiguous: refused, never guessed
            f"s{data.s1.pk}-version": 0,
        },
    )
    assert response.status_code == 400
    assert "tidak jelas" in response.content.decode()
    assert StrategicRealisation.objects.get(pk=h1.pk).value == Decimal("63")
    assert StrategicRealisation.objects.get(indicator=data.h2, year=2025).value == Decimal("6")


def test_a_stale_sasaran_form_names_the_indicator(roadmap, world, as_user, reviewer):
    data, _evaluation = world
    response = as_user(reviewer).post(
        reverse("evaluations:sasaran_edit", args=[2025]),
        {
            f"s{data.h1.pk}-version": 5,
            f"s{data.h1.pk}-realisasi": "65",
            f"s{data.h2.pk}-version": 0,
            f"s{data.s1.pk}-version": 0,
        },
    )
    assert response.status_code == 400
    assert "Indeks RB sudah diubah orang lain" in response.content.decode()


def test_evaluation_pages_show_indeks_and_predikat(world, as_user, pimpinan):
    client = as_user(pimpinan)
    html = client.get(reverse("evaluations:rb_list")).content.decode()
    row = re.search(r'<tr data-year="2025">(.*?)</tr>', html, re.S).group(1)
    assert "data-indeks>79,65<" in row
    assert re.search(r"data-predikat><span[^>]*>BB<", row)
    assert 'id="chart-indeks-rb"' in html and 'id="tambah-evaluasi"' not in html
    detail = client.get(reverse("evaluations:rb_detail", args=[2025])).content.decode()
    assert "B/0987/M.RB.06/2026" in detail and "20 Maret 2026" in detail
    document = client.get(reverse("evaluations:rb_document", args=[2025]))
    assert document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content) == PDF_BYTES


def test_a_bad_evaluation_form_says_why(world, as_user, admin_user):
    response = as_user(admin_user).post(
        reverse("evaluations:rb_create"), {"tahun": "2025", "version": 0, "nilai_general": "120"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nilai RB General harus 0 sampai 100." in html
    assert RbEvaluation.objects.count() == 1


def test_unknown_year_is_404(world, as_user, admin_user):
    client = as_user(admin_user)
    assert client.get(reverse("evaluations:rb_detail", args=[2019])).status_code == 404
    assert client.get(reverse("evaluations:rb_edit", args=[2019])).status_code == 404
    assert client.get(reverse("evaluations:sasaran_edit", args=[2040])).status_code == 404


@pytest.fixture
def recommendations(world, unit_a, unit_b, admin_user):
    """Two recommendations of the 2025 LHE (No. 2 past due, nothing reported: Terlambat on 2 December 2026) and
    one of a 2024 LHE, which the 2025 page does not list."""
    _data, evaluation = world
    first = Recommendation.objects.create(
        evaluation=evaluation, number=1, text="Menerapkan sistem merit.", due_year=2026, due_quarter=4
    )
    second = Recommendation.objects.create(
        evaluation=evaluation, number=2, text="Menyusun peta proses bisnis.", due_year=2026, due_quarter=2
    )
    RecommendationAssignment.objects.create(recommendation=first, unit=unit_a)
    RecommendationAssignment.objects.create(recommendation=first, unit=unit_b)
    RecommendationAssignment.objects.create(recommendation=second, unit=unit_b)
    older = RbEvaluation.objects.create(year=2024, roadmap=evaluation.roadmap, general_value=Decimal("62.15"))
    other = Recommendation.objects.create(
        evaluation=older, number=1, text="Rekomendasi tahun lalu.", due_year=2025, due_quarter=4
    )
    RecommendationAssignment.objects.create(recommendation=other, unit=unit_a)


@pytest.mark.parametrize(("who", "can_add"), [("reviewer", True), ("admin", True), ("pimpinan", False)])
def test_evaluation_page_lists_the_years_recommendations_and_the_add_link_for_reviewers(
    recommendations, people, as_user, who, can_add
):
    response = as_user(people[who]).get(reverse("evaluations:rb_detail", args=[2025]))
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="rekomendasi-lhe"') :]
    assert re.findall(r'data-recommendation="([^"]+)"', section) == ["LHE 2025 No. 1", "LHE 2025 No. 2"]
    assert "Rekomendasi tahun lalu." not in html
    rows = dict(re.findall(r'<tr data-recommendation="([^"]+)">(.*?)</tr>', section, re.S))
    assert "Menerapkan sistem merit." in rows["LHE 2025 No. 1"] and "TW IV 2026" in rows["LHE 2025 No. 1"]
    assert 'data-unit="dinas-a"' in rows["LHE 2025 No. 1"] and 'data-unit="dinas-b"' in rows["LHE 2025 No. 1"]
    assert 'data-role="overdue"' not in rows["LHE 2025 No. 1"]
    assert 'data-role="overdue"' in rows["LHE 2025 No. 2"]  # TW II 2026 is over, nothing reported
    add = reverse("evaluations:recommendation_add", args=[2025])
    assert ('id="tambah-rekomendasi"' in html) is can_add
    assert (f'href="{add}"' in html) is can_add
    # The link leads to a form the same people may use (views.recommendations.recommendation_add).
    assert as_user(people[who]).get(add).status_code == (200 if can_add else 403)


def test_evaluation_page_without_recommendations_says_so(world, as_user, admin_user, pimpinan):
    html = as_user(admin_user).get(reverse("evaluations:rb_detail", args=[2025])).content.decode()
    assert 'id="rekomendasi-kosong"' in html and "Belum ada rekomendasi untuk LHE tahun ini." in html
    assert 'id="tambah-rekomendasi"' in html
    html = as_user(pimpinan).get(reverse("evaluations:rb_detail", args=[2025])).content.decode()
    assert 'id="rekomendasi-kosong"' in html and 'id="tambah-rekomendasi"' not in html


def test_dasbor_sends_anonymous_to_the_login_page(world, client):
    response = client.get(reverse("dashboards:overview") + "?tahun=2026&triwulan=3")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["reviewer", "pimpinan", "admin"])
def test_dasbor_cards_for_staff(roadmap, world, people, as_user, who):
    response = as_user(people[who]).get(reverse("dashboards:overview") + "?tahun=2026&triwulan=3")
    assert response.status_code == 200
    html = response.content.decode()
    card = html[html.index('id="kartu-sasaran"') :]
    assert "Sasaran Road Map · 2026" in card  # the Dasbor's year has a realisation (S1: 50)
    indeks = html[html.index('id="kartu-indeks-rb"') : html.index('id="kartu-sasaran"')]
    assert "data-indeks>79,65<" in indeks and "data-predikat>BB<" in indeks


@pytest.mark.parametrize("who", ["officer_a", "officer_b"])
def test_dasbor_cards_not_for_officers(roadmap, world, people, as_user, who):
    response = as_user(people[who]).get(reverse("dashboards:overview") + "?tahun=2026&triwulan=3")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="kartu-indeks-rb"' not in html
    assert 'id="kartu-sasaran"' not in html


def test_dasbor_sasaran_card_hand_computed(roadmap, world, as_user, reviewer):
    """The Dasbor's year 2025: each indicator's target, realisasi and capaian, by hand (tests/yearly_data.py)."""
    data, _evaluation = world
    html = as_user(reviewer).get(reverse("dashboards:overview") + "?tahun=2025&triwulan=4").content.decode()
    card = html[html.index('id="kartu-sasaran"') :]
    got = {}
    for indicator in (data.h1, data.h2, data.s1):
        row = re.search(rf'<tr data-indicator="{indicator.pk}">(.*?)</tr>', card, re.S).group(1)
        got[indicator.name] = tuple(
            re.search(rf"data-{k}>([^<]*)<", row).group(1) for k in ("target", "realisasi", "capaian")
        )
    assert got == {
        "Indeks RB": ("70", "63", "90 %"),
        "Persentase kemiskinan": ("8", "6", "125 %"),
        "Indeks BerAKHLAK": ("80", "44", "55 %"),
    }


def test_navigation_for_staff(as_user, reviewer, officer_a, pimpinan):
    html = as_user(reviewer).get(reverse("evaluations:rb_list")).content.decode()
    assert reverse("evaluations:sasaran") in html
    officer_home = as_user(officer_a).get(reverse("home_operator"), follow=True).content.decode()
    assert reverse("evaluations:rb_list") not in officer_home
