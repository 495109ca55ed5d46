"""Inbound status updates: an institution's own system reports a referral's
status in its own codes, with its institution token, idempotently on its event id."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Any

import pytest
from flask import Flask, current_app
from sqlalchemy import func, select

from core import InboundStatus, hookimpl
from core.audit import AuditLog
from core.cli import main
from core.db import db
from core.inbound.models import InboundEvent
from core.notifications.models import Notification, OutboxMessage
from core.referrals.models import ReferralEvent
from tests.factories import Factory, example_of, problem

URL = "/api/v1/inbound/status-updates"
JOB_SEEKER = "labour_agency.job_seeker_registration"
STAFF_EMAIL = "staff.inbound@crim-timisoara.example"
#: what the tables count: everything a status update may write
WRITTEN = (ReferralEvent, OutboxMessage, Notification, AuditLog, InboundEvent)


def institution_token(app: Flask, slug: str) -> dict[str, str]:
    """Bearer headers of a token made as an admin makes one (`referral-hub tokens create`)."""
    made = app.test_cli_runner().invoke(
        main, args=["tokens", "create", "--institution", slug, "--name", "their system"]
    )
    assert made.exit_code == 0, made.output
    return {"Authorization": f"Bearer {made.output.strip()}"}


def written(app: Flask) -> dict[str, int]:
    """How many rows each table that an update may write holds."""
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in WRITTEN
        }


@dataclass
class Link:
    """A centre sending referrals, and the receiving institution's own system."""

    factory: Factory
    staff: dict[str, str]
    system: dict[str, str]
    _ids: Any = field(default_factory=lambda: count(1))

    @property
    def client(self):
        return self.factory.client

    def send(self, service: str = JOB_SEEKER, **overrides: Any) -> dict[str, Any]:
        return self.factory.referral(self.staff, service=service, **overrides)

    def body(self, referral: dict, code: str, **fields: Any) -> dict[str, Any]:
        """An update with a new event id (unless one is given)."""
        return {
            "event_id": f"ajofm-ev-{next(self._ids)}",
            "referral_id": referral["id"],
            "code": code,
        } | fields

    def post(self, body: Any, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(URL, json=body, headers=self.system if headers is None else headers)

    def update(self, referral: dict, code: str, **fields: Any) -> dict[str, Any]:
        """Send an update that must succeed; its answer."""
        response = self.post(self.body(referral, code, **fields))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def referral(self, referral: dict) -> dict[str, Any]:
        return self.client.get(f"/api/v1/referrals/{referral['id']}", headers=self.staff).json

    def events(self, referral: dict, kind: str = "transition") -> list[dict[str, Any]]:
        url = f"/api/v1/referrals/{referral['id']}/events"
        items = self.client.get(url, headers=self.staff).json["items"]
        return [e for e in items if e["kind"] == kind]

    def service(self, code: str = JOB_SEEKER) -> dict[str, Any]:
        return self.factory.service(code, self.staff)


@pytest.fixture
def link(app, factory) -> Link:
    staff = factory.headers("centre_staff", "crim-timisoara", email=STAFF_EMAIL)
    factory.network()
    return Link(factory, staff, institution_token(app, "ajofm-timis"))


# --- the happy paths -------------------------------------------------------------------------

#: per plugin: a service, its receiving institution, the codes from "requested" to "completed"
JOURNEYS = {
    "labour_agency": (
        JOB_SEEKER,
        "ajofm-timis",
        ["PRELUAT", "ACCEPTAT", "IN_DERULARE", "INREGISTRAT"],
    ),
    "health_insurance": (
        "health_insurance.insured_enrolment",
        "cjas-timis",
        ["CERERE_INREGISTRATA", "CERERE_ADMISA", "IN_PROCESARE", "ASIGURAT"],
    ),
    "schools": (
        "schools.school_enrolment",
        "isj-timis",
        ["DOSAR_PRIMIT", "DOSAR_ACCEPTAT", "IN_LUCRU", "REPARTIZAT"],
    ),
    "immigration": (
        "immigration.family_reunification",
        "igi-timis",
        ["CERERE_INREGISTRATA", "PROGRAMARE_CONFIRMATA", "IN_ANALIZA", "CERERE_RESPINSA"],
    ),
}


def beneficiary_for(link: Link, service: str) -> dict[str, Any]:
    person = link.factory.beneficiary(link.staff)
    if service.startswith("schools."):  # a child, linked to the parent who enrols them
        child = link.factory.beneficiary(link.staff, given_name="Omar", date_of_birth="2016-05-01")
        url = f"/api/v1/beneficiaries/{child['id']}"
        person = link.client.patch(
            url, json={"household_head_id": person["id"]}, headers=link.staff
        ).json
    return person


@pytest.mark.parametrize("plugin", JOURNEYS)
def test_each_plugins_system_takes_a_referral_to_completion_in_its_own_codes(app, link, plugin):
    service_code, slug, codes = JOURNEYS[plugin]
    link.system = institution_token(app, slug)
    referral = link.send(service_code, beneficiary=beneficiary_for(link, service_code))
    service = link.service(service_code)
    completing = next(s for s in service["inbound_statuses"] if s["code"] == codes[-1])
    # the outcome the service asks for, less what the completing code settles itself
    outcome = {
        k: v
        for k, v in example_of(service["outcome_schema"]).items()
        if k not in completing["data"]
    }

    answers = [link.update(referral, code) for code in codes[:-1]]
    answers.append(link.update(referral, codes[-1], data=outcome, note="Closed in our system."))

    assert [a["status"] for a in answers] == ["received", "accepted", "in-progress", "completed"]
    assert [a["from_status"] for a in answers] == [
        "requested",
        "received",
        "accepted",
        "in-progress",
    ]
    assert link.referral(referral)["status"] == "completed"
    moves = link.events(referral)[-4:]
    assert [e["to_status"] for e in moves] == ["received", "accepted", "in-progress", "completed"]
    assert {e["source"] for e in moves} == {"callback"}
    assert {e["actor_institution_id"] for e in moves} == {link.factory.institution_id(slug)}
    assert {e["actor_user_id"] for e in moves} == {None}
    assert [e["id"] for e in moves] == [a["events"][0] for a in answers]
    assert moves[-1]["note"] == "Closed in our system."
    assert moves[-1]["data"] == {**outcome, **completing["data"]}


def test_the_code_settles_part_of_the_outcome(app, link):
    link.system = institution_token(app, "igi-timis")
    referral = link.send("immigration.family_reunification")
    for code in ("CERERE_INREGISTRATA", "PROGRAMARE_CONFIRMATA", "IN_ANALIZA"):
        link.update(referral, code)

    response = link.post(
        link.body(
            referral,
            "CERERE_RESPINSA",
            data={"decision": "approved", "decision_date": "2026-11-01"},
        )
    )

    assert problem(response, 422)["errors"] == {
        "data.decision": ["The status code settles this field; leave it out."]
    }
    link.update(referral, "CERERE_RESPINSA", data={"decision_date": "2026-11-01"})
    assert link.events(referral)[-1]["data"] == {
        "decision": "refused",
        "decision_date": "2026-11-01",
    }


def test_accepting_a_requested_referral_goes_through_received(app, link):
    referral = link.send()
    before = written(app)

    answer = link.update(referral, "ACCEPTAT")

    assert answer["from_status"] == "requested" and answer["status"] == "accepted"
    assert answer["version"] == link.referral(referral)["version"]
    received, accepted = link.events(referral)[-2:]
    assert (received["from_status"], received["to_status"]) == ("requested", "received")
    assert (accepted["from_status"], accepted["to_status"]) == ("received", "accepted")
    assert received["source"] == accepted["source"] == "callback"
    assert answer["events"] == [received["id"], accepted["id"]]
    # the sender hears of the acceptance (not of the receipt), by e-mail and in the hub
    after = written(app)
    assert after["outbox_messages"] - before["outbox_messages"] == 1
    assert after["notifications"] - before["notifications"] == 1
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        assert mail.recipient == STAFF_EMAIL
        assert mail.payload["status"] == "accepted"
        audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "transition")).all()
        assert {a.source for a in audit if a.actor_user_id is None} == {"callback"}


