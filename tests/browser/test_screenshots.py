"""The documentation's screenshots: each role's main page, in English, with a few
months of realistic referrals made through the API.

They are written into docs/screenshots only by ``make screenshots`` (which sets
``REFERRAL_HUB_SCREENSHOTS``); otherwise they are taken and thrown away. Either
way the pages are checked first, so a screenshot never shows a broken page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import screenshot, sign_in
from tests.conftest import FrozenClock
from tests.factories import PASSWORD, Factory, example_of

pytestmark = pytest.mark.browser

ENGLISH = {"locale": "en-GB"}
EMAILS = {
    "centre_staff": "ana.popescu@crim-timisoara.example",
    "agency_officer": "ion.marin@ajofm-timis.example",
    "coordinator": "elena.radu@prefectura-timis.example",
    "admin": "admin@hub.example",
}

#: fictional people (any resemblance is accidental), registered by the centre
PEOPLE: dict[str, dict[str, Any]] = {
    "ahmad": {},  # the factory's default: a Syrian refugee, name in Arabic script
    "olena": {
        "given_name": "Olena",
        "family_name": "Kovalenko",
        "date_of_birth": "1986-03-14",
        "sex": "female",
        "nationality": "UA",
        "languages": ["uk", "ru"],
        "protection_status": "temporary_protection",
        "residence_document": {
            "type": "temporary_protection_permit",
            "number": "TP0042137",
            "expires_on": "2027-03-04",
        },
        "phone": "+40 712 345 678",
    },
    "sofiia": {  # Olena's daughter, in her household
        "given_name": "Sofiia",
        "family_name": "Kovalenko",
        "date_of_birth": "2015-08-11",
        "sex": "female",
        "nationality": "UA",
        "languages": ["uk", "ro"],
        "protection_status": "temporary_protection",
        "residence_document": {
            "type": "temporary_protection_permit",
            "number": "TP0042138",
            "expires_on": "2027-03-04",
        },
    },
    "farida": {
        "given_name": "Farida",
        "family_name": "Rahimi",
        "date_of_birth": "1994-09-02",
        "sex": "female",
        "nationality": "AF",
        "languages": ["fa", "en"],
        "protection_status": "refugee",
        "phone": "+40 723 456 789",
    },
    "mariam": {
        "given_name": "Mariam",
        "family_name": "Nasser",
        "date_of_birth": "1979-12-21",
        "sex": "female",
        "nationality": "IQ",
        "languages": ["ar"],
        "protection_status": "subsidiary_protection",
        "phone": "+40 734 567 890",
    },
    "andrii": {
        "given_name": "Andrii",
        "family_name": "Melnyk",
        "date_of_birth": "1991-06-30",
        "sex": "male",
        "nationality": "UA",
        "languages": ["uk", "en"],
        "protection_status": "temporary_protection",
        "phone": "+40 745 678 901",
    },
    "yusuf": {
        "given_name": "Yusuf",
        "family_name": "Demir",
        "date_of_birth": "1983-01-17",
        "sex": "male",
        "nationality": "TR",
        "languages": ["tr", "en"],
        "protection_status": "tcn_long_stay",
        "phone": "+40 756 789 012",
    },
}


class Scenario:
    """Referrals of the CRIM Timișoara to the county's institutions, spread over months."""

    def __init__(self, factory: Factory, clock: FrozenClock) -> None:
        self.factory, self.clock = factory, clock
        self.staff = factory.headers("centre_staff", "crim-timisoara", email=EMAILS["centre_staff"])
        self.officers = {
            "labour_agency": factory.headers(
                "agency_officer", "ajofm-timis", email=EMAILS["agency_officer"]
            ),
            "health_insurance": factory.officer("cjas-timis"),
            "schools": factory.officer("isj-timis"),
            "immigration": factory.officer("igi-timis"),
        }
        self.people: dict[str, dict] = {}
        self.consents: dict[str, str] = {}
        self.referrals = 0

    def at(self, when: str) -> Scenario:
        self.clock.current = datetime.fromisoformat(when).replace(tzinfo=UTC)
        return self

    def person(self, key: str, **extra: Any) -> dict:
        if key not in self.people:
            body = {**PEOPLE[key], **extra}
            self.people[key] = self.factory.beneficiary(self.staff, **body)
            consent = self.factory.post(
                f"/api/v1/beneficiaries/{self.people[key]['id']}/consents",
                self.staff,
                {
                    "institution_kinds": [
                        "labour_agency",
                        "health_insurance",
                        "schools",
                        "immigration",
                    ],
                    "method": "written",
                    "given_at": self.clock.current.isoformat(),
                    "note": "Signed form in the person's file.",
                    # a child's consent is given by the parent who heads the household
                    "guardian_id": extra.get("household_head_id"),
                },
            )
            self.consents[key] = consent["id"]
        return self.people[key]

    def refer(self, key: str, service: str, *moves: tuple[str, dict], **body: Any) -> dict:
        person = self.person(key)
        form = example_of(self.factory.service(service, self.staff)["form_schema"])
        referral = self.factory.post(
            "/api/v1/referrals",
            self.staff,
            {
                "beneficiary_id": person["id"],
                "service": service,
                "form": form,
                "consent_id": self.consents[key],
                **body,
            },
        )
        return self.move(referral, *moves)

    def move(self, referral: dict, *moves: tuple[str, dict]) -> dict:
        """The receiving officer's moves, each some hours after the one before:
        institutions answer at different speeds, and the medians should show it."""
        officer = self.officers[referral["service"].split(".", 1)[0]]
        self.referrals += 1
        pace = PACES[self.referrals % len(PACES)]
        for to, body in moves:
            if to == "completed":
                schema = self.factory.service(referral["service"], officer)["outcome_schema"]
                body = {"data": example_of(schema), **body}
            self.clock.advance(hours=pace * 6 if to == "completed" else pace)
            response = self.factory.move(officer, referral, to, **body)
            assert response.status_code == 200, response.get_json()
            referral = response.get_json()
        return referral

    def comment(self, referral: dict, headers: dict[str, str], text: str) -> None:
        self.factory.post(f"/api/v1/referrals/{referral['id']}/comments", headers, {"body": text})


