"""Households in the centre staff's pages: the employment status and the
relationship on the forms and the person's page, the household page with each
member's referrals, adding a child from a parent's page, and a guardian's
consent for a child."""

from __future__ import annotations

import html as markup
from typing import Any

import pytest
from sqlalchemy import select

from core.beneficiaries.models import Beneficiary, Consent
from core.db import db
from tests.web.test_staff import (
    REGISTRATION,
    beneficiary_url,
    count,
    error_of,
    page,
)

GUARDIAN_REQUIRED = (
    "A child's consent is given by a parent or guardian: choose them or write their name."
)


@pytest.fixture
def staff(web):
    return web("centre_staff", "crim-timisoara")


@pytest.fixture
def family(factory, staff) -> dict[str, dict[str, Any]]:
    """A father who heads the household, his wife and their daughter (eight years old),
    registered through the API; the daughter has a school referral."""
    father = factory.beneficiary(
        staff.headers,
        given_name="أحمد",
        family_name="الحسن",
        name_latin="Ahmad Al-Hassan",
        date_of_birth="1988-03-14",
        phone="+40 700 111 222",
        locality="Lugoj",
    )
    wife = factory.beneficiary(
        staff.headers,
        given_name="Samira",
        family_name="Al-Hassan",
        date_of_birth="1990-01-30",
        household_head_id=father["id"],
        household_relationship="spouse",
    )
    daughter = factory.beneficiary(
        staff.headers,
        given_name="Lina",
        family_name="Al-Hassan",
        date_of_birth="2018-09-21",
        household_head_id=father["id"],
        household_relationship="child",
    )
    return {"father": father, "wife": wife, "daughter": daughter}


def consent_form(**extra: Any) -> dict[str, Any]:
    return {
        "institution_kinds": ["schools"],
        "method": "written",
        "given_at": "2026-11-01T10:00",
        **extra,
    }


def consents(app) -> list[Consent]:
    with app.app_context():
        rows = list(db.session.scalars(select(Consent).order_by(Consent.recorded_at)))
        for row in rows:
            db.session.expunge(row)
        return rows


# --- employment status and relationship on the forms -------------------------------------


def test_registration_offers_the_employment_status_with_unknown_chosen(staff):
    html = page(staff.get("/staff/beneficiaries/new"))
    assert '<option value="unknown" selected>Not known</option>' in html
    assert '<option value="self_employed"' in html and "Self-employed" in html


def test_the_employment_status_is_registered_shown_and_corrected(staff, app):
    response = staff.post(
        "/staff/beneficiaries/new", {**REGISTRATION, "employment_status": "vocational_training"}
    )
    assert response.status_code == 302, page(response)
    person_url = response.headers["Location"]
    assert "In vocational training" in page(staff.get(person_url))
    edit = page(staff.get(f"{person_url}/edit"))
    assert '<option value="vocational_training" selected>' in edit
    version = next(b.version for b in _people(app))
    corrected = staff.post(
        f"{person_url}/edit",
        {**REGISTRATION, "employment_status": "employed", "version": str(version)},
    )
    assert corrected.status_code == 302, page(corrected)
    assert [b.employment_status for b in _people(app)] == ["employed"]
    assert "Employment status" in page(staff.get(person_url))  # the history names the field


def test_an_unknown_employment_status_is_refused_next_to_the_field(staff, app):
    response = staff.post("/staff/beneficiaries/new", {**REGISTRATION, "employment_status": "x"})
    assert response.status_code == 422
    assert error_of(page(response), "f-employment_status") == "Choose one of the values offered."
    assert count(app, Beneficiary) == 0


def test_a_member_needs_a_relationship_and_a_relationship_needs_a_head(staff, factory, app):
    head = factory.beneficiary(staff.headers)
    member = staff.post(
        "/staff/beneficiaries/new", {**REGISTRATION, "household_head": head["reference"]}
    )
    assert member.status_code == 422
    assert (
        error_of(page(member), "f-household_relationship")
        == "Choose how the person is related to the head of the household."
    )
    alone = staff.post(
        "/staff/beneficiaries/new", {**REGISTRATION, "household_relationship": "child"}
    )
    assert alone.status_code == 422
    assert "Give the household head" in error_of(page(alone), "f-household_relationship")
    assert count(app, Beneficiary) == 1


def test_the_relationship_is_registered_and_shown_on_the_persons_page(staff, factory):
    head = factory.beneficiary(staff.headers)
    response = staff.post(
        "/staff/beneficiaries/new",
        {**REGISTRATION, "household_head": head["reference"], "household_relationship": "parent"},
    )
    assert response.status_code == 302, page(response)
    html = page(staff.get(response.headers["Location"]))
    assert "relationship to them: Parent" in html
    assert "Parent" in page(staff.get(beneficiary_url(head)))  # listed among the members


