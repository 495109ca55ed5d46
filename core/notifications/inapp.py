"""In-app notifications: what is new for a user in the hub, marked read when seen.

:func:`notify_users` is called by :func:`~core.notifications.outbox.announce`,
so the notifications commit (or roll back) with the transition that caused
them, like the e-mails. Rows hold ids and codes only.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select, update

from core import clock
from core.auth.models import User
from core.db import db
from core.notifications.models import Notification
from core.referrals.models import Referral, ReferralEvent

REFERRAL_SENT = "referral_sent"
STATUS_CHANGED = "referral_status_changed"


def notify_users(
    referral: Referral, event: ReferralEvent, creator_hears_of: frozenset[str]
) -> list[Notification]:
    """Add the notifications a transition causes to the caller's session.

    - sent (``requested``): one for every active officer of the receiving institution;
    - a move in ``creator_hears_of``: one for the staff member who created the
      referral (when still active), as for the e-mail.
    """
    if event.to_status == "requested":
        users = list(
            db.session.scalars(
                select(User.id)
                .where(
                    User.institution_id == referral.to_institution_id,
                    User.role == "agency_officer",
                    User.active,
                )
                .order_by(User.id)
            )
        )
        kind = REFERRAL_SENT
    elif event.to_status in creator_hears_of and referral.created_by:
        creator = db.session.get(User, referral.created_by)
        if creator is None or not creator.active:
            return []
        users, kind = [creator.id], STATUS_CHANGED
    else:
        return []
    now = clock.now()
    rows = [
        Notification(
            user_id=user_id,
            referral_id=referral.id,
            kind=kind,
            status=event.to_status,
            created_at=now,
        )
        for user_id in users
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
