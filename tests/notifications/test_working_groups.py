"""Two working groups on one installation: every kind of message the hub sends
reaches the people of the referral's own group(s), and nobody else.

Region 5 (the demo network) and a second group, "Vest" (Arad), each with a
centre, a labour agency, a prefecture (its coordinator) and their people. The
Timiș labour agency is a member of both groups: a referral that Region 5's
centre sends it is still Region 5's only (the groups that the sending and the
receiving institution share), so Vest's coordinator hears nothing of it.
E-mail goes through the worker to a real SMTP server; in-app notifications
are read from the database; webhooks go to a real HTTP server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from core.auth.models import User
from core.cli import main
from core.db import db
from core.institutions.models import Institution, WorkingGroup
from core.notifications.models import Notification, OutboxMessage
from core.notifications.reminders import Reminders
from core.notifications.scheduler import run_scheduler
from core.referrals.models import Referral
from tests.factories import Factory
from tests.notifications.conftest import Desk, SmtpSink, free_port, work
from tests.notifications.test_outbox import office_emails
from tests.notifications.test_reminders import go_to
from tests.notifications.test_webhooks import InstitutionSystem, review

VEST = """
[working_group]
slug = "vest"
name = "Grupul de lucru Vest"

[[institutions]]
slug = "prefectura-arad"
name = "Instituția Prefectului Arad"
kind = "prefecture"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "Prefectura Arad"
county = "RO-AR"

[[institutions]]
slug = "cri-arad"
name = "Centrul de Integrare Arad"
kind = "integration_centre"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "CRI Arad"
county = "RO-AR"

[[institutions]]
slug = "ajofm-arad"
name = "Agenția Județeană pentru Ocuparea Forței de Muncă Arad"
kind = "labour_agency"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "AJOFM Arad"
county = "RO-AR"
languages = ["ro"]

[[institutions.offices.contacts]]
kind = "email"
value = "referrals@ajofm-arad.example"
receives_referrals = true
"""


@dataclass
class Group:
    """One working group's people: centre staff, an officer, a coordinator."""

    desk: Desk
    officer_email: str
    coordinator_email: str
    county: str
    locality: str

    @property
    def staff_email(self) -> str:
        return self.desk.staff_email

    def send(self) -> dict:
        factory = self.desk.factory
        beneficiary = factory.beneficiary(
            self.desk.staff, county=self.county, locality=self.locality
        )
        return self.desk.send(beneficiary=beneficiary)


def _group(factory: Factory, name: str, centre: str, agency: str, prefecture: str, place) -> Group:
    staff_email = f"staff@{name}.example"
    officer_email = f"officer@{name}.example"
    coordinator_email = f"coordinator@{name}.example"
    staff = factory.headers("centre_staff", centre, email=staff_email)
    officer = factory.headers("agency_officer", agency, email=officer_email)
    factory.headers("coordinator", prefecture, email=coordinator_email)
    return Group(
        Desk(factory, staff, officer, staff_email), officer_email, coordinator_email, *place
    )