#: hours between two moves of one referral (six times as long for the work itself)
PACES = (5, 26, 9, 47, 18, 30, 70, 12)
RECEIVED = ("received", {})
ACCEPTED = ("accepted", {})
WORKING = ("in-progress", {})
DONE = ("completed", {})


def build(factory: Factory, clock: FrozenClock) -> tuple[Scenario, dict]:
    """Six months of the centre's work, and the referral shown from the agency's side."""
    s = Scenario(factory, clock)
    s.at("2026-06-08T08:30").refer(
        "ahmad", "labour_agency.job_seeker_registration", RECEIVED, ACCEPTED, WORKING, DONE
    )
    s.at("2026-06-22T09:10").refer(
        "ahmad", "health_insurance.insured_enrolment", RECEIVED, ACCEPTED, WORKING, DONE
    )
    s.at("2026-07-06T11:00").refer(
        "olena", "health_insurance.family_doctor_registration", RECEIVED, ACCEPTED, WORKING, DONE
    )
    s.at("2026-07-20T10:15").person("sofiia", household_head_id=s.people["olena"]["id"])
    s.refer("sofiia", "schools.school_enrolment", RECEIVED, ACCEPTED, WORKING, DONE)
    s.at("2026-08-03T09:00").refer(
        "farida",
        "labour_agency.career_counselling",
        RECEIVED,
        ACCEPTED,
        WORKING,
        ("failed", {"reason_code": "did_not_attend", "note": "Two appointments missed."}),
    )
    s.at("2026-08-24T13:30").refer(
        "olena", "labour_agency.job_seeker_registration", RECEIVED, ACCEPTED, WORKING, DONE
    )
    s.at("2026-09-07T10:00").refer("mariam", "immigration.residence_permit", RECEIVED, ACCEPTED)
    s.at("2026-09-21T08:45").refer(
        "andrii", "labour_agency.job_seeker_registration", RECEIVED, ACCEPTED, WORKING, DONE
    )
    s.at("2026-10-05T09:20").refer(
        "farida",
        "labour_agency.job_seeker_registration",
        RECEIVED,
        ACCEPTED,
        ("on-hold", {"reason_code": "awaiting_interpreter", "note": "A Dari interpreter comes."}),
    )
    mediation = s.at("2026-10-19T10:30").refer(
        "olena",
        "labour_agency.job_mediation",
        RECEIVED,
        ACCEPTED,
        WORKING,
        note="Eight years as a cook in Kharkiv; prefers morning shifts (her daughter is at school)",
    )
    s.comment(
        mediation,
        s.staff,
        "Olena can come on Tuesday or Thursday mornings. She reads Romanian well; "
        "an interpreter is not needed.",
    )
    s.comment(
        mediation,
        s.officers["labour_agency"],
        "Two vacancies fit: kitchen assistant at a hotel in the centre and cook at a school "
        "canteen in Dumbrăvița. Interview booked for 12 November, 10:00, room 4.",
    )
    s.at("2026-10-26T12:00").refer(
        "andrii",
        "labour_agency.job_seeker_registration",
        ("rejected", {"reason_code": "already_registered", "note": "File TM-2026-003871."}),
    )
    s.at("2026-10-27T09:40").refer(
        "mariam", "labour_agency.vocational_training", RECEIVED, ACCEPTED, WORKING, DONE
    )
    s.at("2026-11-02T08:50").refer("andrii", "labour_agency.job_mediation")
    s.at("2026-11-04T14:10").refer("ahmad", "labour_agency.career_counselling", RECEIVED)
    s.at("2026-11-05T09:05").refer(
        "yusuf", "labour_agency.job_seeker_registration", priority="urgent"
    )
    s.at("2026-11-05T15:00").refer("yusuf", "schools.romanian_preparatory_course", send=False)
    s.at("2026-11-06T10:00").refer("mariam", "health_insurance.insured_enrolment")
    s.at("2026-11-09T10:00")  # "today" for the pages: some referrals are overdue by now
    return s, mediation


