"""GDPR Art. 18: a restricted person is kept, but not referred and not found."""

from __future__ import annotations

from tests.factories import example_of, problem


def _restrict(client, person_id: str, headers: dict[str, str], body=None):
    return client.post(
        f"/api/v1/beneficiaries/{person_id}/restriction",
        json={"reason": "contests the accuracy"} if body is None else body,
        headers=headers,
    )


def _referral_body(factory, staff, person, consent, send=True) -> dict:
    service = "labour_agency.job_seeker_registration"
    return {
        "beneficiary_id": person["id"],
        "service": service,
        "form": example_of(factory.service(service, staff)["form_schema"]),
        "consent_id": consent["id"],
        "send": send,
    }


def test_a_restricted_person_is_not_referred_nor_found(client, factory, clock):
    staff = factory.staff()
    person = factory.beneficiary(staff, given_name="Oksana")
    consent = factory.consent(staff, person["id"])
    draft = factory.post(
        "/api/v1/referrals", staff, _referral_body(factory, staff, person, consent, send=False)
    )
    assert person["restriction"] is None
    response = _restrict(client, person["id"], staff)
    assert response.status_code == 200
    restriction = response.get_json()["restriction"]
    assert restriction == {"since": clock().isoformat(), "reason": "contests the accuracy"}

    body = problem(
        client.post(
            "/api/v1/referrals", json=_referral_body(factory, staff, person, consent), headers=staff
        ),
        422,
    )
    assert "restricted" in body["detail"] and "beneficiary_id" in body["errors"]
    sent = problem(factory.move(staff, draft, "requested"), 422)
    assert "restricted" in sent["detail"]
    for search in (
        client.get("/api/v1/beneficiaries?q=Oksana", headers=staff),
        client.get("/api/v1/beneficiaries", headers=staff),
        client.post("/api/v1/beneficiaries/search", json={"q": "Oksana"}, headers=staff),
    ):
        assert search.get_json()["items"] == []
    # the registering centre still opens it, to lift the restriction
    opened = client.get(f"/api/v1/beneficiaries/{person['id']}", headers=staff)
    assert opened.get_json()["restriction"]["reason"] == "contests the accuracy"

    lifted = client.delete(f"/api/v1/beneficiaries/{person['id']}/restriction", headers=staff)
    assert lifted.status_code == 200 and lifted.get_json()["restriction"] is None
    assert factory.move(staff, draft, "requested").status_code == 200
    found = client.post("/api/v1/beneficiaries/search", json={"q": "Oksana"}, headers=staff)
    assert [b["id"] for b in found.get_json()["items"]] == [person["id"]]
    log = client.get(f"/api/v1/beneficiaries/{person['id']}/export", headers=staff).get_json()
    actions = [e["action"] for e in log["access_log"]]
    assert "restrict" in actions and "lift_restriction" in actions


def test_open_referrals_continue_under_a_restriction(client, factory):
    staff = factory.staff()
    person = factory.beneficiary(staff)
    referral = factory.referral(staff, beneficiary=person, send=True)
    assert _restrict(client, person["id"], staff).status_code == 200
    officer = factory.officer()
    assert client.get(f"/api/v1/referrals/{referral['id']}", headers=officer).status_code == 200
    assert factory.move(officer, referral, "received").status_code == 200


def test_a_restriction_needs_a_reason(client, factory):
    staff = factory.staff()
    person = factory.beneficiary(staff)
    for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "x", "until": "later"}):
        errors = problem(_restrict(client, person["id"], staff, body), 422)["errors"]
        assert errors
    problem(
        client.post(f"/api/v1/beneficiaries/{person['id']}/restriction", data="x", headers=staff),
        415,
    )
    assert (
        client.get(f"/api/v1/beneficiaries/{person['id']}", headers=staff).get_json()["restriction"]
        is None
    )


def test_only_the_registering_centre_restricts(client, factory, other_centre):
    staff = factory.staff()
    person = factory.beneficiary(staff)
    path = f"/api/v1/beneficiaries/{person['id']}/restriction"
    problem(_restrict(client, person["id"], other_centre), 404)
    problem(client.delete(path, headers=other_centre), 404)
    for headers in (
        factory.officer(),
        factory.headers("admin"),
        factory.headers("coordinator", "prefectura-timis"),
    ):
        problem(_restrict(client, person["id"], headers), 403)
        problem(client.delete(path, headers=headers), 403)
    problem(_restrict(client, person["id"], {}), 401)
