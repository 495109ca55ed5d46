from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, id_column
from core.institutions.models import Institution

ROLES = ("centre_staff", "agency_officer", "coordinator", "admin")
#: how a user gets e-mail about their notifications: each at once, or one a day
NOTIFY_BY = ("immediate", "digest")


def new_session_nonce() -> str:
    return secrets.token_hex(16)


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = id_column()
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[str | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="ro")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    notify_by: Mapped[str] = mapped_column(String(10), default="immediate")
    # The end of the period the last daily digest covered.
    digest_sent_at: Mapped[datetime | None]
    # Part of every web session's id: a new value ends all the user's sessions
    # (sign-out, password change or reset, deactivation).
    session_nonce: Mapped[str] = mapped_column(
        String(32), default=new_session_nonce, server_default=""
    )
    # The last filters chosen on each list ({"inbox": {...}, "caseload": {...}}):
    # choices only, never what was searched for (names).
    list_filters: Mapped[dict[str, Any] | None]

    institution: Mapped[Institution | None] = relationship()


class ApiToken(Base):
    """A bearer token: personal (``user_id``) or an institution's (``institution_id``)."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = id_column()
    # SHA-256 of the token: tokens are long random strings, so no slow hash is needed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    institution_id: Mapped[str | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()
    institution: Mapped[Institution | None] = relationship()


class SignInFailure(Base):
    """One failed sign-in, counted against an account and against a client address
    (``core.auth.throttle``). ``key`` is an HMAC of the e-mail or the address, so
    that the table holds no personal data; rows older than the longest window go."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_key_failed_at", "key", "failed_at"),)

    id: Mapped[str] = id_column()
    scope: Mapped[str] = mapped_column(String(10))  # "account" or "address"
    key: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(index=True)
