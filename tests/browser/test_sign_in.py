"""Signing in and out, the language switch and the skip link, in a real browser."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

ENGLISH = {"locale": "en-GB"}


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def new_user(factory: Factory, role: str, slug: str | None = None) -> str:
    email = f"browser.{role}.{slug or 'hub'}@hub.example"
    factory.headers(role, slug, email=email)
    return email


def test_sign_in_page_has_no_serious_accessibility_violations(page: Page, live_server: str):
    page.goto(f"{live_server}/login")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    screenshot(page, "sign-in")


@pytest.mark.parametrize("page", [ENGLISH], indirect=True)
def test_wrong_password_shows_the_error(page: Page, live_server: str, factory: Factory):
    email = new_user(factory, "centre_staff", "crim-timisoara")
    sign_in(page, live_server, email, "not the password")
    assert path_of(page) == "/login"
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert "Unknown e-mail or wrong password." in alert.inner_text()
    assert page.locator("#main input[name=email]").input_value() == email  # kept
    assert page.locator("#main input[name=password]").input_value() == ""  # never echoed
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(
    "role, slug, home",
    [
        ("admin", None, "/admin"),
        ("coordinator", "prefectura-timis", "/cooperation"),
        ("centre_staff", "crim-timisoara", "/staff"),
        ("agency_officer", "ajofm-timis", "/inbox"),
    ],
)
def test_signing_in_lands_on_the_roles_home(
    page: Page, live_server: str, factory: Factory, role: str, slug: str | None, home: str
):
    sign_in(page, live_server, new_user(factory, role, slug), PASSWORD)
    assert path_of(page) == home


def test_language_switch_changes_the_page_language(page: Page, live_server: str):
    page.goto(f"{live_server}/login")
    assert html_lang(page) == "ro"  # the browser asks for Romanian
    for lang in ("en", "ro"):
        page.select_option("#language-switch", lang)
        with page.expect_navigation():
            page.locator("header form:has(#language-switch) button[type=submit]").click()
        assert html_lang(page) == lang
        assert path_of(page) == "/login"  # back where the switch was used


def test_tab_from_the_top_reaches_the_visible_skip_link_first(page: Page, live_server: str):
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {cls: el.className, href: el.getAttribute("href"),
                    x: box.x, y: box.y, w: box.width, h: box.height,
                    visibility: style.visibility, opacity: style.opacity};
        }"""
    )
    assert focused["cls"] == "skip-link" and focused["href"] == "#main", focused
    # Inside the viewport, with a size, and not hidden: a sighted keyboard user sees it.
    assert focused["w"] > 0 and focused["h"] > 0, focused
    assert 0 <= focused["x"] < 1280 and 0 <= focused["y"] < 900, focused
    assert focused["visibility"] == "visible" and float(focused["opacity"]) > 0, focused

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_out(page: Page, live_server: str, factory: Factory):
    sign_in(page, live_server, new_user(factory, "centre_staff", "crim-timisoara"), PASSWORD)
    assert path_of(page) != "/login"
    page.goto(f"{live_server}/account")  # a page of the account area, whatever the home is
    with page.expect_navigation():
        page.locator("header form[action$='/logout'] button[type=submit]").click()
    assert path_of(page) == "/login"
    assert page.locator("header form[action$='/logout']").count() == 0

    page.goto(f"{live_server}/")  # signed out: back to the sign-in page
    assert path_of(page) == "/login"
