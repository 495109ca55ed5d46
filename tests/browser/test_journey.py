"""The whole journey of a referral in a real browser, in Romanian and in English.

A coordinator notes the figures; a centre's staff member registers a person,
records a consent and sends a referral (after a form error); the employment
agency's officer takes it from the inbox to completion; an officer of another
agency gets a 404 for it; the coordinator sees the figures go up, on the page and
in the XLSX export; an admin looks through the admin pages. axe-core checks every
main page on the way and the test reports every serious violation at once.

The UI catalogues are still being written, so the test asserts on structure
(paths, ``<html lang>``, ids, classes, status codes, numbers), on English words in
the English run only, and on the plugins' own texts, which every language has.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, Response
from sqlalchemy import select

from core.db import db
from core.institutions.models import Institution
from core.stats.export import COLUMNS
from plugins.labour_agency.schemas import JobSeekerRegistrationOutcome
from plugins.labour_agency.services import JOB_SEEKER_REGISTRATION
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

SERVICE = "labour_agency.job_seeker_registration"
#: core strings asserted only where the source language is shown
ENGLISH_STATUS = {"requested": "Requested", "completed": "Completed"}

#: the pages axe-core checks, in the order of the journey
CHECKED_PAGES = [
    "sign-in",
    "staff home",
    "beneficiary register",
    "register a beneficiary",
    "beneficiary page",
    "beneficiary page with a consent",
    "new referral form",
    "new referral form with an error",
    "referral page, centre side",
    "officer inbox",
    "referral page, agency side",
    "referral page, completed",
    "not found page",
    "coordinator dashboard",
    "meeting report",
    "admin institutions",
    "admin users",
    "admin tokens",
    "admin plugins",
    "account page",
]

EMAILS = {
    "staff": "ana.staff@crim-timisoara.example",
    "officer": "ion.officer@ajofm-timis.example",
    "other_officer": "maria.officer@ajofm-bihor.example",
    "coordinator": "elena.coordinator@prefectura-timis.example",
    "admin": "admin@hub.example",
}


# --- helpers ------------------------------------------------------------------


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def number(text: str) -> int:
    """A count as the page shows it in any locale ("1.234", "1,234", "7")."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def submit(page: Page, button: Locator) -> Response:
    """Click a submit button; the answer to the navigation it causes (after redirects)."""
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    assert response is not None
    return response


def sign_out(page: Page) -> None:
    submit(page, page.locator("header form[action$='/logout'] button[type=submit]"))
    assert path_of(page) == "/login"


def institution(factory: Factory, slug: str) -> tuple[str, str]:
    """(id, name) of a Region 5 institution."""
    with factory.app.app_context():
        row = db.session.execute(
            select(Institution.id, Institution.name).where(Institution.slug == slug)
        ).one()
    return row.id, row.name


def status_badge(page: Page) -> Locator:
    """The referral page's status: the first badge of the line under the heading."""
    return page.locator("#main h1 + p .badge").first


def offered_moves(page: Page) -> set[str]:
    inputs = page.locator("#main form input[name=to]")
    return {inputs.nth(i).get_attribute("value") or "" for i in range(inputs.count())}


