"""The outbox: messages waiting for the worker, written with the change that
caused them (everything here adds rows to the caller's session).

What a change announces, and to whom, is :mod:`core.notifications.announce`'s.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select

from core import clock
from core.db import db, new_id
from core.errors import Invalid, NotFound
from core.notifications.models import OUTBOX_STATUSES, OutboxMessage

MESSAGE_DEAD = "message_dead"  # the template of the admins' alert (core.notifications.alerts)


def enqueue(
    recipient: str, template: str, language: str, *, channel: str = "email", **data: Any
) -> OutboxMessage:
    """Add one message to the caller's session, due now.

    ``data`` goes into the payload beside the template and the language; it
    must hold codes and ids only, never a beneficiary's personal data.
    """
    row_id, now = new_id(), clock.now()
    message = OutboxMessage(
        id=row_id,
        message_id=f"msg_{row_id.replace('-', '')}",
        channel=channel,
        recipient=recipient,
        payload={"template": template, "language": language, **data},
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(message)
    return message


def find(key: str) -> OutboxMessage:
    """A message by its row id or its ``message_id``."""
    message = db.session.scalar(
        select(OutboxMessage).where(or_(OutboxMessage.id == key, OutboxMessage.message_id == key))
    )
    if message is None:
        raise NotFound(f"No outbox message {key!r}.")
    return message


def replay(key: str) -> OutboxMessage:
    """Put a dead message back in line: same ``message_id``, attempts reset.
    The caller commits."""
    message = find(key)
    if message.status != "dead":
        raise Invalid(
            f"Message {message.message_id} is {message.status}, not dead;"
            " only dead messages can be replayed."
        )
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = clock.now()
    message.claimed_until = None
    message.last_error = None
    return message


def purge(keep_days: int, *, dead: bool = False) -> int:
    """Delete the messages sent more than ``keep_days`` ago; with ``dead``, also
    the dead messages created more than ``keep_days`` ago. Returns how many
    rows went; the caller commits.

    A sent row is history nobody reads after a while; a dead one is work left
    to do (replay it), so it goes only when asked for.
    """
    cutoff = clock.now() - timedelta(days=keep_days)
    old_sent = (OutboxMessage.status == "sent") & (OutboxMessage.sent_at < cutoff)
    # A row is sent at or after its next_attempt_at, so this adds no condition
    # but lets the (status, next_attempt_at) index find the rows.
    old_sent &= OutboxMessage.next_attempt_at < cutoff
    condition = old_sent
    if dead:
        condition |= (OutboxMessage.status == "dead") & (OutboxMessage.created_at < cutoff)
    result = db.session.execute(
        delete(OutboxMessage).where(condition).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def counts_by_status() -> dict[str, int]:
    """How many messages are pending, sent and dead (every status, zero included)."""
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    found: dict[str, int] = dict(rows.all())
    return {status: found.get(status, 0) for status in OUTBOX_STATUSES}


def latest(status: str, limit: int = 50) -> list[OutboxMessage]:
    """The newest messages of one status, newest first."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == status)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )
