"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Never a downloaded browser: the tests marked `browser` skip when /usr/bin/chromium is absent
(`make browser-deps` installs it from Debian). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
# Headless and offline: without the networking flags Chromium keeps calling hosts it cannot reach.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


@pytest.fixture
def browser_page(live_server, monkeypatch, settings) -> Iterator:
    """A fresh Chromium page; the public origin (and so Wagtail's Site) is the live server."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed: `make browser-deps`")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the test makes
    # between browser steps are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from masthead.core.services import site_follow_origin

    settings.MASTHEAD_BASE_URL = live_server.url
    site_follow_origin()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            permissions=["clipboard-read", "clipboard-write"],
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # While Playwright's loop runs, Django keys its connections by context, not thread:
            # the ones the test opened here would outlive it and keep the test database busy.
            connections.close_all()


@pytest.fixture
def screenshot(browser_page):
    """Save a full-page screenshot named after the test step."""

    def take(name: str) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        browser_page.screenshot(path=str(path), full_page=True)
        return path

    return take
