"""Daily digests: one e-mail a day for the users who chose it.

A digest lists the user's unread notifications since their previous digest
(the in-app notifications are the record of what is new; what they have
already seen in the hub is not mailed again). It is written once a day, at
``digest_hour`` in the hub's time zone, by the scheduler.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core import clock
from core.app import hub
from core.auth.models import NOTIFY_BY, User
from core.db import db
from core.errors import N_, Invalid
from core.notifications import audience
from core.notifications.models import Notification
from core.notifications.outbox import enqueue

DIGEST = "digest"
#: notifications listed in one digest; the rest are counted
DIGEST_ITEMS = 50


def choose_delivery(user: User, notify_by: str) -> None:
    """Set how ``user`` gets e-mail about their notifications. A user who
    switches to the digest gets, in the first one, what is new from now on."""
    if notify_by not in NOTIFY_BY:
        raise Invalid(
            N_("Choose how to receive e-mail: at once or in a daily digest."),
            errors={"notify_by": [N_("Choose at once or a daily digest.")]},
        )
    if notify_by == "digest" and user.notify_by != "digest":
        user.digest_sent_at = clock.now()
    user.notify_by = notify_by


def last_digest_time(now: datetime) -> datetime:
    """The latest daily digest time (``digest_hour`` in the hub's zone) at or before ``now``."""
    settings = hub().settings
    zone = ZoneInfo(settings.timezone)
    local = now.astimezone(zone)
    moment = datetime.combine(local.date(), time(settings.digest_hour), tzinfo=zone)
    if moment > local:
        moment = datetime.combine(
            local.date() - timedelta(days=1), time(settings.digest_hour), tzinfo=zone
        )
    return moment.astimezone(now.tzinfo)


def send_digests(now: datetime, batch: int = 500) -> int:
    """Write the digests due at ``now`` into the outbox (the caller commits);
    how many were written. Users with nothing unread get none."""
    moment = last_digest_time(now)
    users = db.session.scalars(
        select(User)
        .where(
            User.active,
            User.notify_by == "digest",
            or_(User.digest_sent_at.is_(None), User.digest_sent_at < moment),
        )
        .order_by(User.id)
        .limit(batch)
    ).all()
    written = 0
    for user in users:
        since = user.digest_sent_at or moment - timedelta(days=1)
        items, total = _unread_since(user.id, since, now)
        if items:
            enqueue(
                user.email,
                DIGEST,
                audience.language(user),
                items=items,
                total=total,
                link="/notifications",
            )
            written += 1
        user.digest_sent_at = now
    return written


def _unread_since(user_id: str, since: datetime, until: datetime) -> tuple[list[dict], int]:
    found = db.session.scalars(
        select(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.read_at.is_(None),
            Notification.created_at > since,
            Notification.created_at <= until,
        )
        .options(selectinload(Notification.referral), selectinload(Notification.reminder))
        .order_by(Notification.id)
    ).all()
    return [_item(n) for n in found[:DIGEST_ITEMS]], len(found)


def _item(notification: Notification) -> dict[str, Any]:
    """A digest line: codes only, like every payload."""
    item = {
        "kind": notification.kind,
        "reference": notification.referral.reference,
        "service": notification.referral.service_code,
        "status": notification.status,
    }
    if notification.reminder is not None and notification.reminder.title:
        item["title"] = notification.reminder.title
    return item
