"""What the lifecycle writes to the outbox: to whom, in which language, with
which payload, and nothing when the transition does not happen."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from core import hookimpl
from core.access import Principal
from core.auth.models import User
from core.catalogue.types import Route
from core.db import db
from core.institutions.models import Office
from core.notifications.models import OutboxMessage
from core.referrals.lifecycle import transition
from core.referrals.models import Referral
from tests.factories import BENEFICIARY, Factory, problem
from tests.notifications.conftest import JOB_SEEKER, outbox

PAYLOAD_KEYS = {"template", "language", "reference", "service", "status", "link"}


def office_emails(app, referral: dict) -> list[str]:
    with app.app_context():
        office = db.session.get(Office, referral["to_office"]["id"])
        return list(office.referral_emails)


def set_language(app, email: str, language: str) -> None:
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).language = language
        db.session.commit()


def assert_no_personal_data(rows: list[dict]) -> None:
    dumped = json.dumps([row["payload"] for row in rows], ensure_ascii=False)
    for value in (
        BENEFICIARY["given_name"],
        BENEFICIARY["family_name"],
        BENEFICIARY["date_of_birth"],
        BENEFICIARY["residence_document"]["number"],
        BENEFICIARY["phone"],
    ):
        assert value not in dumped


def test_sending_a_referral_enqueues_one_email_per_referral_address_of_the_office(app, desk):
    referral = desk.send()

    rows = outbox(app)

    expected = office_emails(app, referral)
    assert expected, "the receiving office of the demo network has referral addresses"
    assert [r["recipient"] for r in rows] == expected
    for row in rows:
        assert row["channel"] == "email"
        assert row["status"] == "pending" and row["attempts"] == 0
        assert row["message_id"].startswith("msg_")
        assert set(row["payload"]) == PAYLOAD_KEYS
        assert row["payload"] == {
            "template": "referral_sent",
            "language": "ro",  # the office's first language among the hub's
            "reference": referral["reference"],
            "service": JOB_SEEKER,
            "status": "requested",
            "link": f"/referrals/{referral['id']}",
        }
    assert len({r["message_id"] for r in rows}) == len(rows)
    assert_no_personal_data(rows)


def test_a_draft_announces_nothing_until_it_is_sent(app, desk):
    draft = desk.send(send=False)
    assert outbox(app) == []

    desk.move(draft, "requested")

    assert [r["payload"]["template"] for r in outbox(app)] == ["referral_sent"] * len(
        office_emails(app, draft)
    )


class NotifyTwoDesks:
    """Routing that names whom to notify at the office (the plugin's choice)."""

    notify = ("intake@ajofm-tm.example", "INTAKE-2@ajofm-tm.example", "intake@ajofm-tm.example")

    @hookimpl(tryfirst=True)
    def referral_hub_route_referral(self, service, beneficiary, offices):
        office = next(o for o in offices if o.county == beneficiary.county and not o.localities)
        return Route(office=office, notify=self.notify)


def test_the_addresses_the_routing_chose_are_notified_once_each(make_app):
    app = make_app(extra_plugins=[("notify_two", NotifyTwoDesks())])
    factory = Factory(app, app.test_client())
    staff = factory.staff()

    factory.referral(staff, service=JOB_SEEKER)

    assert [r["recipient"] for r in outbox(app)] == [
        "intake@ajofm-tm.example",
        "INTAKE-2@ajofm-tm.example",
    ]


def test_the_creator_hears_of_each_decision_of_the_receiver_in_their_own_language(app, desk):
    set_language(app, desk.staff_email, "cs")
    referral = desk.send()
    sent = len(outbox(app))

    heard = []
    for to in ("received", "accepted", "in-progress", "on-hold", "in-progress", "completed"):
        referral = desk.move(referral, to)
        new = outbox(app)[sent:]
        sent += len(new)
        heard.append((to, [(r["recipient"], r["payload"]["language"]) for r in new]))

    creator = [(desk.staff_email, "cs")]
    assert heard == [
        ("received", []),
        ("accepted", creator),
        ("in-progress", []),
        ("on-hold", creator),
        ("in-progress", []),
        ("completed", creator),
    ]
    last = outbox(app)[-1]["payload"]
    assert last["template"] == "referral_status_changed" and last["status"] == "completed"


@pytest.mark.parametrize("path", [("rejected",), ("received", "accepted", "in-progress", "failed")])
def test_the_creator_hears_of_a_rejection_or_a_failure(app, desk, path):
    referral = desk.send()
    for to in path:
        referral = desk.move(referral, to)

    last = outbox(app)[-1]
    assert last["recipient"] == desk.staff_email
    assert last["payload"]["status"] == path[-1]
    assert last["payload"]["language"] == "ro"  # the user's default language


def test_an_inactive_creator_is_not_written_to(app, desk):
    referral = desk.send()
    before = outbox(app)
    service = desk.factory.service(JOB_SEEKER, desk.staff)
    reason = next(r["code"] for r in service["reason_codes"] if "rejected" in r["applies_to"])
    with app.app_context():
        db.session.scalar(select(User).where(User.email == desk.staff_email)).active = False
        db.session.commit()

    desk.move(referral, "rejected", reason_code=reason)

    assert outbox(app) == before


class VetoEverySending:
    @hookimpl
    def referral_hub_veto_transition(self, to_status):
        return "Not today." if to_status == "requested" else None


def test_a_vetoed_transition_enqueues_nothing(make_app):
    app = make_app(extra_plugins=[("veto", VetoEverySending())])
    factory = Factory(app, app.test_client())
    staff = factory.staff()
    draft = factory.referral(staff, service=JOB_SEEKER, send=False)

    problem(factory.move(staff, draft, "requested"), 422)

    assert outbox(app) == []


def test_a_stale_transition_enqueues_nothing(app, desk):
    referral = desk.send()
    before = outbox(app)

    stale = {**referral, "version": referral["version"] - 1}
    problem(desk.factory.move(desk.officer, stale, "received"), 412)
    accepted = desk.move(referral, "received")
    problem(desk.factory.move(desk.officer, referral, "accepted"), 412)  # read before "received"

    assert accepted["status"] == "received"
    assert outbox(app) == before


def test_a_transition_rolled_back_by_its_caller_leaves_no_message(app, desk):
    draft = desk.send(send=False)
    with app.app_context():
        referral = db.session.get(Referral, draft["id"])
        user = db.session.scalar(select(User).where(User.email == desk.staff_email))
        principal = Principal(
            user_id=user.id, institution_id=user.institution_id, role=user.role, source="cli"
        )
        transition(principal, referral, "requested", expected_version=referral.version)
        db.session.flush()
        # written in the transaction of the change ...
        assert db.session.scalars(select(OutboxMessage)).all()
        db.session.rollback()  # ... and gone with it

    assert outbox(app) == []
