"""Webhooks to an institution's own system, end to end: a real HTTP server
(pytest-httpserver) plays the institution's system. It checks the Standard
Webhooks signature, then fails (503 for a while, refused connections) and
comes back; every message is delivered, each once, with its own stable id.

The hub's clock is frozen in 2026, so ``Webhook.verify()`` (which compares the
timestamp with the real time, 5 minutes' tolerance) would refuse every
message: the tests recompute the signature with ``Webhook(secret).sign()``
from the received headers and body, and check that the timestamp is the
hub's clock.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from standardwebhooks import Webhook
from werkzeug import Request, Response

from core.cli import main
from core.db import db
from core.notifications.worker import PassResult
from core.webhooks.models import WebhookEndpoint
from tests.factories import BENEFICIARY, Factory
from tests.notifications.conftest import JOB_SEEKER, WORKER, Desk, free_port, outbox, work
from tests.web.conftest import WebSession

PERSONAL = (
    BENEFICIARY["given_name"],
    BENEFICIARY["family_name"],
    BENEFICIARY["date_of_birth"],
    BENEFICIARY["residence_document"]["number"],
    BENEFICIARY["phone"],
    "Timișoara",
)
NOTE = "Ahmad asked to be called after 16:00"
PATH = "/referral-hub/events"


@dataclass
class Delivery:
    headers: dict[str, str]
    body: str
    status: int


@dataclass
class InstitutionSystem:
    """The institution's system: answers each POST with the next scripted reply
    (``(status, headers)``), then 204; keeps every request it answered."""

    server: HTTPServer
    replies: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{PATH}"

    def handle(self, request: Request) -> Response:
        with self._lock:
            status, headers = self.replies.pop(0) if self.replies else (204, {})
            self.deliveries.append(
                Delivery(dict(request.headers), request.get_data(as_text=True), status)
            )
        return Response(status=status, headers=headers)

    def accepted(self) -> list[Delivery]:
        return [d for d in self.deliveries if 200 <= d.status < 300]


@pytest.fixture
def system() -> Iterator[InstitutionSystem]:
    server = HTTPServer(host="127.0.0.1", port=free_port())
    receiver = InstitutionSystem(server)
    server.expect_request(PATH, method="POST").respond_with_handler(receiver.handle)
    server.start()
    yield receiver
    if server.is_running():
        server.stop()


def admin_session(factory: Factory) -> WebSession:
    factory._users += 1
    email = f"admin.webhooks.{factory._users}@hub.example"
    session = WebSession(factory.app, email, factory.headers("admin", email=email))
    assert session.login().status_code == 302
    return session


def set_up_webhook(desk: Desk, office_id: str, url: str, *, approve: bool = True) -> dict:
    """The officer proposes ``url`` through the API; an admin approves it on the web."""
    response = desk.factory.client.put(
        f"/api/v1/offices/{office_id}/webhook", json={"url": url}, headers=desk.officer
    )
    assert response.status_code in (200, 201), response.get_json()
    endpoint = response.get_json()
    if approve:
        review(desk.factory, office_id, url, "approve")
    return endpoint


def review(factory: Factory, office_id: str, url: str, action: str) -> None:
    """An admin approves or refuses the office's webhook on the admin pages."""
    with factory.app.app_context():
        query = select(WebhookEndpoint.id).where(WebhookEndpoint.office_id == office_id)
        endpoint_id = db.session.scalar(query)
    response = admin_session(factory).post(
        f"/admin/webhooks/{endpoint_id}/{action}", {"url": url, "next": "/admin/webhooks"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def draft(desk: Desk) -> dict[str, Any]:
    """A draft referral (its receiving office is chosen already)."""
    return desk.send(send=False)


def webhooks(app, **where: Any) -> list[dict[str, Any]]:
    return outbox(app, channel="webhook", **where)


@pytest.fixture(autouse=True)
def mail_server(smtp):
    """The e-mails that the same moves announce go to a real SMTP server."""
    return smtp


def deliver(app) -> PassResult:
    """One pass of a worker with its default channels (e-mail and webhook);
    the counts are of the webhooks only: a row that changed was handled."""
    before = {r["id"]: (r["status"], r["attempts"]) for r in webhooks(app)}
    work(app)
    result = PassResult()
    for row in webhooks(app):
        if before.get(row["id"]) == (row["status"], row["attempts"]):
            continue
        result.claimed += 1
        outcome = {"sent": "sent", "dead": "dead"}.get(row["status"], "retrying")
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def expected_signature(secret: str, delivery: Delivery) -> str:
    sent_at = datetime.fromtimestamp(int(delivery.headers["Webhook-Timestamp"]), tz=UTC)
    return Webhook(secret).sign(delivery.headers["Webhook-Id"], sent_at, delivery.body)


# --- one webhook, end to end ----------------------------------------------------------------


def test_sending_a_referral_delivers_one_signed_webhook_without_personal_data(
    app, desk, system, clock
):
    referral = draft(desk)
    endpoint = set_up_webhook(desk, referral["to_office"]["id"], system.url)
    assert webhooks(app) == [], "creating a draft announces nothing"

    sent = desk.move(referral, "requested", note=NOTE)
    (row,) = webhooks(app)
    result = deliver(app)

    assert (result.claimed, result.sent) == (1, 1)
    (got,) = system.deliveries
    assert got.headers["Webhook-Id"] == row["message_id"]
    assert got.headers["Webhook-Timestamp"] == str(int(clock().timestamp()))
    assert got.headers["Webhook-Signature"] == expected_signature(endpoint["secret"], got)
    assert got.headers["Webhook-Signature"].startswith("v1,")
    assert got.headers["Content-Type"] == "application/json"
    assert json.loads(got.body) == {
        "type": "referral.status_changed",
        "timestamp": clock().isoformat(),
        "data": {
            "referral_id": referral["id"],
            "reference": referral["reference"],
            "service": JOB_SEEKER,
            "office_id": referral["to_office"]["id"],
            "from_status": "draft",
            "to_status": "requested",
            "reason_code": None,
            "version": sent["version"],
            "occurred_at": clock().isoformat(),
        },
    }
    for value in (*PERSONAL, NOTE, referral["beneficiary"]["reference"]):
        assert value not in got.body
    assert webhooks(app)[0]["status"] == "sent"


def test_every_move_the_office_may_know_of_is_announced_with_its_reason_code(app, desk, system):
    referral = draft(desk)
    set_up_webhook(desk, referral["to_office"]["id"], system.url)
    referral = desk.move(referral, "requested")
    referral = desk.move(referral, "received")
    referral = desk.move(referral, "accepted")
    referral = desk.move(referral, "on-hold")

    deliver(app)

    moves = [json.loads(d.body)["data"] for d in system.deliveries]
    assert [(m["from_status"], m["to_status"]) for m in moves] == [
        ("draft", "requested"),
        ("requested", "received"),
        ("received", "accepted"),
        ("accepted", "on-hold"),
    ]
    assert moves[-1]["reason_code"] and moves[0]["reason_code"] is None
    assert [m["version"] for m in moves] == sorted({m["version"] for m in moves})
    assert len({d.headers["Webhook-Id"] for d in system.deliveries}) == 4


def test_cancelling_a_draft_tells_the_receiving_office_nothing(app, desk, system):
    referral = draft(desk)
    set_up_webhook(desk, referral["to_office"]["id"], system.url)

    desk.move(referral, "cancelled")

    assert webhooks(app) == []


@pytest.mark.parametrize("state", ["pending", "refused", "removed", "none"])
def test_without_an_approved_endpoint_nothing_is_enqueued(app, desk, system, state):
    referral = draft(desk)
    office_id = referral["to_office"]["id"]
    if state != "none":
        set_up_webhook(desk, office_id, system.url, approve=False)
    if state == "refused":
        review(desk.factory, office_id, system.url, "refuse")
    if state == "removed":
        review(desk.factory, office_id, system.url, "approve")
        response = desk.factory.client.delete(
            f"/api/v1/offices/{office_id}/webhook", headers=desk.officer
        )
        assert response.status_code == 204

    desk.move(desk.move(referral, "requested"), "received")

    assert webhooks(app) == []
    assert deliver(app).claimed == 0
    assert system.deliveries == []


# --- the institution's system fails, then comes back ------------------------------------------


def test_503s_then_refused_connections_then_back_every_message_delivered_once(
    app, desk, system, clock
):
    first = draft(desk)
    office_id = first["to_office"]["id"]
    set_up_webhook(desk, office_id, system.url)
    desk.move(desk.move(first, "requested"), "received")
    desk.move(desk.send(), "received")
    rows = webhooks(app)
    ids = {r["message_id"] for r in rows}
    assert len(ids) == len(rows) == 4

    # 1. The system answers 503 to everything (the first pass).
    system.replies = [(503, {})] * len(rows)
    result = deliver(app)
    assert (result.claimed, result.retrying) == (4, 4)
    assert {r["last_error"] for r in webhooks(app)} == {"webhook HTTP 503"}

    # 2. It goes away: connections are refused.
    system.server.stop()
    clock.advance(seconds=WORKER["worker_backoff_cap_seconds"])
    result = deliver(app)
    assert (result.claimed, result.retrying) == (4, 4)
    assert all("ConnectionError" in r["last_error"] for r in webhooks(app))
    assert all(r["attempts"] == 2 and r["status"] == "pending" for r in webhooks(app))

    # 3. It is back: once the backoff has passed, everything is delivered.
    system.server.start()
    clock.advance(seconds=WORKER["worker_backoff_cap_seconds"])
    result = deliver(app)

    assert (result.claimed, result.sent) == (4, 4)
    assert all(r["status"] == "sent" and r["attempts"] == 2 for r in webhooks(app))
    delivered = [d.headers["Webhook-Id"] for d in system.accepted()]
    assert sorted(delivered) == sorted(ids), "each message delivered, once, none lost"
    refused = [d.headers["Webhook-Id"] for d in system.deliveries if d.status == 503]
    assert sorted(refused) == sorted(ids), "a retry carries the same webhook-id"
    assert deliver(app).claimed == 0


def test_retry_after_in_seconds_is_honoured(app, desk, system, clock):
    referral = draft(desk)
    set_up_webhook(desk, referral["to_office"]["id"], system.url)
    desk.move(referral, "requested")
    system.replies = [(503, {"Retry-After": "120"})]

    deliver(app)

    (row,) = webhooks(app)
    assert row["status"] == "pending"
    assert row["next_attempt_at"] == clock() + timedelta(seconds=120)
    clock.advance(seconds=119)
    assert deliver(app).claimed == 0
    clock.advance(seconds=1)
    assert deliver(app).sent == 1
    assert [d.status for d in system.deliveries] == [503, 204]


def test_retry_after_as_an_http_date_is_honoured_for_a_429(app, desk, system, clock):
    referral = draft(desk)
    set_up_webhook(desk, referral["to_office"]["id"], system.url)
    desk.move(referral, "requested")
    later = clock() + timedelta(minutes=5)
    system.replies = [(429, {"Retry-After": format_datetime(later, usegmt=True)})]

    deliver(app)

    (row,) = webhooks(app)
    assert row["last_error"] == "webhook HTTP 429"
    assert row["next_attempt_at"] == later


def test_a_system_that_does_not_answer_in_time_is_retried(make_app, clock):
    # A socket that accepts connections (the kernel's backlog) and never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app = make_app(config={"webhook_timeout_seconds": 1, **WORKER})
        desk = _desk(app)
        referral = draft(desk)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}{PATH}"
        set_up_webhook(desk, referral["to_office"]["id"], url)
        desk.move(referral, "requested")

        result = deliver(app)

    (row,) = webhooks(app)
    assert result.retrying == 1
    assert row["status"] == "pending" and "Timeout" in row["last_error"]


def test_a_tls_failure_is_retried(app, desk, system):
    referral = draft(desk)
    url = system.url.replace("http://", "https://")  # the system speaks plain HTTP
    set_up_webhook(desk, referral["to_office"]["id"], url)
    desk.move(referral, "requested")

    assert deliver(app).retrying == 1

    (row,) = webhooks(app)
    assert row["status"] == "pending" and "SSLError" in row["last_error"]
    assert system.deliveries == []


# --- permanent failures, dead messages and replays ----------------------------------------------


def test_a_4xx_makes_the_message_dead_tells_the_admins_and_a_replay_sends_the_same_id(
    app, desk, system, runner, mail_server
):
    referral = draft(desk)
    set_up_webhook(desk, referral["to_office"]["id"], system.url)
    desk.move(referral, "requested")
    system.replies = [(410, {})]

    result = deliver(app)

    (row,) = webhooks(app)
    assert (result.dead, row["status"], row["last_error"]) == (1, "dead", "webhook HTTP 410")
    alerts = [r for r in outbox(app, channel="email") if r["payload"]["template"] == "message_dead"]
    assert alerts and all(a["payload"]["dead_message_id"] == row["message_id"] for a in alerts)
    assert all(a["payload"]["dead_channel"] == "webhook" for a in alerts)

    replayed = runner.invoke(main, ["outbox", "replay", row["message_id"]])
    assert replayed.exit_code == 0, replayed.output
    assert deliver(app).sent == 1

    assert [d.headers["Webhook-Id"] for d in system.deliveries] == [row["message_id"]] * 2
    assert [d.status for d in system.deliveries] == [410, 204]
    # the admin's alert, in their language (Romanian)
    (text,) = [m.bodies()[0] for m in mail_server.received if "outbox replay" in m.bodies()[0]]
    assert f"referral-hub outbox replay {row['message_id']}" in text
    assert "Verificați adresa webhook-ului" in text


def test_a_redirect_is_not_followed_and_the_message_is_dead(app, desk, system):
    referral = draft(desk)
    set_up_webhook(desk, referral["to_office"]["id"], system.url)
    desk.move(referral, "requested")
    system.replies = [(307, {"Location": f"{system.url}/elsewhere"})]

    assert deliver(app).dead == 1

    assert len(system.deliveries) == 1
    assert webhooks(app)[0]["last_error"] == "webhook HTTP 307"


def test_an_address_changed_after_enqueueing_gets_nothing_and_the_message_is_dead(
    app, desk, system
):
    referral = draft(desk)
    office_id = referral["to_office"]["id"]
    set_up_webhook(desk, office_id, system.url)
    desk.move(referral, "requested")
    # The officer changes the address: it waits for an admin again.
    changed = set_up_webhook(desk, office_id, system.url + "/v2", approve=False)
    assert changed["status"] == "pending"

    assert deliver(app).dead == 1

    assert system.deliveries == []
    assert webhooks(app)[0]["last_error"] == "webhook endpoint removed or not approved"


# --- the secret --------------------------------------------------------------------------------


def test_after_a_rotation_messages_carry_both_signatures_for_a_day_then_the_new_one(
    app, desk, system, clock
):
    referral = draft(desk)
    office_id = referral["to_office"]["id"]
    old = set_up_webhook(desk, office_id, system.url)["secret"]
    response = desk.factory.client.post(
        f"/api/v1/offices/{office_id}/webhook/secret", headers=desk.officer
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    new = response.get_json()["secret"]
    assert new.startswith("whsec_") and new != old

    referral = desk.move(referral, "requested")
    deliver(app)
    clock.advance(hours=24)
    desk.move(referral, "received")
    deliver(app)

    first, second = system.deliveries
    assert first.headers["Webhook-Signature"].split(" ") == [
        expected_signature(new, first),
        expected_signature(old, first),
    ]
    assert second.headers["Webhook-Signature"] == expected_signature(new, second)


def _desk(app) -> Desk:
    factory = Factory(app, app.test_client())
    email = "staff.webhooks@crim-timisoara.example"
    staff = factory.headers("centre_staff", "crim-timisoara", email=email)
    return Desk(factory, staff, factory.officer(), email)
