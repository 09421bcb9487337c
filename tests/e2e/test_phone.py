"""The officer's report form on a 390 × 844 phone: no horizontal scrolling, every button reachable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from evaluations.models import Report
from tests.e2e.journey import login, open_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH, HEIGHT = 390, 844
UNIT = "diskop-ukm-perindag"  # the longest unit name of the demo


def assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth]")
    assert max(widths) <= WIDTH, f"the page is {widths} px wide (html, body) on a {WIDTH} px phone"


def assert_reachable(button) -> None:
    """Scrolled into view, visible, enabled and not covered: a trial click finds it on top."""
    button.scroll_into_view_if_needed()
    expect(button).to_be_visible()
    expect(button).to_be_enabled()
    button.click(trial=True)


def test_report_form_fits_a_phone_and_every_button_is_reachable(new_page, live_server):
    demo = open_demo(live_server.url)
    report = Report.objects.get(unit__slug=UNIT, cycle=demo.cycle)
    progress_ids = list(report.progress_rows.values_list("pk", flat=True))

    page = new_page(WIDTH, HEIGHT)
    login(page, demo.url, f"operator.{UNIT}")
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="Isi laporan TW I 2025").click()
    expect(page.locator("h1")).to_have_text("Laporan Triwulan TW I 2025")
    assert_no_horizontal_scroll(page)

    assert_reachable(page.get_by_role("button", name="Simpan Draf"))
    assert_reachable(page.get_by_role("button", name="Ajukan"))
    for pk in progress_ids:
        card = page.locator(f"#ind-{pk}")
        assert_reachable(card.get_by_role("button", name="Simpan indikator ini"))
        assert_reachable(card.locator("input[type=file]"))
        assert_reachable(card.get_by_role("button", name="Unggah"))
        assert_reachable(card.get_by_label("Kendala"))
    assert_no_horizontal_scroll(page)
