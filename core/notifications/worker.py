"""The notification worker: claim due outbox rows, deliver them, retry with backoff.

One pass (:meth:`Worker.run_once`):

1. **claim** up to ``batch`` due rows (pending, ``next_attempt_at`` reached,
   no live lease) and set a lease on them (``claimed_until``), then commit.
   On PostgreSQL the claim is ``SELECT … FOR UPDATE SKIP LOCKED``, so that
   several workers share the outbox without taking the same row; on SQLite,
   run one worker.
2. **deliver** each row through its channel and commit its outcome at once:
   sent; or a retry after a full-jitter exponential backoff (or the
   channel's ``retry_after``); or dead, after ``worker_max_attempts`` or a
   permanent error, counted against its cause;
3. **alert** the admins of the causes of dead messages, at most once per
   cause and ``admin_alert_interval_minutes``, with how many messages died
   of it since the last alert (:mod:`core.notifications.alerts`).

Between passes, every ``scheduler_interval_seconds`` of the hub's clock,
:meth:`Worker.run` also runs the scheduler
(:func:`core.notifications.scheduler.run_until_done`): SLA reminders and
escalations, plugin reminders and daily digests become outbox rows.

Once an hour at most, a pass also deletes the messages sent more than
``outbox_keep_days`` ago (:func:`~core.notifications.outbox.purge`); dead
ones stay until they are replayed. Once a day at most, it runs the retention
job (:func:`core.retention.run_retention`), which erases the personal data
of the people whose retention period is over.

A worker that dies between delivering and recording it leaves the lease to
expire; another pass then delivers the row again with the same
``message_id`` (at least once). Scheduling reads the hub's clock only, so
tests drive it with a frozen clock; the idle wait between polls is the only
real sleep.
"""

from __future__ import annotations

import logging
import random
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError

from core import clock
from core.app import hub
from core.db import db
from core.notifications.alerts import record_dead, send_due_alerts
from core.notifications.models import OutboxMessage
from core.notifications.outbox import purge
from core.notifications.scheduler import run_until_done
from core.retention import run_retention

log = logging.getLogger(__name__)

_ADDRESS = re.compile(r"[^\s<>@]+@[^\s<>@]+")

#: How often a worker deletes old sent messages (a pass does it when this much
#: time has gone by since its last purge).
PURGE_EVERY = timedelta(hours=1)
#: How often a worker runs the retention job.
RETAIN_EVERY = timedelta(days=1)


