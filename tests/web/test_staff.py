"""The centre staff's pages: home, beneficiary register, registration, the
beneficiary page with consents, the catalogue and the new-referral form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from core.beneficiaries.models import Beneficiary, Consent
from core.db import db
from core.referrals.models import Referral
from tests.factories import BENEFICIARY

CAREER = "labour_agency.career_counselling"
#: A valid career counselling form, as the browser posts it.
CAREER_FORM = {"form.topics": ["career_orientation"], "form.session_language": "en"}
#: The office that covers Timișoara for the labour agency (config/networks/region5.toml).
AJOFM_OFFICE = "Sediul AJOFM Timiș – Timișoara"
AJOFM_EMAIL = "referrals@ajofm-tm.example"

REGISTRATION = {
    "given_name": "Олександр",
    "family_name": "Шевченко",
    "date_of_birth": "1985-06-30",
    "sex": "male",
    "nationality": "UA",
    "languages": ["uk", "ru"],  # one select each, the preferred first
    "protection_status": "temporary_protection",
    "residence_document.type": "temporary_protection_permit",
    "residence_document.number": "TP0001",
    "residence_document.expires_on": "2027-03-04",
    "phone": "+40 700 000 009",
    "county": "RO-TM",
    "locality": "Timișoara",
}


@pytest.fixture
def staff(web):
    """A signed-in member of the Timișoara centre, in English (the source language)."""
    session = web("centre_staff", "crim-timisoara")
    session.post("/language", {"lang": "en"})
    return session


def page(response: Any) -> str:
    return response.get_data(as_text=True)


def error_of(html: str, field_id: str) -> str:
    """The error message shown next to the input ``field_id`` ("f-..."), or ""."""
    match = re.search(rf'id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip() if match else ""


def count(app, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def beneficiary_url(person: dict[str, Any]) -> str:
    return f"/staff/beneficiaries/{person['id']}"


def new_referral_url(person: dict[str, Any], service: str = CAREER) -> str:
    return f"/staff/beneficiaries/{person['id']}/referrals/new?service={service}"


def referral_post(consent: dict[str, Any], action: str, **form: Any) -> dict[str, Any]:
    return {
        **CAREER_FORM,
        "consent_id": consent["id"],
        "priority": "normal",
        "action": action,
        **form,
    }


# --- every page renders -----------------------------------------------------------------


def test_every_page_renders_for_centre_staff(staff, factory):
    person = factory.beneficiary(staff.headers)
    referral = factory.referral(staff.headers, beneficiary=person)
    for path in (
        "/staff",
        "/staff/beneficiaries",
        "/staff/beneficiaries/new",
        beneficiary_url(person),
        "/staff/services",
        f"/staff/services?beneficiary={person['id']}",
        f"/staff/beneficiaries/{person['id']}/referrals/new",
        new_referral_url(person),
    ):
        response = staff.get(path)
        assert response.status_code == 200, path
        assert page(response).count("<h1") == 1, path
    assert referral["reference"] in page(staff.get(beneficiary_url(person)))


def test_home_groups_the_referrals_that_need_attention(staff, factory, clock):
    officer = factory.officer()
    person = factory.beneficiary(staff.headers)
    draft = factory.referral(staff.headers, beneficiary=person, send=False)
    rejected = factory.referral(staff.headers, beneficiary=person)
    factory.move(officer, rejected, "rejected", reason_code="outside_area")
    held = factory.referral(staff.headers, beneficiary=person, service=CAREER)
    for to, body in (
        ("received", {}),
        ("accepted", {}),
        ("on-hold", {"reason_code": "missing_documents"}),
    ):
        held = factory.move(officer, held, to, **body).get_json()
    late = factory.referral(staff.headers, beneficiary=person)
    clock.advance(days=10)  # past the response deadline of the one nobody answered
    staff.login()  # days on, a new session

    html = page(staff.get("/staff"))

    def section(key: str) -> str:
        return html.split(f'id="g-{key}"', 1)[1].split("</section>", 1)[0]

    assert draft["reference"] in section("draft")
    assert rejected["reference"] in section("rejected")
    assert held["reference"] in section("on-hold")
    assert late["reference"] in section("overdue")
    assert late["reference"] not in section("draft") and draft["reference"] not in section(
        "overdue"
    )
    assert f'href="/referrals/{late["id"]}"' in html
    assert "Agenția Județeană pentru Ocuparea Forței de Muncă Timiș" in section("overdue")


def test_home_shows_only_the_centres_own_referrals(staff, factory, other_centre):
    theirs = factory.referral(
        other_centre,
        beneficiary=factory.beneficiary(other_centre, county="RO-BH", locality="Oradea"),
        send=False,
    )
    mine = factory.referral(staff.headers, send=False)
    html = page(staff.get("/staff"))
    assert mine["reference"] in html and theirs["reference"] not in html


# --- the register and the search ----------------------------------------------------------


def test_search_is_a_post_and_finds_an_arabic_name_by_its_latin_spelling(staff, factory):
    ahmad = factory.beneficiary(staff.headers)
    assert BENEFICIARY["given_name"] == "أحمد"
    maria = factory.beneficiary(staff.headers, given_name="Maria", family_name="Ionescu")

    listing = page(staff.get("/staff/beneficiaries"))
    assert ahmad["reference"] in listing and maria["reference"] in listing
    assert re.search(r'<form method="post" action="/staff/beneficiaries"', listing)

    found = page(staff.post("/staff/beneficiaries", {"q": "ahmad"}))
    assert ahmad["reference"] in found and "أحمد" in found
    assert maria["reference"] not in found

    # A name in the address is ignored: searching is POST only.
    assert maria["reference"] in page(staff.get("/staff/beneficiaries?q=ahmad"))


def test_search_without_a_match_says_so(staff, factory):
    factory.beneficiary(staff.headers)
    html = page(staff.post("/staff/beneficiaries", {"q": "Zzyzx"}))
    assert "No beneficiary of your centre matches this search." in html


# --- registering --------------------------------------------------------------------------


def test_register_a_beneficiary_then_see_their_page(staff, app):
    response = staff.post("/staff/beneficiaries/new", REGISTRATION)
    assert response.status_code == 302, page(response)
    html = page(staff.get(response.headers["Location"]))
    assert "Олександр Шевченко" in html and "Oleksandr" in html
    assert "Ukraine" in html and "Temporary protection permit" in html
    assert "Олександр" not in response.headers["Location"]
    with app.app_context():
        person = db.session.scalars(select(Beneficiary)).one()
        assert person.languages == ["uk", "ru"]
        assert person.residence_document["expires_on"] == "2027-03-04"


def test_register_with_missing_and_invalid_fields_shows_each_message_next_to_its_field(staff, app):
    form = {**REGISTRATION, "given_name": "", "nationality": "XX", "languages": ["uk", "zz"]}
    response = staff.post("/staff/beneficiaries/new", form)
    assert response.status_code == 422
    html = page(response)
    assert error_of(html, "f-given_name") == "Missing data for required field."
    assert "ISO 3166-1" in error_of(html, "f-nationality")
    assert "ISO 639-1" in error_of(html, "f-languages")
    assert error_of(html, "f-family_name") == ""
    assert 'value="Шевченко"' in html  # kept as typed
    assert '<option value="uk" selected>' in html  # the languages kept as chosen
    assert 'role="alert"' in html
    assert count(app, Beneficiary) == 0


def test_a_partial_residence_document_is_refused_next_to_the_missing_part(staff, app):
    form = {**REGISTRATION, "residence_document.number": ""}
    response = staff.post("/staff/beneficiaries/new", form)
    assert response.status_code == 422
    assert (
        error_of(page(response), "f-residence_document-number")
        == "Missing data for required field."
    )
    assert count(app, Beneficiary) == 0


def test_a_household_member_is_linked_to_the_head_by_reference(staff, factory):
    head = factory.beneficiary(staff.headers)
    child = {
        **REGISTRATION,
        "date_of_birth": "2015-01-20",
        "household_head": head["reference"].lower(),
        "household_relationship": "child",
    }
    response = staff.post("/staff/beneficiaries/new", child)
    assert response.status_code == 302, page(response)
    assert head["reference"] in page(staff.get(response.headers["Location"]))
    assert "Олександр" in page(staff.get(beneficiary_url(head)))  # listed among the members


def test_an_unknown_household_head_is_refused_next_to_the_field(staff, factory, app, other_centre):
    theirs = factory.beneficiary(other_centre, county="RO-BH", locality="Oradea")
    for reference in ("B-00000000", theirs["reference"]):
        response = staff.post(
            "/staff/beneficiaries/new", {**REGISTRATION, "household_head": reference}
        )
        assert response.status_code == 422
        assert "No beneficiary of your centre" in error_of(page(response), "f-household_head")
    assert count(app, Beneficiary) == 1  # the other centre's only


# --- consents ------------------------------------------------------------------------------


def test_record_a_consent_and_withdraw_it(staff, factory, app):
    person = factory.beneficiary(staff.headers)
    response = staff.post(
        f"{beneficiary_url(person)}/consents",
        {
            "institution_kinds": ["labour_agency", "schools"],
            "method": "oral",
            "given_at": "2026-11-01T10:00",
            "note": "Signed form in file 12",
        },
    )
    assert response.status_code == 302, page(response)
    html = page(staff.get(beneficiary_url(person)))
    assert "County employment agency (AJOFM)" in html and "Signed form in file 12" in html
    with app.app_context():
        consent = db.session.scalars(select(Consent)).one()
        assert (
            consent.method == "oral" and consent.given_at.isoformat() == "2026-11-01T08:00:00+00:00"
        )
        consent_id = consent.id

    response = staff.post(f"/staff/consents/{consent_id}/withdraw")
    assert response.status_code == 302
    html = page(staff.get(response.headers["Location"]))
    assert "No open referral relied on it." in html and "Withdrawn on" in html
    with app.app_context():
        assert db.session.get(Consent, consent_id).withdrawn_at is not None


def test_withdrawing_a_consent_says_how_many_open_referrals_relied_on_it(staff, factory, app):
    referral = factory.referral(staff.headers)
    with app.app_context():
        consent_id = db.session.get(Referral, referral["id"]).consent_id
    response = staff.post(f"/staff/consents/{consent_id}/withdraw", follow_redirects=True)
    assert "1 open referral relied on it" in page(response)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (
            {"method": "written", "given_at": "2026-11-01T10:00"},
            "f-institution_kinds",
            "Missing data for required field.",
        ),
        (
            {
                "institution_kinds": ["labour_agency"],
                "method": "written",
                "given_at": "2026-12-01T10:00",
            },
            "f-given_at",
            "Date is in the future.",
        ),
        (
            {
                "institution_kinds": ["labour_agency"],
                "method": "legal_basis",
                "given_at": "2026-11-01T10:00",
            },
            "f-legal_basis",
            "Cite the law",
        ),
    ],
)
def test_an_invalid_consent_is_refused_next_to_the_field(staff, factory, app, form, field, message):
    person = factory.beneficiary(staff.headers)
    response = staff.post(f"{beneficiary_url(person)}/consents", form)
    assert response.status_code == 422
    assert message in error_of(page(response), field)
    assert count(app, Consent) == 0


# --- the catalogue --------------------------------------------------------------------------


def test_catalogue_groups_services_by_kind_and_offers_refer_for_a_beneficiary(staff, factory):
    html = page(staff.get("/staff/services"))
    assert (
        "County employment agency (AJOFM)" in html
        and "Career and labour-market counselling" in html
    )
    assert "/referrals/new" not in html  # nobody to refer yet
    person = factory.beneficiary(staff.headers)
    html = page(staff.get(f"/staff/services?beneficiary={person['id']}"))
    assert f'href="/staff/beneficiaries/{person["id"]}/referrals/new?service={CAREER}"' in html


# --- a new referral ----------------------------------------------------------------------------


def test_preview_shows_the_receiving_office_and_writes_nothing(staff, factory, app):
    person = factory.beneficiary(staff.headers)
    consent = factory.consent(staff.headers, person["id"])
    response = staff.post(new_referral_url(person), referral_post(consent, "preview"))
    assert response.status_code == 200, page(response)
    html = page(response)
    assert AJOFM_OFFICE in html and AJOFM_EMAIL in html
    assert 'value="career_orientation" checked' in html  # the form is kept for sending
    assert count(app, Referral) == 0


def test_an_invalid_form_value_is_refused_next_to_its_field_then_sent_once_fixed(
    staff, factory, app
):
    person = factory.beneficiary(staff.headers)
    consent = factory.consent(staff.headers, person["id"])
    url = new_referral_url(person)

    response = staff.post(
        url, referral_post(consent, "send", **{"form.session_language": "english"})
    )
    assert response.status_code == 422
    html = page(response)
    assert "ISO 639-1" in error_of(html, "f-form-session_language")
    assert 'value="english"' in html
    assert count(app, Referral) == 0

    response = staff.post(url, referral_post(consent, "send"))
    assert response.status_code == 302, page(response)
    referral_id = response.headers["Location"].rsplit("/", 1)[1]
    sent = factory.client.get(f"/api/v1/referrals/{referral_id}", headers=staff.headers).get_json()
    assert sent["status"] == "requested" and sent["service"] == CAREER
    assert sent["form"]["topics"] == ["career_orientation"]


def test_a_missing_required_form_field_is_shown_next_to_it(staff, factory, app):
    person = factory.beneficiary(staff.headers)
    consent = factory.consent(staff.headers, person["id"])
    form = referral_post(consent, "preview")
    del form["form.topics"]
    response = staff.post(new_referral_url(person), form)
    assert response.status_code == 422
    assert error_of(page(response), "f-form-topics") == "Choose at least one topic."  # the plugin's


def test_save_as_draft(staff, factory):
    person = factory.beneficiary(staff.headers)
    consent = factory.consent(staff.headers, person["id"])
    response = staff.post(
        new_referral_url(person), referral_post(consent, "draft", priority="urgent")
    )
    assert response.status_code == 302, page(response)
    referral_id = response.headers["Location"].rsplit("/", 1)[1]
    draft = factory.client.get(f"/api/v1/referrals/{referral_id}", headers=staff.headers).get_json()
    assert draft["status"] == "draft" and draft["priority"] == "urgent"


def test_a_consent_that_does_not_cover_the_service_is_refused(staff, factory, app):
    person = factory.beneficiary(staff.headers)
    consent = factory.consent(staff.headers, person["id"], kinds=["schools"])
    response = staff.get(new_referral_url(person))
    assert "No active consent covers this institution." in page(response)
    response = staff.post(new_referral_url(person), referral_post(consent, "send"))
    assert response.status_code == 422
    assert error_of(page(response), "f-consent_id")
    assert count(app, Referral) == 0


def test_a_place_no_office_covers_is_shown_before_sending(staff, factory, app):
    person = factory.beneficiary(staff.headers, county="RO-CJ", locality="Cluj-Napoca")
    consent = factory.consent(staff.headers, person["id"])
    response = staff.post(new_referral_url(person), referral_post(consent, "send"))
    assert response.status_code == 422
    assert "covers this county" in error_of(page(response), "f-beneficiary-county")
    assert count(app, Referral) == 0


def test_an_unknown_service_is_not_found(staff, factory):
    person = factory.beneficiary(staff.headers)
    assert staff.get(new_referral_url(person, "labour_agency.nothing")).status_code == 404


# --- access ---------------------------------------------------------------------------------------


def test_another_centres_beneficiary_is_not_found_on_every_page(staff, factory, other_centre):
    theirs = factory.beneficiary(other_centre, county="RO-BH", locality="Oradea")
    consent = factory.consent(other_centre, theirs["id"])
    base = beneficiary_url(theirs)
    for path in (
        base,
        f"/staff/services?beneficiary={theirs['id']}",
        f"{base}/referrals/new",
        new_referral_url(theirs),
    ):
        assert staff.get(path).status_code == 404, path
    for path, form in (
        (
            f"{base}/consents",
            {"institution_kinds": ["schools"], "method": "oral", "given_at": "2026-11-01T10:00"},
        ),
        (new_referral_url(theirs), referral_post(consent, "send")),
        (f"/staff/consents/{consent['id']}/withdraw", {}),
    ):
        assert staff.post(path, form).status_code == 404, path


def test_an_officer_may_not_use_the_staff_pages(web, factory):
    officer = web("agency_officer", "ajofm-timis")
    for path in ("/staff", "/staff/beneficiaries", "/staff/beneficiaries/new", "/staff/services"):
        assert officer.get(path).status_code == 403, path
    assert officer.post("/staff/beneficiaries", {"q": "ahmad"}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/staff/beneficiaries")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_post_without_the_csrf_token_is_refused(staff, factory, app):
    person = factory.beneficiary(staff.headers)
    consent = factory.consent(staff.headers, person["id"])
    for path, form in (
        ("/staff/beneficiaries", {"q": "ahmad"}),
        ("/staff/beneficiaries/new", REGISTRATION),
        (
            f"{beneficiary_url(person)}/consents",
            {"institution_kinds": ["schools"], "method": "oral", "given_at": "2026-11-01T10:00"},
        ),
        (f"/staff/consents/{consent['id']}/withdraw", {}),
        (new_referral_url(person), referral_post(consent, "send")),
    ):
        assert staff.post(path, form, csrf=False).status_code == 400, path
    assert count(app, Beneficiary) == 1 and count(app, Referral) == 0
    with app.app_context():
        assert db.session.get(Consent, consent["id"]).withdrawn_at is None


def test_the_registration_form_lists_the_working_groups_counties_first(staff):
    html = page(staff.get("/staff/beneficiaries/new"))
    network = html.split('label="Counties of the working group"', 1)[1].split("</optgroup>", 1)[0]
    assert (
        'value="RO-TM"' in network and 'value="RO-BH"' in network and 'value="RO-CJ"' not in network
    )
    assert 'value="RO-CJ"' in html.split('label="Other counties"', 1)[1]
