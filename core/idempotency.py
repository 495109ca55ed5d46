"""Idempotency keys: a retried creation returns the first response.

Only the created object's id is kept, never the body itself (which holds
personal data): the replay renders the object as it is now.

The rule of a retry (:func:`check_same_body`) is shared with the inbound
status updates (``core.inbound``), whose key is the caller's event id.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from core import clock
from core.db import Base, db, id_column
from core.errors import N_, Invalid


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("caller", "endpoint", "key"),)

    id: Mapped[str] = id_column()
    caller: Mapped[str] = mapped_column(String(60))
    endpoint: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(200))
    body_hash: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]


def body_hash(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def check_same_body(stored_hash: str, body: Any, *, field: str, detail: str) -> None:
    """A key used again must come with the same body, and then gets the first
    answer; with another body it is a client error (422, naming ``field``),
    never a second change."""
    if stored_hash != body_hash(body):
        raise Invalid(detail, errors={field: [N_("Already used with a different body.")]})


def replayed_id(caller: str, endpoint: str, key: str, body: Any) -> str | None:
    """The id created by an earlier request with this key, or None.
    The same key with another body is a client error."""
    record = db.session.scalar(
        select(IdempotencyRecord).filter_by(caller=caller, endpoint=endpoint, key=key)
    )
    if record is None:
        return None
    check_same_body(
        record.body_hash,
        body,
        field="Idempotency-Key",
        detail=N_("This Idempotency-Key was used with a different body; use a new key."),
    )
    return record.resource_id


def remember(caller: str, endpoint: str, key: str, body: Any, resource_id: str) -> None:
    """Store the key in the creation's own transaction."""
    db.session.add(
        IdempotencyRecord(
            caller=caller,
            endpoint=endpoint,
            key=key,
            body_hash=body_hash(body),
            resource_id=resource_id,
            created_at=clock.now(),
        )
    )