# --- the household page -----------------------------------------------------------------------


def test_the_household_page_lists_everyone_with_their_referrals(staff, factory, family):
    enrolment = factory.referral(
        staff.headers, "schools.school_enrolment", beneficiary=family["daughter"]
    )
    guardian = factory.consent(staff.headers, family["father"]["id"])
    seeker = factory.post(
        "/api/v1/referrals",
        staff.headers,
        {
            "beneficiary_id": family["father"]["id"],
            "service": "labour_agency.career_counselling",
            "form": {"topics": ["career_orientation"], "session_language": "en"},
            "consent_id": guardian["id"],
        },
    )
    person_page = page(staff.get(beneficiary_url(family["daughter"])))
    link = f'href="/staff/beneficiaries/{family["daughter"]["id"]}/household"'
    assert link in person_page

    html = page(staff.get(f"{beneficiary_url(family['daughter'])}/household"))
    for person in family.values():
        assert person["reference"] in html
    assert "Ahmad Al-Hassan" in html and "(أحمد الحسن)" in html  # Latin first, then as written
    assert "Head of the household" in html and "Spouse or partner" in html and "Child" in html
    assert "8 years" in html and "38 years" in html
    for referral in (enrolment, seeker):
        assert referral["reference"] in html
        assert f'href="/referrals/{referral["id"]}"' in html
    assert "School enrolment" in html and "Career" in html
    assert "Requested" in html and html.count("No referral was made for this person yet.") == 1


def test_a_person_without_household_has_a_page_of_their_own(staff, factory):
    person = factory.beneficiary(staff.headers)
    response = staff.get(f"{beneficiary_url(person)}/household")
    assert response.status_code == 200
    assert person["reference"] in page(response)


def test_another_centres_household_is_not_found(web, family, factory, tmp_path):
    factory.join_region5(
        tmp_path, slug="cri-oradea", name="CRI Oradea", kind="integration_centre", county="RO-BH"
    )
    theirs = web("centre_staff", "cri-oradea")
    for person in family.values():
        assert theirs.get(f"{beneficiary_url(person)}/household").status_code == 404
        assert (
            theirs.get(f"/staff/beneficiaries/new?household_of={person['id']}").status_code == 404
        )
    officer = web("agency_officer", "ajofm-timis")
    assert officer.get(f"{beneficiary_url(family['father'])}/household").status_code == 403


def test_a_merged_member_leaves_the_household_page(staff, factory, family, client):
    twin = factory.beneficiary(
        staff.headers,
        given_name="Lina",
        family_name="Al-Hassan",
        date_of_birth="2018-09-21",
        household_head_id=family["father"]["id"],
        household_relationship="child",
    )
    merged = client.post(
        f"/api/v1/beneficiaries/{twin['id']}/merge",
        json={"into": family["daughter"]["id"]},
        headers={**staff.headers, "If-Match": f'"{twin["version"]}"'},
    )
    assert merged.status_code == 200, merged.get_json()
    html = page(staff.get(f"{beneficiary_url(family['father'])}/household"))
    assert family["daughter"]["reference"] in html and twin["reference"] not in html
    assert staff.get(f"{beneficiary_url(twin)}/household").status_code == 404


def test_the_household_page_is_bounded(staff, factory, family, monkeypatch):
    from core.beneficiaries import households

    monkeypatch.setattr(households, "MEMBERS_CAP", 1)
    html = page(staff.get(f"{beneficiary_url(family['father'])}/household"))
    assert family["wife"]["reference"] in html and family["daughter"]["reference"] not in html
    assert "Only the first 1 members are listed." in html


# --- adding a child from a parent's page ------------------------------------------------------


def test_add_a_child_prefills_the_household_the_name_and_the_address(staff, family):
    father_page = page(staff.get(beneficiary_url(family["father"])))
    add = f'href="/staff/beneficiaries/new?household_of={family["father"]["id"]}"'
    assert add in father_page

    html = page(staff.get(f"/staff/beneficiaries/new?household_of={family['father']['id']}"))
    assert f'name="household_head" type="text" value="{family["father"]["reference"]}"' in html
    assert 'value="الحسن"' in html and 'value="Lugoj"' in html
    assert '<option value="RO-TM" selected>' in html
    assert '<option value="child" selected>' in html
    assert "+40 700 111 222" not in html  # contacts are not copied


def test_a_child_added_from_a_members_page_joins_the_heads_household(staff, family):
    html = page(staff.get(f"/staff/beneficiaries/new?household_of={family['wife']['id']}"))
    assert f'value="{family["father"]["reference"]}"' in html  # the head, not the mother
    assert '<option value="child" selected>' in html  # the head's partner's child
    assert 'value="Al-Hassan"' in html


