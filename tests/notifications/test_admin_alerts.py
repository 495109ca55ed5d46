"""Admin alerts about dead messages, grouped by cause: a mail server that
refuses every recipient makes one alert (with the count), not one per
message; at most one alert per cause and ``admin_alert_interval_minutes`` on
the hub's clock; an alert that dies itself raises none. A real SMTP server
(aiosmtpd) refuses the recipients; a real HTTP server plays a webhook."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from core.db import db
from core.notifications.models import AdminAlert
from core.notifications.outbox import enqueue
from tests.factories import Factory
from tests.notifications.conftest import JOB_SEEKER, Desk, SmtpSink, outbox, work
from tests.notifications.test_delivery import admin
from tests.notifications.test_webhooks import (  # noqa: F401  (the fixture)
    InstitutionSystem,
    draft,
    set_up_webhook,
    system,
)

ADMIN = "admin@hub.example"
REFUSED = "550 5.1.1 Recipient address rejected"


class RefusingSmtp(SmtpSink):
    """Refuses every RCPT but the addresses in ``accept``."""

    def __init__(self, port: int) -> None:
        super().__init__(port)
        self.accept: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address not in self.accept:
            return REFUSED
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing(smtp_port: int) -> Iterator[RefusingSmtp]:
    sink = RefusingSmtp(smtp_port)
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def admins(factory: Factory, refusing: RefusingSmtp) -> RefusingSmtp:
    """One admin, whose alerts the server accepts."""
    admin(factory, ADMIN)
    refusing.accept.add(ADMIN)
    return refusing


def letters(app, count: int, start: int = 0) -> list[str]:
    """``count`` office e-mails in the outbox, due now; their message ids."""
    with app.app_context():
        ids = [
            enqueue(
                f"office{i}@agency.example",
                "referral_sent",
                "en",
                reference=f"R-2026-{i:05}",
                service=JOB_SEEKER,
                status="requested",
                link=f"/referrals/{i}",
            ).message_id
            for i in range(start, start + count)
        ]
        db.session.commit()
    return ids


def alerts(app) -> list[dict]:
    return [r for r in outbox(app) if r["payload"]["template"] == "message_dead"]


def alert_mails(smtp: SmtpSink) -> list:
    return [r for r in smtp.received if r.rcpt_tos == [ADMIN]]


def test_a_server_refusing_every_recipient_makes_one_alert_with_the_count(app, admins):
    ids = letters(app, 36)

    result = work(app)

    assert (result.dead, result.alerts) == (36, 1)
    (alert,) = alerts(app)
    payload = alert["payload"]
    assert alert["recipient"] == ADMIN
    assert (payload["dead_count"], payload["dead_channel"], payload["dead_failure"]) == (
        36,
        "email",
        "recipient-refused",
    )
    assert payload["dead_message_id"] == ids[-1]  # the latest, for the replay command
    assert payload["since"] is None  # the first alert of this cause

    assert work(app).sent == 1
    (mail,) = alert_mails(admins)
    text, html = mail.bodies()
    assert mail.message["Subject"] == "36 notifications could not be delivered"
    assert "gave up delivering 36 notifications" in text
    assert "the mail server refused the recipient's address" in text
    assert f"referral-hub outbox replay {ids[-1]}" in text
    assert "https://hub.example/admin/mail" in text and "https://hub.example/admin/mail" in html
    assert "R-2026-" not in text  # no referral is named


def test_after_the_interval_the_next_deaths_make_one_new_alert_with_the_new_count(
    app, admins, clock
):
    letters(app, 20)
    work(app)
    first_alert_at = clock.current

    clock.advance(minutes=59)
    letters(app, 5, start=100)
    result = work(app)
    assert (result.dead, result.alerts) == (5, 0)  # within the hour: counted, not alerted
    assert len(alerts(app)) == 1

    clock.advance(minutes=1)  # an hour after the first alert
    ids = letters(app, 3, start=200)
    result = work(app)

    assert (result.dead, result.alerts) == (3, 1)
    first, second = alerts(app)
    assert first["payload"]["dead_count"] == 20
    assert second["payload"]["dead_count"] == 8  # the 5 held back and the 3 new
    assert second["payload"]["dead_message_id"] == ids[-1]
    assert second["payload"]["since"] == first_alert_at.isoformat()
    work(app)
    latest = alert_mails(admins)[-1]
    assert latest.message["Subject"] == "8 notifications could not be delivered"
    assert "Previous alert" in latest.bodies()[0]

    # Nothing dead since: no alert, however long the wait.
    clock.advance(hours=5)
    assert work(app).alerts == 0
    assert len(alerts(app)) == 2


def test_an_alert_of_one_message_names_it_as_before(app, admins):
    (message_id,) = letters(app, 1)
    work(app)
    work(app)

    (mail,) = alert_mails(admins)
    text, _ = mail.bodies()
    assert mail.message["Subject"] == "A notification could not be delivered"
    assert f"gave up delivering the notification {message_id}" in text
    assert f"referral-hub outbox replay {message_id}" in text


def test_two_causes_make_two_alerts(app, admins, desk: Desk, system: InstitutionSystem):  # noqa: F811
    referrals = [draft(desk) for _ in range(3)]
    set_up_webhook(desk, referrals[0]["to_office"]["id"], system.url)
    system.replies = [(410, {})] * 6  # the institution's system refuses every event
    for referral in referrals:
        desk.move(desk.move(referral, "requested"), "received")
    mails = [r for r in outbox(app) if r["channel"] == "email" and r["recipient"] != ADMIN]
    assert mails, "the office's inbox is written to"

    result = work(app)

    assert result.alerts == 2
    counts = {(a["payload"]["dead_channel"], a["payload"]["dead_failure"]): a for a in alerts(app)}
    assert set(counts) == {("email", "recipient-refused"), ("webhook", "http-4xx")}
    assert counts["email", "recipient-refused"]["payload"]["dead_count"] == len(mails)
    assert counts["webhook", "http-4xx"]["payload"]["dead_count"] == 6
    work(app)
    texts = [m.bodies()[0] for m in alert_mails(admins)]
    (webhook_text,) = [t for t in texts if "webhook" in t]
    assert "answered HTTP 4xx" in webhook_text
    assert "Ocuparea Forței de Muncă Timiș" in webhook_text  # which office's system


def test_an_alert_that_cannot_be_delivered_raises_no_alert(app, factory, refusing, clock):
    admin(factory, ADMIN)  # the server refuses the admin too
    letters(app, 12)

    assert work(app).alerts == 1
    result = work(app)  # the alert dies
    assert (result.dead, result.alerts) == (1, 0)
    clock.advance(hours=2)
    assert work(app).alerts == 0

    (alert,) = alerts(app)
    assert alert["status"] == "dead"
    with app.app_context():
        rows = db.session.scalars(select(AdminAlert)).all()
        assert [(r.cause, r.unreported) for r in rows] == [("email:recipient-refused", 0)]


def test_without_an_active_admin_the_count_waits_for_one(app, factory, refusing):
    letters(app, 4)
    assert work(app).alerts == 0
    assert alerts(app) == []

    admin(factory, ADMIN)
    refusing.accept.add(ADMIN)
    assert work(app).alerts == 1
    (alert,) = alerts(app)
    assert alert["payload"]["dead_count"] == 4


def test_the_alert_is_in_the_admins_language_plural_and_all(app, factory, refusing):
    admin(factory, ADMIN, language="ro")
    refusing.accept.add(ADMIN)
    letters(app, 36)
    work(app)
    work(app)

    (mail,) = alert_mails(refusing)
    assert mail.message["Subject"] == "36 de notificări nu au putut fi livrate"
    text, _ = mail.bodies()
    assert "serverul de e-mail a refuzat adresa destinatarului" in text
    assert "Deschideți pagina E-mail în Referral Hub: https://hub.example/admin/mail" in text
