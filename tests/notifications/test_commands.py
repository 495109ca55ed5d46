"""The commands: ``referral-hub worker`` (once, and stopping on a signal),
``referral-hub outbox replay``; the outbox migration and the mail settings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect

from core.app import create_app
from core.cli import main
from core.db import db
from core.notifications.outbox import enqueue
from core.schema import downgrade, upgrade
from core.settings import load_settings
from tests.notifications.conftest import free_port, outbox, work

REFERRAL_HUB = Path(sys.executable).parent / "referral-hub"


def one_message(app, recipient: str = "office@ajofm-tm.example") -> dict:
    with app.app_context():
        enqueue(
            recipient,
            "referral_sent",
            "en",
            reference="R-TEST0001",
            service="labour_agency.job_seeker_registration",
            status="requested",
            link="/referrals/x",
        )
        db.session.commit()
    return outbox(app)[-1]


# --- worker --once -------------------------------------------------------------------


def test_worker_once_with_nothing_due_says_so_and_exits_0(app, runner):
    result = runner.invoke(main, ["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "Claimed 0: 0 sent, 0 to retry, 0 dead." in result.output


def test_worker_once_takes_at_most_one_batch(app, runner, smtp):
    for n in range(3):
        one_message(app, f"office{n}@ajofm-tm.example")

    result = runner.invoke(main, ["worker", "--once", "--batch", "2"])

    assert "Claimed 2: 2 sent" in result.output, result.output
    assert [r["status"] for r in outbox(app)] == ["sent", "sent", "pending"]
    assert len(smtp.received) == 2


def test_worker_batch_must_be_positive(runner):
    result = runner.invoke(main, ["worker", "--once", "--batch", "0"])

    assert result.exit_code == 2
    assert "--batch" in result.output


# --- outbox replay ----------------------------------------------------------------------


def test_replay_by_row_id_puts_a_dead_message_back_in_line(app, runner, smtp):
    row = one_message(app)
    smtp.refuse[row["recipient"]] = "550 5.1.1 No such mailbox"
    work(app)

    result = runner.invoke(main, ["outbox", "replay", row["id"]])

    assert result.exit_code == 0, result.output
    assert row["message_id"] in result.output
    again = outbox(app, id=row["id"])[0]
    assert (again["status"], again["attempts"], again["message_id"]) == (
        "pending",
        0,
        row["message_id"],
    )


def test_replay_of_an_unknown_id_exits_1_naming_it(app, runner):
    result = runner.invoke(main, ["outbox", "replay", "msg_nope"])

    assert result.exit_code == 1
    assert "No outbox message 'msg_nope'." in result.output


@pytest.mark.parametrize("status", ["pending", "sent"])
def test_replay_of_a_message_that_is_not_dead_exits_1_and_changes_nothing(
    app, runner, smtp, status
):
    row = one_message(app)
    if status == "sent":
        work(app)
    before = outbox(app)

    result = runner.invoke(main, ["outbox", "replay", row["message_id"]])

    assert result.exit_code == 1
    assert f"Message {row['message_id']} is {status}, not dead" in result.output
    assert outbox(app) == before


# --- the long-running worker and signals ---------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_worker_stops_promptly_with_exit_code_0_on_a_signal(migrated, tmp_path, signum):
    env = {
        **os.environ,
        "REFERRAL_HUB_DATABASE_URL": migrated,
        "REFERRAL_HUB_INSTANCE_PATH": str(tmp_path / "instance"),
        "REFERRAL_HUB_SECRET_KEY": "test-secret",
        "REFERRAL_HUB_SMTP_HOST": "127.0.0.1",
        "REFERRAL_HUB_SMTP_PORT": str(free_port()),  # nothing listens: no mail is sent
        "REFERRAL_HUB_WORKER_POLL_SECONDS": "60",  # the signal must cut the idle wait short
        "PYTHONUNBUFFERED": "1",
    }
    worker = subprocess.Popen(
        [str(REFERRAL_HUB), "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = worker.stdout.readline()
        assert "Worker started" in started, started + worker.stderr.read()
        time.sleep(0.3)  # into the idle wait

        sent_at = time.monotonic()
        worker.send_signal(signum)
        out, err = worker.communicate(timeout=10)
        took = time.monotonic() - sent_at
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert worker.returncode == 0, err
    assert "Worker stopped." in out
    assert took < 5


# --- schema and settings ---------------------------------------------------------------


def test_the_outbox_migration_goes_down_and_up_again_on_a_fresh_database(tmp_path):
    app = create_app({"database_url": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "secret_key": "x"})
    with app.app_context():
        upgrade()
        assert "outbox_messages" in inspect(db.engine).get_table_names()
        indexes = {
            i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("outbox_messages")
        }
        assert indexes["ix_outbox_messages_due"] == ["status", "next_attempt_at"]

        downgrade("0001")
        assert "outbox_messages" not in inspect(db.engine).get_table_names()
        upgrade()
        assert "outbox_messages" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_an_unknown_smtp_security_is_refused_at_start_up():
    with pytest.raises(RuntimeError, match="smtp_security must be one of none, starttls, tls"):
        load_settings({"smtp_security": "ssl"})


def test_mail_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("REFERRAL_HUB_SMTP_PORT", "587")
    monkeypatch.setenv("REFERRAL_HUB_SMTP_SECURITY", "starttls")
    monkeypatch.setenv("REFERRAL_HUB_WORKER_MAX_ATTEMPTS", "3")

    settings = load_settings()

    assert (settings.smtp_port, settings.smtp_security, settings.worker_max_attempts) == (
        587,
        "starttls",
        3,
    )