class DeliveryError(Exception):
    """A channel could not deliver a message.

    ``permanent``: retrying cannot help (e.g. SMTP 5xx); the message is dead.
    ``retry_after``: the receiver asked to wait this many seconds (e.g. HTTP
    ``Retry-After``); it replaces the backoff.
    ``failure``: the kind of failure, a short code (``recipient-refused``,
    ``unreachable``, ``http-4xx``…); with the channel it is the cause that the
    admins' alerts are grouped by (:mod:`core.notifications.alerts`).
    """

    def __init__(
        self,
        reason: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        failure: str = "failed",
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after
        self.failure = failure


class Channel(Protocol):
    def deliver(self, message: OutboxMessage) -> None:
        """Deliver one message or raise :class:`DeliveryError`."""

    def close(self) -> None:
        """Release connections at the end of a pass."""


@dataclass
class PassResult:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    purged: int = 0  # old sent messages deleted by this pass
    alerts: int = 0  # causes of dead messages the admins were alerted of
    erased: int = 0  # beneficiaries erased by the retention job in this pass


def default_channels() -> dict[str, Channel]:
    from core.notifications.email import EmailChannel
    from core.webhooks.channel import WebhookChannel

    return {"email": EmailChannel(hub().settings), "webhook": WebhookChannel(hub().settings)}


@dataclass
class Worker:
    """Delivers the outbox. Needs an application context.

    ``rng`` draws the backoff (seed it in tests); ``stop`` ends :meth:`run`
    after the message being delivered.
    """

    batch: int = 50
    channels: Mapping[str, Channel] = field(default_factory=default_channels)
    rng: random.Random = field(default_factory=random.Random)
    stop: threading.Event = field(default_factory=threading.Event)
    scheduled_at: datetime | None = None  # the scheduler's last run by this worker
    #: when this worker last purged old sent messages (None: not yet)
    purged_at: datetime | None = None
    #: when this worker last ran the retention job (None: not yet)
    retained_at: datetime | None = None

    def run(self) -> None:
        """Poll until :attr:`stop` is set; wait ``worker_poll_seconds`` when idle."""
        while not self.stop.is_set():
            try:
                self.schedule_if_due()
                claimed = self.run_once().claimed
            except SQLAlchemyError:  # the database went away: wait, then try again
                log.exception("outbox: database error; retrying after the poll interval")
                db.session.rollback()
                claimed = 0
            if not claimed:
                self.stop.wait(hub().settings.worker_poll_seconds)

    def schedule_if_due(self) -> None:
        """Run the scheduler when ``scheduler_interval_seconds`` have passed."""
        now = clock.now()
        interval = timedelta(seconds=hub().settings.scheduler_interval_seconds)
        if self.scheduled_at is None or now - self.scheduled_at >= interval:
            run_until_done(stop=self.stop)
            self.scheduled_at = now

    def run_once(self) -> PassResult:
        """Purge old sent messages when an hour has passed since the last purge,
        then claim one batch and deliver it (stopping early when asked to),
        then alert the admins of the causes of dead messages that are due."""
        purged = self.purge_if_due()
        erased = self.retain_if_due()
        ids = claim(self.batch)
        result = PassResult(claimed=len(ids), purged=purged, erased=erased)
        try:
            for index, row_id in enumerate(ids):
                if self.stop.is_set():
                    release(ids[index:])
                    break
                outcome = self._deliver(row_id)
                if outcome:
                    setattr(result, outcome, getattr(result, outcome) + 1)
        finally:
            for channel in self.channels.values():
                channel.close()
        result.alerts = send_due_alerts()
        return result

    def purge_if_due(self) -> int:
        """Delete the messages sent more than ``outbox_keep_days`` ago, at most
        once per :data:`PURGE_EVERY`; how many went."""
        now = clock.now()
        if self.purged_at is not None and now - self.purged_at < PURGE_EVERY:
            return 0
        count = purge(hub().settings.outbox_keep_days)
        db.session.commit()
        self.purged_at = now
        if count:
            log.info("outbox: deleted %d message(s) sent before the retention period", count)
        return count

    def retain_if_due(self) -> int:
        """Run the retention job at most once per :data:`RETAIN_EVERY`; how many
        people it erased. A run that another worker's lock skipped is retried
        on the next pass."""
        now = clock.now()
        if self.retained_at is not None and now - self.retained_at < RETAIN_EVERY:
            return 0
        result = run_retention(now.date())
        if not result.skipped:
            self.retained_at = now
        return result.erased

    def _deliver(self, row_id: str) -> str | None:
        message = db.session.get(OutboxMessage, row_id)
        if message is None or message.status != "pending":
            return None  # replayed, or handled by another worker after our lease ran out
        try:
            channel = self.channels.get(message.channel)
            if channel is None:
                raise DeliveryError(
                    f"no channel {message.channel!r}", permanent=True, failure="no-channel"
                )
            channel.deliver(message)
        except DeliveryError as exc:
            outcome = self._failed(message, exc)
        except Exception as exc:  # a bug must not stop the worker; the row retries
            log.exception("outbox: unexpected error delivering %s", message.message_id)
            db.session.rollback()
            message = db.session.get(OutboxMessage, row_id)
            error = DeliveryError(f"unexpected {type(exc).__name__}", failure="internal-error")
            outcome = self._failed(message, error)
        else:
            message.status = "sent"
            message.sent_at = clock.now()
            message.claimed_until = None
            message.last_error = None
            outcome = "sent"
            log.info("outbox: sent %s", message.message_id)
        db.session.commit()
        return outcome

    def _failed(self, message: OutboxMessage, error: DeliveryError) -> str:
        settings = hub().settings
        now = clock.now()
        message.attempts += 1
        message.last_error = _short(error.reason)
        message.claimed_until = None
        if error.permanent or message.attempts >= settings.worker_max_attempts:
            message.status = "dead"
            record_dead(message, error.failure)
            log.warning(
                "outbox: %s is dead after %d attempt(s): %s",
                message.message_id,
                message.attempts,
                message.last_error,
            )
            return "dead"
        if error.retry_after is not None:
            delay = max(0.0, float(error.retry_after))
        else:
            delay = backoff(
                message.attempts,
                settings.worker_backoff_base_seconds,
                settings.worker_backoff_cap_seconds,
                self.rng,
            )
        message.next_attempt_at = now + timedelta(seconds=delay)
        log.info(
            "outbox: %s failed (attempt %d), next in %.0f s: %s",
            message.message_id,
            message.attempts,
            delay,
            message.last_error,
        )
        return "retrying"


def backoff(attempts: int, base: float, cap: float, rng: random.Random) -> float:
    """Full-jitter exponential backoff: a uniform wait in [0, min(cap, base·2^attempts)]."""
    return rng.uniform(0, min(cap, base * 2**attempts))


def claim(batch: int) -> list[str]:
    """Lease up to ``batch`` due messages to this worker and commit; their ids."""
    now = clock.now()
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(batch)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    messages = list(db.session.scalars(query))
    lease = now + timedelta(seconds=hub().settings.worker_lease_seconds)
    for message in messages:
        message.claimed_until = lease
    ids = [m.id for m in messages]
    db.session.commit()
    return ids


def release(ids: list[str]) -> None:
    """Give back claimed messages that this worker will not deliver (it is stopping)."""
    for row_id in ids:
        message = db.session.get(OutboxMessage, row_id)
        if message is not None and message.status == "pending":
            message.claimed_until = None
    db.session.commit()


def _short(reason: str) -> str:
    """An error for ``last_error``: addresses masked, at most 200 characters."""
    return _ADDRESS.sub("<address>", reason)[:200]