def test_a_rejection_carries_the_reason_code_of_the_institutions_code(link):
    referral = link.send()

    link.update(referral, "RESPINS_FARA_DREPT_MUNCA")

    (rejected,) = link.events(referral)[-1:]
    assert (rejected["to_status"], rejected["reason_code"]) == ("rejected", "no_right_to_work")


def test_the_same_status_again_answers_200_and_writes_nothing_to_the_referral(app, link):
    referral = link.send()
    link.update(referral, "PRELUAT")
    version = link.referral(referral)["version"]
    before = written(app)

    answer = link.update(referral, "PRELUAT")

    after = written(app)
    assert answer["status"] == answer["from_status"] == "received"
    assert answer["events"] == []
    assert link.referral(referral)["version"] == version
    assert after.pop("inbound_events") == before.pop("inbound_events") + 1  # the receipt only
    assert after == before


def test_the_catalogue_lists_each_services_inbound_codes(link):
    service = link.service()
    codes = {s["code"]: s for s in service["inbound_statuses"]}
    assert codes["INREGISTRAT"] == {
        "code": "INREGISTRAT",
        "to_status": "completed",
        "reason_code": None,
        "data": {},
    }
    assert codes["NEPREZENTARE"]["reason_code"] == "did_not_attend"


# --- who may send them --------------------------------------------------------------------


