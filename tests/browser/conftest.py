"""Real-browser tests: Playwright driving Debian's chromium, JavaScript off (Tor Browser "Safest").

Skipped with a reason when chromium or Playwright is missing, except in CI, which installs
chromium (.ci/run) and sets RIGHTSDESK_REQUIRE_BROWSER=1 so that a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("RIGHTSDESK_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: no background calls home, no component updates.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(
    os.environ.get("RIGHTSDESK_SCREENSHOTS")
    or Path(tempfile.gettempdir()) / "rightsdesk-screenshots"
)
# Each run writes to a folder of its own, named for the run: pytest-xdist gives every worker of
# one run the same id; a run without workers is named by its start time.
RUN_NAME = os.environ.get("PYTEST_XDIST_TESTRUNUID") or time.strftime("%Y%m%d-%H%M%S")
RUN_SCREENSHOTS = SCREENSHOTS / f"run-{RUN_NAME}"


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401, PLC0415 - optional until the browser is there
    except ImportError:
        return "playwright is not installed"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("RIGHTSDESK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - see above

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still plain synchronous code, so Django's guard does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh page with JavaScript off that records every URL it requests."""
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    context.set_default_timeout(8000)
    page = context.new_page()
    page.requested = []  # every request the page made, to prove nothing left the origin
    page.on("request", lambda request: page.requested.append(request.url))
    # A click that navigates returns once the navigation has started; reading the page right
    # after it could get an empty, half-parsed document (seen in CI). Read the loaded page.
    read = page.content

    def content() -> str:
        page.wait_for_load_state("load")
        return str(read())

    page.content = content
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    RUN_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = RUN_SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Any, width: int | None = None) -> list[str]:
    """axe-core (bundled with axe-playwright-python) on what the page shows now.

    axe needs JavaScript and the page under test has none, so the page's HTML is replayed at
    the same URL in a second context where JavaScript is on (and our CSP bypassed for the audit
    script only); styles load from the live server as they did for the real page. `width`: the
    audit's viewport width (layout-dependent rules such as target size), default 1280.
    """
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - optional dependency

    # A click that navigates returns once the navigation has started; audit the page it loads,
    # not a half-parsed one (a half-loaded page failed axe now and then).
    page.wait_for_load_state("load")
    html = page.content()
    url = page.url
    viewport = {"width": width, "height": 800} if width else None
    context = page.context.browser.new_context(
        java_script_enabled=True, bypass_csp=True, viewport=viewport
    )
    try:
        audit = context.new_page()
        audit.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        audit.goto(url)
        results = Axe().run(audit)
    finally:
        context.close()
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]
