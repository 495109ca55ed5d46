"""Browser tests: the test app over real HTTP, driven by Debian's chromium.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium``
(``apt-get install chromium``). axe-core comes from ``tests/browser/node_modules``
(``make test`` runs ``npm ci --prefix tests/browser``). When either is missing
the tests fail and say so; they are never skipped.

Screenshots are saved only into the directory that ``$REFERRAL_HUB_SCREENSHOTS``
names (``make screenshots`` refreshes docs/screenshots); a test run changes no file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
#: names the directory screenshots go to (``make screenshots``: docs/screenshots)
SCREENSHOTS_ENV = "REFERRAL_HUB_SCREENSHOTS"

# No sandbox: CI runs as root in a container; the rest keeps chromium off the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app on a free port of 127.0.0.1; yields its base URL.

    Depends on ``app``, so the server stops before the database is emptied.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval: shutdown() waits for one poll, and it runs after every test.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Install it with `sudo apt-get install --no-install-recommends chromium` "
            "(never `playwright install`).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (cookies, storage) per test.

    Context options come from indirect parametrization, e.g.
    ``@pytest.mark.parametrize("page", [{"locale": "en-GB"}], indirect=True)``.
    """
    # bypass_csp: axe-core is injected as an inline script, which the hub's CSP forbids.
    options: dict[str, Any] = {"locale": "ro-RO", "viewport": VIEWPORT, "bypass_csp": True}
    options.update(getattr(request, "param", {}))
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not 30
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Sign in through the sign-in form; returns once the next page has loaded."""
    page.goto(f"{base_url}/login")
    form = page.locator("#main form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of ``impacts`` on the current page, one readable line each.

    Use as ``assert not (v := axe_violations(page)), "\\n".join(v)``.
    """
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run `make test` or `npm ci --prefix tests/browser`.",
            pytrace=False,
        )
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations"""
    )
    return [_describe(v) for v in violations if v["impact"] in impacts]


def _describe(violation: dict[str, Any]) -> str:
    # a target is a list of selectors (more than one across iframes and shadow roots)
    targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"{violation['impact']} {violation['id']}: {violation['help']} — at {targets}"


def screenshot(page: Page, name: str) -> bytes:
    """Take the whole page as a PNG (returned), saved as ``<name>.png`` only into the
    directory that ``$REFERRAL_HUB_SCREENSHOTS`` names: ``make screenshots`` sets it to
    docs/screenshots; a plain test run takes the picture but changes no file.
    """
    image = page.screenshot(full_page=True)
    if directory := os.environ.get(SCREENSHOTS_ENV, "").strip():
        Path(directory).mkdir(parents=True, exist_ok=True)
        (Path(directory) / f"{name}.png").write_bytes(image)
    return image
