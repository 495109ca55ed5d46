"""The coordinator's pages at a desktop's 1280 px and a phone's 390 px, in Romanian
and English: nothing scrolls the page sideways, no table is cut off, the lists
become cards on the phone, axe finds nothing serious, and the figure tables fit
an A4 page when printed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PAGES = ("/cooperation", "/cooperation/overdue", "/cooperation/report")
#: A4 portrait less 12 mm margins each side, in CSS pixels (96 per inch)
A4_PRINTABLE_WIDTH = round((210 - 2 * 12) / 25.4 * 96)


@pytest.fixture
def coordinator(factory, clock) -> str:
    """Overdue referrals to two offices of the Timiș labour agency and one to the
    Bihor health insurance house, a month ago; the coordinator's e-mail."""
    staff = factory.staff()
    for locality in ("Timișoara", "Lugoj", "Lugoj"):
        factory.referral(staff, beneficiary=factory.beneficiary(staff, locality=locality))
    bihor = factory.beneficiary(staff, county="RO-BH", locality="Oradea")
    factory.referral(staff, service="health_insurance.insured_enrolment", beneficiary=bihor)
    clock.advance(days=29)
    email = "coordinator.layout@prefectura-timis.example"
    factory.headers("coordinator", "prefectura-timis", email=email)
    return email


def page_width(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            viewport: document.documentElement.clientWidth,
            // a table wider than its box is cut off (or scrolls inside it)
            cut: [...document.querySelectorAll("#main table")]
                .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
                .map(t => t.id || t.className),
        })"""
    )


@pytest.mark.parametrize(
    "page",
    [
        {"locale": locale, "viewport": {"width": width, "height": 900}}
        for locale in ("ro-RO", "en-GB")
        for width in (1280, 390)
    ],
    indirect=True,
    ids=["ro-1280", "ro-390", "en-1280", "en-390"],
)
def test_coordinator_pages_fit_the_screen_and_are_accessible(page: Page, live_server, coordinator):
    sign_in(page, live_server, coordinator, PASSWORD)
    width = page.viewport_size["width"]

    for path in PAGES:
        page.goto(f"{live_server}{path}")
        assert page.locator("#main h1").count() == 1
        measured = page_width(page)
        assert measured["page"] <= width, (path, measured)  # no sideways scrolling
        assert measured["cut"] == [], (path, measured)
        assert not (violations := axe_violations(page)), "\n".join([path, *violations])

    page.goto(f"{live_server}/cooperation/overdue")
    rows = page.locator("#overdue tbody tr")
    assert rows.count() == 4
    first_cell = rows.first.locator("td").first
    display = first_cell.evaluate("td => getComputedStyle(td).display")
    label = first_cell.evaluate("td => getComputedStyle(td, '::before').content")
    if width < 640:  # cards: each value shows its column's title
        assert display == "flex"
        assert label.strip('"') == first_cell.get_attribute("data-label")
        assert page.locator("#overdue thead").bounding_box()["height"] <= 1
    else:
        assert display == "table-cell"
        assert label in ("none", "normal")


@pytest.mark.parametrize("page", [{"locale": "ro-RO"}, {"locale": "en-GB"}], indirect=True)
def test_the_figures_fit_an_a4_page_when_printed(page: Page, live_server, coordinator):
    sign_in(page, live_server, coordinator, PASSWORD)
    page.set_viewport_size({"width": A4_PRINTABLE_WIDTH, "height": 1000})
    page.emulate_media(media="print")

    for path in ("/cooperation/report", "/cooperation", "/cooperation/overdue"):
        page.goto(f"{live_server}{path}")
        measured = page_width(page)
        assert measured["page"] <= A4_PRINTABLE_WIDTH, (path, measured)
        assert measured["cut"] == [], (path, measured)
        # printed as tables, not as cards
        cell = page.locator("#main table tbody td").first
        assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
