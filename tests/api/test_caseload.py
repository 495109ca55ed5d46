"""The caseload filters of GET /api/v1/referrals: open/closed, assigned to me or
nobody, an office, a reference, and the whole list's total."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Factory, problem

JOB_SEEKER = "labour_agency.job_seeker_registration"
COUNSELLING = "labour_agency.career_counselling"


def listed(factory: Factory, headers: dict[str, str], query: str = "") -> dict[str, Any]:
    response = factory.client.get(f"/api/v1/referrals?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def refs(body: dict[str, Any]) -> set[str]:
    return {item["reference"] for item in body["items"]}


@pytest.fixture
def load(factory: Factory, other_centre):
    """Two centres, two staff of one of them, two officers of AJOFM Timiș and its
    two offices (Timișoara and Lugoj), and AJOFM Bihor elsewhere."""
    staff_a, staff_b = factory.staff(), factory.staff()
    officer_a, officer_b = factory.officer(), factory.officer()
    lugoj = factory.beneficiary(staff_a, locality="Lugoj")
    made = {
        "a_open": factory.referral(staff_a),
        "a_lugoj": factory.referral(staff_a, beneficiary=lugoj),
        "a_draft": factory.referral(staff_a, send=False),
        "b_open": factory.referral(staff_b, service=COUNSELLING),
        "from_other": factory.referral(
            other_centre, beneficiary=factory.beneficiary(other_centre, county="RO-TM")
        ),
        "bihor": factory.referral(
            staff_a, beneficiary=factory.beneficiary(staff_a, county="RO-BH", locality="Oradea")
        ),
    }
    rejected = factory.referral(staff_b)
    reason = next(
        r["code"]
        for r in factory.service(JOB_SEEKER, staff_a)["reason_codes"]
        if "rejected" in r["applies_to"]
    )
    assert factory.move(officer_b, rejected, "rejected", reason_code=reason).status_code == 200
    made["closed"] = rejected
    received = factory.move(officer_a, made["a_open"], "received").get_json()
    made["a_open"] = factory.move(officer_a, received, "accepted").get_json()  # assigned to A
    return {
        "staff_a": staff_a,
        "staff_b": staff_b,
        "other_centre": other_centre,
        "officer_a": officer_a,
        "officer_b": officer_b,
        **{k: v["reference"] for k, v in made.items()},
        "lugoj_office": made["a_lugoj"]["to_office"]["id"],
        "main_office": made["b_open"]["to_office"]["id"],
        "bihor_office": made["bihor"]["to_office"]["id"],
    }


def test_open_lists_every_status_that_is_not_final(factory, load):
    staff_open = listed(factory, load["staff_a"], "status=open")
    assert refs(staff_open) == {
        load[k] for k in ("a_open", "a_lugoj", "a_draft", "b_open", "bihor")
    }
    assert staff_open["total"] == 5
    officer_open = listed(factory, load["officer_a"], "status=open")
    assert refs(officer_open) == {load[k] for k in ("a_open", "a_lugoj", "b_open", "from_other")}
    assert refs(listed(factory, load["officer_a"], "status=closed")) == {load["closed"]}
    # the single statuses still work
    assert refs(listed(factory, load["officer_a"], "status=accepted")) == {load["a_open"]}


def test_total_counts_the_whole_list_not_the_page(factory, load):
    first = listed(factory, load["officer_a"], "status=open&limit=1")
    assert len(first["items"]) == 1 and first["total"] == 4 and first["next_cursor"]
    cursor = first["next_cursor"]
    second = listed(factory, load["officer_a"], f"status=open&limit=1&cursor={cursor}")
    assert second["total"] == 4
    assert refs(first) != refs(second)
    assert listed(factory, load["officer_a"])["total"] == 5  # unfiltered, the closed one too


def test_assigned_to_me_and_none_per_officer(factory, load):
    assert refs(listed(factory, load["officer_a"], "assigned_to=me")) == {load["a_open"]}
    assert refs(listed(factory, load["officer_b"], "assigned_to=me")) == set()
    unassigned = listed(factory, load["officer_b"], "assigned_to=none&status=open")
    assert refs(unassigned) == {load[k] for k in ("a_lugoj", "b_open", "from_other")}
    assert unassigned["total"] == 3


def test_assigned_to_me_for_centre_staff_is_what_they_created(factory, load):
    mine = listed(factory, load["staff_b"], "assigned_to=me")
    assert refs(mine) == {load["b_open"], load["closed"]}
    assert refs(listed(factory, load["staff_b"], "assigned_to=me&status=open")) == {load["b_open"]}


def test_office_filter_is_an_office_of_the_callers_institution(factory, load):
    lugoj = listed(factory, load["officer_a"], f"office_id={load['lugoj_office']}")
    assert refs(lugoj) == {load["a_lugoj"]} and lugoj["total"] == 1
    main = listed(factory, load["officer_b"], f"office_id={load['main_office']}&status=open")
    assert refs(main) == {load[k] for k in ("a_open", "b_open", "from_other")}
    for office in (load["bihor_office"], "no-such-office"):
        body = problem(
            factory.client.get(f"/api/v1/referrals?office_id={office}", headers=load["officer_a"]),
            422,
        )
        assert "office_id" in body["errors"]
    # centre staff have no receiving office
    problem(
        factory.client.get(
            f"/api/v1/referrals?office_id={load['main_office']}", headers=load["staff_a"]
        ),
        422,
    )


def test_q_finds_a_referral_or_a_persons_referrals_by_reference(factory, load):
    one = listed(factory, load["officer_a"], f"q={load['a_lugoj'].lower()}")
    assert refs(one) == {load["a_lugoj"]}
    person = listed(factory, load["staff_a"], f"q={load['a_open']}")["items"][0]["beneficiary"]
    assert refs(listed(factory, load["staff_a"], f"q={person['reference']}")) == {load["a_open"]}
    # another institution's referral is not found by its reference either
    assert listed(factory, load["officer_a"], f"q={load['bihor']}")["total"] == 0
    assert listed(factory, load["other_centre"], f"q={load['a_open']}")["items"] == []
    body = problem(factory.client.get("/api/v1/referrals?q=Ahmad", headers=load["staff_a"]), 422)
    assert "q" in body["errors"]


def test_filters_combine_and_never_reach_another_institution(factory, load):
    query = f"status=open&assigned_to=none&service={COUNSELLING}&office_id={load['main_office']}"
    assert refs(listed(factory, load["officer_b"], query)) == {load["b_open"]}
    other = listed(factory, load["other_centre"], "status=open")
    assert refs(other) == {load["from_other"]} and other["total"] == 1
    bihor_officer = factory.officer("ajofm-bihor")
    assert refs(listed(factory, bihor_officer, "status=open")) == {load["bihor"]}


@pytest.mark.parametrize(
    "query",
    ["status=opened", "status=draftish", "assigned_to=someone", "overdue=maybe", "q=" + "R" * 41],
)
def test_bad_filter_values_are_422(factory, load, query):
    body = problem(factory.client.get(f"/api/v1/referrals?{query}", headers=load["officer_a"]), 422)
    assert body["errors"]


def test_assigned_to_me_needs_a_person(factory, load):
    from core.cli import main

    token = factory.app.test_cli_runner().invoke(
        main, args=["tokens", "create", "--institution", "ajofm-timis"]
    )
    assert token.exit_code == 0, token.output
    headers = {"Authorization": f"Bearer {token.output.strip().split()[-1]}"}
    body = problem(factory.client.get("/api/v1/referrals?assigned_to=me", headers=headers), 422)
    assert "assigned_to" in body["errors"]
    assert listed(factory, headers, "assigned_to=none&status=open")["total"] == 3


def test_coordinators_may_not_list(factory, load):
    coordinator = factory.headers("coordinator", "prefectura-timis")
    problem(factory.client.get("/api/v1/referrals?status=open", headers=coordinator), 403)