@pytest.fixture
def groups(app, factory: Factory, tmp_path) -> tuple[Group, Group]:
    """Region 5 and Vest; the Timiș labour agency is in both."""
    factory.network()
    path = tmp_path / "vest.toml"
    path.write_text(VEST, encoding="utf-8")
    result = app.test_cli_runner().invoke(main, args=["network", "load", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        agency = db.session.scalar(select(Institution).where(Institution.slug == "ajofm-timis"))
        agency.working_groups.append(
            db.session.scalar(select(WorkingGroup).where(WorkingGroup.slug == "vest"))
        )
        db.session.commit()
    region5 = _group(
        factory,
        "region5",
        "crim-timisoara",
        "ajofm-timis",
        "prefectura-timis",
        ("RO-TM", "Timișoara"),
    )
    vest = _group(factory, "vest", "cri-arad", "ajofm-arad", "prefectura-arad", ("RO-AR", "Arad"))
    factory.headers("admin", email="admin@hub.example")
    return region5, vest


@pytest.fixture
def mail(smtp: SmtpSink) -> SmtpSink:
    return smtp


def heard(app, smtp: SmtpSink, referral: dict, kind: str) -> tuple[set[str], set[str]]:
    """Who heard of ``referral`` by ``kind``: the addresses of the mails of that
    kind naming its reference (the worker first delivers what is due), and the
    users with an in-app notification of that kind about it."""
    work(app)
    with app.app_context():
        mails = {
            r.rcpt_tos[0]
            for r in smtp.received
            if referral["reference"] in r.bodies()[0] and template_of(r) == kind
        }
        users = set(
            db.session.scalars(
                select(User.email)
                .join(Notification, Notification.user_id == User.id)
                .where(Notification.referral_id == referral["id"], Notification.kind == kind)
            )
        )
    return mails, users


def template_of(received) -> str:
    """The template of a received mail, from the outbox row of its Message-ID."""
    message_id = received.message_id.strip("<>").partition("@")[0]
    query = select(OutboxMessage.payload).where(OutboxMessage.message_id == message_id)
    return db.session.scalar(query)["template"]


def send_both(groups: tuple[Group, Group]) -> tuple[dict, dict]:
    region5, vest = groups
    return region5.send(), vest.send()


def inbox(app, group: Group, referral: dict) -> set[str]:
    """The office addresses that the routing chose for ``referral``."""
    addresses = set(office_emails(app, referral))
    assert addresses, "the receiving office has an inbox"
    return addresses


# --- the receiving office -------------------------------------------------------------------


def test_a_new_referral_reaches_only_the_receiving_office_of_its_group(app, groups, mail):
    referrals = send_both(groups)

    for group, referral in zip(groups, referrals, strict=True):
        assert heard(app, mail, referral, "referral_sent") == (
            inbox(app, group, referral),
            {group.officer_email},
        )
    assert inbox(app, groups[1], referrals[1]) == {"referrals@ajofm-arad.example"}


def test_a_cancellation_reaches_only_the_receiving_office_and_its_assigned_officer(
    app, groups, mail
):
    for group in groups:
        referral = group.desk.move(group.desk.move(group.send(), "received"), "accepted")
        group.desk.move(referral, "cancelled")

        assert heard(app, mail, referral, "referral_cancelled") == (
            inbox(app, group, referral) | {group.officer_email},
            {group.officer_email},
        )


def test_an_overdue_referral_reminds_only_its_office_then_escalates_only_to_its_coordinators(
    app, groups, mail, clock
):
    referrals = send_both(groups)
    respond_by = date.fromisoformat(referrals[0]["due"]["respond_by"])

    go_to(clock, respond_by + timedelta(days=1))
    with app.app_context():
        assert run_scheduler().overdue == 2
    for group, referral in zip(groups, referrals, strict=True):
        assert heard(app, mail, referral, "referral_overdue") == (
            inbox(app, group, referral),
            {group.officer_email},
        )

    go_to(clock, respond_by + timedelta(days=4))  # sla_escalation_days is 3
    with app.app_context():
        assert run_scheduler().escalated == 2
    for group, referral in zip(groups, referrals, strict=True):
        # Region 5's coordinator only, although the Timiș agency is in Vest too.
        assert heard(app, mail, referral, "referral_escalated") == (
            {group.coordinator_email},
            {group.coordinator_email},
        )


@pytest.mark.parametrize("moves_to", [[], ["vest"]], ids=["no-group", "vest"])
def test_an_escalation_follows_the_groups_the_institutions_share_when_it_is_due(
    app, groups, mail, clock, moves_to
):
    region5, vest = groups
    referral = region5.send()
    with app.app_context():  # the centre leaves Region 5 after sending
        centre = db.session.scalar(select(Institution).where(Institution.slug == "crim-timisoara"))
        query = select(WorkingGroup).where(WorkingGroup.slug.in_(moves_to))
        centre.working_groups = list(db.session.scalars(query))
        db.session.commit()
    go_to(clock, date.fromisoformat(referral["due"]["respond_by"]) + timedelta(days=4))
    with app.app_context():
        assert run_scheduler().escalated == 1

    # Vest holds both institutions now: its coordinator; no shared group: nobody.
    expected = {vest.coordinator_email} if moves_to else set()
    assert heard(app, mail, referral, "referral_escalated") == (expected, expected)


# --- the sender ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        ("received", "accepted"),
        ("rejected",),
        ("received", "accepted", "on-hold"),
        ("received", "accepted", "in-progress", "completed"),
        ("received", "accepted", "in-progress", "failed"),
    ],
    ids=lambda path: path[-1],
)
def test_the_receivers_decisions_reach_only_the_sender(app, groups, mail, path):
    for group, referral in zip(groups, send_both(groups), strict=True):
        for to in path:
            referral = group.desk.move(referral, to)

        assert heard(app, mail, referral, "referral_status_changed") == (
            {group.staff_email},
            {group.staff_email},
        )


