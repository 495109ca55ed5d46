"""Employment status, households and a guardian's consent through the API:
the fields, the rules that refuse what does not hold together, the export,
what an officer sees and what retention erases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.factories import example_of, problem
from tests.test_retention import TODAY, at, database_text, found_in, retention

JOB_SEEKER = "labour_agency.job_seeker_registration"
CAREER = "labour_agency.career_counselling"
GUARDIAN_REQUIRED = (
    "A child's consent is given by a parent or guardian: choose them or write their name."
)
#: the test clock's day is 2026-11-02: born on this day, the child turns 18 on 2026-11-02
EIGHTEEN_TODAY = "2008-11-02"


@pytest.fixture
def staff(factory) -> dict[str, str]:
    return factory.staff()


def url(person: dict[str, Any], tail: str = "") -> str:
    return f"/api/v1/beneficiaries/{person['id']}{tail}"


def patch(client, headers: dict[str, str], person: dict[str, Any], body: Any) -> Any:
    return client.patch(url(person), json=body, headers=headers)


def consent(client, headers, person: dict[str, Any], **extra: Any) -> Any:
    body = {
        "institution_kinds": ["labour_agency", "schools"],
        "method": "written",
        "given_at": "2026-11-01T10:00:00+02:00",
        **extra,
    }
    return client.post(url(person, "/consents"), json=body, headers=headers)


@pytest.fixture
def family(factory, staff) -> dict[str, dict[str, Any]]:
    """A mother who heads the household, her partner and their son (ten years old)."""
    mother = factory.beneficiary(
        staff, given_name="Олена", family_name="Коваленко", date_of_birth="1986-07-02"
    )
    partner = factory.beneficiary(
        staff,
        given_name="Андрій",
        family_name="Коваленко",
        date_of_birth="1984-02-11",
        household_head_id=mother["id"],
        household_relationship="spouse",
    )
    son = factory.beneficiary(
        staff,
        given_name="Максим",
        family_name="Коваленко",
        date_of_birth="2016-05-01",
        household_head_id=mother["id"],
        household_relationship="child",
    )
    return {"mother": mother, "partner": partner, "son": son}


# --- employment status -------------------------------------------------------------------


def test_employment_status_is_unknown_unless_given(client, factory, staff):
    person = factory.beneficiary(staff)
    assert person["employment_status"] == "unknown"
    student = factory.beneficiary(staff, given_name="Omar", employment_status="student")
    assert client.get(url(student), headers=staff).get_json()["employment_status"] == "student"


def test_employment_status_is_changed_by_a_patch_and_audited(client, factory, staff):
    person = factory.beneficiary(staff, employment_status="unemployed")
    response = patch(client, staff, person, {"employment_status": "employed"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["employment_status"] == "employed"
    other = patch(client, staff, person, {"phone": "+40 700 000 002"})
    assert other.get_json()["employment_status"] == "employed"  # a patch keeps what it omits


@pytest.mark.parametrize("value", ["retired", "", None, 3, ["employed"]])
def test_an_unknown_employment_status_is_refused(client, factory, staff, value):
    person = factory.beneficiary(staff)
    body = problem(patch(client, staff, person, {"employment_status": value}), 422)
    assert "employment_status" in body["errors"]
    created = client.post(
        "/api/v1/beneficiaries",
        json={**{k: v for k, v in person.items() if k in REGISTERED}, "employment_status": value},
        headers=staff,
    )
    assert "employment_status" in problem(created, 422)["errors"]


REGISTERED = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "protection_status",
    "county",
    "locality",
)


def test_the_job_seeker_service_shows_the_officer_the_employment_status(client, factory, staff):
    person = factory.beneficiary(staff, employment_status="unemployed")
    officer = factory.officer()
    seeker = factory.referral(staff, JOB_SEEKER, beneficiary=person)
    shown = client.get(f"/api/v1/referrals/{seeker['id']}", headers=officer).get_json()
    assert shown["beneficiary"]["employment_status"] == "unemployed"
    counselling = factory.referral(staff, CAREER, beneficiary=person)
    shown = client.get(f"/api/v1/referrals/{counselling['id']}", headers=officer).get_json()
    assert "employment_status" not in shown["beneficiary"]


def test_the_openapi_document_describes_the_new_fields(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    beneficiary = next(s for n, s in schemas.items() if n.startswith("Beneficiary"))
    employment = beneficiary["properties"]["employment_status"]
    assert set(employment["enum"]) == {
        "student",
        "vocational_training",
        "unemployed",
        "employed",
        "self_employed",
        "unknown",
    }
    assert employment["default"] == "unknown"
    assert "child" in str(beneficiary["properties"]["household_relationship"])
    consent_schema = next(s for n, s in schemas.items() if n.startswith("Consent"))
    assert {"guardian_id", "guardian_name"} <= set(consent_schema["properties"])


# --- household relationship ----------------------------------------------------------------


def test_members_carry_their_relationship_to_the_head(family):
    assert family["son"]["household_relationship"] == "child"
    assert family["partner"]["household_relationship"] == "spouse"
    assert family["mother"]["household_relationship"] is None


def test_a_head_given_without_a_relationship_makes_it_other(factory, staff, family):
    aunt = factory.beneficiary(staff, given_name="Ira", household_head_id=family["mother"]["id"])
    assert aunt["household_relationship"] == "other"


def test_a_relationship_without_a_household_head_is_refused(client, factory, staff):
    person = factory.beneficiary(staff)
    body = problem(patch(client, staff, person, {"household_relationship": "child"}), 422)
    assert "give the household head too" in body["detail"]
    assert "household_relationship" in body["errors"]
    created = client.post(
        "/api/v1/beneficiaries",
        json={
            **{k: v for k, v in person.items() if k in REGISTERED},
            "given_name": "Omar",
            "household_relationship": "spouse",
        },
        headers=staff,
    )
    assert "household_relationship" in problem(created, 422)["errors"]


@pytest.mark.parametrize("value", ["son", "", 1])
def test_an_unknown_relationship_is_refused(client, staff, family, value):
    body = problem(patch(client, staff, family["son"], {"household_relationship": value}), 422)
    assert "household_relationship" in body["errors"]


def test_a_member_changes_relationship_and_leaving_the_household_ends_it(client, staff, family):
    son = family["son"]
    changed = patch(client, staff, son, {"household_relationship": "other"})
    assert changed.status_code == 200 and changed.get_json()["household_relationship"] == "other"
    left = patch(client, staff, son, {"household_head_id": None})
    assert left.status_code == 200, left.get_json()
    assert left.get_json()["household_relationship"] is None
    both = patch(client, staff, son, {"household_head_id": None, "household_relationship": "child"})
    assert "household_relationship" in problem(both, 422)["errors"]


def test_moving_to_another_head_keeps_the_relationship_given(client, factory, staff, family):
    father = factory.beneficiary(staff, given_name="Taras", family_name="Коваленко")
    moved = patch(client, staff, family["son"], {"household_head_id": father["id"]})
    assert moved.get_json()["household_relationship"] == "child"


# --- a guardian's consent -------------------------------------------------------------------


def test_a_childs_consent_needs_a_parent_or_guardian(client, staff, family):
    body = problem(consent(client, staff, family["son"]), 422)
    assert body["detail"] == GUARDIAN_REQUIRED
    assert body["errors"] == {"guardian_id": [GUARDIAN_REQUIRED]}
    assert client.get(url(family["son"], "/consents"), headers=staff).get_json()["items"] == []


def test_a_parent_of_the_household_consents_for_the_child(client, staff, family):
    response = consent(client, staff, family["son"], guardian_id=family["mother"]["id"])
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["guardian_id"] == family["mother"]["id"]
    assert response.get_json()["guardian_name"] is None


def test_a_guardian_outside_the_register_is_named(client, staff, family):
    response = consent(client, staff, family["son"], guardian_name="  Halyna Kovalenko ")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["guardian_name"] == "Halyna Kovalenko"
    assert response.get_json()["guardian_id"] is None


def test_a_child_referred_with_the_guardians_consent(client, factory, staff, family):
    given = consent(client, staff, family["son"], guardian_id=family["partner"]["id"]).get_json()
    body = {
        "beneficiary_id": family["son"]["id"],
        "service": "schools.school_enrolment",
        "form": example_of(factory.service("schools.school_enrolment", staff)["form_schema"]),
        "consent_id": given["id"],
    }
    assert client.post("/api/v1/referrals", json=body, headers=staff).status_code == 201


def test_a_guardian_of_another_centre_is_refused(client, factory, staff, family, other_centre):
    theirs = factory.beneficiary(other_centre, county="RO-BH", locality="Oradea")
    body = problem(consent(client, staff, family["son"], guardian_id=theirs["id"]), 422)
    assert body["detail"] == "No such beneficiary in your centre."
    assert "guardian_id" in body["errors"]
    unknown = consent(client, staff, family["son"], guardian_id="no-such-person")
    assert "guardian_id" in problem(unknown, 422)["errors"]


def test_a_child_or_the_person_themselves_is_no_guardian(client, factory, staff, family):
    sister = factory.beneficiary(
        staff,
        given_name="Софія",
        date_of_birth="2012-03-03",
        household_head_id=family["mother"]["id"],
    )
    minor = problem(consent(client, staff, family["son"], guardian_id=sister["id"]), 422)
    assert "must be an adult" in minor["detail"]
    themselves = problem(
        consent(client, staff, family["son"], guardian_id=family["son"]["id"]), 422
    )
    assert "guardian_id" in themselves["errors"]


def test_a_guardian_is_chosen_or_named_not_both(client, staff, family):
    both = consent(
        client, staff, family["son"], guardian_id=family["mother"]["id"], guardian_name="Halyna"
    )
    assert "guardian_name" in problem(both, 422)["errors"]
    blank = consent(client, staff, family["son"], guardian_name="   ")
    assert "guardian_name" in problem(blank, 422)["errors"]
    too_long = consent(client, staff, family["son"], guardian_name="x" * 401)
    assert "guardian_name" in problem(too_long, 422)["errors"]


def test_an_adult_consents_alone_or_through_a_legal_guardian(client, staff, family):
    alone = consent(client, staff, family["mother"])
    assert alone.status_code == 201 and alone.get_json()["guardian_id"] is None
    legal = consent(client, staff, family["partner"], guardian_name="Avocat Ioana Pop")
    assert legal.status_code == 201, legal.get_json()


def test_a_legal_basis_needs_no_guardian(client, staff, family):
    response = consent(
        client, staff, family["son"], method="legal_basis", legal_basis="Legea 1/2011, art. 180"
    )
    assert response.status_code == 201, response.get_json()


def test_age_is_counted_on_the_day_the_consent_was_given(client, factory, staff):
    turning = factory.beneficiary(staff, given_name="Omar", date_of_birth=EIGHTEEN_TODAY)
    # 2026-11-01 at 23:30 in Bucharest: the day before the 18th birthday
    eve = consent(client, staff, turning, given_at="2026-11-01T21:30:00+00:00")
    assert problem(eve, 422)["detail"] == GUARDIAN_REQUIRED
    # 2026-11-02 at 00:30 in Bucharest, still 1 November in UTC: the birthday
    birthday = consent(client, staff, turning, given_at="2026-11-01T22:30:00+00:00")
    assert birthday.status_code == 201, birthday.get_json()


# --- the export and retention ----------------------------------------------------------------


def test_the_export_has_the_new_fields_and_who_gave_each_consent(client, staff, family):
    consent(client, staff, family["son"], guardian_id=family["mother"]["id"])
    consent(client, staff, family["son"], guardian_name="Halyna Kovalenko")
    patch(client, staff, family["son"], {"employment_status": "student"})
    body = client.get(url(family["son"], "/export"), headers=staff).get_json()
    assert body["beneficiary"]["employment_status"] == "student"
    assert body["beneficiary"]["household_relationship"] == "child"
    assert body["beneficiary"]["household_head_id"] == family["mother"]["id"]
    given_by = [(c["guardian_id"], c["guardian_name"]) for c in body["consents"]]
    assert given_by == [(family["mother"]["id"], None), (None, "Halyna Kovalenko")]


def test_retention_erases_the_guardians_name_and_keeps_the_employment_status(
    app, client, factory, clock, staff
):
    at(clock, TODAY - timedelta(days=3000))
    child = factory.beneficiary(
        staff, given_name="Omar", date_of_birth="2016-05-01", employment_status="student"
    )
    given = consent(
        client, staff, child, given_at=clock.current.isoformat(), guardian_name="Zubaida Qaderi"
    )
    assert given.status_code == 201, given.get_json()
    at(clock, TODAY)

    assert "Erased 1 beneficiaries" in retention(app).output
    shown = client.get(url(child), headers=staff).get_json()
    assert shown["erased_at"] and shown["employment_status"] == "student"
    (kept,) = client.get(url(child, "/consents"), headers=staff).get_json()["items"]
    assert kept["guardian_name"] is None and kept["institution_kinds"]
    assert not found_in(database_text(app), "Zubaida Qaderi")


def test_a_guardian_stays_while_the_child_they_consented_for_stays(
    app, client, factory, clock, staff
):
    at(clock, TODAY - timedelta(days=3000))
    mother = factory.beneficiary(staff, given_name="Mama")
    aunt = factory.beneficiary(  # a member, not the head
        staff, given_name="Mătușa", household_head_id=mother["id"], household_relationship="other"
    )
    child = factory.beneficiary(
        staff, given_name="Omar", date_of_birth="2016-05-01", household_head_id=mother["id"]
    )
    at(clock, TODAY)
    given = consent(
        client, staff, child, given_at=clock.current.isoformat(), guardian_id=aunt["id"]
    )
    assert given.status_code == 201, given.get_json()
    enrolment = "schools.school_enrolment"
    body = {
        "beneficiary_id": child["id"],
        "service": enrolment,
        "form": example_of(factory.service(enrolment, staff)["form_schema"]),
        "consent_id": given.get_json()["id"],
    }
    referred = client.post("/api/v1/referrals", json=body, headers=staff)
    assert referred.status_code == 201, referred.get_json()

    assert "Erased 0 beneficiaries" in retention(app).output
    assert client.get(url(aunt), headers=staff).get_json()["erased_at"] is None