class Accessibility:
    """axe-core's serious and critical violations, page by page, asserted once at the end."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.checked: list[str] = []
        self.found: dict[str, list[str]] = {}

    def check(self, name: str) -> None:
        self.checked.append(name)
        if violations := axe_violations(self.page):
            self.found[f"{name} ({path_of(self.page)})"] = violations

    def report(self) -> str:
        return "\n".join(
            f"{name}:\n" + "\n".join(f"  - {v}" for v in violations)
            for name, violations in self.found.items()
        )


# --- data made through the API before the journey --------------------------------------


def moved(factory: Factory, headers: dict[str, str], referral: dict, *steps: tuple) -> dict:
    for to, body in steps:
        response = factory.move(headers, referral, to, **body)
        assert response.status_code == 200, response.get_json()
        referral = response.get_json()
    return referral


def earlier_referrals(factory: Factory) -> None:
    """Two referrals already at ajofm-timis, one completed: the figures start above zero."""
    staff, officer = factory.staff(), factory.officer("ajofm-timis")
    factory.referral(staff)
    outcome = {"file_number": "TM-2026-000101", "registered_on": "2026-11-02"}
    moved(
        factory,
        officer,
        factory.referral(staff),
        ("received", {}),
        ("accepted", {}),
        ("in-progress", {}),
        ("completed", {"data": outcome}),
    )


def make_users(factory: Factory) -> None:
    factory.headers("centre_staff", "crim-timisoara", email=EMAILS["staff"])
    factory.headers("agency_officer", "ajofm-timis", email=EMAILS["officer"])
    factory.headers("agency_officer", "ajofm-bihor", email=EMAILS["other_officer"])
    factory.headers("coordinator", "prefectura-timis", email=EMAILS["coordinator"])
    factory.headers("admin", None, email=EMAILS["admin"])


# --- the journey ----------------------------------------------------------------


# The browser asks for the *other* language: only the switch can choose the one in use.
@pytest.mark.parametrize(
    ("page", "lang"),
    [({"locale": "en-GB"}, "ro"), ({"locale": "ro-RO"}, "en")],
    indirect=["page"],
    ids=["ro", "en"],
)
def test_the_journey_of_a_referral(
    page: Page, live_server: str, factory: Factory, lang: str, tmp_path: Path
):
    make_users(factory)
    earlier_referrals(factory)
    a11y = Accessibility(page)
    agency_id, agency_name = institution(factory, "ajofm-timis")

    choose_language(page, live_server, lang, a11y)
    before = coordinator_figures(page, live_server, lang, agency_id)
    referral_url = staff_sends_a_referral(page, live_server, lang, agency_name, a11y)
    officer_completes_it(page, live_server, lang, referral_url, a11y)
    another_agency_gets_404(page, live_server, lang, referral_url, a11y)
    coordinator_sees_it(page, live_server, agency_id, agency_name, before, tmp_path, a11y)
    admin_pages(page, live_server, lang, a11y)

    assert a11y.checked == CHECKED_PAGES  # the journey went everywhere it should
    assert not a11y.found, "Serious or critical accessibility violations:\n" + a11y.report()


def choose_language(page: Page, base: str, lang: str, a11y: Accessibility) -> None:
    page.goto(f"{base}/login")
    assert html_lang(page) != lang  # the browser asks for the other language
    page.select_option("#language-switch", lang)
    submit(page, page.locator("header form:has(#language-switch) button[type=submit]"))
    assert path_of(page) == "/login"
    assert html_lang(page) == lang
    a11y.check("sign-in")


def coordinator_figures(page: Page, base: str, lang: str, agency_id: str) -> dict[str, int]:
    """The dashboard's sent and completed figures for the agency, before the journey."""
    sign_in(page, base, EMAILS["coordinator"], PASSWORD)
    assert path_of(page) == "/cooperation"
    assert html_lang(page) == lang  # the session's choice, saved on the account
    figures = agency_figures(page, agency_id)
    assert figures == {"sent": 2, "completed": 1}  # the earlier referrals
    sign_out(page)
    return figures


def agency_figures(page: Page, agency_id: str) -> dict[str, int]:
    row = page.locator(f"#per-institution tbody tr[data-key='{agency_id}']")
    if row.count() == 0:
        return {"sent": 0, "completed": 0}
    return {
        name: number(row.locator(f"td[data-column={name}]").inner_text())
        for name in ("sent", "completed")
    }


# --- the centre -------------------------------------------------------------------


