"""Notification fixtures: a real SMTP server (aiosmtpd) on a free local port,
an app whose worker sends to it, and helpers to read the outbox."""

from __future__ import annotations

import email
import random
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from core.db import db
from core.notifications.models import OutboxMessage
from core.notifications.worker import PassResult, Worker
from tests.factories import Factory, example_of

JOB_SEEKER = "labour_agency.job_seeker_registration"
MAIL_FROM = "Referral Hub <hub@hub.example>"
PUBLIC_URL = "https://hub.example"
#: worker settings the tests compute backoff bounds from
WORKER = {
    "worker_backoff_base_seconds": 30,
    "worker_backoff_cap_seconds": 3600,
    "worker_lease_seconds": 300,
    "worker_max_attempts": 5,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]

    def bodies(self) -> tuple[str, str]:
        """The plain-text and the HTML part, decoded."""
        text = self.message.get_body(("plain",)).get_content()
        html = self.message.get_body(("html",)).get_content()
        return text, html


class SmtpSink:
    """An SMTP server that keeps what it accepts; scripted replies for tests.

    ``data_replies``: replies to the next DATA commands (e.g. "451 ..."),
    taken in turn before accepting again; ``refuse``: address -> RCPT reply.
    ``hang_up_after``: once this many messages are accepted, the server closes
    the connection instead of answering the next MAIL FROM (once; at every
    MAIL FROM from then on with ``hang_up_always``, as a server going down).
    ``connections``: how many connections said EHLO (every smtplib client does).
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[Received] = []
        self.data_replies: list[str] = []
        self.refuse: dict[str, str] = {}
        self.hang_up_after: int | None = None
        self.hang_up_always = False
        self.connections = 0
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        with self._lock:
            if self.hang_up_after is not None and len(self.received) >= self.hang_up_after:
                if not self.hang_up_always:
                    self.hang_up_after = None
                server.transport.close()
                return "421 4.3.2 Closing the connection"  # never reaches the client
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self._lock:
            if self.data_replies:
                return self.data_replies.pop(0)
            message = email.message_from_bytes(envelope.content, policy=default_policy)
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        with self._lock:
            return [r.message_id for r in self.received]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp_server(smtp_port: int) -> Iterator[SmtpSink]:
    """The SMTP server, not started: a test starts it (or leaves it down)."""
    sink = SmtpSink(smtp_port)
    yield sink
    sink.stop()


@pytest.fixture
def smtp(smtp_server: SmtpSink) -> SmtpSink:
    """The SMTP server, up."""
    smtp_server.start()
    return smtp_server


def mail_config(smtp_port: int, **overrides: Any) -> dict[str, Any]:
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port,
        "smtp_timeout_seconds": 5,
        "mail_from": MAIL_FROM,
        "public_url": PUBLIC_URL,
        **WORKER,
        **overrides,
    }


@pytest.fixture
def app(make_app, smtp_port: int) -> Flask:
    """The app of these tests: its worker sends to the test SMTP server."""
    return make_app(config=mail_config(smtp_port))


# --- the outbox and the worker -----------------------------------------------------


def outbox(app: Flask, **where: Any) -> list[dict[str, Any]]:
    """The outbox rows (as dicts), oldest first, optionally filtered by column."""
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        for name, value in where.items():
            query = query.where(getattr(OutboxMessage, name) == value)
        return [
            {c.key: getattr(m, c.key) for c in OutboxMessage.__table__.columns}
            for m in db.session.scalars(query)
        ]


def work(app: Flask, seed: int = 7, **kwargs: Any) -> PassResult:
    """One worker pass (``run_once``) with a seeded RNG."""
    with app.app_context():
        return Worker(rng=random.Random(seed), **kwargs).run_once()


# --- referrals through the API ------------------------------------------------------


@dataclass
class Desk:
    """Centre staff and an officer of the receiving institution."""

    factory: Factory
    staff: dict[str, str]
    officer: dict[str, str]
    staff_email: str

    def send(self, **overrides: Any) -> dict[str, Any]:
        return self.factory.referral(self.staff, service=JOB_SEEKER, **overrides)

    def service(self) -> dict[str, Any]:
        return self.factory.service(JOB_SEEKER, self.officer)

    def move(self, referral: dict[str, Any], to: str, **body: Any) -> dict[str, Any]:
        """Make a move by the side the lifecycle gives it to; the referral after it."""
        headers = self.staff if to in ("requested", "cancelled") else self.officer
        if to in ("rejected", "on-hold", "failed") and "reason_code" not in body:
            body["reason_code"] = next(
                r["code"] for r in self.service()["reason_codes"] if to in r["applies_to"]
            )
        if to == "completed" and "data" not in body:
            body["data"] = example_of(self.service()["outcome_schema"])
        response = self.factory.move(headers, referral, to, **body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()


@pytest.fixture
def desk(factory: Factory) -> Desk:
    staff_email = "staff.notifications@crim-timisoara.example"
    staff = factory.headers("centre_staff", "crim-timisoara", email=staff_email)
    return Desk(factory, staff, factory.officer(), staff_email)


# --- the web UI (the admin's Mail page, the demo mailbox) ------------------------------

from tests.web.conftest import web  # noqa: E402, F401  (signed-in sessions, as in tests/web)
