"""Withdrawing a consent stops what relied on it: the hub cancels each open
referral that no other valid consent or legal basis covers (reason
``consent_withdrawn``, source ``system``), the receiving office hears of it
by e-mail (a real SMTP server) and in the hub, and the receiver sees only the
beneficiary's id and reference from then on (API and web)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from core.auth.models import User
from core.db import db
from core.notifications.models import Notification
from tests.factories import BENEFICIARY, example_of, problem
from tests.notifications.conftest import JOB_SEEKER, Desk, outbox, work
from tests.notifications.test_outbox import assert_no_personal_data, office_emails

DOCTOR = "health_insurance.family_doctor_registration"
LAW = "Legea nr. 95/2006 privind reforma în domeniul sănătății, art. 211"


@dataclass
class Case:
    person: dict[str, Any]
    consent: dict[str, Any]  # the one withdrawn: labour agency and health insurance
    legal_basis: dict[str, Any]  # health insurance only, stays
    accepted: dict[str, Any]  # labour agency, open: cancelled
    covered: dict[str, Any]  # health insurance, open: stays under the legal basis
    draft: dict[str, Any]  # labour agency: cancelled, nobody told
    completed: dict[str, Any]  # labour agency, ended: unchanged


def refer(desk: Desk, case_person: dict, consent_id: str, service: str, **extra: Any) -> dict:
    form = example_of(desk.factory.service(service, desk.staff)["form_schema"])
    body = {
        "beneficiary_id": case_person["id"],
        "service": service,
        "form": form,
        "consent_id": consent_id,
        **extra,
    }
    return desk.factory.post("/api/v1/referrals", desk.staff, body)


@pytest.fixture
def case(desk: Desk) -> Case:
    factory = desk.factory
    person = factory.beneficiary(desk.staff)
    consent = factory.consent(desk.staff, person["id"], ["labour_agency", "health_insurance"])
    legal_basis = factory.post(
        f"/api/v1/beneficiaries/{person['id']}/consents",
        desk.staff,
        {
            "institution_kinds": ["health_insurance"],
            "method": "legal_basis",
            "legal_basis": LAW,
            "given_at": "2026-11-01T10:00:00+02:00",
        },
    )
    # A consent withdrawn earlier covers nothing.
    stale = factory.consent(desk.staff, person["id"], ["labour_agency"])
    factory.post(f"/api/v1/consents/{stale['id']}/withdraw", desk.staff, {})
    accepted = refer(desk, person, consent["id"], JOB_SEEKER)
    accepted = desk.move(desk.move(accepted, "received"), "accepted")
    covered = refer(desk, person, consent["id"], DOCTOR)
    draft = refer(desk, person, consent["id"], JOB_SEEKER, send=False)
    completed = refer(desk, person, consent["id"], JOB_SEEKER)
    for to in ("received", "accepted", "in-progress", "completed"):
        completed = desk.move(completed, to)
    return Case(person, consent, legal_basis, accepted, covered, draft, completed)


def withdraw(desk: Desk, consent: dict) -> dict[str, Any]:
    response = desk.factory.client.post(
        f"/api/v1/consents/{consent['id']}/withdraw", headers=desk.staff
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def get(desk: Desk, headers: dict, referral: dict) -> dict[str, Any]:
    response = desk.factory.client.get(f"/api/v1/referrals/{referral['id']}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def item(referral: dict) -> dict[str, str]:
    keys = ("id", "reference", "status", "service")
    return {k: referral[k] for k in keys}


def test_withdrawal_cancels_the_open_referrals_no_other_consent_covers(desk, case):
    completed = get(desk, desk.staff, case.completed)

    body = withdraw(desk, case.consent)

    assert body["withdrawn_at"]
    cancelled = sorted((case.accepted, case.draft), key=lambda r: r["id"])
    assert body["cancelled_referrals"] == [{**item(r), "status": "cancelled"} for r in cancelled]
    assert body["open_referrals"] == [item(case.covered)]
    for referral in cancelled:
        after = get(desk, desk.staff, referral)
        assert after["status"] == "cancelled" and after["closed_at"]
        events = desk.factory.client.get(
            f"/api/v1/referrals/{referral['id']}/events", headers=desk.staff
        ).get_json()["items"]
        last = events[-1]
        assert (last["from_status"], last["to_status"]) == (referral["status"], "cancelled")
        assert (last["reason_code"], last["source"]) == ("consent_withdrawn", "system")
    # Covered by the legal basis: open, and relying on it now.
    covered = get(desk, desk.staff, case.covered)
    assert covered["status"] == "requested"
    assert covered["consent_id"] == case.legal_basis["id"]
    # Ended before: unchanged.
    assert get(desk, desk.staff, case.completed) == completed


def test_a_second_withdrawal_changes_nothing(desk, case):
    withdraw(desk, case.consent)
    rows = len(outbox(desk.factory.app))

    again = withdraw(desk, case.consent)

    assert again["cancelled_referrals"] == [] and again["open_referrals"] == []
    assert len(outbox(desk.factory.app)) == rows


def test_withdrawing_the_legal_basis_then_cancels_what_moved_to_it(desk, case):
    withdraw(desk, case.consent)
    body = withdraw(desk, case.legal_basis)
    assert body["cancelled_referrals"] == [{**item(case.covered), "status": "cancelled"}]


def test_the_receiving_office_is_told_by_mail_and_in_the_hub(app, desk, case, smtp):
    work(app)  # what the referrals announced before
    smtp.received.clear()
    before = len(outbox(app))

    withdraw(desk, case.consent)

    rows = outbox(app)[before:]
    # Only the referral that was sent is announced: a draft reached nobody.
    assert {r["payload"]["template"] for r in rows} == {"referral_cancelled"}
    assert {r["payload"]["reference"] for r in rows} == {case.accepted["reference"]}
    assert_no_personal_data(rows)
    addresses = office_emails(app, case.accepted)
    assert set(addresses) <= {r["recipient"] for r in rows}
    assert work(app).sent == len(rows)
    assert len(smtp.received) == len(rows)
    delivered = [m for m in smtp.received if set(m.rcpt_tos) & set(addresses)]
    assert len(delivered) == len(addresses)
    text, html = delivered[0].bodies()
    assert case.accepted["reference"] in text
    for value in (BENEFICIARY["given_name"], BENEFICIARY["family_name"], BENEFICIARY["phone"]):
        assert value not in text and value not in html
    with app.app_context():
        told = db.session.scalars(
            select(Notification).where(Notification.kind == "referral_cancelled")
        ).all()
        assert [(n.referral_id, n.status) for n in told] == [(case.accepted["id"], "cancelled")]
        assert db.session.get(User, told[0].user_id).role == "agency_officer"


def test_the_receiver_sees_only_id_and_reference_afterwards(desk, case):
    before = get(desk, desk.officer, case.accepted)
    assert before["beneficiary"]["given_name"] == BENEFICIARY["given_name"]

    withdraw(desk, case.consent)

    identity = {"id": case.person["id"], "reference": case.person["reference"]}
    assert get(desk, desk.officer, case.accepted)["beneficiary"] == identity
    listed = desk.factory.client.get("/api/v1/referrals", headers=desk.officer).get_json()
    by_id = {r["id"]: r for r in listed["items"]}
    assert by_id[case.accepted["id"]]["beneficiary"] == identity
    # What ended before is unchanged; the draft never reached the receiver.
    assert by_id[case.completed["id"]]["beneficiary"]["given_name"] == BENEFICIARY["given_name"]
    assert case.draft["id"] not in by_id
    # The sender still sees the whole record.
    assert get(desk, desk.staff, case.accepted)["beneficiary"]["phone"] == BENEFICIARY["phone"]


def test_the_receivers_web_pages_show_no_personal_data_afterwards(desk, case, web):
    officer = web("agency_officer", "ajofm-timis")
    page = officer.text(officer.get(f"/referrals/{case.accepted['id']}"))
    assert BENEFICIARY["given_name"] in page

    withdraw(desk, case.consent)

    page = officer.text(officer.get(f"/referrals/{case.accepted['id']}"))
    assert case.person["reference"] in page and case.accepted["reference"] in page
    for value in (BENEFICIARY["given_name"], BENEFICIARY["family_name"], "12.04.1990", "1990"):
        assert value not in page
    inbox = officer.text(officer.get("/inbox?status=all", follow_redirects=True))
    assert case.accepted["reference"] in inbox


def test_another_centre_cannot_withdraw_the_consent(desk, case, other_centre):
    response = desk.factory.client.post(
        f"/api/v1/consents/{case.consent['id']}/withdraw", headers=other_centre
    )
    problem(response, 404)
    assert get(desk, desk.staff, case.accepted)["status"] == "accepted"
    consents = desk.factory.client.get(
        f"/api/v1/beneficiaries/{case.person['id']}/consents", headers=desk.staff
    ).get_json()["items"]
    assert next(c for c in consents if c["id"] == case.consent["id"])["withdrawn_at"] is None


def test_people_cannot_give_the_hubs_own_reason(desk, case):
    response = desk.factory.move(
        desk.staff, case.accepted, "cancelled", reason_code="consent_withdrawn"
    )
    body = problem(response, 422)
    assert list(body["errors"]) == ["reason_code"]
    assert get(desk, desk.staff, case.accepted)["status"] == "accepted"


def test_every_service_lists_the_reason_for_cancelling(desk):
    services = desk.factory.client.get("/api/v1/services", headers=desk.staff).get_json()["items"]
    for service in services:
        reasons = {r["code"]: r["applies_to"] for r in service["reason_codes"]}
        assert reasons.get("consent_withdrawn") == ["cancelled"], service["code"]


def test_the_web_withdrawal_tells_staff_what_was_cancelled(desk, case, web):
    staff = web("centre_staff", "crim-timisoara")

    response = staff.post(f"/staff/consents/{case.consent['id']}/withdraw", follow_redirects=True)

    page = staff.text(response)
    assert "2 open referrals relied on it and are now cancelled" in page
    assert case.accepted["reference"] in page and case.draft["reference"] in page
    assert f"continues under another consent that covers it: {case.covered['reference']}" in page
    assert get(desk, desk.staff, case.accepted)["status"] == "cancelled"
