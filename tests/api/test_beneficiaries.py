"""Beneficiaries and consents through the API: the record, search across
scripts, partial updates, and the values that are refused."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from core.audit import AuditLog
from core.db import db
from tests.factories import BENEFICIARY, problem

API_FIELDS = {
    "id",
    "reference",
    "given_name",
    "family_name",
    "name_latin",
    "date_of_birth",
    "sex",
    "nationality",
    "languages",
    "protection_status",
    "residence_document",
    "phone",
    "email",
    "county",
    "locality",
    "household_head_id",
    "registered_by",
    "version",
}


@pytest.fixture
def staff(factory) -> dict[str, str]:
    return factory.staff()


def search(client, headers: dict[str, str], q: str) -> list[str]:
    response = client.get("/api/v1/beneficiaries", query_string={"q": q}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [b["id"] for b in response.get_json()["items"]]


def patch(client, headers: dict[str, str], person: dict[str, Any], body: dict, **extra) -> Any:
    return client.patch(
        f"/api/v1/beneficiaries/{person['id']}", json=body, headers={**headers, **extra}
    )


def read(client, headers: dict[str, str], person: dict[str, Any]) -> dict[str, Any]:
    return client.get(f"/api/v1/beneficiaries/{person['id']}", headers=headers).get_json()


# --- the record ----------------------------------------------------------------------


def test_create_returns_every_documented_field_as_sent(client, factory, staff):
    response = client.post("/api/v1/beneficiaries", json=BENEFICIARY, headers=staff)
    assert response.status_code == 201, response.get_json()
    person = response.get_json()
    assert set(person) >= API_FIELDS
    assert {k: person[k] for k in BENEFICIARY} == BENEFICIARY
    assert person["reference"].startswith("B-")
    assert person["registered_by"] == factory.institution_id("crim-timisoara")
    assert person["household_head_id"] is None and person["email"] is None
    assert isinstance(person["version"], int)
    assert person.pop("possible_duplicates") == []  # the first of its kind
    assert read(client, staff, person) == person


def test_name_latin_is_computed_from_any_script_when_not_given(factory, staff):
    person = factory.beneficiary(staff, given_name="Олександр", family_name="Шевченко")
    assert "Oleksandr" in person["name_latin"]
    assert person["name_latin"].isascii()


def test_name_latin_given_by_staff_is_kept(client, factory, staff):
    person = factory.beneficiary(
        staff, given_name="Олександр", family_name="Шевченко", name_latin="Oleksandr Shevchenko"
    )
    assert person["name_latin"] == "Oleksandr Shevchenko"
    patched = patch(client, staff, person, {"phone": "+40 700 000 002"}).get_json()
    assert patched["name_latin"] == "Oleksandr Shevchenko"


# --- search --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_name", "family_name", "q"),
    [
        ("أحمد", "الحسن", "ahmad"),
        ("أحمد", "الحسن", "Ahmed"),
        ("Олександр", "Шевченко", "oleksandr"),
        ("Олександр", "Шевченко", "Shevchenko"),
        ("Ștefan", "Popescu", "stefan"),
        ("Ioana", "Țărău", "tarau"),
        ("Ioana", "Țărău", "ȚĂRĂU"),
        ("Ștefan", "Popescu", "stefan popescu"),
    ],
)
def test_search_finds_a_name_across_scripts_and_accents(
    client, factory, staff, given_name, family_name, q
):
    person = factory.beneficiary(staff, given_name=given_name, family_name=family_name)
    factory.beneficiary(staff, given_name="Maria", family_name="Ionescu")
    assert search(client, staff, q) == [person["id"]]


def test_search_by_reference_code(client, factory, staff):
    person = factory.beneficiary(staff)
    factory.beneficiary(staff, given_name="Maria")
    assert search(client, staff, person["reference"]) == [person["id"]]
    assert search(client, staff, person["reference"].lower()) == [person["id"]]


@pytest.mark.parametrize("q", ["1990-04-12", "12.04.1990"])
def test_search_by_date_of_birth_in_either_format(client, factory, staff, q):
    person = factory.beneficiary(staff, date_of_birth="1990-04-12")
    factory.beneficiary(staff, date_of_birth="1991-04-12")
    assert search(client, staff, q) == [person["id"]]


@pytest.mark.parametrize("q", ["Zbigniew", "2001-01-01", "31.02.1990", "B-ZZZZZZZZ", "%", "_"])
def test_a_query_that_matches_no_one_returns_nothing(client, factory, staff, q):
    factory.beneficiary(staff)
    assert search(client, staff, q) == []


@pytest.mark.parametrize("q", ["", "ahmad", "1990-04-12"])
def test_search_never_returns_another_centres_beneficiaries(
    client, factory, staff, other_centre, q
):
    mine = factory.beneficiary(staff)
    theirs = factory.beneficiary(other_centre)
    assert search(client, staff, q) == [mine["id"]]
    assert search(client, other_centre, q) == [theirs["id"]]
    problem(client.get(f"/api/v1/beneficiaries/{theirs['id']}", headers=staff), 404)


# --- updates -------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields_and_bumps_the_version(client, factory, staff):
    person = factory.beneficiary(staff)
    response = patch(client, staff, person, {"phone": "+40 700 000 099", "languages": ["uk"]})
    assert response.status_code == 200, response.get_json()
    updated = response.get_json()
    assert updated == {
        **person,
        "phone": "+40 700 000 099",
        "languages": ["uk"],
        "version": person["version"] + 1,
    }
    assert response.headers["ETag"] == f'"{updated["version"]}"'
    assert read(client, staff, person) == updated


def test_patch_with_the_current_version_in_if_match_succeeds(client, factory, staff):
    person = factory.beneficiary(staff)
    response = patch(client, staff, person, {"locality": "Lugoj"}, **{"If-Match": '"1"'})
    assert response.status_code == 200, response.get_json()


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(client, factory, staff):
    person = factory.beneficiary(staff)
    patch(client, staff, person, {"locality": "Lugoj"})
    stale = f'"{person["version"]}"'
    problem(patch(client, staff, person, {"locality": "Buziaș"}, **{"If-Match": stale}), 412)
    assert read(client, staff, person)["locality"] == "Lugoj"


def updates_changed(app, person: dict[str, Any]) -> list[list[str] | None]:
    """``changed_fields`` of the person's "update" audit rows, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(AuditLog)
            .where(AuditLog.beneficiary_id == person["id"], AuditLog.action == "update")
            .order_by(AuditLog.at, AuditLog.id)
        )
        return [row.changed_fields for row in rows]


