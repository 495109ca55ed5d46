"""SLA reminders and escalations, plugin reminders, and the scheduler that
writes them: through the API, the scheduler, the worker and a real SMTP server,
on the frozen clock."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from core.cli import main
from core.db import db
from core.notifications.models import Notification, Reminder
from core.notifications.reminders import Reminders
from core.notifications.scheduler import LOCK_KEY, run_scheduler, run_until_done
from core.notifications.worker import Worker
from core.referrals.models import Referral
from tests.factories import BENEFICIARY, PASSWORD
from tests.notifications.conftest import outbox, work
from tests.notifications.test_outbox import assert_no_personal_data, office_emails, set_language

CONTRIBUTIONS = "health_insurance.project_paid_contributions"


def go_to(clock, day: date, hour: int = 9) -> None:
    """Move the frozen clock to ``hour`` o'clock UTC on ``day``."""
    clock.current = datetime.combine(day, time(hour), tzinfo=clock.current.tzinfo)


def schedule(app):
    with app.app_context():
        return run_scheduler()


def notifications(app, kind: str) -> list[Notification]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Notification).where(Notification.kind == kind).order_by(Notification.id)
            )
        )


def test_an_unanswered_referral_reminds_the_office_the_day_after_then_escalates_once(
    app, desk, factory, clock, smtp
):
    coordinator = factory.headers("coordinator", "prefectura-timis", email="coord@hub.example")
    referral = desk.send()
    respond_by = date.fromisoformat(referral["due"]["respond_by"])
    work(app)
    smtp.received.clear()
    sent_before = len(outbox(app))

    go_to(clock, respond_by, hour=21)  # the last day to answer: not overdue yet
    assert schedule(app).overdue == 0

    go_to(clock, date.fromordinal(respond_by.toordinal() + 1))
    result = schedule(app)
    assert (result.overdue, result.escalated) == (1, 0)
    rows = outbox(app)[sent_before:]
    assert [r["recipient"] for r in rows] == office_emails(app, referral)
    assert {r["payload"]["template"] for r in rows} == {"referral_overdue"}
    assert rows[0]["payload"]["due_on"] == date.fromordinal(respond_by.toordinal() + 1).isoformat()
    assert_no_personal_data(rows)
    # The officers see it in the hub too.
    assert len(notifications(app, "referral_overdue")) == 1

    # Once: the next runs of the day, and of the next days, remind nobody again.
    assert schedule(app).overdue == 0
    go_to(clock, date.fromordinal(respond_by.toordinal() + 3))  # sla_escalation_days is 3
    assert schedule(app).overdue == 0
    assert schedule(app).escalated == 0

    go_to(clock, date.fromordinal(respond_by.toordinal() + 4))
    assert schedule(app).escalated == 1
    assert schedule(app).escalated == 0
    (escalation,) = outbox(app, recipient="coord@hub.example")
    assert escalation["payload"]["template"] == "referral_escalated"
    ajofm = factory.institution_id("ajofm-timis")
    assert escalation["payload"]["link"] == f"/cooperation/overdue?institution={ajofm}"

    assert work(app).sent == len(outbox(app)) - sent_before
    mails = {r.rcpt_tos[0]: r for r in smtp.received}
    text, html = mails["coord@hub.example"].bodies()
    assert referral["reference"] in text
    assert f"https://hub.example/cooperation/overdue?institution={ajofm}" in text
    assert "Ocuparea Forței de Muncă Timiș" in mails["coord@hub.example"].message["Subject"]
    for mail in mails.values():
        for body in mail.bodies():
            assert BENEFICIARY["family_name"] not in body
            assert BENEFICIARY["date_of_birth"] not in body
    # The coordinator's notification leads to the overdue list, not to the referral.
    page = factory.client.get("/api/v1/notifications", headers=coordinator).get_json()
    assert [n["kind"] for n in page["items"]] == ["referral_escalated"]


