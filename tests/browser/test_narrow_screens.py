"""Every role's pages on a phone (390 px) and a desktop (1280 px): nothing scrolls
the page sideways, no table is wider than its box, lists become cards on the
phone, axe finds nothing serious (English at both widths, Romanian on the phone),
and the referral page and the inbox print without buttons or navigation.

One app with the documentation's six months of referrals; one browser context
(one sign-in) per role, many page visits.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_screenshots import EMAILS, build
from tests.conftest import FrozenClock
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1280
#: below 40rem (640 px) the lists are cards
CARDS_BELOW = 640
WEBHOOK = (
    "https://cases.ajofm-timis.example/hooks/referral-hub/status-changes-for-the-county-office"
)


def measure(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            // a table wider than its box is cut off (or scrolls inside it)
            cut: [...document.querySelectorAll("#main table")]
                .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
                .map(t => t.id || t.querySelector("caption, th")?.textContent.trim()),
            // what sticks out of the page's right edge, to say what to fix
            wide: [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => e.tagName + "." + e.className),
        })"""
    )


class Visitor:
    """One role's browser context; collects every problem found, to report them all."""

    def __init__(self, browser: Browser, base: str, role: str) -> None:
        self.base, self.role, self.problems = base, role, []
        self.context = browser.new_context(
            locale="ro-RO", viewport={"width": PHONE, "height": 800}, bypass_csp=True
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        sign_in(self.page, base, EMAILS[role], PASSWORD)

    def language(self, code: str) -> None:
        self.page.select_option("#language-switch", code)
        with self.page.expect_navigation():
            self.page.locator("header form:has(#language-switch) button[type=submit]").click()
        assert self.page.locator("html").get_attribute("lang") == code

    def check(self, paths: list[str], widths: tuple[int, ...]) -> None:
        lang = self.page.locator("html").get_attribute("lang")
        for width in widths:
            self.page.set_viewport_size({"width": width, "height": 800})
            for path in paths:
                response = self.page.goto(f"{self.base}{path}")
                where = f"{self.role} {lang} {width}px {path}"
                if response is None or response.status != 200:
                    self.problems.append(f"{where}: status {response and response.status}")
                    continue
                measured = measure(self.page)
                if measured["page"] > width:
                    self.problems.append(f"{where}: scrolls sideways {measured}")
                if measured["cut"]:
                    self.problems.append(f"{where}: table wider than its box {measured['cut']}")
                self.problems.extend(f"{where}: {v}" for v in axe_violations(self.page))
                self.cards(where, width)

    def cards(self, where: str, width: int) -> None:
        """Each list's cells show their column's title on a phone, and are cells on a desktop."""
        cells = self.page.locator("#main table.as-cards tbody td[data-label]")
        if cells.count() == 0:
            return
        display = cells.first.evaluate("td => getComputedStyle(td).display")
        expected = "flex" if width < CARDS_BELOW else "table-cell"
        if display != expected:
            self.problems.append(f"{where}: cells are {display}, not {expected}")

    def links(self, selector: str) -> list[str]:
        return self.page.eval_on_selector_all(
            selector, "links => links.map(a => new URL(a.href).pathname)"
        )

    def printed_without_controls(self, path: str, shows: str) -> None:
        self.page.set_viewport_size({"width": 700, "height": 1000})
        self.page.emulate_media(media="print")
        self.page.goto(f"{self.base}{path}")
        shown = self.page.locator(
            # the inbox's list sits in the form of its bulk actions: the list prints, they don't
            "button:visible, .button:visible, nav:visible, form:not(.bulk):visible,"
            " select:visible, input:visible"
        )
        if shown.count():
            self.problems.append(f"{self.role} print {path}: {shown.count()} controls shown")
        if not self.page.locator(shows).is_visible():
            self.problems.append(f"{self.role} print {path}: {shows} is not printed")
        self.page.emulate_media(media="screen")

    def close(self) -> None:
        self.context.close()


def test_every_page_fits_a_phone_and_a_desktop(
    browser: Browser, live_server: str, factory: Factory, clock: FrozenClock
):
    scenario, shown = build(factory, clock)
    factory.headers("admin", None, email=EMAILS["admin"])
    olena = scenario.people["olena"]["id"]
    referral = f"/referrals/{shown['id']}"
    problems: list[str] = []

    officer = Visitor(browser, live_server, "agency_officer")
    officer.page.goto(f"{live_server}/webhooks")
    office = officer.links("#main a[href^='/webhooks/']")
    assert office, "the officer's institution has offices"
    officer.page.goto(f"{live_server}{office[0]}")
    officer.page.fill("#f-url", WEBHOOK)
    with officer.page.expect_navigation():
        officer.page.locator("#main form:has(#f-url) button[type=submit]").click()
    pages = ["/inbox", "/inbox?status=all", referral, "/webhooks", office[0], "/notifications"]
    pages.append("/account")
    officer.check(pages, (PHONE,))
    officer.printed_without_controls("/inbox?status=all", "#main table")
    officer.printed_without_controls(referral, "#main h1")
    officer.language("en")
    officer.check(pages, (PHONE, DESKTOP))
    problems += officer.problems
    officer.close()

    staff = Visitor(browser, live_server, "centre_staff")
    pages = [
        "/staff",
        "/staff/referrals",
        "/staff/beneficiaries",
        f"/staff/beneficiaries/{olena}",
        f"/staff/beneficiaries/{olena}/household",
        f"/staff/beneficiaries/{olena}/access-log",
        f"/staff/beneficiaries/{olena}/edit",
        f"/staff/beneficiaries/{olena}/referrals/new?service=labour_agency.job_mediation",
        "/staff/beneficiaries/new",
        "/staff/services",
        referral,
        "/notifications",
        "/account",
    ]
    staff.check(pages, (PHONE,))
    staff.printed_without_controls(referral, "#main h1")
    staff.language("en")
    staff.check(pages, (PHONE, DESKTOP))
    problems += staff.problems
    staff.close()

    admin = Visitor(browser, live_server, "admin")
    admin.page.goto(f"{live_server}/admin")
    institution = admin.links("#main a[href^='/admin/institutions/']:not([href$='/new'])")[0]
    admin.page.goto(f"{live_server}{institution}")
    offices = admin.links("#main a[href*='/offices/']:not([href$='/new'])")
    admin.page.goto(f"{live_server}/admin/users")
    users = admin.links("#main a[href^='/admin/users/']:not([href$='/new'])")
    pages = [
        "/admin",
        institution,
        *offices[:1],
        "/admin/users",
        *users[:1],
        "/admin/users/new",
        "/admin/institutions/new",
        "/admin/tokens",
        "/admin/people",
        "/admin/webhooks",
        "/admin/plugins",
        "/admin/mail",
        "/notifications",
        "/account",
    ]
    admin.check(pages, (PHONE,))
    admin.language("en")
    admin.check(pages, (PHONE, DESKTOP))
    problems += admin.problems
    admin.close()

    assert not problems, "\n".join(problems)
