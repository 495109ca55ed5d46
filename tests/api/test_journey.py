"""The three users' journey through the API, from registration to outcome."""

from datetime import date, timedelta

from tests.factories import example_of


def test_staff_refers_officer_completes_coordinator_sees_it(factory, client):
    staff = factory.staff()
    officer = factory.officer("ajofm-timis")
    coordinator = factory.headers("coordinator", "prefectura-timis")

    person = factory.beneficiary(staff)
    assert person["name_latin"] and person["reference"].startswith("B-")
    consent = factory.consent(staff, person["id"], ["labour_agency"])
    service = factory.service("labour_agency.job_seeker_registration", staff)
    created = factory.post(
        "/api/v1/referrals",
        staff,
        {
            "beneficiary_id": person["id"],
            "service": service["code"],
            "form": example_of(service["form_schema"]),
            "consent_id": consent["id"],
        },
    )
    assert created["status"] == "requested"
    assert created["to_institution"]["name"].startswith("Agenția Județeană")
    sla = service["sla"]
    assert created["due"] == {
        "respond_by": (date(2026, 11, 2) + timedelta(days=sla["respond_days"])).isoformat(),
        "complete_by": (date(2026, 11, 2) + timedelta(days=sla["complete_days"])).isoformat(),
    }

    inbox = client.get("/api/v1/referrals", headers=officer).get_json()["items"]
    assert [r["id"] for r in inbox] == [created["id"]]
    seen = inbox[0]["beneficiary"]
    assert set(seen) <= {"id", "reference", "name_latin", *service["beneficiary_fields"]}

    referral = created
    for to in ("received", "accepted", "in-progress"):
        response = factory.move(officer, referral, to)
        assert response.status_code == 200, response.get_json()
        referral = response.get_json()
    outcome = example_of(service["outcome_schema"])
    response = factory.move(officer, referral, "completed", data=outcome)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "completed"

    events = client.get(f"/api/v1/referrals/{created['id']}/events", headers=staff).get_json()[
        "items"
    ]
    assert [e["to_status"] for e in events if e["kind"] == "transition"] == [
        "draft",
        "requested",
        "received",
        "accepted",
        "in-progress",
        "completed",
    ]
    stats = client.get("/api/v1/stats/cooperation?group_by=service", headers=coordinator).get_json()
    assert stats["totals"]["completed"] == 1
    assert stats["totals"]["sent"] == 1
