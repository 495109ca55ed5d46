"""The issue's "done when" as the users do it, in Romanian and in English, at
1280 and at 390 px: an AJOFM officer finds a referral in the inbox and accepts
(which makes them responsible), then schedules it in at most five clicks from
the inbox; the centre's staff attach a residence permit scan when referring
to IGI, and the IGI officer downloads the very same bytes. The slip in
Ukrainian and in Arabic is tests/browser/test_slip.py's; here it is only
opened in both, at both widths. axe-core checks every page on the way, and no
page scrolls sideways at 390 px.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from tests.browser.conftest import axe_violations, sign_in
from tests.documents import pdf
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

OFFICER = "olga.officer@ajofm-timis.example"
COLLEAGUE = "petru.officer@ajofm-timis.example"
STAFF = "sara.staff@crim-timisoara.example"
OTHER_STAFF = "vlad.staff@crim-timisoara.example"
IGI_OFFICER = "irina.officer@igi-timis.example"
INTEGRATION = "immigration.integration_programme"
WIDTHS = (1280, 390)
#: (locale, width): every combination, one browser context each
VARIANTS = [
    pytest.param(
        {"locale": locale, "viewport": {"width": width, "height": 900}}, id=f"{lang}-{width}"
    )
    for lang, locale in (("ro", "ro-RO"), ("en", "en-GB"))
    for width in WIDTHS
]


class Pages:
    """axe-core and the 390 px width on each page visited, reported at once."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []

    def check(self, name: str) -> None:
        self.problems += [f"{name}: {v}" for v in axe_violations(self.page)]
        width = self.page.viewport_size["width"]  # type: ignore[index]
        scroll = self.page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            self.problems.append(
                f"{name}: scrolls sideways at {width} px ({scroll} px wide), "
                f"past the edge: {', '.join(self.overflowing(width))}"
            )

    def overflowing(self, width: int) -> list[str]:
        """The outermost elements that reach past the window's right edge."""
        return self.page.evaluate(
            """width => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1
                          && e.parentElement.getBoundingClientRect().right <= width + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                          + (e.className && typeof e.className === "string"
                             ? "." + e.className.trim().split(/\\s+/).join(".") : ""))""",
            width,
        )