def test_another_institutions_token_gets_404_like_an_unknown_referral(app, link):
    referral = link.send()
    unknown = problem(link.post(link.body({"id": "no-such-referral"}, "PRELUAT")), 404)
    before = written(app)

    for slug in ("ajofm-caras-severin", "cjas-timis"):  # same kind elsewhere; another kind
        response = link.post(link.body(referral, "PRELUAT"), institution_token(app, slug))
        assert problem(response, 404)["detail"] == unknown["detail"]

    assert written(app) == before
    assert link.referral(referral)["status"] == "requested"


def test_a_draft_is_not_found(link):
    draft = link.send(send=False)

    assert problem(link.post(link.body(draft, "PRELUAT")), 404)["detail"] == "No such referral."


def test_a_personal_token_gets_403_saying_to_use_an_institution_token(link):
    referral = link.send()
    officer = link.factory.officer("ajofm-timis")

    body = problem(link.post(link.body(referral, "PRELUAT"), officer), 403)

    assert "institution token" in body["detail"]
    assert link.referral(referral)["status"] == "requested"


def test_a_sending_centres_institution_token_gets_403(app, link):
    referral = link.send()

    response = link.post(link.body(referral, "PRELUAT"), institution_token(app, "crim-timisoara"))

    problem(response, 403)


def test_a_revoked_or_missing_token_gets_401(link):
    referral = link.send()
    assert link.client.delete("/api/v1/auth/tokens/current", headers=link.system).status_code == 204

    problem(link.post(link.body(referral, "PRELUAT")), 401)
    problem(link.post(link.body(referral, "PRELUAT"), {}), 401)
    assert link.referral(referral)["status"] == "requested"


# --- idempotency on the event id ---------------------------------------------------------------


def test_a_replayed_event_gets_the_first_answer_and_changes_nothing(app, link):
    referral = link.send()
    body = link.body(referral, "ACCEPTAT", note="File 2026/117 opened.")
    first = link.post(body)
    assert first.status_code == 200
    link.update(referral, "IN_DERULARE")  # the referral moves on meanwhile
    events = link.events(referral)
    before = written(app)

    again = link.post(dict(reversed(body.items())))  # same body, keys in another order

    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert written(app) == before
    assert again.get_json()["status"] == "accepted"  # the first answer, not the state now
    assert link.events(referral) == events
    assert link.referral(referral)["status"] == "in-progress"