def test_patch_records_the_names_of_the_changed_fields_in_the_audit_log(
    app, client, factory, staff
):
    person = factory.beneficiary(staff)
    response = patch(client, staff, person, {"phone": "+40 700 000 099"})
    assert response.status_code == 200, response.get_json()
    assert updates_changed(app, person) == [["phone"]]


def test_patch_that_changes_nothing_is_audited_with_no_changed_fields(app, client, factory, staff):
    person = factory.beneficiary(staff)
    response = patch(client, staff, person, {"locality": person["locality"]})
    assert response.status_code == 200, response.get_json()
    assert updates_changed(app, person) == [[]]


def test_a_child_is_linked_to_the_head_of_a_household(client, factory, staff):
    head = factory.beneficiary(staff)
    child = factory.beneficiary(staff, given_name="Omar", date_of_birth="2016-05-01")
    response = patch(client, staff, child, {"household_head_id": head["id"]})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["household_head_id"] == head["id"]


@pytest.mark.parametrize("head", ["unknown", "other-centre", "itself", "a-member"])
def test_household_head_must_head_a_household_of_the_same_centre(
    client, factory, staff, other_centre, head
):
    person = factory.beneficiary(staff)
    member_of = factory.beneficiary(staff, given_name="Layla")
    member = factory.beneficiary(staff, given_name="Omar")
    patch(client, staff, member, {"household_head_id": member_of["id"]})
    head_id = {
        "unknown": "00000000-0000-7000-8000-000000000000",
        "other-centre": factory.beneficiary(other_centre)["id"],
        "itself": person["id"],
        "a-member": member["id"],
    }[head]
    body = problem(patch(client, staff, person, {"household_head_id": head_id}), 422)
    assert list(body["errors"]) == ["household_head_id"]
    assert read(client, staff, person) == person


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nationality": "XX"}, "nationality"),
        ({"nationality": "sy"}, "nationality"),
        ({"languages": ["xx"]}, "languages.0"),
        ({"languages": ["ar", "arabic"]}, "languages.1"),
        ({"county": "RO-XX"}, "county"),
        ({"county": "Timiș"}, "county"),
        ({"sex": "robot"}, "sex"),
        ({"protection_status": "tourist"}, "protection_status"),
        ({"date_of_birth": "2026-11-03"}, "date_of_birth"),  # tomorrow on the test clock
        ({"date_of_birth": "2990-01-01"}, "date_of_birth"),
        ({"date_of_birth": "1899-12-31"}, "date_of_birth"),
        ({"date_of_birth": "1990-02-30"}, "date_of_birth"),
        ({"given_name": ""}, "given_name"),
        (
            {"residence_document": {"type": "visa", "number": "1", "expires_on": "2027-01-01"}},
            "residence_document.type",
        ),
        ({"id": "mine"}, "id"),
        ({"version": 7}, "version"),
        ({"registered_by": "someone"}, "registered_by"),
    ],
)
def test_invalid_values_are_refused_on_create_and_on_patch(client, factory, staff, body, field):
    person = factory.beneficiary(staff)
    created = client.post("/api/v1/beneficiaries", json={**BENEFICIARY, **body}, headers=staff)
    assert list(problem(created, 422)["errors"]) == [field]
    assert list(problem(patch(client, staff, person, body), 422)["errors"]) == [field]
    assert search(client, staff, "") == [person["id"]]
    assert read(client, staff, person) == person