def test_an_answered_or_cancelled_referral_is_not_reminded(app, desk, clock):
    answered = desk.move(desk.move(desk.send(), "received"), "accepted")
    cancelled = desk.move(desk.send(), "cancelled")
    acknowledged = desk.move(desk.send(), "received")  # received is not an answer
    go_to(clock, date.fromisoformat(answered["due"]["respond_by"]).replace(year=2027))

    result = schedule(app)

    assert (result.overdue, result.escalated) == (1, 1)
    with app.app_context():
        reminded = db.session.scalars(select(Reminder.referral_id)).all()
    assert set(reminded) == {acknowledged["id"]}
    assert cancelled["status"] == "cancelled"


def test_the_worker_runs_the_scheduler_once_per_interval(app, desk, clock):
    referral = desk.send()

    def remind(code: str) -> None:
        with app.app_context():
            row = db.session.get(Referral, referral["id"])
            Reminders(row, "labour_agency").schedule(code, clock.current.date(), title={"en": "X"})
            db.session.commit()

    def status(code: str) -> str:
        with app.app_context():
            return db.session.scalar(
                select(Reminder.status).where(Reminder.code == f"labour_agency.{code}")
            )

    with app.app_context():
        worker = Worker()
    remind("first")
    with app.app_context():
        worker.schedule_if_due()
    assert status("first") == "sent"

    remind("second")
    clock.advance(seconds=59)  # scheduler_interval_seconds is 60
    with app.app_context():
        worker.schedule_if_due()
    assert status("second") == "scheduled"
    clock.advance(seconds=1)
    with app.app_context():
        worker.schedule_if_due()
    assert status("second") == "sent"


def test_a_plugin_reminder_reaches_the_sender_on_its_day_in_their_language(
    app, factory, clock, smtp
):
    staff = factory.headers("centre_staff", "crim-timisoara", email="ana@crim.example")
    set_language(app, "ana@crim.example", "ro")
    officer = factory.officer("cjas-timis")
    referral = factory.referral(staff, service=CONTRIBUTIONS)
    for to in ("received", "accepted", "in-progress"):
        referral = factory.move(officer, referral, to).get_json()
    outcome = {"paid_from": "2026-12-01", "paid_until": "2027-05-31", "amount_ron": 2430.0}
    response = factory.move(officer, referral, "completed", data=outcome)
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        (reminder,) = db.session.scalars(select(Reminder)).all()
        assert (reminder.code, reminder.due_on, reminder.audience, reminder.status) == (
            "health_insurance.coverage_ends",
            date(2027, 5, 17),
            "sender",
            "scheduled",
        )
    work(app)
    smtp.received.clear()

    go_to(clock, date(2027, 5, 16))
    assert schedule(app).reminders == 0
    go_to(clock, date(2027, 5, 17))
    assert schedule(app).reminders == 1
    assert schedule(app).reminders == 0
    work(app)

    (mail,) = smtp.received
    assert mail.rcpt_tos == ["ana@crim.example"]
    assert "Asigurarea de sănătate plătită de proiect se încheie" in mail.message["Subject"]
    assert mail.message["Content-Language"] == "ro"
    token = factory.post(  # months later: the first token has expired
        "/api/v1/auth/tokens", {}, {"email": "ana@crim.example", "password": PASSWORD}
    )["token"]
    fresh = {"Authorization": f"Bearer {token}"}
    page = factory.client.get("/api/v1/notifications", headers=fresh).get_json()
    reminder_item = next(n for n in page["items"] if n["kind"] == "reminder")
    assert reminder_item["reminder"]["code"] == "health_insurance.coverage_ends"
    assert reminder_item["reminder"]["due_on"] == "2027-05-17"


def test_a_referral_that_ends_without_its_service_drops_its_reminders(app, factory, clock):
    """A plugin reminder scheduled earlier is cancelled when the referral fails."""
    staff = factory.staff()
    officer = factory.officer("igi-timis")
    referral = factory.referral(staff, service="immigration.residence_permit")
    referral = factory.move(officer, referral, "received").get_json()
    with app.app_context():
        Reminders(db.session.get(Referral, referral["id"]), "immigration").schedule(
            "follow_up", date(2027, 1, 1), title={"en": "Follow up"}
        )
        db.session.commit()
    response = factory.move(officer, referral, "rejected", reason_code=_reason(factory, officer))
    assert response.status_code == 200, response.get_json()
    go_to(clock, date(2027, 1, 2))
    assert schedule(app).reminders == 0
    with app.app_context():
        assert db.session.scalar(select(Reminder.status)) == "cancelled"


def _reason(factory, officer) -> str:
    service = factory.service("immigration.residence_permit", officer)
    return next(r["code"] for r in service["reason_codes"] if "rejected" in r["applies_to"])


def test_cancelling_a_sent_referral_tells_the_office_and_the_assigned_officer(app, desk):
    referral = desk.move(desk.move(desk.send(), "received"), "accepted")
    before = len(outbox(app))

    desk.move(referral, "cancelled")

    rows = outbox(app)[before:]
    assert {r["payload"]["template"] for r in rows} == {"referral_cancelled"}
    recipients = [r["recipient"] for r in rows]
    assert recipients[: len(office_emails(app, referral))] == office_emails(app, referral)
    assert len(recipients) == len(office_emails(app, referral)) + 1  # + the assigned officer
    assert len(notifications(app, "referral_cancelled")) == 1


def test_cancelling_a_draft_tells_nobody(app, desk):
    draft = desk.send(send=False)
    desk.move(draft, "cancelled")
    assert outbox(app) == []


def test_reminders_run_from_the_command_line(app, desk, clock):
    referral = desk.send()
    go_to(clock, date.fromisoformat(referral["due"]["respond_by"]).replace(year=2027))
    result = app.test_cli_runner().invoke(main, ["reminders", "run"])
    assert result.exit_code == 0, result.output
    assert "1 overdue reminder(s), 1 escalation(s)" in result.output


def test_the_digest_hour_is_in_the_hubs_time_zone(app):
    from core.notifications.digest import last_digest_time

    zone = ZoneInfo("Europe/Bucharest")
    with app.app_context():
        # 05:00 UTC is 07:00 in Bucharest in winter.
        at = last_digest_time(datetime(2026, 11, 3, 5, 30, tzinfo=ZoneInfo("UTC")))
        assert at.astimezone(zone).replace(tzinfo=None) == datetime(2026, 11, 3, 7)
        before = last_digest_time(datetime(2026, 11, 3, 4, 59, tzinfo=ZoneInfo("UTC")))
        assert before.astimezone(zone).replace(tzinfo=None) == datetime(2026, 11, 2, 7)


def test_a_backlog_larger_than_a_batch_is_done_in_short_runs(app, desk, clock):
    sent = [desk.send() for _ in range(3)]
    go_to(clock, date.fromisoformat(sent[0]["due"]["respond_by"]).replace(year=2027))
    with app.app_context():
        result = run_until_done(batch=2)
    assert (result.overdue, result.escalated) == (3, 3)
    assert schedule(app).overdue == 0


@pytest.mark.skipif(
    "postgresql" not in os.environ.get("REFERRAL_HUB_TEST_DATABASE_URL", ""),
    reason="the advisory lock is PostgreSQL's; SQLite runs one worker",
)
def test_one_worker_at_a_time_runs_the_scheduler_on_postgresql(app, desk, clock):
    referral = desk.send()
    go_to(clock, date.fromisoformat(referral["due"]["respond_by"]).replace(year=2027))
    with app.app_context():
        with db.engine.connect() as other_worker:
            other_worker.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            assert run_scheduler().skipped
            other_worker.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
        result = run_scheduler()
    assert not result.skipped and result.overdue == 1