def test_the_same_event_id_with_another_body_is_422(app, link):
    referral = link.send()
    body = link.body(referral, "PRELUAT")
    link.post(body)
    before = written(app)

    response = link.post({**body, "code": "ACCEPTAT"})

    assert "event_id" in problem(response, 422)["errors"]
    assert written(app) == before
    assert link.referral(referral)["status"] == "received"


def test_event_ids_are_per_institution(app, link):
    mine = link.send()
    theirs = link.send("health_insurance.insured_enrolment")
    link.post({"event_id": "42", "referral_id": mine["id"], "code": "PRELUAT"})

    cjas = institution_token(app, "cjas-timis")
    response = link.post(
        {"event_id": "42", "referral_id": theirs["id"], "code": "CERERE_INREGISTRATA"}, cjas
    )

    assert response.status_code == 200, response.get_json()
    assert link.referral(theirs)["status"] == "received"


class AppliesTheSameUpdateFirst:
    """A duplicate that arrives while the first update is being applied: when the
    hub asks what the code means, the same update is applied and committed in
    another transaction (its own app context, so its own database session)."""

    def __init__(self) -> None:
        self.body: dict[str, Any] | None = None
        self.headers: dict[str, str] = {}
        self.answer: Any = None

    @hookimpl
    def referral_hub_inbound_status(self) -> None:
        if self.body is not None:
            body, self.body = self.body, None
            app = current_app._get_current_object()
            with app.app_context():
                self.answer = app.test_client().post(URL, json=body, headers=self.headers)
        return None  # the table answers, for both


def test_a_racing_duplicate_gets_the_stored_answer_not_a_500(make_app, tmp_path):
    racer = AppliesTheSameUpdateFirst()
    app = make_app(extra_plugins=[("racer", racer)])
    factory = Factory(app, app.test_client())
    link = Link(factory, factory.staff(), institution_token(app, "ajofm-timis"))
    referral = link.send()
    racer.body, racer.headers = link.body(referral, "ACCEPTAT"), link.system
    before = written(app)

    response = link.post(racer.body)

    assert racer.answer.status_code == 200, racer.answer.get_json()
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == racer.answer.get_json()
    after = written(app)
    assert after["inbound_events"] == before["inbound_events"] + 1
    assert after["referral_events"] == before["referral_events"] + 2  # received, accepted: once
    assert link.referral(referral)["status"] == "accepted"


# --- what is refused, and leaves everything as it was --------------------------------------------


def test_an_unknown_code_is_422_listing_the_services_codes(app, link):
    referral = link.send()
    known = [s["code"] for s in link.service()["inbound_statuses"]]
    before = written(app)

    body = problem(link.post(link.body(referral, "INSCRIS_CURS")), 422)  # another service's

    assert body["known_codes"] == known
    assert body["errors"] == {"code": [f"One of: {', '.join(known)}."]}
    assert "INREGISTRAT" in body["detail"] and "'INSCRIS_CURS'" in body["detail"]
    assert written(app) == before


def test_an_invalid_outcome_is_422_writes_nothing_and_the_event_id_can_be_used_again(app, link):
    referral = link.send()
    for code in ("PRELUAT", "ACCEPTAT", "IN_DERULARE"):
        link.update(referral, code)
    outcome = example_of(link.service()["outcome_schema"])
    version = link.referral(referral)["version"]
    before = written(app)
    body = link.body(referral, "INREGISTRAT", data={**outcome, "file_number": None})

    refused = problem(link.post(body), 422)

    assert written(app) == before
    assert "data.file_number" in refused["errors"]
    assert link.referral(referral)["version"] == version
    fixed = link.post({**body, "data": outcome})  # the same event id, corrected
    assert fixed.status_code == 200, fixed.get_json()
    assert fixed.get_json()["status"] == "completed"


def test_a_move_the_graph_forbids_is_409_with_the_allowed_moves(app, link):
    referral = link.send()
    before = written(app)

    body = problem(link.post(link.body(referral, "INREGISTRAT", data={})), 409)

    assert body["allowed"] == ["accepted", "received", "rejected"]
    assert written(app) == before


def test_data_on_a_move_that_carries_none_is_422(link):
    referral = link.send()

    body = problem(link.post(link.body(referral, "PRELUAT", data={"file_number": "X"})), 422)

    assert "data" in body["errors"]
    assert link.referral(referral)["status"] == "requested"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"event_id": ""}, "event_id"),
        ({"event_id": None}, "event_id"),
        ({"code": 7}, "code"),
        ({"data": ["not", "an", "object"]}, "data"),
        ({"occurred_at": "2026-11-02T09:00:00"}, "occurred_at"),  # no offset
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_a_malformed_update_is_422_naming_the_field(app, link, change, field):
    referral = link.send()
    before = written(app)

    body = problem(link.post(link.body(referral, "PRELUAT") | change), 422)

    assert field in body["errors"]
    assert written(app) == before


def test_a_missing_field_or_a_body_that_is_not_an_object_is_422(link):
    assert set(problem(link.post({}), 422)["errors"]) == {"event_id", "referral_id", "code"}
    assert "_schema" in problem(link.post(["PRELUAT"]), 422)["errors"]


def test_malformed_json_is_refused_like_everywhere_in_the_api(link):
    response = link.client.post(
        URL, data="{not json", headers={**link.system, "Content-Type": "application/json"}
    )
    problem(response, 400)
    problem(link.client.post(URL, data="x", headers=link.system), 415)


def test_the_time_it_happened_is_kept_with_the_event(app, link):
    referral = link.send()

    link.update(referral, "PRELUAT", occurred_at="2026-11-02T10:30:00+02:00")

    with app.app_context():
        record = db.session.scalars(select(InboundEvent)).one()
        assert record.occurred_at.isoformat() == "2026-11-02T08:30:00+00:00"
        assert record.referral_id == referral["id"]


# --- a plugin may decide what a code means -------------------------------------------------------


class UnderWayMeansWaitingAtFirst:
    """A plugin whose institution's "under way", for a referral just accepted,
    means waiting for an interpreter (the meaning depends on the referral)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str, dict]] = []

    @hookimpl
    def referral_hub_inbound_status(self, service, referral, code, data):
        self.seen.append((service.full_code, referral.status, code, data))
        if (
            service.kind == "labour_agency"
            and code == "IN_DERULARE"
            and referral.status == "accepted"
        ):
            return InboundStatus(code, "on-hold", "awaiting_interpreter")
        return None


def test_a_plugins_hook_decides_before_the_services_table(make_app):
    plugin = UnderWayMeansWaitingAtFirst()
    app = make_app(extra_plugins=[("waits", plugin)])
    factory = Factory(app, app.test_client())
    link = Link(factory, factory.staff(), institution_token(app, "ajofm-timis"))
    referral = link.send()
    link.update(referral, "ACCEPTAT")

    answer = link.update(referral, "IN_DERULARE", note="Interpreter booked for Monday.")

    assert answer["status"] == "on-hold"
    assert link.events(referral)[-1]["reason_code"] == "awaiting_interpreter"
    assert plugin.seen[-1] == (JOB_SEEKER, "accepted", "IN_DERULARE", {})
    assert link.update(referral, "ACCEPTAT")["status"] == "accepted"  # the table again


# --- the contract ----------------------------------------------------------------------------


def test_the_openapi_document_describes_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"][URL]["post"]
    assert {"200", "401", "403", "404", "409", "422"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    assert set(schemas["StatusUpdate"]["properties"]) == {
        "event_id",
        "referral_id",
        "code",
        "data",
        "note",
        "occurred_at",
    }
    assert "events" in schemas["StatusUpdateResult"]["properties"]
