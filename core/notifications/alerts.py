"""Alerts to the admins about dead messages: one per cause and interval, with a count.

A dead message is counted against its **cause**: the channel and the kind of
failure, and for a webhook its endpoint (``email:recipient-refused``,
``email:unreachable``, ``webhook:<endpoint id>:http-4xx``). At the end of
each worker pass, every cause with uncounted deaths whose last alert is at
least ``admin_alert_interval_minutes`` old (on the hub's clock) gets one
alert per active admin, saying how many messages died of it since the last
alert and pointing to the Mail page and ``referral-hub outbox replay``. A
mail server that refuses everything thus makes one alert an hour, not one
per message.

An alert that dies itself is not counted: alerts never raise alerts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from core import clock
from core.app import hub
from core.db import db
from core.notifications import audience
from core.notifications.models import AdminAlert, OutboxMessage
from core.notifications.outbox import MESSAGE_DEAD, enqueue
from core.webhooks.models import WebhookEndpoint

log = logging.getLogger(__name__)

# Kinds of failure (``DeliveryError.failure``), by channel.
RECIPIENT_REFUSED = "recipient-refused"  # SMTP: RCPT refused
SERVER_REFUSED = "server-refused"  # SMTP: MAIL FROM or DATA refused
LOGIN_REFUSED = "login-refused"  # SMTP: AUTH refused
UNREACHABLE = "unreachable"  # SMTP or webhook: no connection, timeout, TLS
NOT_APPROVED = "not-approved"  # webhook: the endpoint was changed, refused or removed
# Webhooks also fail with "http-3xx", "http-4xx", "http-5xx" (the answer's class).

#: the link in an alert: the admin's Mail page, which lists and replays dead messages
MAIL_PAGE = "/admin/mail"


def cause_of(message: OutboxMessage, failure: str) -> str:
    """The cause a dead message is counted against."""
    if message.channel == "webhook":
        return f"webhook:{message.recipient}:{failure}"
    return f"{message.channel}:{failure}"


def record_dead(message: OutboxMessage, failure: str) -> None:
    """Count ``message``, which just died of ``failure``, against its cause
    (in the caller's transaction). Dead alerts are not counted."""
    if message.payload.get("template") == MESSAGE_DEAD:
        return
    alert = _alert_for(message, failure)
    alert.unreported += 1
    alert.latest_message_id = message.message_id


def send_due_alerts() -> int:
    """Alert the admins of every cause that has uncounted deaths and no alert
    in the last ``admin_alert_interval_minutes``; commits. How many causes
    were alerted. With no active admin, the count waits for one."""
    now = clock.now()
    interval = timedelta(minutes=hub().settings.admin_alert_interval_minutes)
    query = (
        select(AdminAlert)
        .where(
            AdminAlert.unreported > 0,
            or_(AdminAlert.alerted_at.is_(None), AdminAlert.alerted_at <= now - interval),
        )
        .order_by(AdminAlert.cause)
    )
    if _postgresql():  # two workers: one alerts, the other skips the row
        query = query.with_for_update(skip_locked=True)
    due = list(db.session.scalars(query))
    admins = audience.admins() if due else []
    if not admins:
        db.session.rollback()
        return 0
    for alert in due:
        for admin in admins:
            enqueue(admin.email, MESSAGE_DEAD, audience.language(admin), **_about(alert))
        log.warning(
            "alerts: %d message(s) dead of %s since the last alert", alert.unreported, alert.cause
        )
        alert.alerted_at, alert.unreported, alert.latest_message_id = now, 0, None
    db.session.commit()
    return len(due)


def _about(alert: AdminAlert) -> dict:
    """The alert's payload: the cause, the count and the latest dead message (ids and codes)."""
    about = {
        "dead_message_id": alert.latest_message_id,
        "dead_channel": alert.channel,
        "dead_failure": alert.failure,
        "dead_count": alert.unreported,
        "since": alert.alerted_at.isoformat() if alert.alerted_at else None,
        "link": MAIL_PAGE,
    }
    if alert.endpoint_id is not None:
        about["endpoint"] = _endpoint_name(alert.endpoint_id)
    return about


def _endpoint_name(endpoint_id: str) -> str:
    """The webhook's office, as the admin knows it ("institution, office")."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        return endpoint_id
    office = endpoint.office
    return f"{office.institution.name}, {office.name}"


def _alert_for(message: OutboxMessage, failure: str) -> AdminAlert:
    """The cause's row, locked on PostgreSQL (two workers count the same cause)."""
    cause = cause_of(message, failure)
    query = select(AdminAlert).where(AdminAlert.cause == cause)
    if _postgresql():
        query = query.with_for_update()
    alert = db.session.scalar(query)
    if alert is not None:
        return alert
    alert = AdminAlert(
        cause=cause,
        channel=message.channel,
        failure=failure,
        endpoint_id=message.recipient if message.channel == "webhook" else None,
        unreported=0,
    )
    try:
        with db.session.begin_nested():
            db.session.add(alert)
    except IntegrityError:  # another worker counted the first death of this cause
        return db.session.scalar(query)
    return alert


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"
