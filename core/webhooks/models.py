"""The webhook endpoint of an office: where its institution's system listens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, id_column
from core.institutions.models import Office

#: pending: asked for, waiting for an admin; approved: messages are sent;
#: refused: an admin refused the address or disabled the endpoint.
WEBHOOK_STATUSES = ("pending", "approved", "refused")
URL_MAX_LENGTH = 500


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = id_column()
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), unique=True)
    url: Mapped[str] = mapped_column(String(URL_MAX_LENGTH))
    # ``whsec_`` + base64 of 32 random bytes. Kept in clear: the hub signs with
    # it (an HMAC key cannot be hashed like a password); shown to people once.
    secret: Mapped[str] = mapped_column(String(100))
    # The secret before the last rotation, still signed with for a while so
    # that the institution's system can switch without losing messages.
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    secret_rotated_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # The officer who asked for the current address (None: an institution token,
    # named in the audit log).
    requested_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    # The admin who approved or refused the current address, and when.
    reviewed_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    office: Mapped[Office] = relationship()
