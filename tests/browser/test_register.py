"""The beneficiary register in a real browser, in Romanian and in English.

A centre's staff member types "Оксана Шевченко" in Cyrillic and sees the
Latin spelling proposed as they type, and is asked whether she is the Oksana
Shevchenko already registered; finds "يوسف العلي" by typing "Youssef Al
Ali"; corrects his birth date; the employment agency's officer reads his
Latin name in the inbox and finds him there by another spelling. axe-core
checks each page.

As in the journey test, the assertions are on structure (ids, classes,
references, names, dates) and on English words in the English run only.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import sign_in
from tests.browser.test_journey import (
    Accessibility,
    choose_language,
    html_lang,
    sign_out,
    submit,
)
from tests.factories import PASSWORD, Factory

pytestmark = pytest.mark.browser

STAFF = "ana.staff@crim-timisoara.example"
OFFICER = "ion.officer@ajofm-timis.example"
#: as the demo registers them (core/demo.py)
OKSANA = {
    "given_name": "Оксана",
    "family_name": "Шевченко",
    "date_of_birth": "1990-04-12",
    "sex": "female",
    "nationality": "UA",
    "languages": ["uk"],
    "protection_status": "temporary_protection",
    "residence_document": None,
}
YUSUF = {
    "given_name": "يوسف",
    "family_name": "العلي",
    "date_of_birth": "1992-08-03",
    "sex": "male",
    "nationality": "SY",
    "languages": ["ar"],
    "protection_status": "refugee",
    "residence_document": None,
}


@pytest.fixture
def register(factory: Factory) -> dict[str, Any]:
    staff = factory.headers("centre_staff", "crim-timisoara", email=STAFF)
    factory.headers("agency_officer", "ajofm-timis", email=OFFICER)
    oksana = factory.beneficiary(staff, **OKSANA)
    yusuf = factory.beneficiary(staff, **YUSUF)
    referral = factory.referral(staff, beneficiary=yusuf)
    return {"oksana": oksana, "yusuf": yusuf, "referral": referral, "staff": staff}


@pytest.mark.parametrize(
    ("page", "lang"),
    [({"locale": "en-GB"}, "ro"), ({"locale": "ro-RO"}, "en")],
    indirect=["page"],
    ids=["ro", "en"],
)
def test_the_register_finds_people_however_their_names_are_written(
    page: Page, live_server: str, factory: Factory, register: dict[str, Any], lang: str
):
    a11y = Accessibility(page)
    choose_language(page, live_server, lang, a11y)
    sign_in(page, live_server, STAFF, PASSWORD)
    assert html_lang(page) == lang

    registration_warns_of_the_same_person(page, live_server, register, lang, a11y)
    search_finds_yusuf_and_his_birth_date_is_corrected(page, live_server, register, lang, a11y)
    sign_out(page)

    sign_in(page, live_server, OFFICER, PASSWORD)
    the_officer_reads_and_finds_the_latin_name(page, live_server, register, a11y)
    assert not a11y.found, "Serious or critical accessibility violations:\n" + a11y.report()


def registration_warns_of_the_same_person(
    page: Page, base: str, register: dict, lang: str, a11y: Accessibility
) -> None:
    page.goto(f"{base}/staff/beneficiaries/new")
    form = page.locator("#main form[action$='/staff/beneficiaries/new']")
    form.locator("#f-nationality").select_option("UA")
    form.locator("#f-given_name").fill("Оксана")
    form.locator("#f-family_name").fill("Шевченко")
    latin = form.locator("#f-name_latin")
    # proposed while typing, by the page's script
    page.wait_for_function(
        "() => document.querySelector('#f-name_latin').value === 'Oksana Shevchenko'"
    )
    a11y.check("register a beneficiary, Latin name proposed")
    form.locator("#f-date_of_birth").fill(OKSANA["date_of_birth"])
    form.locator("#f-sex").select_option("female")
    form.locator("#f-protection_status").select_option("temporary_protection")
    form.locator("#f-county").select_option("RO-TM")
    form.locator("#f-locality").fill("Timișoara")
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200
    question = page.locator("section.possible-duplicates")
    assert question.count() == 1
    assert register["oksana"]["reference"] in question.inner_text()
    if lang == "en":
        assert "Is this one of these people?" in question.inner_text()
    assert latin.input_value() == "Oksana Shevchenko"  # kept as proposed
    a11y.check("register a beneficiary, possible duplicate")
    # nothing was saved: the register still holds one Oksana
    people = register_search(page, base, "Oksana Shevchenko")
    assert people == [register["oksana"]["reference"]]


def register_search(page: Page, base: str, q: str) -> list[str]:
    """What the register's search lists for ``q``: the references, in order."""
    page.goto(f"{base}/staff/beneficiaries")
    form = page.locator("#main form[role=search]")
    form.locator("#f-q").fill(q)
    submit(page, form.locator("button[type=submit]"))
    return page.locator("#main table tbody th[scope=row] a").all_inner_texts()


def search_finds_yusuf_and_his_birth_date_is_corrected(
    page: Page, base: str, register: dict, lang: str, a11y: Accessibility
) -> None:
    yusuf = register["yusuf"]
    assert register_search(page, base, "Youssef Al Ali") == [yusuf["reference"]]
    a11y.check("beneficiary register, search results")
    row = page.locator("#main table tbody tr").first
    assert "يوسف العلي" in row.inner_text()
    assert "Yusuf Al-Ali" in row.inner_text()

    with page.expect_navigation():
        row.locator("a").click()
    with page.expect_navigation():
        page.locator(f"#main a[href$='/staff/beneficiaries/{yusuf['id']}/edit']").click()
    form = page.locator("#main form[action$='/edit']")
    assert form.locator("#f-date_of_birth").input_value() == YUSUF["date_of_birth"]
    assert form.locator("#f-name_latin").input_value() == "Yusuf Al-Ali"
    a11y.check("correct the record")
    form.locator("#f-date_of_birth").fill("1992-03-08")  # day and month were swapped
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200
    assert page.url.endswith(f"/staff/beneficiaries/{yusuf['id']}")
    a11y.check("beneficiary page, after a correction")
    stored = page.request.get(
        f"{base}/api/v1/beneficiaries/{yusuf['id']}", headers=register["staff"]
    ).json()
    assert stored["date_of_birth"] == "1992-03-08"
    assert stored["name_latin"] == "Yusuf Al-Ali"  # untouched by the correction
    if lang == "en":
        assert "Date of birth" in page.locator("#main #history ~ table").first.inner_text()


def the_officer_reads_and_finds_the_latin_name(
    page: Page, base: str, register: dict, a11y: Accessibility
) -> None:
    page.goto(f"{base}/inbox")
    row = page.locator("#main table tbody tr", has_text=register["referral"]["reference"])
    assert row.locator(".person-latin").inner_text() == "Yusuf Al-Ali"
    assert "يوسف العلي" in row.inner_text()
    a11y.check("officer inbox")
    form = page.locator("#main form[role=search]")
    form.locator("#f-q").fill("Yousef Alali")
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 200
    found = page.locator("#main table tbody th[scope=row] a").all_inner_texts()
    assert found == [register["referral"]["reference"]]
    a11y.check("officer inbox, search results")
