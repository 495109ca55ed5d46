"""In-app notifications: what is new for a user in the hub, marked read when seen.

:func:`add_notifications` is called by :mod:`core.notifications.announce`, so
the notifications commit (or roll back) with the change that caused them,
like the e-mails. Rows hold ids and codes only.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select, update

from core import clock
from core.db import db
from core.notifications.models import Notification, Reminder
from core.referrals.models import Referral


def add_notifications(
    user_ids: list[str],
    referral: Referral,
    kind: str,
    status: str,
    reminder: Reminder | None = None,
) -> list[Notification]:
    """Add one notification per user to the caller's session (who gets one is
    :mod:`core.notifications.announce`'s decision)."""
    now = clock.now()
    rows = [
        Notification(
            user_id=user_id,
            referral_id=referral.id,
            kind=kind,
            status=status,
            created_at=now,
            reminder=reminder,
        )
        for user_id in dict.fromkeys(user_ids)
    ]
    db.session.add_all(rows)
    return rows


def for_user(user_id: str, *, unread: bool = False) -> Select:
    """The user's notifications (unordered; the caller orders and pages)."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    return query


def unread_count(user_id: str) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def mark_read(user_id: str, notification_id: str) -> bool:
    """Mark one of the user's notifications read; False when it is not theirs
    (or does not exist). Already read ones keep their first ``read_at``."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user_id:
        return False
    if notification.read_at is None:
        notification.read_at = clock.now()
    return True


def mark_all_read(user_id: str) -> int:
    return _mark(Notification.user_id == user_id)


def mark_read_for_referral(user_id: str, referral_id: str) -> int:
    """The user opened the referral: what it notified them of is seen."""
    return _mark(Notification.user_id == user_id, Notification.referral_id == referral_id)


def _mark(*where) -> int:
    result = db.session.execute(
        update(Notification)
        .where(*where, Notification.read_at.is_(None))
        .values(read_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