@pytest.mark.parametrize("page", [ENGLISH], indirect=True)
def test_screenshots_of_each_roles_main_page(
    page: Page, live_server: str, factory: Factory, clock: FrozenClock
):
    scenario, shown = build(factory, clock)
    factory.headers("coordinator", "prefectura-timis", email=EMAILS["coordinator"])
    factory.headers("admin", None, email=EMAILS["admin"])

    page.goto(f"{live_server}/login")
    page.select_option("#language-switch", "en")  # accounts are Romanian by default
    with page.expect_navigation():
        page.locator("header form:has(#language-switch) button[type=submit]").click()

    as_role(page, live_server, "centre_staff", "/staff")
    assert page.locator("#main .badge.overdue").count() >= 1
    assert page.locator("#main .badge.rejected").count() >= 1
    assert page.locator("#main .badge.on-hold").count() >= 1
    assert page.locator("#main .badge.draft").count() >= 1
    shot(page, "staff-home")

    olena = scenario.people["olena"]["id"]
    page.goto(
        f"{live_server}/staff/beneficiaries/{olena}/referrals/new"
        "?service=labour_agency.job_seeker_registration"
    )
    fill_the_form(page)
    assert page.locator("#error-summary").count() == 0
    assert "AJOFM" in page.locator("#f-beneficiary-county").inner_text()  # the office shown
    shot(page, "new-referral-form")
    sign_out(page)

    as_role(page, live_server, "agency_officer", "/inbox")
    assert page.locator("#main table tbody tr").count() >= 5  # the open ones
    page.goto(f"{live_server}/inbox?status=all")
    assert page.locator("#main table tbody tr").count() >= 8
    assert page.locator("#main .badge.overdue").count() >= 1
    shot(page, "officer-inbox")
    page.goto(f"{live_server}/referrals/{shown['id']}")
    assert page.locator("#main h1 + p .badge.in-progress").count() == 1
    assert page.locator("#main ol.comments > li").count() == 2
    shot(page, "referral-page")
    sign_out(page)

    as_role(page, live_server, "coordinator", "/cooperation")
    assert page.locator("#per-institution tbody tr").count() >= 4
    assert page.locator("#main figure.chart svg .point").count() >= 12
    shot(page, "coordinator-dashboard")
    sign_out(page)

    as_role(page, live_server, "admin", "/admin")
    assert page.locator("#main table tbody tr").count() >= 8
    shot(page, "admin-institutions")


def as_role(page: Page, base: str, role: str, home: str) -> None:
    sign_in(page, base, EMAILS[role], PASSWORD)
    assert urlsplit(page.url).path == home
    assert page.locator("html").get_attribute("lang") == "en"


def sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.locator("header form[action$='/logout'] button[type=submit]").click()


def shot(page: Page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    image = screenshot(page, name)
    assert len(image) > 20_000, name  # a page, not a blank image


def fill_the_form(page: Page) -> None:
    form = page.locator("#main form[action*='/referrals/new']")
    form.locator("#f-form-education_level").select_option("upper_secondary")
    form.locator("#f-form-occupations_sought").fill("Cook\nKitchen assistant")
    form.locator("#f-form-occupation_codes").fill("512001")
    form.locator("#f-form-languages-0-language").select_option("uk")
    form.locator("#f-form-languages-0-level").select_option("native")
    form.locator("#f-form-languages-1-language").select_option("ro")
    form.locator("#f-form-languages-1-level").select_option("B1")
    form.locator("#f-form-right_to_work_document").select_option("temporary_protection_document")
    form.locator("#f-form-right_to_work_expires_on").fill("2027-03-04")
    form.locator("#f-form-availability").select_option("full_time")
    form.locator("#f-form-available_from").fill("2026-11-16")
    form.locator("#f-note").fill("She has a certificate of studies from Ukraine (translated).")
    with page.expect_navigation() as navigation:
        form.locator("button[name=action][value=preview]").click()
    assert navigation.value is not None and navigation.value.status == 200
