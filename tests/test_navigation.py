"""The main navigation by role: the yearly evaluation's pages gathered in one menu (ten links wrapped the bar onto
three lines at 1366 px), a menu of one link shown as that link, the current page marked inside its menu."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MENU = "Evaluasi Tahunan"
YEARLY = ["/evaluasi-rb/", "/sasaran-road-map/", "/rekomendasi-lhe/"]


def _nav(html: str) -> str:
    return html[html.index('aria-label="Navigasi utama"') : html.index("</nav>")]


def _menu_links(nav: str) -> list[str]:
    if MENU not in nav:
        return []
    menu = nav[nav.index(MENU) : nav.index("</ul>", nav.index(MENU))]
    return re.findall(r'class="dropdown-item[^"]*" href="([^"]+)"', menu)


@pytest.mark.parametrize("who", ["reviewer", "pimpinan", "admin"])
def test_staff_find_the_yearly_pages_in_one_menu(people, as_user, who):
    nav = _nav(as_user(people[who]).get(reverse("dashboards:overview")).content.decode())
    assert _menu_links(nav) == YEARLY
    top = re.findall(r'class="nav-link text-nowrap[^"]*" href="([^"]+)"', nav)
    assert not set(top) & set(YEARLY)  # not also on the bar itself


@pytest.mark.parametrize("who", ["officer_a", "officer_b"])
def test_an_officer_has_no_menu_of_one_link_but_the_link_itself(people, as_user, who):
    nav = _nav(as_user(people[who]).get(reverse("dashboards:overview")).content.decode())
    assert MENU not in nav
    top = re.findall(r'class="nav-link text-nowrap[^"]*" href="([^"]+)"', nav)
    assert "/rekomendasi-lhe/" in top and "/evaluasi-rb/" not in top and "/sasaran-road-map/" not in top
    assert "/laporan/" in top


def test_the_current_page_is_marked_in_its_menu(people, as_user):
    nav = _nav(as_user(people["reviewer"]).get(reverse("evaluations:sasaran")).content.decode())
    assert 'class="nav-link dropdown-toggle text-nowrap active"' in nav
    assert 'class="dropdown-item active" href="/sasaran-road-map/" aria-current="page"' in nav
    assert nav.count('aria-current="page"') == 1


def test_anonymous_sees_no_navigation(client):
    html = client.get(reverse("login")).content.decode()
    assert MENU not in html and "/rekomendasi-lhe/" not in html


def test_without_javascript_the_menu_leads_to_its_first_page_which_links_the_others(people, as_user):
    client = as_user(people["pimpinan"])
    nav = _nav(client.get(reverse("dashboards:overview")).content.decode())
    toggle = nav[nav.rindex("<a", 0, nav.index(MENU)) : nav.index(MENU)]
    assert 'href="/evaluasi-rb/"' in toggle and 'data-bs-toggle="dropdown"' in toggle
    page = client.get("/evaluasi-rb/").content.decode()
    related = page[page.index('id="evaluasi-terkait"') :]
    related = related[: related.index("</p>")]
    assert 'href="/sasaran-road-map/"' in related and 'href="/rekomendasi-lhe/"' in related
