"""The duplicate check on registration and the merge of two records, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import BENEFICIARY, problem

#: a person without the shared example's document, so that only names and dates match
OLEKSANDR = {
    **{k: v for k, v in BENEFICIARY.items() if k != "residence_document"},
    "given_name": "Oleksandr",
    "family_name": "Kovalenko",
    "date_of_birth": "1988-03-05",
    "nationality": "UA",
    "languages": ["uk"],
    "protection_status": "temporary_protection",
}


@pytest.fixture
def staff(factory) -> dict[str, str]:
    return factory.staff()


@pytest.fixture
def colleague(factory) -> dict[str, str]:
    """A second officer of the same centre."""
    return factory.staff()


def register(client, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/beneficiaries", json={**OLEKSANDR, **fields}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def listed(person: dict[str, Any]) -> list[str]:
    return [d["id"] for d in person["possible_duplicates"]]


def merge(client, headers, person: dict, into: dict, version: Any = None, **extra) -> Any:
    version = person["version"] if version is None else version
    return client.post(
        f"/api/v1/beneficiaries/{person['id']}/merge",
        json={"into": into["id"]},
        headers={**headers, "If-Match": f'"{version}"', **extra},
    )


# --- the check on registration ----------------------------------------------------------


def test_the_same_person_in_cyrillic_with_the_same_birth_date_is_a_possible_duplicate(
    client, staff, colleague
):
    first = register(client, staff)
    assert first["possible_duplicates"] == []
    second = register(client, colleague, given_name="Олександр", family_name="Коваленко")
    assert second["possible_duplicates"] == [
        {"id": first["id"], "reference": first["reference"], "score": 1.0}
    ]


def test_a_swapped_day_and_month_or_a_day_off_is_close_enough(client, staff):
    first = register(client, staff)
    swapped = register(client, staff, date_of_birth="1988-05-03")
    day_off = register(client, staff, given_name="Olexandr", date_of_birth="1988-03-06")
    assert listed(swapped) == [first["id"]]
    assert 0.8 <= swapped["possible_duplicates"][0]["score"] < 1
    assert listed(day_off) == [first["id"]]


def test_another_name_or_a_distant_birth_date_is_not_a_duplicate(client, staff):
    register(client, staff)
    assert (
        register(client, staff, given_name="Oksana", family_name="Shevchenko")[
            "possible_duplicates"
        ]
        == []
    )
    assert register(client, staff, date_of_birth="1988-03-20")["possible_duplicates"] == []


def test_the_same_document_number_is_a_duplicate_whatever_the_names(client, staff):
    document = {"type": "residence_permit", "number": "RP 123-456", "expires_on": "2027-10-01"}
    first = register(client, staff, residence_document=document)
    other = register(
        client,
        staff,
        given_name="Alexander",
        family_name="Kowalenko-Smith",
        date_of_birth="1970-01-01",
        residence_document={**document, "number": "rp123456"},
    )
    assert listed(other) == [first["id"]]
    assert other["possible_duplicates"][0]["score"] >= 0.9


def test_another_centres_same_person_is_not_listed(client, staff, other_centre):
    theirs = register(client, other_centre, county="RO-BH", locality="Oradea")
    ours = register(client, staff, given_name="Олександр", family_name="Коваленко")
    assert ours["possible_duplicates"] == []
    listing = client.get(f"/api/v1/beneficiaries/{ours['id']}/possible-duplicates", headers=staff)
    assert listing.get_json() == {"items": []}
    problem(
        client.get(f"/api/v1/beneficiaries/{theirs['id']}/possible-duplicates", headers=staff), 404
    )


def test_an_idempotent_replay_answers_the_same_duplicates(client, staff):
    first = register(client, staff)
    key = {"Idempotency-Key": "register-oleksandr-again"}
    body = {**OLEKSANDR, "given_name": "Олександр", "family_name": "Коваленко"}
    answers = [
        client.post("/api/v1/beneficiaries", json=body, headers={**staff, **key}) for _ in (1, 2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].get_json() == answers[1].get_json()
    assert listed(answers[0].get_json()) == [first["id"]]


def test_possible_duplicates_lists_the_others_best_first(client, staff):
    first = register(client, staff)
    swapped = register(client, staff, date_of_birth="1988-05-03")
    same = register(client, staff, given_name="Олександр", family_name="Коваленко")
    items = client.get(
        f"/api/v1/beneficiaries/{first['id']}/possible-duplicates", headers=staff
    ).get_json()["items"]
    assert [i["id"] for i in items] == [same["id"], swapped["id"]]
    assert items[0]["score"] > items[1]["score"]


def test_the_duplicates_are_audited_as_listed(client, staff):
    first = register(client, staff)
    register(client, staff, given_name="Олександр", family_name="Коваленко")
    log = client.get(f"/api/v1/beneficiaries/{first['id']}/export", headers=staff).get_json()
    assert "list" in {e["action"] for e in log["access_log"]}


# --- merging ------------------------------------------------------------------------------


@pytest.fixture
def pair(client, factory, staff) -> tuple[dict, dict]:
    """The kept record and a duplicate that has a referral, a consent and a household member."""
    kept = register(client, staff, name_latin="Oleksandr Kovalenko")
    duplicate = register(client, staff, given_name="Олександр", family_name="Коваленко")
    factory.referral(staff, beneficiary=duplicate)
    child = register(
        client,
        staff,
        given_name="Anna",
        date_of_birth="2015-06-01",
        household_head_id=duplicate["id"],
    )
    duplicate = client.get(f"/api/v1/beneficiaries/{duplicate['id']}", headers=staff).get_json()
    return kept, {**duplicate, "child": child}


def test_a_merge_moves_referrals_consents_and_household(client, staff, pair):
    kept, duplicate = pair
    response = merge(client, staff, duplicate, kept)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["id"] == kept["id"]
    assert response.headers["ETag"] == f'"{response.get_json()["version"]}"'

    referrals = client.get(
        "/api/v1/referrals", query_string={"beneficiary_id": kept["id"]}, headers=staff
    ).get_json()["items"]
    assert len(referrals) == 1
    consents = client.get(f"/api/v1/beneficiaries/{kept['id']}/consents", headers=staff)
    assert len(consents.get_json()["items"]) == 1
    child = client.get(f"/api/v1/beneficiaries/{duplicate['child']['id']}", headers=staff)
    assert child.get_json()["household_head_id"] == kept["id"]
    # the referral is the kept person's now: one referral, counted once
    referral = client.get(f"/api/v1/referrals/{referrals[0]['id']}", headers=staff).get_json()
    assert referral["beneficiary"]["id"] == kept["id"]


def test_a_merged_record_is_gone_except_its_export(client, factory, staff, pair):
    kept, duplicate = pair
    assert merge(client, staff, duplicate, kept).status_code == 200
    path = f"/api/v1/beneficiaries/{duplicate['id']}"
    problem(client.get(path, headers=staff), 404)
    problem(client.patch(path, json={"locality": "Lugoj"}, headers=staff), 404)
    problem(client.get(f"{path}/consents", headers=staff), 404)
    problem(client.get(f"{path}/possible-duplicates", headers=staff), 404)
    problem(merge(client, staff, duplicate, kept), 404)
    consent = {"institution_kinds": ["schools"], "method": "oral", "given_at": "2026-11-01T10:00Z"}
    problem(client.post(f"{path}/consents", json=consent, headers=staff), 404)
    found = client.post("/api/v1/beneficiaries/search", json={"q": "Коваленко"}, headers=staff)
    assert duplicate["id"] not in [b["id"] for b in found.get_json()["items"]]
    body = {"beneficiary_id": duplicate["id"], "service": "schools.school_enrolment", "form": {}}
    problem(client.post("/api/v1/referrals", json={**body, "consent_id": "x"}, headers=staff), 404)
    assert register(client, staff)["possible_duplicates"][0]["id"] == kept["id"]

    export = client.get(f"{path}/export", headers=staff)
    assert export.status_code == 200
    went = export.get_json()["beneficiary"]["merged_into"]
    assert (went["id"], went["reference"]) == (kept["id"], kept["reference"])
    kept_export = client.get(f"/api/v1/beneficiaries/{kept['id']}/export", headers=staff)
    assert [m["id"] for m in kept_export.get_json()["beneficiary"]["merged_from"]] == [
        duplicate["id"]
    ]
    assert "merge" in {e["action"] for e in kept_export.get_json()["access_log"]}
    assert "merge" in {e["action"] for e in export.get_json()["access_log"]}


def test_a_stale_or_missing_if_match_changes_nothing(client, staff, pair):
    kept, duplicate = pair
    problem(merge(client, staff, duplicate, kept, version=duplicate["version"] - 1), 412)
    missing = client.post(
        f"/api/v1/beneficiaries/{duplicate['id']}/merge", json={"into": kept["id"]}, headers=staff
    )
    problem(missing, 428)
    assert client.get(f"/api/v1/beneficiaries/{duplicate['id']}", headers=staff).status_code == 200


def test_merging_into_itself_a_merged_or_another_centres_record_is_refused(
    client, staff, other_centre, pair
):
    kept, duplicate = pair
    body = problem(merge(client, staff, duplicate, duplicate), 422)
    assert "into" in body["errors"]
    theirs = register(client, other_centre, county="RO-BH", locality="Oradea")
    problem(merge(client, staff, duplicate, theirs), 404)
    problem(merge(client, staff, duplicate, {"id": "no-such-id"}), 404)
    problem(merge(client, other_centre, duplicate, theirs), 404)
    third = register(client, staff, date_of_birth="1988-03-04")
    assert merge(client, staff, third, kept).status_code == 200
    problem(merge(client, staff, duplicate, third), 422)
    problem(
        client.post(
            f"/api/v1/beneficiaries/{duplicate['id']}/merge",
            json={"into": kept["id"], "extra": 1},
            headers={**staff, "If-Match": f'"{duplicate["version"]}"'},
        ),
        422,
    )
