"""The receiver's appointment through the API: ``PUT`` and ``DELETE
/api/v1/referrals/{id}/appointment`` with ``If-Match``; the referral shows it in
every response; the sender is told (the e-mail itself:
tests/notifications/test_appointment_mail.py); the history and the person's access log record it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.audit import AuditLog
from core.db import db
from core.notifications.models import Notification
from tests.factories import Factory, problem
from tests.notifications.conftest import outbox
from tests.test_retention import JOB_SEEKER, TODAY, agree, at, database_text, found_in, refer
from tests.test_retention import retention as run_retention

AT = "2026-11-05T10:00:00+02:00"
TIMISOARA = "Strada Armoniei nr. 102, Timișoara, județul Timiș"
LUGOJ = "Strada Timișorii nr. 160, Lugoj, județul Timiș"
STAFF_EMAIL = "staff.appointments@crim-timisoara.example"


def url(referral: dict[str, Any]) -> str:
    return f"/api/v1/referrals/{referral['id']}/appointment"


def put(client, referral, headers, body: Any, version: int | None | str = "current"):
    version = referral["version"] if version == "current" else version
    if_match = {} if version is None else {"If-Match": f'"{version}"'}
    return client.put(url(referral), json=body, headers={**headers, **if_match})


def delete(client, referral, headers, version: int | None | str = "current"):
    version = referral["version"] if version == "current" else version
    if_match = {} if version is None else {"If-Match": f'"{version}"'}
    return client.delete(url(referral), headers={**headers, **if_match})


def moved(factory: Factory, headers, referral, *steps: str) -> dict[str, Any]:
    for to in steps:
        response = factory.move(headers, referral, to)
        assert response.status_code == 200, response.get_json()
        referral = response.get_json()
    return referral


@pytest.fixture
def staff(factory: Factory) -> dict[str, str]:
    return factory.headers("centre_staff", "crim-timisoara", email=STAFF_EMAIL)


@pytest.fixture
def officer(factory: Factory) -> dict[str, str]:
    return factory.officer("ajofm-timis")


@pytest.fixture
def accepted(factory: Factory, staff, officer) -> dict[str, Any]:
    return moved(factory, officer, factory.referral(staff), "received", "accepted")


def notifications(app, referral: dict[str, Any]) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(Notification)
            .where(Notification.referral_id == referral["id"])
            .order_by(Notification.id)
        )
        return [(n.kind, n.user_id) for n in rows]


def audited(app, referral: dict[str, Any]) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditLog.action)
                .where(AuditLog.object_id == referral["id"])
                .order_by(AuditLog.at, AuditLog.id)
            )
        )


def user_id(client, headers) -> str:
    return client.get("/api/v1/me", headers=headers).get_json()["id"]


# --- the happy path ------------------------------------------------------------------


def test_the_officer_sets_an_appointment_and_the_sender_sees_it(
    app, client, factory, staff, officer, accepted
):
    response = put(client, accepted, officer, {"at": AT, "note": "Your CV, if you have one."})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["appointment"] == {
        "at": "2026-11-05T08:00:00+00:00",
        "place": TIMISOARA,  # the office's address when no place is given
        "note": "Your CV, if you have one.",
    }
    assert body["version"] == accepted["version"] + 1
    assert response.headers["ETag"] == f'"{body["version"]}"'

    seen = client.get(f"/api/v1/referrals/{accepted['id']}", headers=staff).get_json()
    assert seen["appointment"] == body["appointment"]
    listed = client.get("/api/v1/referrals", headers=staff).get_json()["items"]
    assert listed[0]["appointment"]["at"] == "2026-11-05T08:00:00+00:00"

    events = client.get(f"/api/v1/referrals/{accepted['id']}/events", headers=staff)
    last = events.get_json()["items"][-1]
    assert last["kind"] == "appointment" and last["reason_code"] == "set_appointment"
    assert last["data"] == {"at": "2026-11-05T08:00:00+00:00", "place": TIMISOARA}
    assert audited(app, accepted).count("set_appointment") == 1


def test_a_place_given_is_kept_and_a_new_appointment_replaces_the_old(
    client, factory, staff, officer, accepted
):
    first = put(client, accepted, officer, {"at": AT, "place": "  Room 4, ground floor  "})
    assert first.get_json()["appointment"]["place"] == "Room 4, ground floor"
    assert first.get_json()["appointment"]["note"] is None
    second_officer = factory.officer("ajofm-timis")
    later = {"at": "2026-11-06T09:30:00+02:00", "place": None, "note": ""}
    second = put(client, first.get_json(), second_officer, later)
    assert second.status_code == 200, second.get_json()
    assert second.get_json()["appointment"] == {
        "at": "2026-11-06T07:30:00+00:00",
        "place": TIMISOARA,
        "note": None,
    }


def test_the_place_defaults_to_the_address_of_the_office_that_has_the_referral(
    client, factory, staff, officer
):
    person = factory.beneficiary(staff, locality="Lugoj")
    referral = moved(factory, officer, factory.referral(staff, beneficiary=person), "received")
    assert referral["to_office"]["slug"] == "lugoj"
    response = put(client, referral, officer, {"at": AT})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["appointment"]["place"] == LUGOJ


def test_every_referral_response_has_an_appointment_null_until_one_is_set(client, factory, staff):
    referral = factory.referral(staff)
    assert referral["appointment"] is None
    assert (
        client.get(f"/api/v1/referrals/{referral['id']}", headers=staff).get_json()["appointment"]
        is None
    )


@pytest.mark.parametrize("steps", [("received",), ("received", "accepted", "in-progress")])
def test_an_appointment_may_be_made_from_receipt_on(client, factory, staff, officer, steps):
    referral = moved(factory, officer, factory.referral(staff), *steps)
    assert put(client, referral, officer, {"at": AT}).status_code == 200


def test_on_hold_keeps_its_appointment_changeable(client, factory, staff, officer, accepted):
    service = factory.service("labour_agency.job_seeker_registration", officer)
    reason = next(r["code"] for r in service["reason_codes"] if "on-hold" in r["applies_to"])
    held = factory.move(officer, accepted, "on-hold", reason_code=reason).get_json()
    assert put(client, held, officer, {"at": AT}).status_code == 200


# --- the sender is told --------------------------------------------------------------


def test_the_sender_is_told_in_app(app, client, staff, officer, accepted):
    staff_id = user_id(client, staff)
    put(client, accepted, officer, {"at": AT, "place": "Ghișeul 3", "note": "Pașaportul"})
    assert ("appointment_set", staff_id) in notifications(app, accepted)
    rows = [r for r in outbox(app) if r["payload"]["template"] == "appointment_set"]
    assert [r["recipient"] for r in rows] == [STAFF_EMAIL]
    assert "Ghișeul" not in str(rows[0]["payload"]) and "Pașaport" not in str(rows[0]["payload"])


def test_the_receiving_officers_are_not_told_of_their_own_appointment(
    app, client, factory, staff, officer, accepted
):
    officer_id = user_id(client, officer)
    put(client, accepted, officer, {"at": AT})
    told = [uid for kind, uid in notifications(app, accepted) if kind == "appointment_set"]
    assert told and officer_id not in told


# --- clearing ------------------------------------------------------------------------


def test_the_officer_clears_the_appointment_and_the_sender_is_told(
    app, client, factory, staff, officer, accepted
):
    staff_id = user_id(client, staff)
    set_ = put(client, accepted, officer, {"at": AT, "note": "CV"}).get_json()
    response = delete(client, set_, officer)
    assert response.status_code == 200, response.get_json()
    cleared = response.get_json()
    assert cleared["appointment"] is None and cleared["version"] == set_["version"] + 1
    assert ("appointment_cleared", staff_id) in notifications(app, accepted)
    events = client.get(f"/api/v1/referrals/{accepted['id']}/events", headers=staff)
    assert events.get_json()["items"][-1]["reason_code"] == "clear_appointment"
    assert "clear_appointment" in audited(app, accepted)


def test_clearing_no_appointment_changes_nothing(app, client, officer, accepted):
    response = delete(client, accepted, officer)
    assert response.status_code == 200
    assert response.get_json()["version"] == accepted["version"]
    assert not [k for k, _ in notifications(app, accepted) if k.startswith("appointment")]


# --- unhappy paths -------------------------------------------------------------------


def test_another_institution_gets_404(client, factory, staff, accepted, other_centre):
    for headers in (factory.officer("ajofm-caras-severin"), other_centre):
        problem(put(client, accepted, headers, {"at": AT}), 404)
        problem(delete(client, accepted, headers), 404)
    problem(put(client, {"id": "no-such-referral", "version": 1}, staff, {"at": AT}), 404)


def test_the_sender_and_other_roles_get_403(client, factory, staff, accepted):
    for headers in (staff, factory.headers("coordinator", "prefectura-timis")):
        problem(put(client, accepted, headers, {"at": AT}), 403)
        problem(delete(client, accepted, headers), 403)


def test_the_version_is_required_and_must_be_current(client, officer, accepted):
    problem(put(client, accepted, officer, {"at": AT}, version=None), 428)
    problem(put(client, accepted, officer, {"at": AT}, version=accepted["version"] - 1), 412)
    problem(delete(client, accepted, officer, version=None), 428)
    problem(delete(client, accepted, officer, version=accepted["version"] + 1), 412)
    problem(put(client, accepted, officer, {"at": AT}, version="x"), 422)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "at"),
        ({"at": "2026-11-05T10:00:00"}, "at"),  # no offset
        ({"at": "tomorrow"}, "at"),
        ({"at": "2026-11-01T10:00:00+02:00"}, "at"),  # in the past (the clock: 2026-11-02)
        ({"at": "2026-11-02T09:00:00+00:00"}, "at"),  # now is not the future
        ({"at": AT, "note": "x" * 1001}, "note"),
        ({"at": AT, "place": "x" * 301}, "place"),
        ({"at": AT, "room": "4"}, "room"),  # unknown fields are an error
        ({"at": AT, "note": 5}, "note"),
    ],
)
def test_a_bad_body_is_422_and_changes_nothing(client, staff, officer, accepted, body, field):
    assert field in problem(put(client, accepted, officer, body), 422)["errors"]
    after = client.get(f"/api/v1/referrals/{accepted['id']}", headers=staff).get_json()
    assert after["appointment"] is None and after["version"] == accepted["version"]


def test_not_before_receipt_and_not_once_closed(client, factory, staff, officer):
    requested = factory.referral(staff)
    problem(put(client, requested, officer, {"at": AT}), 409)
    service = factory.service("labour_agency.job_seeker_registration", officer)
    reason = next(r["code"] for r in service["reason_codes"] if "rejected" in r["applies_to"])
    rejected = factory.move(officer, requested, "rejected", reason_code=reason).get_json()
    problem(put(client, rejected, officer, {"at": AT}), 409)
    problem(delete(client, rejected, officer), 409)


def test_a_cancelled_referral_keeps_its_appointment_but_it_cannot_change(
    client, factory, staff, officer, accepted
):
    set_ = put(client, accepted, officer, {"at": AT}).get_json()
    cancelled = factory.move(staff, set_, "cancelled").get_json()
    assert cancelled["appointment"]["at"] == "2026-11-05T08:00:00+00:00"
    problem(delete(client, cancelled, officer), 409)


# --- retention -----------------------------------------------------------------------


def test_retention_erases_the_appointments_place_and_note_and_keeps_its_time(
    app, client, factory, clock, staff, officer
):
    at(clock, TODAY - timedelta(days=2200))
    person = factory.beneficiary(staff)
    sent = refer(factory, staff, person, JOB_SEEKER, agree(factory, clock, staff, person))
    referral = moved(factory, officer, sent, "received")
    when = (clock.current + timedelta(days=3)).isoformat()
    place, note = "At the flat of her cousin, Strada Lalelelor 9", "Bring her sister Aminata"
    set_ = put(client, referral, officer, {"at": when, "place": place, "note": note}).get_json()
    factory.move(staff, set_, "cancelled")
    at(clock, TODAY)
    assert found_in(database_text(app), place) and found_in(database_text(app), note)

    assert run_retention(app).exit_code == 0

    dump = database_text(app)
    assert not found_in(dump, place) and not found_in(dump, note)
    shown = client.get(f"/api/v1/referrals/{referral['id']}", headers=staff).get_json()
    assert shown["appointment"] == {"at": set_["appointment"]["at"], "place": None, "note": None}
