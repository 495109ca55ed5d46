"""The worker delivering the outbox to a real SMTP server (aiosmtpd): what the
e-mail says and does not say, retries with backoff, dead messages, admin
alerts, replays, expired leases, and two workers on PostgreSQL."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.auth.models import User
from core.cli import main
from core.db import db
from core.notifications.models import OutboxMessage
from core.notifications.outbox import enqueue
from core.notifications.worker import DeliveryError, Worker, claim
from tests.factories import BENEFICIARY, Factory
from tests.notifications.conftest import (
    JOB_SEEKER,
    PUBLIC_URL,
    WORKER,
    mail_config,
    outbox,
    work,
)
from tests.notifications.test_outbox import office_emails, set_language

PERSONAL = (
    BENEFICIARY["given_name"],
    BENEFICIARY["family_name"],
    BENEFICIARY["date_of_birth"],
    "12.04.1990",
    BENEFICIARY["residence_document"]["number"],
    BENEFICIARY["phone"],
)


def header_for(row: dict) -> str:
    return f"<{row['message_id']}@hub.example>"


def admin(factory: Factory, email: str, *, active: bool = True, language: str = "en") -> None:
    factory.headers("admin", email=email)
    with factory.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.active, user.language = active, language
        db.session.commit()


# --- one e-mail, end to end -----------------------------------------------------------


def test_worker_once_sends_the_office_an_email_without_personal_data(app, runner, desk, smtp):
    beneficiary = desk.factory.beneficiary(desk.staff)
    referral = desk.send(beneficiary=beneficiary)
    rows = outbox(app)

    result = runner.invoke(main, ["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert f"Claimed {len(rows)}: {len(rows)} sent, 0 to retry, 0 dead." in result.output
    recipients = office_emails(app, referral)
    assert sorted(r for got in smtp.received for r in got.rcpt_tos) == sorted(recipients)
    assert sorted(got.message_id for got in smtp.received) == sorted(map(header_for, rows))
    for got in smtp.received:
        mail = got.message
        assert got.mail_from == "hub@hub.example"
        assert mail["To"] == got.rcpt_tos[0]
        assert mail["Content-Language"] == "ro"
        assert mail["Auto-Submitted"] == "auto-generated"
        assert mail.get_content_type() == "multipart/alternative"
        assert mail["Subject"] == (
            f"Trimitere nouă {referral['reference']}: Înregistrarea ca persoană în căutarea"
            " unui loc de muncă"
        ), mail["Subject"]
        text, html = got.bodies()
        link = f"{PUBLIC_URL}/referrals/{referral['id']}"
        for body in (text, html):
            assert referral["reference"] in body
            assert link in body
            assert "Transmisă" in body  # the status, in Romanian
            for value in (*PERSONAL, beneficiary["reference"], beneficiary["id"]):
                assert value not in body
        raw = mail.as_string()
        for value in (*PERSONAL, beneficiary["reference"]):
            assert value not in raw
    sent = outbox(app)
    assert {r["status"] for r in sent} == {"sent"}
    assert all(r["sent_at"] == desk.factory.app.extensions["referral_hub"].clock() for r in sent)
    assert all(r["claimed_until"] is None for r in sent)


def test_the_creator_is_told_of_a_decision_in_their_language(app, desk, smtp):
    set_language(app, desk.staff_email, "uk")
    referral = desk.move(desk.move(desk.send(), "received"), "accepted")
    work(app)

    (got,) = [r for r in smtp.received if r.rcpt_tos == [desk.staff_email]]

    assert got.message["Content-Language"] == "uk"
    assert got.message["Subject"] == f"Направлення {referral['reference']}: Прийнято"
    text, _ = got.bodies()
    assert "Реєстрація як шукача роботи" in text


# --- failures, retries and backoff ---------------------------------------------------------


def test_smtp_down_schedules_a_retry_with_backoff_then_up_delivers_the_same_message_id(
    app, desk, smtp_server, clock
):
    desk.send()
    first = outbox(app)[0]
    others = len(outbox(app)) - 1

    result = work(app, seed=7, batch=1)

    row = outbox(app, id=first["id"])[0]
    assert (result.claimed, result.retrying) == (1, 1)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert "ConnectionRefusedError" in row["last_error"]
    assert row["claimed_until"] is None
    window = min(WORKER["worker_backoff_cap_seconds"], WORKER["worker_backoff_base_seconds"] * 2)
    delay = (row["next_attempt_at"] - clock()).total_seconds()
    assert 0 <= delay <= window
    assert delay == pytest.approx(random.Random(7).uniform(0, window))

    # still down, and due again: the second window is twice as wide
    clock.advance(seconds=delay)
    work(app, seed=8, batch=1)
    row = outbox(app, id=first["id"])[0]
    assert row["attempts"] == 2
    delay = (row["next_attempt_at"] - clock()).total_seconds()
    assert 0 <= delay <= 2 * window
    assert delay == pytest.approx(random.Random(8).uniform(0, 2 * window))

    smtp_server.start()
    clock.advance(seconds=delay)
    result = work(app, batch=1 + others)

    assert result.sent == 1 + others
    assert header_for(first) in smtp_server.message_ids()
    assert outbox(app, id=first["id"])[0]["status"] == "sent"


def test_a_message_that_is_not_due_yet_is_not_claimed(app, desk, smtp_server, clock):
    desk.send()
    work(app)
    assert {r["status"] for r in outbox(app)} == {"pending"}
    smtp_server.start()

    assert work(app).claimed == 0
    assert smtp_server.received == []


def test_a_4xx_reply_is_retried_and_delivered_next_time_with_the_same_message_id(
    app, desk, smtp, clock
):
    desk.send()
    first = outbox(app)[0]
    smtp.data_replies = ["451 4.3.0 Mail server temporarily rejected message."]

    work(app, batch=1)

    row = outbox(app, id=first["id"])[0]
    assert row["status"] == "pending" and row["attempts"] == 1
    assert row["last_error"].startswith("SMTP 451")
    clock.advance(seconds=WORKER["worker_backoff_cap_seconds"])

    work(app, batch=1)

    assert outbox(app, id=first["id"])[0]["status"] == "sent"
    assert smtp.message_ids() == [header_for(first)]


def test_a_5xx_reply_makes_the_message_dead_at_once_and_tells_every_active_admin(
    app, desk, smtp, clock
):
    admin(desk.factory, "admin.one@hub.example", language="en")
    admin(desk.factory, "admin.two@hub.example", language="ro")
    admin(desk.factory, "admin.gone@hub.example", active=False)
    referral = desk.send()
    first = outbox(app)[0]
    smtp.refuse[first["recipient"]] = f"550 5.1.1 <{first['recipient']}>: Recipient rejected"

    result = work(app, batch=1)

    row = outbox(app, id=first["id"])[0]
    assert (result.dead, row["status"], row["attempts"]) == (1, "dead", 1)
    assert row["last_error"].startswith("SMTP 550")
    assert first["recipient"] not in row["last_error"]  # addresses are masked
    alerts = outbox(app, status="pending")
    alerts = [a for a in alerts if a["payload"]["template"] == "message_dead"]
    assert sorted(a["recipient"] for a in alerts) == [
        "admin.one@hub.example",
        "admin.two@hub.example",
    ]
    for alert in alerts:
        assert alert["payload"]["dead_message_id"] == first["message_id"]
        assert referral["reference"] not in str(alert["payload"])

    work(app, batch=50)

    (english,) = [r for r in smtp.received if r.rcpt_tos == ["admin.one@hub.example"]]
    text, _ = english.bodies()
    assert english.message["Subject"] == "A notification could not be delivered"
    assert first["message_id"] in text
    assert f"referral-hub outbox replay {first['message_id']}" in text
    assert referral["reference"] not in text


def test_a_dead_alert_raises_no_further_alert(app, desk, smtp):
    admin(desk.factory, "admin@hub.example")
    desk.send()
    smtp.refuse = {r["recipient"]: "554 5.7.1 Rejected" for r in outbox(app)}
    smtp.refuse["admin@hub.example"] = "554 5.7.1 Rejected"

    work(app)
    alerts = outbox(app, status="pending")
    work(app)

    assert alerts and {r["status"] for r in outbox(app)} == {"dead"}


def test_a_message_is_dead_after_the_maximum_number_of_attempts(app, desk, smtp_server, clock):
    desk.send()
    first = outbox(app)[0]

    for _ in range(WORKER["worker_max_attempts"]):
        work(app, batch=1)
        clock.advance(seconds=WORKER["worker_backoff_cap_seconds"])

    row = outbox(app, id=first["id"])[0]
    assert (row["status"], row["attempts"]) == ("dead", WORKER["worker_max_attempts"])


class Busy:
    """A channel whose receiver asks to come back later (as HTTP 429 + Retry-After)."""

    def deliver(self, message):
        raise DeliveryError("HTTP 429", retry_after=120)

    def close(self):
        pass


def test_the_channels_retry_after_replaces_the_backoff(app, desk, clock):
    desk.send()

    with app.app_context():
        Worker(channels={"email": Busy()}, batch=1).run_once()

    row = next(r for r in outbox(app) if r["attempts"])
    assert row["next_attempt_at"] == clock() + timedelta(seconds=120)
    assert row["last_error"] == "HTTP 429"


# --- at least once: crashes and replays ---------------------------------------------------


def test_an_expired_lease_is_delivered_again_with_the_same_message_id(app, desk, smtp, clock):
    desk.send()
    first = outbox(app)[0]
    with app.app_context():
        # A worker claims and sends, then dies before recording it.
        assert claim(1) == [first["id"]]
        Worker(batch=1).channels["email"].deliver(db.session.get(OutboxMessage, first["id"]))
    assert smtp.message_ids() == [header_for(first)]

    work(app, batch=1)  # the lease still runs: another worker leaves the row alone
    assert outbox(app, id=first["id"])[0]["status"] == "pending"
    assert smtp.message_ids() == [header_for(first)]

    clock.advance(seconds=WORKER["worker_lease_seconds"] + 1)
    work(app, batch=1)

    assert smtp.message_ids() == [header_for(first)] * 2
    assert outbox(app, id=first["id"])[0]["status"] == "sent"


def test_a_replayed_dead_message_is_delivered_once_with_the_same_message_id(
    app, runner, desk, smtp
):
    desk.send()
    first = outbox(app)[0]
    smtp.refuse[first["recipient"]] = "550 5.1.1 No such mailbox"
    work(app, batch=1)
    assert outbox(app, id=first["id"])[0]["status"] == "dead"
    del smtp.refuse[first["recipient"]]

    result = runner.invoke(main, ["outbox", "replay", first["message_id"]])

    assert result.exit_code == 0, result.output
    assert f"Message {first['message_id']} is pending again." in result.output
    row = outbox(app, id=first["id"])[0]
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 0, None)
    work(app, batch=50)
    work(app, batch=50)
    assert smtp.message_ids().count(header_for(first)) == 1
    assert outbox(app, id=first["id"])[0]["status"] == "sent"


# --- stopping ----------------------------------------------------------------------------


class StopAfterFirst:
    """A channel that asks the worker to stop while it delivers (as SIGTERM would)."""

    def __init__(self) -> None:
        self.worker: Worker | None = None
        self.delivered: list[str] = []

    def deliver(self, message):
        self.delivered.append(message.message_id)
        self.worker.stop.set()

    def close(self):
        pass


def test_a_stop_request_finishes_the_current_message_and_releases_the_rest(app, desk):
    desk.send()
    desk.send()
    channel = StopAfterFirst()
    with app.app_context():
        worker = channel.worker = Worker(channels={"email": channel}, batch=50)
        result = worker.run_once()

    rows = outbox(app)
    assert (result.claimed, result.sent) == (len(rows), 1)
    assert [r["status"] for r in rows].count("sent") == 1
    assert all(r["claimed_until"] is None for r in rows)  # the next worker may take them now


# --- two workers on PostgreSQL -------------------------------------------------------------


def test_two_workers_on_postgresql_deliver_2000_messages_exactly_once(
    make_app, app, smtp_port, smtp
):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SKIP LOCKED is PostgreSQL's; on SQLite the hub runs one worker")
        for n in range(2000):
            enqueue(
                f"office{n % 7}@ajofm-tm.example",
                "referral_sent",
                "ro",
                reference=f"R-LOAD{n:04d}",
                service=JOB_SEEKER,
                status="requested",
                link=f"/referrals/load-{n}",
            )
        db.session.commit()
        expected = sorted(
            f"<{m}@hub.example>" for m in db.session.scalars(select(OutboxMessage.message_id))
        )

    counts: dict[int, int] = {}
    errors: list[BaseException] = []

    def run(number: int) -> None:
        # each worker: its own app, engine and connections
        own = make_app(config=mail_config(smtp_port))
        try:
            with own.app_context():
                worker = Worker(batch=50, rng=random.Random(number))
                total = 0
                while result := worker.run_once():
                    if not result.claimed:
                        break
                    total += result.sent
                counts[number] = total
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors, errors
    assert sorted(smtp.message_ids()) == expected  # every message exactly once
    assert sum(counts.values()) == 2000 and all(counts.values()), counts
    assert {r["status"] for r in outbox(app)} == {"sent"}
