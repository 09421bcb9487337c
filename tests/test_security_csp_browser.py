"""The Content-Security-Policy in a real Chromium: no page, the admin included, breaks a rule of it,
and the htmx features keep working (a row saved by htmx, an export job polled every second).

A violation shows as a `securitypolicyviolation` event in the page and a console error "Refused to …".
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from evaluations.models import Cycle, today_wita
from tests import factories
from tests.test_officer_helpers import build_reports, rows_by_code, travel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded from the first byte of every document, before any script of the page runs.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


@pytest.fixture
def data(transactional_db, roadmap, unit_a, people):
    with travel(dt.date(2025, 7, 5)):
        _, report = build_reports(roadmap, unit_a)
    # The live server runs at the real date: keep TW II open around today so that the row can be saved.
    today = today_wita()
    Cycle.objects.filter(pk=report.cycle_id).update(
        opens_on=today - dt.timedelta(days=2),
        due_on=today + dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=10),
    )
    report.refresh_from_db()
    assert report.lock_reason(today) is None
    return report


def _open(browser, live_server, user):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Makassar")
    context.set_default_timeout(15_000)
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page, console


def _violations(page, console: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    found = list(page.evaluate("window.__csp || []"))
    found += [text for text in console if "Content Security Policy" in text or "Refused to" in text]
    return found


def test_pages_and_admin_run_under_the_csp(browser, live_server, data, people):
    context, page, console = _open(browser, live_server, people["admin"])
    urls = [
        reverse("home_admin"),
        reverse("evaluations:report_detail", args=[data.pk]),
        reverse("evaluations:review_queue"),
        reverse("evaluations:review_detail", args=[data.pk]),
        reverse("dashboards:overview"),
        reverse("dashboards:unit", args=[data.unit_id]),
        reverse("exports:index"),
        reverse("areas:indicator_list"),
        reverse("admin:index"),
        reverse("admin:roadmap_user_changelist"),
        reverse("admin:roadmap_user_change", args=[people["officer_a"].pk]),
        reverse("admin:roadmap_unit_add"),
        reverse("admin:roadmap_auditevent_changelist"),
    ]
    problems = {}
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        found = _violations(page, console)
        if found:
            problems[url] = found
        console.clear()
    # The dashboards' charts are drawn by the static script from the JSON blocks.
    page.goto(live_server.url + reverse("dashboards:overview"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("Array.from(document.querySelectorAll('canvas')).some(c => c.width > 0)")
    # The detector itself: an inline script added now is blocked and reported.
    console.clear()
    page.evaluate("var s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s)")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert _violations(page, console), "the CSP violation detector saw nothing"
    context.close()
    assert not problems, problems


def test_htmx_row_save_works_under_the_csp(browser, live_server, data, people):
    context, page, console = _open(browser, live_server, people["officer_a"])
    page.goto(live_server.url + reverse("evaluations:report_detail", args=[data.pk]))
    row = rows_by_code(data)["03"]
    card = page.locator(f"#ind-{row.pk}")
    card.locator("input[data-role=realisasi]").fill("7")
    with page.expect_response(lambda r: "/indikator/" in r.url and r.request.method == "POST") as info:
        card.locator("button[hx-post]").click()
    assert info.value.status == 200
    page.wait_for_timeout(300)
    row.refresh_from_db()
    assert row.realisasi == 7
    assert not _violations(page, console)
    context.close()