def staff_sends_a_referral(
    page: Page, base: str, lang: str, agency_name: str, a11y: Accessibility
) -> str:
    sign_in(page, base, EMAILS["staff"], PASSWORD)
    assert path_of(page) == "/staff"
    assert html_lang(page) == lang  # saved on the account at sign-in
    assert page.locator("#main h1").count() == 1
    a11y.check("staff home")

    page.goto(f"{base}/staff/beneficiaries")
    a11y.check("beneficiary register")
    page.goto(f"{base}/staff")
    page.locator("#main a[href$='/staff/beneficiaries/new']").first.click()
    page.wait_for_url("**/staff/beneficiaries/new")
    a11y.check("register a beneficiary")
    register_beneficiary(page)
    assert re.fullmatch(r"/staff/beneficiaries/[^/]+", path_of(page)), page.url
    assert "Olena Kovalenko" in page.locator("#main h1").inner_text()
    assert page.locator(".flashes[role=status]").is_visible()
    a11y.check("beneficiary page")

    record_consent(page)
    a11y.check("beneficiary page with a consent")

    page.locator("#main a[href$='/referrals/new']").first.click()
    page.wait_for_url("**/referrals/new")
    page.locator(f"#main a[href*='service={SERVICE}']").click()
    page.wait_for_url(f"**/referrals/new?service={SERVICE}")
    form_page = page.url
    title = JOB_SEEKER_REGISTRATION.title[lang]
    assert title in page.locator("#main h1").inner_text()  # the plugin's own text
    a11y.check("new referral form")

    keyboard_reaches_the_form(page, form_page)
    # Olena's languages, from the register, in the order she gave them
    assert page.locator("#f-form-languages-0-language").input_value() == "uk"
    assert page.locator("#f-form-languages-1-language").input_value() == "ru"
    response = fill_referral_form(page, first_level="")  # the first level forgotten
    assert response.status == 422
    shows_the_error_next_to_the_field(page, "f-form-languages-0-level", kept="")
    a11y.check("new referral form with an error")

    page.locator("#f-form-languages-0-level").select_option("native")
    response = submit(page, page.locator("#main button[name=action][value=preview]"))
    assert response.status == 200
    assert page.locator("#error-summary").count() == 0
    receiver = page.locator("#f-beneficiary-county")
    assert agency_name in receiver.inner_text()  # the office that will receive it
    assert page.locator("#f-form-languages-0-level").input_value() == "native"  # kept
    assert page.locator("#f-form-languages-2-language").count() == 1  # one spare row, not more

    response = submit(page, page.locator("#main button[name=action][value=send]"))
    assert response.status == 200
    assert re.fullmatch(r"/referrals/[^/]+", path_of(page)), page.url
    badge = status_badge(page)
    assert "requested" in (badge.get_attribute("class") or "").split()
    if lang == "en":
        assert badge.inner_text() == ENGLISH_STATUS["requested"]
    assert offered_moves(page) == {"cancelled"}  # the sender may only withdraw it now
    a11y.check("referral page, centre side")
    referral_url = page.url
    sign_out(page)
    return referral_url


def register_beneficiary(page: Page) -> None:
    form = page.locator("#main form[action$='/staff/beneficiaries/new']")
    form.locator("#f-given_name").fill("Olena")
    form.locator("#f-family_name").fill("Kovalenko")
    form.locator("#f-date_of_birth").fill("1988-05-20")
    form.locator("#f-sex").select_option("female")
    form.locator("#f-nationality").select_option("UA")
    form.locator("#f-languages").select_option("uk")  # chosen by name, stored as codes
    form.locator("#f-languages-2").select_option("ru")
    form.locator("#f-protection_status").select_option("temporary_protection")
    form.locator("#f-residence_document-type").select_option("temporary_protection_permit")
    form.locator("#f-residence_document-number").fill("TP0042137")
    form.locator("#f-residence_document-expires_on").fill("2027-03-04")
    form.locator("#f-phone").fill("+40 712 345 678")
    form.locator("#f-county").select_option("RO-TM")
    form.locator("#f-locality").fill("Timișoara")
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200


def record_consent(page: Page) -> None:
    form = page.locator("#main form[action$='/consents']")
    assert page.locator("#main form[action$='/withdraw']").count() == 0  # none yet
    form.locator("input[name=institution_kinds][value=labour_agency]").check()
    assert form.locator("#f-method").input_value() == "written"
    assert form.locator("#f-given_at").input_value()  # now, by default
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200
    assert urlsplit(page.url).fragment == "consents"
    assert page.locator("#main form[action$='/withdraw']").count() == 1  # one active consent


def keyboard_reaches_the_form(page: Page, url: str) -> None:
    """From the top of the page, Tab alone reaches the form's first input, and the
    focus ring shows where it is."""
    page.goto(url)
    first = page.evaluate(
        """() => document.querySelector("#main form")
                .querySelector("input:not([type=hidden]), select, textarea").id"""
    )
    assert first == "f-form-education_level", first
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == first:
            break
    else:
        pytest.fail(f"40 presses of Tab did not reach #{first}")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
    )
    assert style["style"] != "none" and style["width"] > 0, style


