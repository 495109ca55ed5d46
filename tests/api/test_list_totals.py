"""The ``total`` of GET /api/v1/referrals is how many referrals the whole list
holds, whichever way it is worked out (the receiving side's from the cooperation
counters, the others by counting): the items over all pages, for each filter."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Factory

JOB_SEEKER = "labour_agency.job_seeker_registration"
COUNSELLING = "labour_agency.career_counselling"


def walk(factory: Factory, headers: dict[str, str], query: str) -> tuple[list[str], set[int]]:
    """Every item of a list, page after page of two, and the totals the pages gave."""
    items: list[str] = []
    totals: set[int] = set()
    cursor = ""
    while True:
        path = f"/api/v1/referrals?limit=2&{query}{cursor}"
        response = factory.client.get(path, headers=headers)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        items += [item["reference"] for item in body["items"]]
        totals.add(body["total"])
        if body["next_cursor"] is None:
            return items, totals
        cursor = f"&cursor={body['next_cursor']}"


def _reason(factory: Factory, headers: dict[str, str], to: str) -> str:
    codes = factory.service(JOB_SEEKER, headers)["reason_codes"]
    return next(r["code"] for r in codes if to in r["applies_to"])


def _forward(factory: Factory, headers: dict[str, str], referral: dict, office_id: str) -> dict:
    response = factory.client.post(
        f"/api/v1/referrals/{referral['id']}/forward",
        json={"office_id": office_id, "note": "closer to the person"},
        headers={**headers, "If-Match": f'"{referral["version"]}"'},
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def history(factory: Factory, other_centre) -> dict[str, Any]:
    """Two centres send to AJOFM Timiș (its Timișoara and Lugoj offices) and to
    AJOFM Bihor, in two services; some referrals are rejected, cancelled once
    sent, cancelled as drafts, still drafts, accepted, or forwarded to Lugoj."""
    staff, officer = factory.staff(), factory.officer()
    bihor_officer = factory.officer("ajofm-bihor")
    lugoj = factory.beneficiary(staff, locality="Lugoj")
    oradea = factory.beneficiary(staff, county="RO-BH", locality="Oradea")
    sent = [
        factory.referral(staff),
        factory.referral(staff),
        factory.referral(staff, service=COUNSELLING),
        factory.referral(staff, beneficiary=lugoj),
        factory.referral(staff, beneficiary=lugoj, service=COUNSELLING),
        factory.referral(
            other_centre, beneficiary=factory.beneficiary(other_centre, county="RO-TM")
        ),
        factory.referral(staff, beneficiary=oradea),
        factory.referral(staff, beneficiary=oradea, service=COUNSELLING),
    ]
    drafts = [factory.referral(staff, send=False) for _ in range(2)]
    assert factory.move(staff, drafts[1], "cancelled").status_code == 200
    rejected = factory.move(
        officer, sent[0], "rejected", reason_code=_reason(factory, staff, "rejected")
    )
    assert rejected.status_code == 200
    assert factory.move(staff, sent[1], "cancelled").status_code == 200
    received = factory.move(officer, sent[2], "received").get_json()
    assert factory.move(officer, received, "accepted").status_code == 200
    lugoj_office = sent[3]["to_office"]["id"]
    main_office = sent[0]["to_office"]["id"]
    _forward(
        factory,
        officer,
        factory.client.get(f"/api/v1/referrals/{sent[5]['id']}", headers=officer).get_json(),
        lugoj_office,
    )
    bihor_rejected = factory.move(
        bihor_officer, sent[6], "rejected", reason_code=_reason(factory, staff, "rejected")
    )
    assert bihor_rejected.status_code == 200
    return {
        "staff": staff,
        "other_centre": other_centre,
        "officer": officer,
        "bihor_officer": bihor_officer,
        "lugoj": lugoj_office,
        "main": main_office,
        "bihor": sent[6]["to_office"]["id"],
    }


QUERIES = [
    "",
    "status=open",
    "status=closed",
    "status=rejected",
    "status=cancelled",
    "status=accepted",
    "status=draft",
    f"service={JOB_SEEKER}",
    f"service={COUNSELLING}&status=open",
    "office_id={lugoj}",
    "office_id={main}&status=closed",
    "office_id={lugoj}&service=" + COUNSELLING,
    "assigned_to=none&status=open",
    "overdue=false",
]


@pytest.mark.parametrize("who", ["officer", "bihor_officer", "staff", "other_centre"])
@pytest.mark.parametrize("query", QUERIES)
def test_the_total_is_the_number_of_items_over_all_pages(factory, history, who, query):
    if "office_id" in query and who != "officer":
        pytest.skip("an office filter is the receiving institution's own (422 otherwise)")
    items, totals = walk(factory, history[who], query.format(**history))

    assert len(items) == len(set(items))
    assert totals == {len(items)}


def test_the_totals_follow_transitions_and_forwards(factory, history):
    officer = history["officer"]
    assert walk(factory, officer, "")[1] == {6}  # sent to Timiș; drafts are not
    assert walk(factory, officer, "status=open")[1] == {4}
    assert walk(factory, officer, "status=closed")[1] == {2}
    assert walk(factory, officer, f"office_id={history['lugoj']}")[1] == {3}  # one forwarded
    assert walk(factory, history["bihor_officer"], "status=rejected")[1] == {1}
    assert walk(factory, history["staff"], "")[1] == {9}  # its drafts, the cancelled one too
