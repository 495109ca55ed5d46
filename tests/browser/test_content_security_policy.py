"""The hub's pages work under their own Content-Security-Policy (the other browser
tests bypass it to inject axe-core)."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

ENFORCED = {"locale": "en-GB", "bypass_csp": False}


@pytest.mark.parametrize("page", [ENFORCED], indirect=True)
def test_pages_break_no_rule_of_their_policy(page: Page, live_server: str, factory: Factory):
    email = "csp.coordinator@hub.example"
    factory.headers("coordinator", "prefectura-timis", email=email)
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", watch)
    sign_in(page, live_server, email, PASSWORD)
    for path in ("/cooperation", "/cooperation/report", "/account"):
        page.goto(f"{live_server}{path}")
    # the report's own script (static/print.js) ran: it reveals the Print button
    page.goto(f"{live_server}/cooperation/report")
    assert page.locator("button[data-print]").is_visible()
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header == "rgb(8, 58, 102)"  # the hub's stylesheet applied
    assert not refused, refused
