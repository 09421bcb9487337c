"""Riwayat read when it is opened (evaluations.views.history): the report page carries only its place and a link,
htmx asks /laporan/<pk>/riwayat/ for the newest entries (?aksi=<row> / ?tl=<row>: one card's), and without
JavaScript the same URL is a page of its own with every entry. Permissions by URL for every role."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from evaluations.models import ActionStatus
from evaluations.services import actions as action_services
from evaluations.services import follow_ups as follow_up_services
from evaluations.services import reports
from evaluations.services.reports import ProgressInput
from tests import action_world, follow_up_world
from tests.test_officer_helpers import TODAY, travel

pytestmark = pytest.mark.django_db

EXPECTED = {"anonymous": 302, "officer_a": 200, "officer_b": 404, "reviewer": 200, "pimpinan": 200, "admin": 200}


@pytest.fixture
def world(roadmap, unit_a, unit_b, people):
    return action_world.build(roadmap, unit_a, unit_b)


def _url(report, **query: int | str) -> str:
    url = reverse("evaluations:report_history", args=[report.pk])
    return url + "".join(f"?{k}={v}" for k, v in query.items())


def _save_action(world, officer, progress: str, penjelasan: str = "") -> None:
    world.ra01.refresh_from_db()
    action_services.action_row_save(
        user=officer,
        row=world.ra01,
        data={"status": ActionStatus.RUNNING, "progress": Decimal(progress), "penjelasan": penjelasan},
        version=world.ra01.version,
    )


def _save_indicator(world, officer, realisasi: int) -> None:
    world.progress_a.refresh_from_db()
    row = ProgressInput(
        progress_id=world.progress_a.pk,
        version=world.progress_a.version,
        realisasi=Decimal(realisasi),
        penjelasan=f"Catatan {realisasi}",
    )
    reports.report_save_draft(report=world.report_a, user=officer, rows=[row])


def _entries(html: str) -> int:
    return html.count('class="history-new"')


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_who_may_read_the_riwayat_of_a_report_and_of_a_card(as_user, world, people, officer_a, who, htmx):
    _save_action(world, officer_a, "30")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for url in (_url(world.report_a), _url(world.report_a, aksi=world.ra01.pk)):
        response = as_user(people[who]).get(url, **headers)
        assert response.status_code == EXPECTED[who], url
        if who == "anonymous":
            assert response.url.startswith(reverse(settings.LOGIN_URL))
        if response.status_code == 200:
            assert 'history-new">30 %</span>' in response.content.decode()


def test_a_post_is_refused_and_a_row_of_another_report_or_no_number_is_not_found(as_user, world, officer_a):
    client = as_user(officer_a)
    assert client.post(_url(world.report_a)).status_code == 405
    assert client.get(_url(world.report_a, aksi=world.ra03.pk)).status_code == 404  # B's row, A's report
    assert client.get(_url(world.report_a, aksi="satu")).status_code == 404
    assert client.get(_url(world.report_a, tl="-1")).status_code == 404
    assert client.get(_url(world.report_a, aksi=10**9)).status_code == 404


def test_the_report_page_carries_the_place_of_riwayat_not_its_entries(as_user, world, officer_a):
    _save_indicator(world, officer_a, 61)
    _save_action(world, officer_a, "30", "Rapat koordinasi")
    html = as_user(officer_a).get(reverse("evaluations:report_detail", args=[world.report_a.pk])).content.decode()
    assert _entries(html) == 0 and "Catatan 61" not in html.split('data-role="report-history"')[1]
    page = re.search(r'<details class="card shadow-sm mt-4" data-role="report-history"[^>]*>', html).group(0)
    assert f'hx-get="{_url(world.report_a)}"' in page and 'hx-trigger="toggle once"' in page
    assert f'<a href="{_url(world.report_a)}">Buka riwayat laporan ini</a>' in html  # without JavaScript
    # The saved action's card has its Riwayat to open; the one never saved has none.
    card = re.search(rf'id="aksi-{world.ra01.pk}".*?</article>', html, re.S).group(0)
    assert f'hx-get="{_url(world.report_a, aksi=world.ra01.pk)}"' in card
    assert f'href="{_url(world.report_a, aksi=world.ra01.pk)}">Buka riwayat rencana aksi ini</a>' in card
    untouched = re.search(rf'id="aksi-{world.ra02.pk}".*?</article>', html, re.S).group(0)
    assert 'data-role="action-history"' not in untouched


def test_the_fragment_shows_the_newest_fifty_and_the_page_of_its_own_all(as_user, world, officer_a):
    for realisasi in range(1, 18):  # 17 saves × (realisasi, penjelasan, capaian) + the status: 52 entries
        _save_indicator(world, officer_a, realisasi)
    client = as_user(officer_a)
    fragment = client.get(_url(world.report_a), HTTP_HX_REQUEST="true").content.decode()
    assert _entries(fragment) == 50
    assert fragment.index('history-new">Catatan 17') < fragment.index('history-new">Catatan 16')  # newest first
    assert f'<a href="{_url(world.report_a)}">Tampilkan 2 perubahan yang lebih lama</a>' in fragment
    page = client.get(_url(world.report_a)).content.decode()
    assert _entries(page) == 52 and "Catatan 1<" in page and "Tampilkan" not in page
    assert "Semua perubahan laporan, terbaru di atas" in page
    assert reverse("evaluations:report_detail", args=[world.report_a.pk]) in page  # the way back


def test_a_cards_riwayat_holds_only_its_rows_changes(as_user, world, officer_a):
    _save_indicator(world, officer_a, 61)
    _save_action(world, officer_a, "30", "Rapat koordinasi")
    _save_action(world, officer_a, "45", "Rapat koordinasi")
    client = as_user(officer_a)
    card = client.get(_url(world.report_a, aksi=world.ra01.pk), HTTP_HX_REQUEST="true").content.decode()
    assert _entries(card) == 4  # status, 30 %, penjelasan, then 45 %
    assert card.index('history-new">45 %') < card.index('history-new">30 %')  # newest first
    assert "Catatan 61" not in card and "Tampilkan" not in card
    page = client.get(_url(world.report_a, aksi=world.ra01.pk)).content.decode()
    assert '<h1 class="h3 mb-0">Riwayat RA-01</h1>' in page and _entries(page) == 4


def test_a_follow_up_cards_riwayat(roadmap, unit_a, unit_b, people, officer_a, officer_b, as_user):
    fw = follow_up_world.build(roadmap, unit_a, unit_b)
    with travel(TODAY):
        follow_up_services.follow_up_row_save(
            user=officer_a, row=fw.a1, data={"status": "selesai", "explanation": "Peta proses"}, version=0
        )
    url = _url(fw.report_a, tl=fw.a1.pk)
    html = as_user(officer_a).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Peta proses" in html and _entries(html) == 2
    assert as_user(officer_b).get(url).status_code == 404
    assert as_user(officer_a).get(_url(fw.report_a, tl=fw.b1.pk)).status_code == 404
    assert "Riwayat LHE 2024 No. 1" in as_user(officer_a).get(url).content.decode()
