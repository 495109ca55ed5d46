"""The audit log: who read or changed which beneficiary or referral, and how.

Rows carry ids only, never names or other personal data. They are added to
the caller's session, so they commit (or roll back) with the change itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Index, String, insert
from sqlalchemy.orm import Mapped, mapped_column

from core import clock
from core.access import Principal
from core.db import Base, db, id_column, new_id


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_object", "object_type", "object_id"),
        # a person's access log, newest first (Art. 15)
        Index("ix_audit_log_beneficiary", "beneficiary_id", "at", "id"),
    )

    id: Mapped[str] = id_column()
    at: Mapped[datetime]
    actor_user_id: Mapped[str | None] = mapped_column(String(36))
    actor_token_id: Mapped[str | None] = mapped_column(String(36))
    actor_institution_id: Mapped[str | None] = mapped_column(String(36))
    # the caller's role then: a user's role changes, an institution token has none of its own
    actor_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(30))  # read, create, update, transition, ...
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(20))
    # the person the object concerns (a beneficiary, their consent or referral);
    # no foreign key: the log outlives a merged record
    beneficiary_id: Mapped[str | None] = mapped_column(String(36))
    # which fields an "update" changed (names of fields, never their values)
    changed_fields: Mapped[list[str] | None]


def audit(
    principal: Principal,
    action: str,
    object_type: str,
    object_id: str,
    *,
    beneficiary_id: str | None = None,
    changed_fields: list[str] | None = None,
) -> None:
    """Record one access in the current transaction; ``beneficiary_id`` names
    the person it concerns, for their access log; ``changed_fields`` which
    fields an update changed (names only: the log never holds values)."""
    db.session.add(
        AuditLog(
            at=clock.now(),
            **_actor(principal),
            action=action,
            object_type=object_type,
            object_id=object_id,
            beneficiary_id=beneficiary_id,
            changed_fields=changed_fields,
        )
    )


def audit_each(
    principal: Principal,
    action: str,
    object_type: str,
    objects: Iterable[tuple[str, str | None]],
) -> None:
    """Record the same access to many objects, ``(object_id, beneficiary_id)``
    each, in the current transaction: one multi-row INSERT, no ORM object per
    row (a list page audits each of its rows)."""
    at, actor = clock.now(), _actor(principal)
    rows = [
        {
            "id": new_id(),
            "at": at,
            **actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "beneficiary_id": beneficiary_id,
        }
        for object_id, beneficiary_id in objects
    ]
    if rows:
        db.session.execute(insert(AuditLog), rows)


def _actor(principal: Principal) -> dict[str, str | None]:
    """Who acted, as the log's columns: the same for one row and for many."""
    return {
        "actor_user_id": principal.user_id,
        "actor_token_id": principal.token_id,
        "actor_institution_id": principal.institution_id,
        "actor_role": principal.role,
        "source": principal.source,
    }