@pytest.mark.parametrize("born", ["2026-11-02", "1900-01-01"])
def test_a_date_of_birth_from_1900_to_today_is_accepted(factory, staff, born):
    assert factory.beneficiary(staff, date_of_birth=born)["date_of_birth"] == born


# --- consent -------------------------------------------------------------------------

CONSENT = {
    "institution_kinds": ["labour_agency"],
    "method": "written",
    "given_at": "2026-11-01T10:00:00+02:00",
}


def consents(client, staff, person) -> list[dict[str, Any]]:
    url = f"/api/v1/beneficiaries/{person['id']}/consents"
    return client.get(url, headers=staff).get_json()["items"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"institution_kinds": ["nonexistent"]}, "institution_kinds"),
        ({"institution_kinds": ["labour_agency", "nonexistent"]}, "institution_kinds"),
        ({"institution_kinds": []}, "institution_kinds"),
        ({"given_at": "2026-11-02T09:00:01+00:00"}, "given_at"),  # a second after now
        ({"given_at": "2027-01-01T10:00:00+02:00"}, "given_at"),
        ({"given_at": "2026-11-01T10:00:00"}, "given_at"),  # naive: whose 10 o'clock?
        ({"method": "telepathy"}, "method"),
        ({"method": "legal_basis"}, "legal_basis"),
    ],
)
def test_an_invalid_consent_is_422_and_not_recorded(client, factory, staff, body, field):
    person = factory.beneficiary(staff)
    url = f"/api/v1/beneficiaries/{person['id']}/consents"
    response = client.post(url, json={**CONSENT, **body}, headers=staff)
    assert list(problem(response, 422)["errors"]) == [field]
    assert consents(client, staff, person) == []


def test_a_consent_is_recorded_and_listed(client, factory, staff):
    person = factory.beneficiary(staff)
    url = f"/api/v1/beneficiaries/{person['id']}/consents"
    response = client.post(url, json=CONSENT, headers=staff)
    assert response.status_code == 201, response.get_json()
    consent = response.get_json()
    assert consent["institution_kinds"] == ["labour_agency"]
    assert consent["withdrawn_at"] is None
    assert [c["id"] for c in consents(client, staff, person)] == [consent["id"]]
