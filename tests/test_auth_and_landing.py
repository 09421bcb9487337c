"""Login, logout and password change in Indonesian; each role lands on its own Beranda."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_indonesian(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Masuk ke Monev RB" in response.content.decode()
    assert "Nama pengguna" in response.content.decode()


def test_login_failure_message_in_indonesian(client, officer_a):
    response = client.post(reverse("login"), {"username": "operator.a", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("officer_a", "home_operator"),
        ("reviewer", "home_verifikator"),
        ("pimpinan", "home_pimpinan"),
        ("admin", "home_admin"),
    ],
)
def test_each_role_lands_on_its_beranda(client, people, who, landing):
    user = people[who]
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(landing)
    assert response.status_code == 200
    assert "Beranda" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("anonymous", "home_operator", 302),
        ("officer_a", "home_operator", 200),
        ("officer_a", "home_verifikator", 403),
        ("officer_a", "home_admin", 403),
        ("reviewer", "home_verifikator", 200),
        ("reviewer", "home_operator", 403),
        ("reviewer", "home_admin", 403),
        ("pimpinan", "home_pimpinan", 200),
        ("pimpinan", "home_admin", 403),
        ("admin", "home_admin", 200),
        ("admin", "home_operator", 403),
    ],
)
def test_landing_pages_by_role(as_user, people, who, url, status):
    response = as_user(people[who]).get(reverse(url))
    assert response.status_code == status


def test_operator_beranda_shows_only_own_unit(as_user, people, roadmap, unit_a, unit_b):
    from tests.factories import IndicatorFactory

    IndicatorFactory(roadmap=roadmap, unit=unit_a, name="Indikator milik A")
    IndicatorFactory(roadmap=roadmap, unit=unit_b, name="Indikator milik B")
    body = as_user(people["officer_a"]).get(reverse("home_operator")).content.decode()
    assert "Indikator milik A" in body and "Indikator milik B" not in body


def test_logout_is_post_and_ends_session(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # back to login


def test_password_change(client, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("password_change"))
    assert "Ganti kata sandi" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Penajam-Paser-2025!", "new_password2": "Penajam-Paser-2025!"},
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Penajam-Paser-2025!")


def test_english_is_available(client, officer_a):
    client.force_login(officer_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home_operator")).content.decode()
    assert "Home" in body  # "Beranda" in English
