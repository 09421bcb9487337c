"""The review pages on a 390 px phone in a real Chromium: no horizontal scroll, the actions reachable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.test_review_data import add_indicators, at_wita, open_cycle, report_of, submitted_report

# A live server needs committed rows: a transactional test.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    # A road map gets its framework when it is created (areas.services.framework): nothing to put back.
    return None


@pytest.fixture
def phone(browser, live_server, reviewer):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID", timezone_id="Asia/Makassar")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", reviewer.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    yield page
    context.close()


@pytest.fixture
def report(reference_data, roadmap, unit_a, officer_a):
    unit_a.name = "Dinas Koperasi UKM Perindustrian dan Perdagangan"
    unit_a.save()
    add_indicators(roadmap, unit_a, [("A-01", "higher", "80", 1, "320"), ("A-02", "milestone", "1", 3)])
    cycle = open_cycle(roadmap)
    return submitted_report(report_of(unit_a, cycle), officer_a, {"A-01": 1234.5, "A-02": True}, at_wita(2025, 4, 12))


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide"


def test_queue_and_review_page_fit_a_phone(phone, live_server, report):
    phone.goto(live_server.url + reverse("evaluations:review_queue"))
    assert phone.locator("#antrian").is_visible()
    _no_horizontal_scroll(phone)
    phone.locator("#antrian a", has_text=report.unit.name).click()
    phone.wait_for_url(f"**{reverse('evaluations:review_detail', args=[report.pk])}")
    _no_horizontal_scroll(phone)
    assert phone.locator("#aksi-setujui button").is_visible()
    # Kembalikan with no reason: the browser's own check or the server's message, and nothing changes.
    phone.locator("#form-kembalikan button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator("text=Alasan pengembalian wajib diisi.").is_visible()
    _no_horizontal_scroll(phone)
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.locator("#aksi-setujui button").click()
    phone.wait_for_selector("#aksi-buka-kembali")  # approved: Buka Kembali is offered instead
    assert phone.locator("#status-laporan").inner_text() == "Disetujui"
    _no_horizontal_scroll(phone)
    report.refresh_from_db()
    assert report.status == "disetujui"