def fill_referral_form(page: Page, first_level: str) -> Response:
    """Fill the generated form (and preview it): what a staff member would enter.
    The language rows open filled in from the register; staff give the levels
    (``first_level`` empty: the first row's is forgotten)."""
    form = page.locator("#main form[action*='/referrals/new']")
    form.locator("#f-form-education_level").select_option("upper_secondary")
    form.locator("#f-form-occupations_sought").fill("Bucătar\nAjutor de bucătar")
    assert form.locator("#f-form-languages-0-language").input_value()  # from the register
    if first_level:
        form.locator("#f-form-languages-0-level").select_option(first_level)
    if form.locator("#f-form-languages-1-language").input_value():
        form.locator("#f-form-languages-1-level").select_option("B1")
    form.locator("#f-form-right_to_work_document").select_option("temporary_protection_document")
    form.locator("#f-form-right_to_work_expires_on").fill("2027-03-04")
    form.locator("#f-form-availability").select_option("full_time")
    form.locator("#f-form-available_from").fill("2026-11-16")
    consent = form.locator("#f-consent_id")
    assert consent.input_value()  # the only consent that covers the agency is chosen
    return submit(page, form.locator("button[name=action][value=preview]"))


def shows_the_error_next_to_the_field(page: Page, field_id: str, kept: str) -> None:
    field = page.locator(f"#{field_id}")
    error = page.locator(f"#{field_id}-error")
    assert error.is_visible()
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    # the error sits in the field's own block, not somewhere else on the page
    assert page.locator(".field.has-error", has=field).locator(f"#{field_id}-error").count() == 1
    summary = page.locator("#error-summary[role=alert]")
    assert summary.is_visible()
    link = summary.locator(f"a[href='#{field_id}']")
    assert link.count() == 1
    # the summary says which field (and row) the message is about
    said = link.inner_text().strip()
    assert said.endswith(error.inner_text().strip()) and len(said) > len(error.inner_text().strip())
    assert not (broken := unreachable_summary_links(page)), broken
    link.click()  # the link takes the user to the field
    assert field.is_visible() and urlsplit(page.url).fragment == field_id
    assert field.input_value() == kept  # what was entered is kept


def unreachable_summary_links(page: Page) -> list[str]:
    """The error summary's links whose target is not on the page."""
    return page.evaluate(
        """() => [...document.querySelectorAll("#error-summary a[href^='#']")]
                .map(a => a.getAttribute("href"))
                .filter(href => !document.getElementById(href.slice(1)))"""
    )


# --- the receiving agency -----------------------------------------------------------


def officer_completes_it(
    page: Page, base: str, lang: str, referral_url: str, a11y: Accessibility
) -> None:
    sign_in(page, base, EMAILS["officer"], PASSWORD)
    assert path_of(page) == "/inbox"
    assert html_lang(page) == lang
    a11y.check("officer inbox")
    referral_path = urlsplit(referral_url).path
    link = page.locator(f"#main table a[href='{referral_path}']")
    assert link.count() == 1
    row = page.locator("#main table tbody tr", has=page.locator(f"a[href='{referral_path}']"))
    assert row.locator(".badge.requested").count() == 1
    link.click()
    page.wait_for_url(referral_url)
    assert "requested" in (status_badge(page).get_attribute("class") or "")
    a11y.check("referral page, agency side")

    assign_to_me(page)
    # One step from requested to accepted: the receipt is recorded with it.
    for offered, to in (
        ({"received", "accepted", "rejected"}, "accepted"),
        ({"in-progress", "on-hold"}, "in-progress"),
    ):
        assert offered_moves(page) == offered
        move(page, to)

    assert offered_moves(page) == {"completed", "on-hold", "failed"}
    form = open_move(page, "completed")
    label = JobSeekerRegistrationOutcome().fields["file_number"].metadata["title"][lang]
    assert label in form.inner_text()  # the outcome form is the plugin's
    form.locator("#f-data-file_number").fill("TM-2026-004512")
    form.locator("#f-data-registered_on").fill("2026-11-02")
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200
    badge = status_badge(page)
    assert "completed" in (badge.get_attribute("class") or "").split()
    if lang == "en":
        assert badge.inner_text() == ENGLISH_STATUS["completed"]
    assert "TM-2026-004512" in page.locator("#main").inner_text()  # the outcome is shown
    assert offered_moves(page) == set()  # closed: nothing more to do
    a11y.check("referral page, completed")
    sign_out(page)


