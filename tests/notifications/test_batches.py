"""A worker pass delivers its batch as one: one SMTP connection to a real
server (aiosmtpd), a refused recipient failing only its message, a dropped
connection opened again once, a server going down leaving the rest to retry,
and the outcomes written in one transaction, so that a worker that dies
mid-batch sends that batch again with the same message ids (at least once)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event

from core.app import hub
from core.db import db
from core.notifications.outbox import enqueue
from core.notifications.smtp import EmailChannel, SmtpBatch
from core.notifications.worker import Worker
from tests.notifications.conftest import JOB_SEEKER, WORKER, outbox, work


def mails(app: Flask, count: int) -> list[str]:
    """``count`` office e-mails in the outbox, due now; their Message-ID headers."""
    with app.app_context():
        ids = [
            enqueue(
                f"office{i}@agency.example",
                "referral_sent",
                ("ro", "en", "uk", "cs")[i % 4],
                reference=f"R-2026-{i:05}",
                service=JOB_SEEKER,
                status="requested",
                link=f"/referrals/{i}",
            ).message_id
            for i in range(count)
        ]
        db.session.commit()
    return sorted(f"<{message_id}@hub.example>" for message_id in ids)


def by_status(app: Flask) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in outbox(app):
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts


def test_a_batch_of_emails_goes_over_one_smtp_connection(app, smtp):
    expected = mails(app, 12)

    result = work(app, batch=50)

    assert (result.claimed, result.sent) == (12, 12)
    assert sorted(smtp.message_ids()) == expected
    assert smtp.connections == 1
    assert by_status(app) == {"sent": 12}


def test_a_refused_recipient_fails_only_its_message_and_the_connection_goes_on(app, smtp):
    expected = mails(app, 6)
    smtp.refuse["office2@agency.example"] = "550 5.1.1 No such mailbox"
    smtp.refuse["office4@agency.example"] = "450 4.2.1 Mailbox busy, try later"

    result = work(app, batch=50)

    assert (result.sent, result.dead, result.retrying) == (4, 1, 1)
    assert smtp.connections == 1
    rows = {r["recipient"]: r for r in outbox(app)}
    assert rows["office2@agency.example"]["status"] == "dead"
    assert rows["office4@agency.example"]["status"] == "pending"
    assert rows["office4@agency.example"]["last_error"].startswith("SMTP 450")
    assert len(smtp.received) == 4 and set(smtp.message_ids()) < set(expected)


def test_a_connection_the_server_drops_mid_batch_is_opened_again_once(app, smtp):
    expected = mails(app, 8)
    smtp.hang_up_after = 3  # then it takes a new connection as usual

    result = work(app, batch=50)

    assert result.sent == 8
    assert sorted(smtp.message_ids()) == expected  # each once: none lost, none twice
    assert smtp.connections == 2
    assert by_status(app) == {"sent": 8}


def test_a_server_going_down_mid_batch_leaves_the_rest_to_retry_none_lost(app, smtp, clock):
    expected = mails(app, 8)
    smtp.hang_up_after, smtp.hang_up_always = 3, True

    result = work(app, batch=50)

    assert (result.sent, result.retrying, result.dead) == (3, 5, 0)
    assert len(smtp.received) == 3
    assert smtp.connections == 2  # the batch's, and one more try; not one per message
    waiting = outbox(app, status="pending")
    assert len(waiting) == 5
    for row in waiting:
        assert row["attempts"] == 1 and row["claimed_until"] is None
        assert row["last_error"].startswith("SMTP connection: SMTPServerDisconnected")
        assert row["next_attempt_at"] >= clock()

    smtp.hang_up_after = None  # the server is back
    clock.advance(seconds=WORKER["worker_backoff_cap_seconds"])
    work(app, batch=50)

    assert sorted(smtp.message_ids()) == expected  # every message exactly once
    assert by_status(app) == {"sent": 8}


class Killed(BaseException):
    """The worker's process dies (as with SIGKILL): nothing after it runs."""


class DyingEmail:
    """The e-mail channel of a worker that dies after sending ``count`` messages."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.smtp: SmtpBatch | None = None

    @contextmanager
    def batch(self) -> Iterator[DyingEmail]:
        with EmailChannel(hub().settings).batch() as self.smtp:
            yield self

    def deliver(self, message) -> None:
        if self.count == 0:
            raise Killed
        self.smtp.deliver(message)
        self.count -= 1

    def close(self) -> None:
        pass


def test_a_worker_that_dies_mid_batch_has_recorded_nothing_and_the_batch_is_sent_again(
    app, smtp, clock
):
    expected = mails(app, 6)

    with app.app_context(), pytest.raises(Killed):
        Worker(channels={"email": DyingEmail(4)}, batch=50).run_once()

    first = smtp.message_ids()
    assert len(first) == 4
    rows = outbox(app)
    assert {r["status"] for r in rows} == {"pending"}  # no row is sent before the batch is
    assert all(r["claimed_until"] > clock() for r in rows)  # still leased
    assert work(app).claimed == 0  # another worker leaves them while the lease runs

    clock.advance(seconds=WORKER["worker_lease_seconds"] + 1)
    assert work(app, batch=50).sent == 6

    # at least once: the four sent before the crash arrive twice, with the same ids
    assert sorted(smtp.message_ids()) == sorted(expected + first)
    assert by_status(app) == {"sent": 6}


def test_a_batch_is_recorded_in_one_transaction_whatever_its_size(app, smtp, clock):
    def commits_and_statements(count: int) -> tuple[int, int]:
        mails(app, count)
        counts = [0, 0]

        def commit(*_):
            counts[0] += 1

        def statement(*_):
            counts[1] += 1

        with app.app_context():
            event.listen(db.engine, "commit", commit)
            event.listen(db.engine, "before_cursor_execute", statement)
            try:
                worker = Worker(batch=50)
                worker.purged_at = worker.retained_at = clock()  # neither is due
                assert worker.run_once().sent == count
            finally:
                event.remove(db.engine, "commit", commit)
                event.remove(db.engine, "before_cursor_execute", statement)
        return counts[0], counts[1]

    assert commits_and_statements(2) == commits_and_statements(20)


def test_emails_of_one_kind_and_language_in_a_batch_each_say_their_own_referral(app, smtp):
    with app.app_context():
        for reference, link in (("R-2026-00001", "/referrals/a?tab=1&x=2"), ("R-2026-00002", "/b")):
            enqueue(
                "office@agency.example",
                "referral_sent",
                "ro",
                reference=reference,
                service=JOB_SEEKER,
                status="requested",
                link=link,
            )
        db.session.commit()

    assert work(app, batch=50).sent == 2

    got = {r.message["Subject"].split()[2].rstrip(":"): r for r in smtp.received}
    assert sorted(got) == ["R-2026-00001", "R-2026-00002"]
    for reference, path, other in (
        ("R-2026-00001", "/referrals/a?tab=1&x=2", "R-2026-00002"),
        ("R-2026-00002", "/b", "R-2026-00001"),
    ):
        text, html = got[reference].bodies()
        assert f"https://hub.example{path}" in text
        assert f'href="https://hub.example{path.replace("&", "&amp;")}"' in html
        assert reference in text and reference in html
        assert other not in text + html + got[reference].message["Subject"]
        assert "RHMARK" not in text + html
