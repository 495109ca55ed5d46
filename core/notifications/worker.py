"""The notification worker: claim due outbox rows, deliver them, retry with backoff.

One pass (:meth:`Worker.run_once`):

1. **claim** up to ``batch`` due rows (pending, ``next_attempt_at`` reached,
   no live lease) and set a lease on them (``claimed_until``), then commit.
   On PostgreSQL the claim is ``SELECT … FOR UPDATE SKIP LOCKED``, so that
   several workers share the outbox without taking the same row; on SQLite,
   run one worker.
2. **deliver** the batch: read its rows in one query, hand each to its
   channel's batch context (:class:`BatchChannel`; the e-mail channel sends
   the whole batch over one SMTP connection and renders each kind of news
   once), and note in memory whether it was delivered or why not. Nothing
   is written while the batch is being sent.
3. **record** the batch's outcomes in one transaction: the sent rows in one
   ``UPDATE … WHERE id IN (…)``; a failed row is retried after a full-jitter
   exponential backoff (or the channel's ``retry_after``), or is dead after
   ``worker_max_attempts`` or a permanent error, counted against its cause;
   the rows left when the worker is asked to stop are released.
4. **alert** the admins of the causes of dead messages, at most once per
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

A row is marked sent only after its delivery, in the batch's transaction. A
worker that dies before that commit leaves the lease to expire; another pass
then delivers the batch's rows again with the same ``message_id`` (at least
once: a crash sends at most one batch twice, which the receivers drop by its
``Message-ID``). Scheduling reads the hub's clock only, so tests drive it
with a frozen clock; the idle wait between polls is the only real sleep.
"""

from __future__ import annotations

import logging
import random
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import or_, select, update
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


class BatchChannel(Channel, Protocol):
    """A channel that delivers a batch better than one message at a time (one
    connection, renderings shared): the worker delivers through :meth:`batch`
    when a channel has it, through :meth:`Channel.deliver` and
    :meth:`Channel.close` otherwise."""

    def batch(self) -> AbstractContextManager[Channel]:
        """A context for one batch whose ``deliver`` the worker calls for each
        of the batch's messages of this channel; leaving it releases what the
        batch held."""


@dataclass(frozen=True)
class Outcome:
    """What delivering one row of a batch came to, until the batch is recorded."""

    row_id: str
    message_id: str
    error: DeliveryError | None  # None: delivered


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
    from core.notifications.smtp import EmailChannel
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
        then claim one batch, deliver it (stopping early when asked to) and
        record its outcomes in one transaction, then alert the admins of the
        causes of dead messages that are due."""
        purged = self.purge_if_due()
        erased = self.retain_if_due()
        ids = claim(self.batch)
        result = PassResult(claimed=len(ids), purged=purged, erased=erased)
        messages = _claimed(ids)
        outcomes: list[Outcome] = []
        left: list[str] = []  # rows not delivered because the worker is stopping
        with ExitStack() as batches:  # each channel's batch, closed when the loop ends
            opened: dict[str, Channel] = {}
            for index, message in enumerate(messages):
                if self.stop.is_set():
                    left = [m.id for m in messages[index:]]
                    break
                row_id, message_id = message.id, message.message_id
                error = self._deliver(message, batches, opened)
                outcomes.append(Outcome(row_id, message_id, error))
        self._record(outcomes, left, result)
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

    def _deliver(
        self, message: OutboxMessage, batches: ExitStack, opened: dict[str, Channel]
    ) -> DeliveryError | None:
        """Deliver one message through its channel's batch (opened at the
        channel's first message); the error, None when it was delivered."""
        message_id, name = message.message_id, message.channel
        try:
            if name not in opened:
                channel = self.channels.get(name)
                if channel is None:
                    raise DeliveryError(
                        f"no channel {name!r}", permanent=True, failure="no-channel"
                    )
                opened[name] = batches.enter_context(_batch_of(channel))
            opened[name].deliver(message)
        except DeliveryError as exc:
            return exc
        except Exception as exc:  # a bug must not stop the worker; the row retries
            log.exception("outbox: unexpected error delivering %s", message_id)
            db.session.rollback()  # a database error leaves the session unusable
            return DeliveryError(f"unexpected {type(exc).__name__}", failure="internal-error")
        return None

    def _record(
        self,
        outcomes: list[Outcome],
        left: list[str],
        result: PassResult,
    ) -> None:
        """Write the batch's outcomes in one transaction: the sent rows in one
        UPDATE, each failed row with its next attempt (or dead), the rows left
        (a stop request) released; then commit."""
        sent = [o.row_id for o in outcomes if o.error is None]
        if sent:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(sent), OutboxMessage.status == "pending")
                .values(status="sent", sent_at=clock.now(), claimed_until=None, last_error=None)
                .execution_options(synchronize_session=False)
            )
        result.sent += len(sent)
        for o in outcomes:
            if o.error is not None:
                outcome = self._failed(db.session.get(OutboxMessage, o.row_id), o.error)
                setattr(result, outcome, getattr(result, outcome) + 1)
        release(left)
        db.session.commit()
        for o in outcomes:
            if o.error is None:
                log.info("outbox: sent %s", o.message_id)

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
        select(OutboxMessage.id)
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
    ids = list(db.session.scalars(query))
    if ids:
        lease = now + timedelta(seconds=hub().settings.worker_lease_seconds)
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(claimed_until=lease)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return ids


def _claimed(ids: list[str]) -> list[OutboxMessage]:
    """The claimed rows that are still pending, in the order of ``ids``, read in
    one query (a row replayed or handled by another worker after our lease ran
    out is left alone)."""
    if not ids:
        return []
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
    )
    by_id = {row.id: row for row in rows}
    return [by_id[row_id] for row_id in ids if row_id in by_id]


def release(ids: list[str]) -> None:
    """Give back claimed messages that this worker will not deliver (it is
    stopping), in the caller's transaction."""
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
            .values(claimed_until=None)
            .execution_options(synchronize_session=False)
        )


@contextmanager
def _batch_of(channel: Channel) -> Iterator[Channel]:
    """The channel's batch context, or the channel itself, closed at the end."""
    batch = getattr(channel, "batch", None)
    if batch is not None:
        with batch() as delivering:
            yield delivering
    else:
        try:
            yield channel
        finally:
            channel.close()


def _short(reason: str) -> str:
    """An error for ``last_error``: addresses masked, at most 200 characters."""
    return _ADDRESS.sub("<address>", reason)[:200]