def open_move(page: Page, to: str) -> Locator:
    """The form of one move, its <details> opened as a user would."""
    own_form = f"form:has(input[name=to][value='{to}'])"
    details = page.locator("#main details.action", has=page.locator(own_form))
    form = details.locator(own_form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    assert form.locator("button[type=submit]").is_visible()
    return form


def move(page: Page, to: str) -> None:
    form = open_move(page, to)
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200
    assert to in (status_badge(page).get_attribute("class") or "").split(), to
    assert page.locator(".flashes[role=status]").is_visible()


def assign_to_me(page: Page) -> None:
    """The officer takes the referral in one click; the form says so afterwards."""
    mine = "form:has(input[type=hidden][name=officer_id])"
    response = submit(page, page.locator(f"#main {mine} button[type=submit]"))
    assert response.status == 200
    assert page.locator(".flashes[role=status]").is_visible()
    assert page.locator(f"#main {mine}").count() == 0  # nothing left to take


def another_agency_gets_404(
    page: Page, base: str, lang: str, referral_url: str, a11y: Accessibility
) -> None:
    sign_in(page, base, EMAILS["other_officer"], PASSWORD)
    assert path_of(page) == "/inbox"
    assert page.locator(f"#main a[href='{urlsplit(referral_url).path}']").count() == 0
    response = page.goto(referral_url)
    assert response is not None and response.status == 404
    assert html_lang(page) == lang
    assert page.locator("#main h1").count() == 1  # the error page, in the layout
    assert page.locator("#main form input[name=to]").count() == 0  # no referral's actions
    a11y.check("not found page")
    sign_out(page)


# --- the coordinator ---------------------------------------------------------------------


def coordinator_sees_it(
    page: Page,
    base: str,
    agency_id: str,
    agency_name: str,
    before: dict[str, int],
    tmp_path: Path,
    a11y: Accessibility,
) -> None:
    sign_in(page, base, EMAILS["coordinator"], PASSWORD)
    assert path_of(page) == "/cooperation"
    after = agency_figures(page, agency_id)
    assert after == {"sent": before["sent"] + 1, "completed": before["completed"] + 1}, (
        before,
        after,
    )
    a11y.check("coordinator dashboard")

    with page.expect_download() as download_info:
        page.locator("#main a[href*='/cooperation/export.xlsx']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert workbook_figures(path, agency_name) == after

    page.locator("#main a[href*='/cooperation/report']").click()
    page.wait_for_url("**/cooperation/report**")
    assert agency_figures(page, agency_id) == after
    a11y.check("meeting report")
    sign_out(page)


def workbook_figures(path: Path, agency_name: str) -> dict[str, int]:
    """Sent and completed of the agency's row in the workbook's first sheet (institutions)."""
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == agency_name]
    assert len(rows) == 1, f"{agency_name!r} in {[r[0] for r in sheet.iter_rows(values_only=True)]}"
    values = dict(zip(COLUMNS, rows[0][1:], strict=True))
    return {name: values[name] for name in ("sent", "completed")}


# --- the admin -------------------------------------------------------------------------------


def admin_pages(page: Page, base: str, lang: str, a11y: Accessibility) -> None:
    sign_in(page, base, EMAILS["admin"], PASSWORD)
    assert path_of(page) == "/admin"
    a11y.check("admin institutions")
    for path, name in (
        ("/admin/users", "admin users"),
        ("/admin/tokens", "admin tokens"),
        ("/admin/plugins", "admin plugins"),
        ("/account", "account page"),
    ):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        assert html_lang(page) == lang
        assert page.locator("#main h1").count() == 1, path
        a11y.check(name)
    sign_out(page)


# --- the error summary ---------------------------------------------------------------------


@pytest.mark.parametrize("page", [{"locale": "en-GB"}], indirect=True)
def test_the_error_summary_links_a_list_items_error_to_its_field(
    page: Page, live_server: str, factory: Factory
):
    staff = factory.headers("centre_staff", "crim-timisoara", email=EMAILS["staff"])
    person = factory.beneficiary(staff)
    factory.consent(staff, person["id"])
    sign_in(page, live_server, EMAILS["staff"], PASSWORD)
    page.goto(f"{live_server}/staff/beneficiaries/{person['id']}/referrals/new?service={SERVICE}")
    page.locator("#f-form-occupation_codes").fill("12ab")  # not an ISCO or COR code
    response = fill_referral_form(page, first_level="native")
    assert response.status == 422
    assert page.locator("#f-form-occupation_codes-error").is_visible()  # next to the field
    assert not (broken := unreachable_summary_links(page)), broken
