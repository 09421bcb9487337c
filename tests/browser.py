"""Browser tests' shared pieces: one Playwright (Python) session driving Debian's Chromium.

Loaded by tests/conftest.py for every test file: Playwright's sync API allows one running instance
per thread, so every browser test (tests/e2e, the review phone check, the CSP check) shares this
session-scoped browser. Playwright's own browser download does not work here (no internet);
`make test` installs the `chromium` package. A screenshot of every failing page goes to artifacts/e2e/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread for as long as the browser lives; the tests
    # (and the database set-up around them) still talk to the database synchronously, which Django allows
    # only with this flag. It is set exactly while the loop runs, not at import.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for page in getattr(item, "_pages", []):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}-{id(page)}.png"), full_page=True)
            except Exception as error:  # a failed screenshot must not hide the test failure
                print(f"screenshot failed: {error}")


@pytest.fixture
def new_page(browser, request):  # type: ignore[no-untyped-def]
    """Open a fresh browser context (its own cookies) at a viewport; every page is screenshotted on failure."""
    contexts = []
    request.node._pages = []

    def _open(width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
        # Reduced motion: Bootstrap scrolls smoothly otherwise, and every click would wait for the scroll.
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="id-ID",
            timezone_id="Asia/Makassar",
            reduced_motion="reduce",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        request.node._pages.append(page)
        return page

    yield _open
    for context in contexts:
        context.close()
