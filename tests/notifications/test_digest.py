"""A user's choice between e-mail at once and a daily digest, through the API
and the web, and the digest the scheduler writes at ``digest_hour``."""

from __future__ import annotations

from datetime import UTC, datetime

from core.cli import main
from core.notifications.scheduler import run_scheduler
from tests.factories import problem
from tests.notifications.conftest import outbox, work

# 07:00 in Bucharest (the default digest_hour and timezone) in November.
DIGEST_TIME_UTC = datetime(2026, 11, 3, 5, 0, tzinfo=UTC)


def choose(client, headers, body) -> object:
    return client.patch("/api/v1/me", json=body, headers=headers)


def schedule(app):
    with app.app_context():
        return run_scheduler()


def test_a_digest_reader_gets_no_mail_at_once_and_one_digest_a_day(app, desk, clock, smtp):
    response = choose(desk.factory.client, desk.staff, {"notify_by": "digest"})
    assert response.status_code == 200
    assert response.get_json()["notify_by"] == "digest"
    clock.advance(minutes=1)
    first = desk.send()
    second = desk.send()
    desk.move(desk.move(first, "received"), "accepted")
    desk.move(second, "rejected")

    assert outbox(app, recipient=desk.staff_email) == []  # nothing at once

    clock.current = DIGEST_TIME_UTC.replace(hour=4, minute=59)
    assert schedule(app).digests == 0  # the day's digest is not due before 07:00
    clock.current = DIGEST_TIME_UTC
    assert schedule(app).digests == 1
    assert schedule(app).digests == 0  # once a day

    (digest,) = outbox(app, recipient=desk.staff_email)
    payload = digest["payload"]
    assert payload["template"] == "digest" and payload["total"] == 2
    assert [(i["reference"], i["status"]) for i in payload["items"]] == [
        (first["reference"], "accepted"),
        (second["reference"], "rejected"),
    ]
    work(app)
    (mail,) = [m for m in smtp.received if m.rcpt_tos == [desk.staff_email]]
    # In the user's language (Romanian, the default), plural and all.
    assert mail.message["Subject"] == "Referral Hub: 2 elemente noi pentru dvs."
    text, _ = mail.bodies()
    assert first["reference"] in text and "https://hub.example/notifications" in text


def test_a_digest_lists_only_what_is_still_unread(app, desk, clock):
    choose(desk.factory.client, desk.staff, {"notify_by": "digest"})
    clock.advance(minutes=1)
    desk.move(desk.send(), "rejected")
    desk.factory.client.post("/api/v1/notifications/read-all", headers=desk.staff)

    clock.current = DIGEST_TIME_UTC
    assert schedule(app).digests == 0
    assert outbox(app, recipient=desk.staff_email) == []


def test_the_next_digest_covers_only_the_news_since_the_last(app, desk, clock):
    choose(desk.factory.client, desk.staff, {"notify_by": "digest"})
    clock.advance(minutes=1)
    desk.move(desk.send(), "rejected")
    clock.current = DIGEST_TIME_UTC
    assert schedule(app).digests == 1
    clock.advance(hours=3)
    late = desk.move(desk.send(), "rejected")

    clock.advance(days=1)
    assert schedule(app).digests == 1
    latest = outbox(app, recipient=desk.staff_email)[-1]["payload"]
    assert [i["reference"] for i in latest["items"]] == [late["reference"]]


def test_immediate_is_the_default_and_can_be_chosen_again(app, desk):
    me = desk.factory.client.get("/api/v1/me", headers=desk.staff).get_json()
    assert me["notify_by"] == "immediate"
    choose(desk.factory.client, desk.staff, {"notify_by": "digest"})
    choose(desk.factory.client, desk.staff, {"notify_by": "immediate"})
    desk.move(desk.send(), "rejected")
    (mail,) = outbox(app, recipient=desk.staff_email)
    assert mail["payload"]["template"] == "referral_status_changed"


def test_bad_preferences_are_refused_with_a_message(app, desk, factory):
    client = factory.client
    bad = choose(client, desk.staff, {"notify_by": "weekly"})
    assert "digest" in problem(bad, 422)["detail"]
    assert "notify_by" in problem(bad, 422)["errors"]
    unknown = choose(client, desk.staff, {"notify_by": "digest", "colour": "red"})
    assert "colour" in problem(unknown, 422)["errors"]
    assert problem(choose(client, desk.staff, {}), 422)["errors"]["notify_by"]
    assert client.get("/api/v1/me", headers=desk.staff).get_json()["notify_by"] == "immediate"


def test_an_institution_token_has_no_preferences(app, factory):
    factory.network()
    made = app.test_cli_runner().invoke(main, ["tokens", "create", "--institution", "ajofm-timis"])
    token = {"Authorization": f"Bearer {made.output.strip()}"}
    response = choose(factory.client, token, {"notify_by": "digest"})
    assert "personal token" in problem(response, 403)["detail"]
