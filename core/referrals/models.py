from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User
from core.beneficiaries.models import Beneficiary, Consent
from core.db import Base, id_column
from core.institutions.models import Institution, Office

PRIORITIES = ("normal", "urgent")
#: kinds of history row beside "transition" and "plugin": who is responsible, which office
ASSIGNED, FORWARDED = "assigned", "forwarded"


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (
        # The officer's inbox and the centre's list, newest first (keyset on id).
        Index("ix_referrals_to_institution_id_id", "to_institution_id", "id"),
        Index("ix_referrals_from_institution_id_id", "from_institution_id", "id"),
        # The caseload lists: open (or one status) per institution, and their counts.
        Index("ix_referrals_to_institution_id_status", "to_institution_id", "status"),
        Index("ix_referrals_from_institution_id_status", "from_institution_id", "status"),
        # "assigned to me" (officers) and "mine" (created by me, staff).
        Index("ix_referrals_assigned_officer_id", "assigned_officer_id"),
        Index("ix_referrals_created_by", "created_by"),
        Index("ix_referrals_to_office_id", "to_office_id"),
        # The inbox and the caseload, most urgent first: by the stored next due date,
        # which closed referrals lack (NULL sorts after the open ones on both databases
        # in the order the lists use), so the first page reads only open rows.
        Index("ix_referrals_to_next_due", "to_institution_id", "next_due_on", "id"),
        Index("ix_referrals_from_next_due", "from_institution_id", "next_due_on", "id"),
        # The cooperation statistics filter on when referrals were sent.
        Index("ix_referrals_sent_at", "sent_at"),
    )

    id: Mapped[str] = id_column()
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    beneficiary_id: Mapped[str] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    service_code: Mapped[str] = mapped_column(String(120), index=True)
    form: Mapped[dict[str, Any]]
    consent_id: Mapped[str] = mapped_column(ForeignKey("consents.id"), index=True)
    priority: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    from_institution_id: Mapped[str] = mapped_column(ForeignKey("institutions.id"))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    to_institution_id: Mapped[str] = mapped_column(ForeignKey("institutions.id"))
    to_office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    assigned_officer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    # The rejected referral that this one makes again (to another office or service).
    previous_referral_id: Mapped[str | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    # Due dates come from the service's SLA when the referral is sent.
    respond_by: Mapped[date | None] = mapped_column(Date)
    complete_by: Mapped[date | None] = mapped_column(Date)
    # The one of the two that is due next (lifecycle.due_on), kept by transition()
    # so that lists sort by an index; None once closed and while a draft.
    next_due_on: Mapped[date | None] = mapped_column(Date)
    # Milestones, kept on the row so that statistics never replay the history.
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # When the hub cancelled the referral because its consent was withdrawn:
    # from then on the receiver sees only the beneficiary's id and reference.
    consent_withdrawn_at: Mapped[datetime | None]
    # The receiver's appointment with the person (core.referrals.appointments);
    # the place is the office's address unless the receiver named another.
    appointment_at: Mapped[datetime | None]
    appointment_place: Mapped[str | None] = mapped_column(String(300))
    appointment_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}

    #: Not stored (no annotation, so not mapped): ``(office id, addresses)`` that the
    #: routing chose, set by the request that creates the referral so that announcing
    #: it need not read them back from the draft event (the rule is
    #: ``core.notifications.audience.office_addresses``'s).
    routed = None

    beneficiary: Mapped[Beneficiary] = relationship()
    consent: Mapped[Consent] = relationship()
    from_institution: Mapped[Institution] = relationship(foreign_keys=[from_institution_id])
    to_institution: Mapped[Institution] = relationship(foreign_keys=[to_institution_id])
    to_office: Mapped[Office] = relationship()
    assigned_officer: Mapped[User | None] = relationship(foreign_keys=[assigned_officer_id])
    previous_referral: Mapped[Referral | None] = relationship(
        remote_side=[id], foreign_keys=[previous_referral_id]
    )


class ReferralEvent(Base):
    """Append-only history of a referral: transitions and plugin facts."""

    __tablename__ = "referral_events"

    id: Mapped[str] = id_column()
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    # "transition", "plugin", ASSIGNED, FORWARDED or "appointment"
    kind: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[datetime]
    actor_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    actor_institution_id: Mapped[str | None] = mapped_column(ForeignKey("institutions.id"))
    reason_code: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # "web", "api", "callback", "cli", "system" (the hub's own moves), or
    # "plugin:<name>" for plugin facts.
    source: Mapped[str] = mapped_column(String(60))


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[str] = id_column()
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    author_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    author_institution_id: Mapped[str] = mapped_column(ForeignKey("institutions.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
