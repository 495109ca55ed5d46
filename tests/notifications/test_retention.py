"""Retention of the outbox: sent messages go ``outbox_keep_days`` after sending
(the worker, at most once an hour, and ``referral-hub outbox purge``); recent
sent messages and dead ones stay. Every time comes from the frozen clock."""

from __future__ import annotations

import random

import pytest

from core.cli import main
from core.notifications.worker import Worker
from core.settings import load_settings
from tests.notifications.conftest import outbox, work
from tests.notifications.test_commands import one_message

KEEP_DAYS = 30


@pytest.fixture
def app(make_app, smtp_port: int):
    from tests.notifications.conftest import mail_config

    return make_app(config=mail_config(smtp_port, outbox_keep_days=KEEP_DAYS))


def sent_now(app, recipient: str) -> str:
    """A message sent at the clock's current time; its message id."""
    row = one_message(app, recipient)
    result = work(app)
    assert result.sent == 1, result
    return row["message_id"]


def dead_now(app, smtp, recipient: str) -> str:
    row = one_message(app, recipient)
    smtp.refuse[recipient] = "550 5.1.1 No such mailbox"
    assert work(app).dead == 1
    return row["message_id"]


def message_ids(app) -> set[str]:
    return {r["message_id"] for r in outbox(app)}


def test_purge_deletes_sent_messages_older_than_the_setting_and_keeps_recent_and_dead(
    app, runner, smtp, clock
):
    old = sent_now(app, "old@ajofm-tm.example")
    dead = dead_now(app, smtp, "gone@ajofm-tm.example")
    alerts = message_ids(app) - {old, dead}  # the admins' alerts, if any admin exists
    clock.advance(days=KEEP_DAYS - 1)
    recent = sent_now(app, "recent@ajofm-tm.example")
    clock.advance(days=1, seconds=1)  # `old` is now just over 30 days old

    result = runner.invoke(main, ["outbox", "purge"])

    assert result.exit_code == 0, result.output
    assert "Deleted 1 sent message(s) older than 30 days." in result.output
    assert message_ids(app) == {recent, dead} | alerts


def test_a_message_sent_exactly_at_the_limit_stays(app, runner, smtp, clock):
    kept = sent_now(app, "edge@ajofm-tm.example")
    clock.advance(days=KEEP_DAYS)

    result = runner.invoke(main, ["outbox", "purge"])

    assert "Deleted 0 sent message(s)" in result.output
    assert message_ids(app) == {kept}


def test_purge_with_dead_also_deletes_old_dead_messages_only(app, runner, smtp, clock):
    old_dead = dead_now(app, smtp, "gone@ajofm-tm.example")
    clock.advance(days=KEEP_DAYS + 1)
    young_dead = dead_now(app, smtp, "gone.too@ajofm-tm.example")
    pending = one_message(app, "waiting@ajofm-tm.example")["message_id"]

    result = runner.invoke(main, ["outbox", "purge", "--dead"])

    assert result.exit_code == 0, result.output
    assert "Deleted 1 sent or dead message(s) older than 30 days." in result.output
    assert old_dead not in message_ids(app)
    assert {young_dead, pending} <= message_ids(app)


def test_purge_days_overrides_the_setting_and_must_be_positive(app, runner, smtp, clock):
    sent = sent_now(app, "a@ajofm-tm.example")
    clock.advance(days=3)

    assert runner.invoke(main, ["outbox", "purge", "--days", "0"]).exit_code == 2
    assert sent in message_ids(app)
    result = runner.invoke(main, ["outbox", "purge", "--days", "2"])

    assert "Deleted 1 sent message(s) older than 2 days." in result.output
    assert sent not in message_ids(app)


def test_the_worker_purges_old_sent_messages_at_most_once_an_hour(app, smtp, clock):
    first = sent_now(app, "first@ajofm-tm.example")
    clock.advance(minutes=20)
    second = sent_now(app, "second@ajofm-tm.example")
    with app.app_context():
        worker = Worker(rng=random.Random(1))

    clock.advance(days=KEEP_DAYS, minutes=-10)  # `first` is 30 days 10 min old, `second` not yet
    with app.app_context():
        assert worker.run_once().purged == 1
    assert message_ids(app) == {second}

    clock.advance(minutes=30)  # `second` is old now, but the last purge was 30 min ago
    with app.app_context():
        assert worker.run_once().purged == 0
    assert message_ids(app) == {second}

    clock.advance(minutes=30)  # an hour since the last purge
    with app.app_context():
        assert worker.run_once().purged == 1
    assert message_ids(app) == set()
    assert first not in message_ids(app)


def test_the_worker_keeps_dead_messages_however_old(app, smtp, clock):
    dead = dead_now(app, smtp, "gone@ajofm-tm.example")
    clock.advance(days=365)

    result = work(app)

    assert result.purged == 0
    assert [r["status"] for r in outbox(app, message_id=dead)] == ["dead"]


def test_worker_once_reports_what_it_purged(app, runner, smtp, clock):
    sent_now(app, "a@ajofm-tm.example")
    clock.advance(days=KEEP_DAYS + 1)

    result = runner.invoke(main, ["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "Claimed 0: 0 sent, 0 to retry, 0 dead. Deleted 1 old sent message(s)." in (
        result.output
    )
    assert outbox(app) == []


def test_outbox_keep_days_comes_from_the_environment_and_must_be_positive(monkeypatch):
    monkeypatch.setenv("REFERRAL_HUB_OUTBOX_KEEP_DAYS", "90")
    assert load_settings().outbox_keep_days == 90

    monkeypatch.setenv("REFERRAL_HUB_OUTBOX_KEEP_DAYS", "0")
    with pytest.raises(RuntimeError, match="outbox_keep_days must be at least 1; got 0"):
        load_settings()
