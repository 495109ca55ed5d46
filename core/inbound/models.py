from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, id_column


class InboundEvent(Base):
    """A status update that an institution's system sent and the hub applied.

    Kept so that a retry with the same ``event_id`` gets the first answer and
    changes nothing. It holds ids, codes and the hash of the body, never the
    body itself (its ``note`` may name the person).
    """

    __tablename__ = "inbound_events"
    # One answer per event of an institution; a racing duplicate fails on it.
    __table_args__ = (UniqueConstraint("institution_id", "event_id"),)

    id: Mapped[str] = id_column()
    institution_id: Mapped[str] = mapped_column(ForeignKey("institutions.id"))
    event_id: Mapped[str] = mapped_column(String(200))  # the caller's id of the update
    body_hash: Mapped[str] = mapped_column(String(64))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    occurred_at: Mapped[datetime | None]  # when it happened in the institution's system
    response_status: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