def test_the_added_child_is_registered_into_the_household(staff, family, app):
    form = {
        **REGISTRATION,
        "given_name": "Yusuf",
        "family_name": "الحسن",
        "date_of_birth": "2021-04-04",
        "household_head": family["father"]["reference"],
        "household_relationship": "child",
    }
    response = staff.post("/staff/beneficiaries/new", form)
    assert response.status_code == 302, page(response)
    with app.app_context():
        child = db.session.scalar(select(Beneficiary).where(Beneficiary.given_name == "Yusuf"))
        assert child.household_head_id == family["father"]["id"]
        assert child.household_relationship == "child"


def test_the_duplicate_question_still_applies_to_an_added_child(staff, family, app):
    form = {
        **REGISTRATION,
        "given_name": "Lina",
        "family_name": "Al-Hassan",
        "date_of_birth": "2018-09-21",
        "household_head": family["father"]["reference"],
        "household_relationship": "child",
    }
    response = staff.post("/staff/beneficiaries/new", form)
    assert response.status_code == 200
    assert family["daughter"]["reference"] in page(response)
    assert count(app, Beneficiary) == 3


def test_no_personal_data_goes_in_the_add_a_child_address(staff, family):
    father_page = page(staff.get(beneficiary_url(family["father"])))
    links = [markup.unescape(h) for h in _hrefs(father_page) if "household_of" in h]
    assert links == [f"/staff/beneficiaries/new?household_of={family['father']['id']}"]


def test_an_unknown_parent_is_not_found(staff):
    assert staff.get("/staff/beneficiaries/new?household_of=nobody").status_code == 404


# --- a guardian's consent ---------------------------------------------------------------------


def test_the_consent_form_offers_the_households_adults(staff, family):
    html = page(staff.get(beneficiary_url(family["daughter"])))
    select_html = html[
        html.index('name="guardian_id"') : html.index("</select>", html.index('name="guardian_id"'))
    ]
    assert f'value="{family["father"]["id"]}"' in select_html
    assert "Ahmad Al-Hassan" in select_html
    assert f'value="{family["wife"]["id"]}"' in select_html
    assert family["daughter"]["id"] not in select_html
    assert 'name="guardian_name"' in html


def test_a_childs_consent_without_a_guardian_is_refused(staff, family, app):
    response = staff.post(f"{beneficiary_url(family['daughter'])}/consents", consent_form())
    assert response.status_code == 422
    assert markup.unescape(error_of(page(response), "f-guardian_id")) == GUARDIAN_REQUIRED
    assert consents(app) == []


def test_a_parent_of_the_household_gives_the_childs_consent(staff, family, app):
    response = staff.post(
        f"{beneficiary_url(family['daughter'])}/consents",
        consent_form(guardian_id=family["wife"]["id"]),
    )
    assert response.status_code == 302, page(response)
    (given,) = consents(app)
    assert given.guardian_id == family["wife"]["id"] and given.guardian_name is None
    html = page(staff.get(beneficiary_url(family["daughter"])))
    assert "Parent or guardian:" in html and family["wife"]["reference"] in html
    export = page(staff.get(f"{beneficiary_url(family['daughter'])}/export"))
    assert "Parent or guardian:" in export and family["wife"]["reference"] in export


def test_a_named_guardian_gives_the_childs_consent(staff, family, app):
    response = staff.post(
        f"{beneficiary_url(family['daughter'])}/consents",
        consent_form(guardian_name="Mariam Haddad"),
    )
    assert response.status_code == 302, page(response)
    assert [c.guardian_name for c in consents(app)] == ["Mariam Haddad"]
    assert "Mariam Haddad" in page(staff.get(beneficiary_url(family["daughter"])))


def test_another_centres_person_is_refused_as_guardian(staff, family, factory, other_centre, app):
    theirs = factory.beneficiary(other_centre, county="RO-BH", locality="Oradea")
    response = staff.post(
        f"{beneficiary_url(family['daughter'])}/consents", consent_form(guardian_id=theirs["id"])
    )
    assert response.status_code == 422
    assert "Choose a person of your centre" in error_of(page(response), "f-guardian_id")
    assert consents(app) == []


def test_an_adult_consents_for_themselves(staff, family, app):
    response = staff.post(f"{beneficiary_url(family['father'])}/consents", consent_form())
    assert response.status_code == 302, page(response)
    assert "The person" in page(staff.get(beneficiary_url(family["father"])))


def _people(app) -> list[Beneficiary]:
    with app.app_context():
        rows = list(db.session.scalars(select(Beneficiary)))
        for row in rows:
            db.session.expunge(row)
        return rows


def _hrefs(html: str) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', html)
