"""Writing to the outbox: which change announces what to whom.

Everything here adds rows to the caller's session, so the messages commit
(or roll back) with the change that caused them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from core import clock
from core.app import hub
from core.auth.models import User
from core.db import db, new_id
from core.errors import Invalid, NotFound
from core.notifications.inapp import notify_users
from core.notifications.models import OutboxMessage
from core.referrals.models import Referral, ReferralEvent
from core.webhooks import service as webhooks

#: Moves of the receiving institution that the referral's creator hears about.
CREATOR_HEARS_OF = frozenset({"accepted", "rejected", "completed", "failed", "on-hold"})

# Templates (rendered by the channel in the recipient's language).
REFERRAL_SENT = "referral_sent"
STATUS_CHANGED = "referral_status_changed"
MESSAGE_DEAD = "message_dead"
WEBHOOK = "webhook"  # the body is in the payload's "event"


def enqueue(
    recipient: str, template: str, language: str, *, channel: str = "email", **data: Any
) -> OutboxMessage:
    """Add one message to the caller's session, due now.

    ``data`` goes into the payload beside the template and the language; it
    must hold codes and ids only, never a beneficiary's personal data.
    """
    row_id, now = new_id(), clock.now()
    message = OutboxMessage(
        id=row_id,
        message_id=f"msg_{row_id.replace('-', '')}",
        channel=channel,
        recipient=recipient,
        payload={"template": template, "language": language, **data},
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(message)
    return message


def announce(referral: Referral, event: ReferralEvent) -> list[OutboxMessage]:
    """Enqueue what a transition announces; called at the end of
    :func:`core.referrals.lifecycle.transition`, in its transaction.

    - sent (``requested``): one e-mail per address the routing chose (the
      draft event's ``data["notify"]``), to the receiving office;
    - accepted, rejected, on hold, completed, failed: one e-mail to the staff
      member who created the referral, in their language;
    - every move the receiving office may know of: one webhook to the
      office's own system, when an admin approved its address.

    The same moves notify the users in the hub too
    (:func:`core.notifications.inapp.notify_users`).
    """
    notify_users(referral, event, CREATOR_HEARS_OF)
    return [*_emails(referral, event), *_webhooks(referral, event)]


def _emails(referral: Referral, event: ReferralEvent) -> list[OutboxMessage]:
    about = {
        "reference": referral.reference,
        "service": referral.service_code,
        "status": event.to_status,
        "link": f"/referrals/{referral.id}",
    }
    if event.to_status == "requested":
        language = _office_language(referral)
        return [
            enqueue(address, REFERRAL_SENT, language, **about) for address in _notify_list(referral)
        ]
    if event.to_status in CREATOR_HEARS_OF and referral.created_by:
        creator = db.session.get(User, referral.created_by)
        if creator is not None and creator.active:
            return [enqueue(creator.email, STATUS_CHANGED, _language(creator.language), **about)]
    return []


def _webhooks(referral: Referral, event: ReferralEvent) -> list[OutboxMessage]:
    """One webhook to the receiving office's system (``recipient``: its endpoint's id)."""
    endpoint = webhooks.approved_endpoint(referral.to_office_id)
    if endpoint is None or not webhooks.office_hears_of(event):
        return []
    body = webhooks.event_body(referral, event)
    # No language: the body holds codes, which the institution's system maps.
    return [enqueue(endpoint.id, WEBHOOK, "", channel="webhook", event=body)]


def alert_admins(dead: OutboxMessage) -> list[OutboxMessage]:
    """Tell every active admin that ``dead`` was given up on (by its id only).

    An alert that dies itself raises no further alert (it would loop).
    """
    if dead.payload.get("template") == MESSAGE_DEAD:
        return []
    admins = db.session.scalars(
        select(User).where(User.role == "admin", User.active).order_by(User.id)
    )
    return [
        enqueue(
            admin.email,
            MESSAGE_DEAD,
            _language(admin.language),
            dead_message_id=dead.message_id,
            dead_channel=dead.channel,
        )
        for admin in admins
    ]


def find(key: str) -> OutboxMessage:
    """A message by its row id or its ``message_id``."""
    message = db.session.scalar(
        select(OutboxMessage).where(or_(OutboxMessage.id == key, OutboxMessage.message_id == key))
    )
    if message is None:
        raise NotFound(f"No outbox message {key!r}.")
    return message


def replay(key: str) -> OutboxMessage:
    """Put a dead message back in line: same ``message_id``, attempts reset.
    The caller commits."""
    message = find(key)
    if message.status != "dead":
        raise Invalid(
            f"Message {message.message_id} is {message.status}, not dead;"
            " only dead messages can be replayed."
        )
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = clock.now()
    message.claimed_until = None
    message.last_error = None
    return message


def _notify_list(referral: Referral) -> list[str]:
    """The addresses the routing chose when the referral was created (the draft
    event's data), else the receiving office's referral addresses."""
    draft = db.session.scalar(
        select(ReferralEvent)
        .where(
            ReferralEvent.referral_id == referral.id,
            ReferralEvent.kind == "transition",
            ReferralEvent.to_status == "draft",
        )
        .order_by(ReferralEvent.id)
        .limit(1)
    )
    addresses = (draft.data.get("notify") if draft else None) or referral.to_office.referral_emails
    return list(dict.fromkeys(a.strip() for a in addresses if a and a.strip()))


def _office_language(referral: Referral) -> str:
    """The first language the receiving office speaks that the hub offers."""
    offered = hub().settings.languages
    spoken = [lang for lang in referral.to_office.languages if lang in offered]
    return spoken[0] if spoken else hub().settings.default_language


def _language(language: str | None) -> str:
    return language if language in hub().settings.languages else hub().settings.default_language
