"""What a change announces, and to whom.

Every function here adds rows (outbox e-mails, in-app notifications) to the
caller's session, so they commit or roll back with the change that caused
them. Payloads hold codes and ids only: the reference, the service, the
status, a link; never a beneficiary's personal data.

People (users) always get an in-app notification; they get its e-mail at
once, or in their daily digest (:mod:`core.notifications.digest`) when they
chose one. Office inboxes are addresses, not people: they get every e-mail at
once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.auth.models import User
from core.notifications import audience
from core.notifications.inapp import add_notifications
from core.notifications.models import Reminder
from core.notifications.outbox import enqueue
from core.referrals.models import ASSIGNED, FORWARDED, Referral, ReferralEvent
from core.webhooks import service as webhooks

# Kinds of news: the e-mail templates and the in-app notification kinds.
REFERRAL_SENT = "referral_sent"
STATUS_CHANGED = "referral_status_changed"
REFERRAL_CANCELLED = "referral_cancelled"
REFERRAL_OVERDUE = "referral_overdue"
REFERRAL_ESCALATED = "referral_escalated"
REMINDER = "reminder"
REFERRAL_ASSIGNED = "referral_assigned"
REFERRAL_FORWARDED = "referral_forwarded"
APPOINTMENT_SET = "appointment_set"
APPOINTMENT_CLEARED = "appointment_cleared"
WEBHOOK = "webhook"  # the body is in the payload's "event"

#: Moves of the receiving institution that the sender hears about.
SENDER_HEARS_OF = frozenset({"accepted", "rejected", "completed", "failed", "on-hold"})


def announce(referral: Referral, event: ReferralEvent) -> None:
    """Announce a transition; called at the end of
    :func:`core.referrals.lifecycle.transition`, in its transaction.

    - sent (``requested``): the receiving office;
    - cancelled by the sender after it was sent: the receiving office;
    - accepted, rejected, on hold, completed, failed: the sender;
    - every move the receiving office may know of: the office's own system,
      by webhook, when an admin approved its address.
    """
    _webhook(referral, event)
    about = about_referral(referral, event.to_status)
    if event.to_status == "requested":
        tell_office(referral, REFERRAL_SENT, about)
    elif event.to_status == "cancelled" and event.from_status != "draft":
        tell_office(referral, REFERRAL_CANCELLED, about)
    elif event.to_status in SENDER_HEARS_OF:
        tell_people(audience.sender_people(referral), referral, STATUS_CHANGED, about)


def announce_responsibility(referral: Referral, event: ReferralEvent) -> None:
    """Announce a change of who is responsible; called by
    :mod:`core.referrals.responsibility`, in its transaction.

    - assigned: the newly assigned officer, unless they took it themselves;
    - forwarded: the new office, as for a new referral (its inbox addresses and
      officers).

    Webhooks carry status changes only, so neither sends one.
    """
    about = about_referral(referral)
    if event.kind == ASSIGNED:
        officer = audience.assigned_officer(referral)
        if officer is not None and officer.id != event.actor_user_id:
            tell_people([officer], referral, REFERRAL_ASSIGNED, about)
    elif event.kind == FORWARDED:
        tell_office(referral, REFERRAL_FORWARDED, about)


def announce_appointment(referral: Referral, kind: str) -> None:
    """The receiver set (``APPOINTMENT_SET``) or cleared the appointment: the
    sender hears of it. The e-mail names the time, never the place or the note,
    which are free text."""
    about = about_referral(referral)
    if referral.appointment_at is not None:
        about["appointment_at"] = referral.appointment_at.isoformat()
    tell_people(audience.sender_people(referral), referral, kind, about)


def _webhook(referral: Referral, event: ReferralEvent) -> None:
    """One webhook to the receiving office's system (``recipient``: its endpoint's id)."""
    endpoint = webhooks.approved_endpoint(referral.to_office_id)
    if endpoint is None or not webhooks.office_hears_of(event):
        return
    # No language: the body holds codes, which the institution's system maps.
    enqueue(endpoint.id, WEBHOOK, "", channel="webhook", event=webhooks.event_body(referral, event))


def about_referral(referral: Referral, status: str | None = None) -> dict[str, Any]:
    """The payload that identifies a referral in a message."""
    return {
        "reference": referral.reference,
        "service": referral.service_code,
        "status": status or referral.status,
        "link": f"/referrals/{referral.id}",
    }


def tell_office(
    referral: Referral, kind: str, about: dict[str, Any], reminder: Reminder | None = None
) -> None:
    """The receiving office: an e-mail to each inbox address, a notification to
    each officer, and the assigned officer's own e-mail (per their preference)."""
    language = audience.office_language(referral)
    inbox = audience.office_addresses(referral)
    # The people are read before any message is queued, so that reading them does
    # not flush the queue first: the messages go in one flush, at the commit.
    assigned = audience.assigned_officer(referral)
    others = [o for o in audience.officers(referral) if assigned is None or o.id != assigned.id]
    for address in inbox:
        enqueue(address, kind, language, **about)
    add_notifications([o.id for o in others], referral, kind, about["status"], reminder)
    if assigned is not None:
        tell_people([assigned], referral, kind, about, reminder, mail=assigned.email not in inbox)


def tell_people(
    users: Iterable[User],
    referral: Referral,
    kind: str,
    about: dict[str, Any],
    reminder: Reminder | None = None,
    *,
    mail: bool = True,
) -> None:
    """A notification for each user, and an e-mail now to those who want mail
    at once (the others read it in their digest)."""
    users = list(users)
    add_notifications([u.id for u in users], referral, kind, about["status"], reminder)
    for user in users:
        if mail and user.notify_by == "immediate":
            enqueue(user.email, kind, audience.language(user), **about)