def test_plugin_reminders_reach_only_the_sender_and_the_receiving_office(app, groups, mail, clock):
    referrals = send_both(groups)
    with app.app_context():
        for referral in referrals:
            reminders = Reminders(db.session.get(Referral, referral["id"]), "labour_agency")
            title = {"en": "Call back", "ro": "Sunați", "cs": "Zavolejte", "uk": "Зателефонуйте"}
            reminders.schedule("call_sender", clock.current.date(), title=title, to="sender")
            reminders.schedule("call_office", clock.current.date(), title=title, to="receiver")
        db.session.commit()
        assert run_scheduler().reminders == 4

    for group, referral in zip(groups, referrals, strict=True):
        assert heard(app, mail, referral, "reminder") == (
            inbox(app, group, referral) | {group.staff_email},
            {group.officer_email, group.staff_email},
        )


def test_a_digest_lists_only_the_news_of_its_readers_group(app, groups, mail, clock):
    for group in groups:
        response = group.desk.factory.client.patch(
            "/api/v1/me", json={"notify_by": "digest"}, headers=group.desk.staff
        )
        assert response.status_code == 200
    clock.advance(minutes=1)
    referrals = [
        group.desk.move(group.desk.move(referral, "received"), "accepted")
        for group, referral in zip(groups, send_both(groups), strict=True)
    ]

    clock.advance(days=1)
    with app.app_context():
        assert run_scheduler().digests == 2
    for group, referral in zip(groups, referrals, strict=True):
        assert heard(app, mail, referral, "digest") == ({group.staff_email}, set())


# --- the receiving office's system ------------------------------------------------------------


@pytest.fixture
def systems():
    """Each group's labour agency's system (a real HTTP server each)."""
    running = []
    for _ in range(2):
        server = HTTPServer(host="127.0.0.1", port=free_port())
        system = InstitutionSystem(server)
        server.expect_request("/referral-hub/events", method="POST").respond_with_handler(
            system.handle
        )
        server.start()
        running.append(system)
    yield running
    for system in running:
        server = system.server
        if server.is_running():
            server.stop()


def test_webhooks_reach_only_the_receiving_offices_own_system(app, groups, mail, systems):
    for group, system in zip(groups, systems, strict=True):
        referral = group.desk.send(
            send=False,
            beneficiary=group.desk.factory.beneficiary(
                group.desk.staff, county=group.county, locality=group.locality
            ),
        )
        office_id = referral["to_office"]["id"]
        response = group.desk.factory.client.put(
            f"/api/v1/offices/{office_id}/webhook",
            json={"url": system.url},
            headers=group.desk.officer,
        )
        assert response.status_code in (200, 201), response.get_json()
        review(group.desk.factory, office_id, system.url, "approve")
        group.desk.move(group.desk.move(referral, "requested"), "received")
        system.expected = (referral["reference"], office_id)

    work(app)

    for system in systems:
        moves = [json.loads(d.body)["data"] for d in system.accepted()]
        assert [(m["reference"], m["office_id"]) for m in moves] == [system.expected] * 2
        assert [m["to_status"] for m in moves] == ["requested", "received"]


# --- the admins ---------------------------------------------------------------------------------


def test_an_admin_alert_reaches_the_admins_only(app, groups, mail):
    referrals = send_both(groups)
    for group, referral in zip(groups, referrals, strict=True):
        for address in inbox(app, group, referral):
            mail.refuse[address] = "550 5.1.1 Mailbox unavailable"

    work(app)  # the offices' mails die; the alert is written
    work(app)  # and delivered

    with app.app_context():
        alerts = [r for r in mail.received if template_of(r) == "message_dead"]
        assert {r.rcpt_tos[0] for r in alerts} == {"admin@hub.example"}
        assert (
            db.session.scalars(select(Notification).join(User).where(User.role == "admin")).all()
            == []
        )
    for alert in alerts:
        for referral in referrals:
            assert referral["reference"] not in alert.bodies()[0]
