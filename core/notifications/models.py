"""The outbox table: one row per message to deliver, written with the change
that caused it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, id_column

if TYPE_CHECKING:
    from core.referrals.models import Referral

#: pending: waiting for (another) attempt; sent: delivered; dead: given up on
#: (replay with ``referral-hub outbox replay``).
OUTBOX_STATUSES = ("pending", "sent", "dead")


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The worker's claim: pending rows whose next attempt is due.
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = id_column()
    # Sent with every attempt (e-mail: the Message-ID header), so that a
    # receiver can recognise a repeat; kept when a dead message is replayed.
    message_id: Mapped[str] = mapped_column(String(60), unique=True)
    channel: Mapped[str] = mapped_column(String(20))  # "email" or "webhook"
    recipient: Mapped[str] = mapped_column(String(254))  # an address, or a webhook endpoint's id
    # What the channel needs to render the message: codes and ids, no personal data.
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # A worker's lease: until then the row is being delivered; after it (a
    # crashed worker) another worker may claim the row again.
    claimed_until: Mapped[datetime | None]


#: who a reminder is for: the sending centre, the receiving office, the coordinators
REMINDER_AUDIENCES = ("sender", "receiver", "coordinators")


class Reminder(Base):
    """Something to remind people of about a referral on a given day.

    Plugins schedule them (``reminders.schedule(...)`` in
    ``referral_hub_referral_status_changed``); the core writes the SLA ones
    (``sla.overdue``, ``sla.escalated``) when it finds a referral unanswered,
    already ``sent``. One row per referral and code: scheduling the same code
    again moves it.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("referral_id", "code"),
        # The scheduler's scan: scheduled reminders that are due.
        Index("ix_reminders_due", "status", "due_on"),
    )

    id: Mapped[str] = id_column()
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"))
    code: Mapped[str] = mapped_column(String(80))  # "<kind>.<code>" or "sla.<...>"
    audience: Mapped[str] = mapped_column(String(20))
    # The plugin's text in every language (constant, no personal data); None for the core's.
    title: Mapped[dict[str, Any] | None]
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default="scheduled")  # scheduled|sent|cancelled
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    referral: Mapped[Referral] = relationship()


#: kinds of in-app notification (the same words as the e-mail templates)
NOTIFICATION_KINDS = (
    "referral_sent",
    "referral_status_changed",
    "referral_cancelled",
    "referral_overdue",
    "referral_escalated",
    "reminder",
    "referral_assigned",
    "referral_forwarded",
    "appointment_set",
    "appointment_cleared",
)


class Notification(Base):
    """One in-app notification: what is new for a user, until they have seen it.

    Codes and ids only (the referral, the kind, the new status); the texts are
    rendered where the notification is shown.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        # The user's list, newest first (keyset on id), and the unread count.
        Index("ix_notifications_user_id_id", "user_id", "id"),
    )

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # the referral's new status
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    # For ``reminder``: the reminder (its title says what it is about).
    reminder_id: Mapped[str | None] = mapped_column(ForeignKey("reminders.id"))

    referral: Mapped[Referral] = relationship()
    reminder: Mapped[Reminder | None] = relationship()


class AdminAlert(Base):
    """One cause of dead messages, and when the admins were last alerted of it.

    A cause is the channel and the kind of failure (and, for a webhook, its
    endpoint): ``email:recipient-refused``, ``webhook:<endpoint id>:http-4xx``.
    Messages that die of a cause are counted here (``unreported``); the
    worker alerts the admins at most once per ``admin_alert_interval_minutes``
    and cause, with the count (:mod:`core.notifications.alerts`).
    """

    __tablename__ = "admin_alerts"

    id: Mapped[str] = id_column()
    cause: Mapped[str] = mapped_column(String(120), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    failure: Mapped[str] = mapped_column(String(40))
    # For a webhook: its endpoint (no foreign key: the alert outlives a removed endpoint).
    endpoint_id: Mapped[str | None] = mapped_column(String(36))
    # Messages dead of this cause since the last alert, and the latest of them.
    unreported: Mapped[int] = mapped_column(Integer, default=0)
    latest_message_id: Mapped[str | None] = mapped_column(String(60))
    alerted_at: Mapped[datetime | None]  # the last alert (None: never)
