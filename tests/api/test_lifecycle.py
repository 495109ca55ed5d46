"""The referral lifecycle through the API: the graph per side, versions, the
data a transition needs, plugin vetoes and callbacks, overdue, drafts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import Any

import pytest
from sqlalchemy import select, text, update

from core import hookimpl
from core.db import db
from core.referrals.lifecycle import MOVES, STATUSES, due_expression, due_on, implied_receipt
from core.referrals.models import Referral
from tests.factories import Factory, example_of, problem

JOB_SEEKER = "labour_agency.job_seeker_registration"
SENDER, RECEIVER = "sender", "receiver"
REASONED = ("rejected", "on-hold", "failed")

#: The moves that take a just-sent referral ("requested") to each status.
PATHS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "requested": (),
    "received": ("received",),
    "accepted": ("received", "accepted"),
    "in-progress": ("received", "accepted", "in-progress"),
    "on-hold": ("received", "accepted", "on-hold"),
    "completed": ("received", "accepted", "in-progress", "completed"),
    "failed": ("received", "accepted", "in-progress", "failed"),
    "rejected": ("rejected",),
    "cancelled": ("cancelled",),
}


def may_make(side: str, from_status: str) -> list[str]:
    """The moves the lifecycle graph gives ``side`` from ``from_status``."""
    return sorted(to for to, who in MOVES.get(from_status, {}).items() if who == side)


@dataclass
class Desk:
    """A centre's staff member and an officer of the receiving institution,
    working on referrals of one service."""

    factory: Factory
    service: dict[str, Any]
    staff: dict[str, str]
    officer: dict[str, str]

    @classmethod
    def open(cls, factory: Factory, code: str = JOB_SEEKER, officer_at: str = "ajofm-timis"):
        staff = factory.staff()
        return cls(factory, factory.service(code, staff), staff, factory.officer(officer_at))

    def headers(self, side: str) -> dict[str, str]:
        return self.staff if side == SENDER else self.officer

    def reason_for(self, status: str) -> str:
        return next(r["code"] for r in self.service["reason_codes"] if status in r["applies_to"])

    def body_for(self, to: str) -> dict[str, Any]:
        """What a valid move to ``to`` carries: a reason code or the outcome."""
        if to in REASONED:
            return {"reason_code": self.reason_for(to)}
        if to == "completed":
            return {"data": example_of(self.service["outcome_schema"])}
        return {}

    def transition(
        self, side: str, referral: dict, to: str, if_match: str | None = "current", **body: Any
    ) -> Any:
        headers = dict(self.headers(side))
        if if_match == "current":
            headers["If-Match"] = f'"{referral["version"]}"'
        elif if_match is not None:
            headers["If-Match"] = if_match
        return self.factory.client.post(
            f"/api/v1/referrals/{referral['id']}/transitions",
            json={"to": to, **body},
            headers=headers,
        )

    def walk(self, referral: dict, *moves: str) -> dict[str, Any]:
        """Make ``moves`` in turn, each by the side the graph gives it to."""
        for to in moves:
            side = MOVES[referral["status"]][to]
            response = self.transition(side, referral, to, **self.body_for(to))
            assert response.status_code == 200, response.get_json()
            referral = response.get_json()
        return referral

    def drive_to(self, status: str) -> dict[str, Any]:
        """A new referral brought to ``status`` through the real transitions."""
        referral = self.factory.referral(
            self.staff, service=self.service["code"], send=status != "draft"
        )
        referral = self.walk(referral, *PATHS[status])
        assert referral["status"] == status
        return referral

    def get(self, referral: dict, side: str = SENDER) -> Any:
        return self.factory.client.get(
            f"/api/v1/referrals/{referral['id']}", headers=self.headers(side)
        )

    def events(self, referral: dict) -> list[dict[str, Any]]:
        response = self.factory.client.get(
            f"/api/v1/referrals/{referral['id']}/events", headers=self.staff
        )
        return response.get_json()["items"]

    def state(self, referral: dict) -> tuple[str, int, list[str]]:
        """Status, version and event ids, as the sender reads them."""
        current = self.get(referral).get_json()
        return current["status"], current["version"], [e["id"] for e in self.events(referral)]

    def listed(self, side: str, **filters: str) -> list[str]:
        response = self.factory.client.get(
            "/api/v1/referrals", query_string=filters, headers=self.headers(side)
        )
        assert response.status_code == 200, response.get_json()
        return [r["id"] for r in response.get_json()["items"]]


@pytest.fixture
def desk(factory: Factory) -> Desk:
    return Desk.open(factory)


# --- the graph ----------------------------------------------------------------

FORBIDDEN = [
    (side, from_status, to_status)
    for side in (SENDER, RECEIVER)
    for from_status in STATUSES
    # a draft is invisible to the receiver (see the draft tests below)
    if not (side == RECEIVER and from_status == "draft")
    for to_status in STATUSES
    if to_status not in may_make(side, from_status)
]
ALLOWED = [
    (side, f, t)
    for f, moves in MOVES.items()
    for t, side in moves.items()
    if not implied_receipt(f, t)
]
#: the receiver's decisions straight from "requested", which record the receipt too
DECIDED_ON_RECEIPT = [t for t in MOVES["requested"] if implied_receipt("requested", t)]


def test_every_status_can_be_reached_for_the_tests():
    assert set(PATHS) == set(STATUSES)


@pytest.mark.parametrize(("side", "from_status", "to_status"), FORBIDDEN)
def test_forbidden_move_is_409_listing_the_sides_moves_and_changes_nothing(
    desk, side, from_status, to_status
):
    referral = desk.drive_to(from_status)
    before = desk.state(referral)

    response = desk.transition(side, referral, to_status, **desk.body_for(to_status))

    body = problem(response, 409)
    assert body["allowed"] == may_make(side, from_status)
    assert desk.state(referral) == before


@pytest.mark.parametrize(("side", "from_status", "to_status"), ALLOWED)
def test_allowed_move_succeeds_and_writes_exactly_one_transition_event(
    desk, side, from_status, to_status
):
    referral = desk.drive_to(from_status)
    _, version, event_ids = desk.state(referral)
    body = desk.body_for(to_status)

    response = desk.transition(side, referral, to_status, **body)

    assert response.status_code == 200, response.get_json()
    moved = response.get_json()
    assert moved["status"] == to_status
    assert moved["version"] == version + 1
    assert response.headers["ETag"] == f'"{version + 1}"'
    new = [e for e in desk.events(referral) if e["id"] not in event_ids]
    transitions = [e for e in new if e["kind"] == "transition"]
    assert len(transitions) == 1
    (event,) = transitions
    assert (event["from_status"], event["to_status"]) == (from_status, to_status)
    assert event["reason_code"] == body.get("reason_code")
    assert event["data"] == body.get("data", {})
    assert event["source"] == "api"


def test_the_one_step_decisions_are_accepting_and_rejecting():
    assert sorted(DECIDED_ON_RECEIPT) == ["accepted", "rejected"]


@pytest.mark.parametrize("to_status", DECIDED_ON_RECEIPT)
def test_a_decision_straight_from_requested_records_the_receipt_first(desk, clock, to_status):
    referral = desk.drive_to("requested")
    _, version, event_ids = desk.state(referral)
    assert referral["allowed_transitions"] == ["cancelled"]  # the sender's
    as_receiver = desk.get(referral, RECEIVER).get_json()
    assert as_receiver["allowed_transitions"] == ["accepted", "received", "rejected"]
    clock.advance(hours=3)
    body = desk.body_for(to_status)

    response = desk.transition(RECEIVER, referral, to_status, **body)

    assert response.status_code == 200, response.get_json()
    moved = response.get_json()
    assert moved["status"] == to_status
    # two moves, two versions: the receipt and the decision
    assert moved["version"] == version + 2
    assert response.headers["ETag"] == f'"{version + 2}"'
    assert moved["responded_at"] == moved["closed_at" if to_status == "rejected" else "accepted_at"]
    new = [e for e in desk.events(referral) if e["id"] not in event_ids]
    assert [(e["kind"], e["from_status"], e["to_status"]) for e in new] == [
        ("transition", "requested", "received"),
        ("transition", "received", to_status),
    ]
    receipt, decision = new
    assert receipt["reason_code"] is None and receipt["note"] is None
    assert decision["reason_code"] == body.get("reason_code")
    assert receipt["at"] == decision["at"]
    assert receipt["actor_user_id"] == decision["actor_user_id"] is not None


def test_a_refused_decision_from_requested_records_no_receipt_either(desk):
    referral = desk.drive_to("requested")
    before = desk.state(referral)

    response = desk.transition(RECEIVER, referral, "rejected")  # no reason code

    problem(response, 422)
    assert desk.state(referral) == before


def test_a_stale_decision_from_requested_records_no_receipt_either(desk):
    referral = desk.drive_to("requested")
    before = desk.state(referral)

    response = desk.transition(
        RECEIVER, referral, "accepted", if_match=f'"{referral["version"] - 1}"'
    )

    problem(response, 412)
    assert desk.state(referral) == before


# --- versions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        pytest.param(lambda v: f'"{v - 1}"', 412, id="stale"),
        pytest.param(lambda v: f'"{v + 1}"', 412, id="from-the-future"),
        pytest.param(lambda v: None, 428, id="missing"),
        pytest.param(lambda v: "two", 422, id="malformed"),
        pytest.param(lambda v: '"v2"', 422, id="malformed-quoted"),
    ],
)
def test_transition_without_the_current_version_is_refused_and_changes_nothing(
    desk, if_match, status
):
    referral = desk.drive_to("requested")
    before = desk.state(referral)

    response = desk.transition(RECEIVER, referral, "received", if_match(referral["version"]))

    body = problem(response, status)
    if status == 422:
        assert "If-Match" in body["errors"]
    assert desk.state(referral) == before


# --- the data a transition carries ----------------------------------------------


def assert_refused(desk: Desk, response: Any, referral: dict, before: tuple) -> dict[str, Any]:
    """A 422 that wrote nothing."""
    body = problem(response, 422)
    assert desk.state(referral) == before
    return body


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [("requested", "rejected"), ("received", "rejected"), ("accepted", "on-hold"),
     ("in-progress", "on-hold"), ("in-progress", "failed"), ("on-hold", "failed")],
)  # fmt: skip
def test_rejecting_holding_or_failing_needs_a_reason_code(desk, from_status, to_status):
    referral = desk.drive_to(from_status)
    before = desk.state(referral)

    response = desk.transition(RECEIVER, referral, to_status)

    body = assert_refused(desk, response, referral, before)
    assert list(body["errors"]) == ["reason_code"]
    assert desk.reason_for(to_status) in body["errors"]["reason_code"][0]


@pytest.mark.parametrize(
    ("from_status", "to_status", "pick"),
    [
        pytest.param("requested", "rejected", lambda s: "no_such_reason", id="unknown"),
        pytest.param(
            "requested",
            "rejected",
            lambda s: next(
                r["code"] for r in s["reason_codes"] if "rejected" not in r["applies_to"]
            ),
            id="for-another-status",
        ),
        pytest.param(
            "requested",
            "received",
            lambda s: s["reason_codes"][0]["code"],
            id="where-none-is-expected",
        ),
    ],
)
def test_a_reason_code_the_service_does_not_list_for_the_move_is_422(
    desk, from_status, to_status, pick
):
    referral = desk.drive_to(from_status)
    before = desk.state(referral)

    response = desk.transition(RECEIVER, referral, to_status, reason_code=pick(desk.service))

    body = assert_refused(desk, response, referral, before)
    assert list(body["errors"]) == ["reason_code"]


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [("requested", "received"), ("received", "accepted"), ("accepted", "in-progress"),
     ("in-progress", "failed"), ("requested", "cancelled")],
)  # fmt: skip
def test_data_sent_with_a_transition_that_does_not_complete_is_422(desk, from_status, to_status):
    referral = desk.drive_to(from_status)
    before = desk.state(referral)
    outcome = example_of(desk.service["outcome_schema"])

    response = desk.transition(
        MOVES[from_status][to_status], referral, to_status, data=outcome, **desk.body_for(to_status)
    )

    body = assert_refused(desk, response, referral, before)
    assert list(body["errors"]) == ["data"]


@pytest.mark.parametrize(
    ("outcome", "fields"),
    [
        pytest.param({}, {"data.file_number", "data.registered_on"}, id="missing"),
        pytest.param(
            {"file_number": "TM-2026-004512", "registered_on": "next week"},
            {"data.registered_on"},
            id="bad-date",
        ),
        pytest.param(
            {"file_number": "TM-2026-004512", "registered_on": "2026-12-01", "salary": 1},
            {"data.salary"},
            id="unknown-field",
        ),
    ],
)
def test_completion_without_a_valid_outcome_is_422_per_outcome_field(desk, outcome, fields):
    referral = desk.drive_to("in-progress")
    before = desk.state(referral)

    response = desk.transition(RECEIVER, referral, "completed", data=outcome)

    body = assert_refused(desk, response, referral, before)
    assert set(body["errors"]) == fields


def test_plugin_veto_refuses_a_registration_dated_before_the_referral_was_sent(desk):
    referral = desk.drive_to("in-progress")
    assert referral["sent_at"].startswith("2026-11-02")
    before = desk.state(referral)

    response = desk.transition(
        RECEIVER,
        referral,
        "completed",
        data={"file_number": "TM-2026-004512", "registered_on": "2026-11-01"},
    )

    body = assert_refused(desk, response, referral, before)
    assert "registration date is before the referral was sent" in body["detail"]


# --- plugin callbacks -------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "officer_at", "outcome", "fact", "facts_data"),
    [
        pytest.param(
            "health_insurance.project_paid_contributions",
            "cjas-timis",
            {"paid_from": "2027-01-01", "paid_until": "2027-06-30", "amount_ron": 2430.0},
            "paid_coverage_ends",
            # two weeks' notice before the project-paid coverage runs out
            {"coverage_ends_on": "2027-06-30", "remind_on": "2027-06-16"},
            id="health-insurance",
        ),
        pytest.param(
            "immigration.residence_permit",
            "igi-timis",
            {"permit_number": "RO1234567", "valid_until": "2028-05-31"},
            "permit_issued",
            # the renewal is due 30 days before the permit expires
            {
                "valid_until": "2028-05-31",
                "apply_for_renewal_by": "2028-05-01",
                "remind_on": "2028-04-17",
            },
            id="immigration",
        ),
    ],
)
def test_completion_puts_the_plugins_follow_up_on_the_timeline(
    factory, service, officer_at, outcome, fact, facts_data
):
    desk = Desk.open(factory, service, officer_at)
    referral = desk.drive_to("in-progress")
    _, _, event_ids = desk.state(referral)

    response = desk.transition(RECEIVER, referral, "completed", data=outcome)

    assert response.status_code == 200, response.get_json()
    new = [e for e in desk.events(referral) if e["id"] not in event_ids]
    assert [(e["kind"], e["to_status"] or e["reason_code"]) for e in new] == [
        ("transition", "completed"),
        ("plugin", fact),
    ]
    assert new[1]["data"] == facts_data
    assert new[1]["source"] == f"plugin:{service.split('.')[0]}"


class BoomPlugin:
    """A broken third-party plugin: its callback fails for one service."""

    service = "health_insurance.project_paid_contributions"

    @hookimpl
    def referral_hub_referral_status_changed(self, service):
        if service.full_code == self.service:
            raise RuntimeError("the plugin's own system is down")


def test_failing_status_callback_rolls_the_whole_transition_back(make_app):
    app = make_app(extra_plugins=[("boom", BoomPlugin())])
    factory = Factory(app, app.test_client())
    broken = Desk.open(factory, BoomPlugin.service, "cjas-timis")
    draft = broken.drive_to("draft")  # creating a draft calls no status callback
    before = broken.state(draft)

    response = broken.transition(SENDER, draft, "requested")

    # The client did nothing wrong: a broken plugin is the server's fault.
    body = problem(response, 500)
    assert "down" not in body["detail"]
    assert broken.state(draft) == before
    # Other services are not affected.
    Desk.open(factory).drive_to("accepted")


# --- overdue ------------------------------------------------------------------------


def test_unanswered_referral_is_overdue_after_respond_by_and_found_by_the_filter(desk, clock):
    referral = desk.drive_to("requested")
    respond_by = date.fromisoformat(referral["due"]["respond_by"])
    clock.advance(days=(respond_by - clock().date()).days)
    assert desk.get(referral).get_json()["overdue"] is False  # due today: not yet late

    clock.advance(days=1)

    for side in (SENDER, RECEIVER):
        assert desk.get(referral, side).get_json()["overdue"] is True
        assert desk.listed(side, overdue="true") == [referral["id"]]
        assert desk.listed(side, overdue="false") == []


@pytest.mark.parametrize("answer", [("received", "accepted"), ("rejected",)], ids=str)
def test_referral_is_no_longer_overdue_for_response_once_the_officer_answers(desk, clock, answer):
    referral = desk.drive_to("requested")
    clock.advance(days=desk.service["sla"]["respond_days"] + 1)
    assert desk.get(referral).get_json()["overdue"] is True

    answered = desk.walk(referral, *answer)

    assert answered["overdue"] is False
    assert desk.listed(RECEIVER, overdue="true") == []
    assert desk.listed(RECEIVER, overdue="false") == [referral["id"]]


def test_accepted_referral_is_overdue_after_complete_by(desk, clock):
    referral = desk.drive_to("in-progress")
    clock.advance(days=desk.service["sla"]["complete_days"])
    assert desk.get(referral).get_json()["overdue"] is False

    clock.advance(days=1)

    assert desk.get(referral).get_json()["overdue"] is True
    assert desk.listed(SENDER, overdue="true") == [referral["id"]]


def _stored_next_due(factory: Factory) -> dict[str, tuple[date | None, date | None]]:
    """Each referral's stored next due date, beside what the lifecycle's rule says."""
    with factory.app.app_context():
        return {
            r.id: (r.next_due_on, due_on(r)) for r in db.session.scalars(select(Referral)).all()
        }


def test_the_stored_next_due_date_follows_every_move_and_the_migration_agrees(desk, clock):
    """The inbox sorts and filters by ``next_due_on``; it must say what ``due_on``
    says in every status, as ``transition()`` keeps it, as migration 0020
    computed it for referrals made before it and as bulk loads compute it."""
    referrals = {status: desk.drive_to(status) for status in PATHS}
    stored = _stored_next_due(desk.factory)
    for status, referral in referrals.items():
        next_due, rule = stored[referral["id"]]
        assert next_due == rule, status
        due = referral["due"]
        expected = {
            "requested": due["respond_by"],
            "received": due["respond_by"],
            "accepted": due["complete_by"],
            "in-progress": due["complete_by"],
            "on-hold": due["complete_by"],
        }.get(status)
        assert next_due == (date.fromisoformat(expected) if expected else None), status

    backfill = import_module("core.migrations.versions.0020_next_due").BACKFILL
    for recompute in (text(backfill), update(Referral).values(next_due_on=due_expression())):
        with desk.factory.app.app_context():
            db.session.execute(update(Referral).values(next_due_on=None))
            db.session.execute(recompute)
            db.session.commit()
        assert _stored_next_due(desk.factory) == stored, recompute


# --- drafts and assignment ------------------------------------------------------------


def test_draft_is_hidden_from_the_officer_until_the_sender_sends_it(desk, clock):
    draft = desk.drive_to("draft")
    assert draft["sent_at"] is None
    assert draft["due"] == {"respond_by": None, "complete_by": None}
    problem(desk.get(draft, RECEIVER), 404)
    problem(desk.transition(RECEIVER, draft, "received"), 404)
    assert desk.listed(RECEIVER) == []

    clock.advance(days=2)
    response = desk.transition(SENDER, draft, "requested")

    assert response.status_code == 200, response.get_json()
    sent = response.get_json()
    assert sent["status"] == "requested"
    assert sent["sent_at"].startswith("2026-11-04")
    assert sent["due"]["respond_by"] == f"2026-11-{4 + desk.service['sla']['respond_days']:02d}"
    assert desk.get(draft, RECEIVER).get_json()["status"] == "requested"
    assert desk.listed(RECEIVER) == [draft["id"]]


def test_accepting_assigns_the_referral_to_the_accepting_officer(desk, client):
    received = desk.drive_to("received")
    assert received["assigned_officer_id"] is None
    officer_id = client.get("/api/v1/me", headers=desk.officer).get_json()["id"]

    accepted = desk.walk(received, "accepted")

    assert accepted["assigned_officer_id"] == officer_id
    assert desk.get(received).get_json()["assigned_officer_id"] == officer_id
