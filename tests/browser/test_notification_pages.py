"""The pages of issue 5 in a real browser: notifications, the e-mail
preference, the officer's webhook page and the admin's webhook and mail pages
have no serious accessibility violations, in Romanian and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

PAGES = {
    "agency_officer": ("/notifications", "/account", "/webhooks"),
    "admin": ("/admin/mail", "/admin/webhooks"),
}


@pytest.mark.parametrize("page", [{"locale": "ro-RO"}, {"locale": "en-GB"}], indirect=True)
def test_the_notification_pages_are_accessible(page: Page, live_server: str, factory: Factory):
    staff = factory.staff()
    factory.referral(staff)  # a notification for the officers of AJOFM Timiș
    problems: list[str] = []
    for role, paths in PAGES.items():
        email = f"pages.{role}.{page.evaluate('navigator.language')}@hub.example"
        factory.headers(role, "ajofm-timis" if role == "agency_officer" else None, email=email)
        page.context.clear_cookies()
        sign_in(page, live_server, email, PASSWORD)
        for path in paths:
            response = page.goto(f"{live_server}{path}")
            assert response is not None and response.status == 200, path
            problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert not problems, "\n".join(problems)


def test_choosing_the_daily_digest_on_the_account_page(page: Page, live_server: str, factory):
    email = "digest.reader@hub.example"
    factory.headers("centre_staff", "crim-timisoara", email=email)
    sign_in(page, live_server, email, PASSWORD)
    page.goto(f"{live_server}/account")
    page.select_option("#f-notify_by", "digest")
    with page.expect_navigation():
        page.locator("form:has(#f-notify_by) button[type=submit]").click()
    assert page.locator("#f-notify_by").input_value() == "digest"
    assert page.locator(".flashes").is_visible()
