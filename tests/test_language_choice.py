"""Indonesian first: a browser set to English still gets Indonesian pages until the user chooses English."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_browser_language_does_not_switch_the_pages(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Masuk ke Monev RB" in body


def test_the_users_choice_does(client, officer_a):
    client.force_login(officer_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home_operator"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Home" in body and "Beranda" not in body
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Beranda" in client.get(reverse("home_operator")).content.decode()


def test_an_unknown_cookie_value_falls_back_to_indonesian(client, officer_a, settings):
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "Beranda" in client.get(reverse("home_operator")).content.decode()
