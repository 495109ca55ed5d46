"""The receiver's appointment with the person: when, where, what to bring.

The receiving institution records it (or clears it) on the referral while it
works on it; the sender sees it on the referral and is told. Like every
change of a referral it is made at the version its author read, writes one
timeline event and one audit row, and announces itself, in one transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core import clock
from core.access import Principal, check_referral, referral_side
from core.audit import audit
from core.db import db
from core.errors import N_, Conflict, Forbidden, Invalid
from core.notifications.announce import APPOINTMENT_CLEARED, APPOINTMENT_SET, announce_appointment
from core.referrals.lifecycle import IN_HAND, RECEIVER, check_version, flush_change
from core.referrals.models import Referral, ReferralEvent

#: the timeline event's kind, and the audit actions
EVENT_KIND = "appointment"
SET_APPOINTMENT, CLEAR_APPOINTMENT = "set_appointment", "clear_appointment"
#: an appointment is made once the institution has the referral, until it is closed
APPOINTABLE = ("received", *IN_HAND)
PLACE_MAX, NOTE_MAX = 300, 1000


def appointment_of(referral: Referral) -> dict[str, Any] | None:
    """The appointment as the API shows it: ``{"at", "place", "note"}`` or None."""
    if referral.appointment_at is None:
        return None
    return {
        "at": referral.appointment_at,
        "place": referral.appointment_place,
        "note": referral.appointment_note,
    }


def check_appointable(principal: Principal, referral: Referral | None) -> Referral:
    """The referral whose appointment the caller may change: 404 where they may
    not see it, 403 for its sender, 409 before receipt and once it is closed."""
    referral = check_referral(principal, referral)
    if referral_side(principal, referral) != RECEIVER:
        raise Forbidden(N_("Only the receiving institution records the appointment."))
    if referral.status not in APPOINTABLE:
        if referral.status == "requested":
            raise Conflict(N_("Confirm receipt of the referral before you make an appointment."))
        raise Conflict(N_("The referral is closed; its appointment can no longer change."))
    return referral


def set_appointment(
    principal: Principal,
    referral: Referral | None,
    *,
    at: datetime,
    place: str | None,
    note: str | None,
    version: int | None,
) -> Referral:
    """Record the appointment at ``version`` (a new one replaces the old).

    ``at`` is timezone-aware and in the future (422 otherwise); ``place``
    defaults to the receiving office's address. The caller commits.
    """
    referral = check_appointable(principal, referral)
    check_version(referral, version)
    if at.tzinfo is None:
        raise Invalid(
            N_("Give the time with its offset, e.g. 2026-11-05T10:00:00+02:00."),
            errors={"at": [N_("Not a timezone-aware time.")]},
        )
    if at <= clock.now():
        raise Invalid(
            N_("The appointment must be in the future."),
            errors={"at": [N_("Choose a later date or time.")]},
        )
    place = (place or "").strip() or referral.to_office.address or None
    referral.appointment_at = at = at.astimezone(UTC)
    referral.appointment_place = place
    referral.appointment_note = (note or "").strip() or None
    _record(principal, referral, SET_APPOINTMENT, {"at": at.isoformat(), "place": place})
    announce_appointment(referral, APPOINTMENT_SET)
    return referral


def clear_appointment(
    principal: Principal, referral: Referral | None, *, version: int | None
) -> Referral:
    """Clear the appointment at ``version``. Clearing none changes nothing (no
    event, no new version, nobody told), as a repeated DELETE should. The
    caller commits."""
    referral = check_appointable(principal, referral)
    check_version(referral, version)
    if referral.appointment_at is None:
        return referral
    referral.appointment_at = None
    referral.appointment_place = None
    referral.appointment_note = None
    _record(principal, referral, CLEAR_APPOINTMENT, {})
    announce_appointment(referral, APPOINTMENT_CLEARED)
    return referral


def _record(principal: Principal, referral: Referral, action: str, data: dict[str, Any]) -> None:
    """The event (its note holds the appointment's note, which retention
    erases with every note), the version bump, the audit row."""
    db.session.add(
        ReferralEvent(
            referral_id=referral.id,
            kind=EVENT_KIND,
            at=clock.now(),
            actor_user_id=principal.user_id,
            actor_institution_id=principal.institution_id,
            reason_code=action,
            note=referral.appointment_note,
            data=data,
            source=principal.source,
        )
    )
    flush_change()  # the UPDATE bumps ``version``
    audit(principal, action, "referral", referral.id, beneficiary_id=referral.beneficiary_id)
