"""The appointment and the printouts in a real browser: an AJOFM officer makes
an appointment on the referral page; the person's slip renders in Ukrainian
and in Arabic (mirrored), accessible, one A4 sheet, with nothing to click when
printed; the printed referral page shows no button, form or navigation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

OFFICER = "olga.officer@ajofm-timis.example"
STAFF = "sara.staff@crim-timisoara.example"
#: what can be clicked or typed into, or takes the reader elsewhere on the site
CONTROLS = "button, input, select, textarea, summary, nav, .skip-link, .flashes, form"


def visible_controls(page: Page) -> list[str]:
    """The controls a reader would see, as the page is styled now (print media
    when emulated): Chromium's own visibility check."""
    return page.locator(CONTROLS).evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.outerHTML.slice(0, 80))"
    )


def pdf_pages(page: Page) -> int:
    """How many pages the print preview makes (headless chromium prints to PDF)."""
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def accepted_referral(factory: Factory) -> dict:
    staff = factory.headers("centre_staff", "crim-timisoara", email=STAFF)
    officer = factory.headers("agency_officer", "ajofm-timis", email=OFFICER)
    referral = factory.referral(staff)
    for to in ("received", "accepted"):
        referral = factory.move(officer, referral, to).get_json()
    return referral


@pytest.mark.parametrize("page", [{"locale": "en-GB"}], indirect=True)
def test_the_officer_makes_an_appointment_and_prints_the_slip_in_ukrainian_and_arabic(
    page: Page, live_server: str, factory: Factory
):
    referral = accepted_referral(factory)
    factory.headers("agency_officer", "ajofm-timis")  # a second officer of the agency
    sign_in(page, live_server, OFFICER, PASSWORD)
    page.goto(f"{live_server}/referrals/{referral['id']}")

    panel = page.locator("#appointment")
    panel.locator("summary").click()
    panel.locator("#f-appointment-date").fill("2026-11-05")
    panel.locator("#f-appointment-time").fill("10:30")
    panel.locator("#f-appointment-note").fill("Two passport photos")
    with page.expect_navigation():
        panel.locator("form button[type=submit]").first.click()
    assert page.locator("#appointment time").get_attribute("datetime") == (
        "2026-11-05T08:30:00+00:00"
    )
    assert "Two passport photos" in page.locator("#appointment").inner_text()
    assert not (v := axe_violations(page)), "\n".join(v)

    page.goto(f"{live_server}/referrals/{referral['id']}/slip?lang=uk")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Ваш запис на прийом"
    assert "10:30" in page.locator("main").inner_text()
    assert "Посвідка на проживання" in page.locator("main").inner_text()
    assert not (v := axe_violations(page)), "\n".join(v)
    assert page.locator("button[data-print]").is_visible()  # print.js shows it
    screenshot(page, "slip-uk")
    assert len(visible_controls(page)) >= 4  # on screen: the language select, its buttons
    page.emulate_media(media="print")
    assert visible_controls(page) == []
    assert pdf_pages(page) == 1
    page.emulate_media(media="screen")

    # the slip's own language select: no script needed
    page.select_option("#slip-lang", "ar")
    with page.expect_navigation():
        page.locator(".slip-tools button[type=submit]").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == "موعدك"
    assert "ما يجب إحضاره" in page.locator("main").inner_text()
    # mirrored: the heading starts at the sheet's right edge, the list indents on the right
    sheet = page.locator("main").bounding_box()
    heading = page.locator("h1").bounding_box()
    assert sheet and heading
    assert abs((heading["x"] + heading["width"]) - (sheet["x"] + sheet["width"])) < 40
    assert page.locator("ul.documents").evaluate("e => getComputedStyle(e).paddingRight") != "0px"
    assert not (v := axe_violations(page)), "\n".join(v)
    screenshot(page, "slip-ar")
    page.emulate_media(media="print")
    assert visible_controls(page) == []
    assert pdf_pages(page) == 1


@pytest.mark.parametrize(
    "page", [{"locale": "en-GB", "viewport": {"width": 700, "height": 990}}], indirect=True
)
def test_the_printed_referral_page_has_no_button_form_or_navigation(
    page: Page, live_server: str, factory: Factory
):
    referral = accepted_referral(factory)
    sign_in(page, live_server, OFFICER, PASSWORD)
    page.goto(f"{live_server}/referrals/{referral['id']}")
    assert len(visible_controls(page)) > 5  # on screen: the actions, the forms, the header

    page.emulate_media(media="print")
    assert visible_controls(page) == []
    assert page.locator("#appointment-heading").is_visible()
    assert page.locator("h1").is_visible()
    # an A4 sheet's width (about 700 CSS pixels within the margins): nothing cut off
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert pdf_pages(page) >= 1