class Clicks:
    """Each click or submit the user makes; filling an input is none."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def click(self, target: Locator) -> None:
        self.count += 1
        target.click()

    def submit(self, button: Locator) -> None:
        self.count += 1
        with self.page.expect_navigation():
            button.click()


def a_handful_of_referrals(factory: Factory) -> dict:
    """Five open referrals to AJOFM Timiș from two staff of the centre, one of
    them assigned to a colleague; returns the one the officer will take."""
    staff = factory.headers("centre_staff", "crim-timisoara", email=STAFF)
    other_staff = factory.headers("centre_staff", "crim-timisoara", email=OTHER_STAFF)
    factory.headers("agency_officer", "ajofm-timis", email=OFFICER)
    colleague = factory.headers("agency_officer", "ajofm-timis", email=COLLEAGUE)

    def person(headers: dict[str, str], **names: str) -> dict:
        return factory.beneficiary(headers, **names)

    factory.referral(staff, beneficiary=person(staff, given_name="Олена", family_name="Коваленко"))
    factory.referral(
        other_staff,
        "labour_agency.career_counselling",
        beneficiary=person(other_staff, given_name="Jean", family_name="Mukendi"),
    )
    received = factory.referral(
        other_staff, beneficiary=person(other_staff, given_name="Андрій", family_name="Мельник")
    )
    assert factory.move(colleague, received, "received").status_code == 200
    factory.referral(
        staff, "labour_agency.job_mediation", beneficiary=person(staff, locality="Lugoj")
    )
    return factory.referral(
        staff,
        beneficiary=factory.beneficiary(staff, given_name="Samira", family_name="Haddad"),
    )


@pytest.mark.parametrize("page", VARIANTS, indirect=True)
def test_the_officer_finds_accepts_and_schedules_a_referral_in_five_clicks(
    page: Page, live_server: str, factory: Factory
):
    referral = a_handful_of_referrals(factory)
    pages = Pages(page)
    sign_in(page, live_server, OFFICER, PASSWORD)
    page.goto(f"{live_server}/inbox")
    pages.check("inbox")
    clicks = Clicks(page)

    # find her by name (a POST: the name stays out of the URL)
    page.locator("#f-q").fill("Samira Haddad")
    clicks.submit(page.locator("form[role=search] button[type=submit]"))
    rows = page.locator("#bulk tbody tr")
    assert rows.count() == 1 and referral["reference"] in rows.inner_text()
    pages.check("inbox, searched")
    # accept it from "requested" in one step: accepting makes her officer responsible
    page.locator(f"#select-{referral['id']}").check()
    clicks.submit(page.locator("#bulk button[name=action][value=accepted]"))
    assert referral["reference"] in page.locator(".flash-success").inner_text()
    pages.check("inbox, after the bulk action")
    clicks.submit(page.get_by_role("link", name=referral["reference"], exact=True))
    assert page.locator("#main h1 + p .badge").first.get_attribute("class") == "badge accepted"
    assert "(" in page.locator("#responsibility + p").inner_text()  # "(you)", in any language
    pages.check("referral page")
    # and schedule it
    day = date(2026, 11, 2) + timedelta(days=7)  # a week after the test clock's day
    panel = page.locator("#appointment")
    clicks.click(panel.locator("summary"))
    panel.locator("#f-appointment-date").fill(day.isoformat())
    panel.locator("#f-appointment-time").fill("09:30")
    clicks.submit(panel.locator("form button[type=submit]").first)
    assert (
        page.locator("#appointment time")
        .get_attribute("datetime", timeout=5000)
        .startswith(day.isoformat())
    )
    pages.check("referral page with the appointment")
    assert clicks.count <= 5, clicks.count

    for lang, heading in (("uk", "Ваш запис на прийом"), ("ar", "موعدك")):
        page.goto(f"{live_server}/referrals/{referral['id']}/slip?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator("h1").inner_text() == heading
        # the time as set, in Timișoara's zone (Arabic writes it on a 12-hour clock)
        text = page.locator("main").inner_text()
        assert "9:30" in text, text  # "09:30"; in Arabic "9:30 ص"
        pages.check(f"slip ({lang})")
    assert not pages.problems, "\n".join(pages.problems)


@pytest.mark.parametrize("page", VARIANTS, indirect=True)
def test_staff_attach_a_residence_permit_when_referring_to_igi_and_its_officer_downloads_it(
    page: Page, live_server: str, factory: Factory, tmp_path
):
    staff = factory.headers("centre_staff", "crim-timisoara", email=STAFF)
    factory.headers("agency_officer", "igi-timis", email=IGI_OFFICER)
    factory.headers("agency_officer", "igi-timis")  # a second officer of IGI
    person = factory.beneficiary(staff)
    factory.consent(staff, person["id"], ["immigration"])
    scan = pdf("residence permit RP123456")
    (tmp_path / "permis.pdf").write_bytes(scan)
    pages = Pages(page)

    sign_in(page, live_server, STAFF, PASSWORD)
    page.goto(
        f"{live_server}/staff/beneficiaries/{person['id']}/referrals/new?service={INTEGRATION}"
    )
    pages.check("new referral form")
    form = page.locator("#main form[enctype='multipart/form-data']")
    form.locator("#f-form-protection_granted_on").fill("2025-04-10")
    form.locator("input[name='form.activities']").first.check()
    form.locator("#f-document-residence_permit").set_input_files(str(tmp_path / "permis.pdf"))
    with page.expect_navigation():
        form.locator("button[name=action][value=send]").click()
    assert "/referrals/" in page.url, page.locator("#main").inner_text()[:500]
    documents = page.locator("#documents + ul.checklist")
    assert "permis.pdf" in documents.inner_text()
    pages.check("referral page, centre side, with the scan")
    referral_url = page.url
    page.context.clear_cookies()

    sign_in(page, live_server, IGI_OFFICER, PASSWORD)
    page.goto(referral_url)
    pages.check("referral page, IGI side")
    with page.expect_download() as download:
        page.locator("#documents + ul.checklist a", has_text="permis.pdf").click()
    assert download.value.suggested_filename == "permis.pdf"
    assert Path(download.value.path()).read_bytes() == scan
    assert not pages.problems, "\n".join(pages.problems)
