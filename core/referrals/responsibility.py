"""Who at the receiving institution is responsible for a referral, and which of
its offices has it: assigning an officer and forwarding to another office.

Both are the receiving institution's moves (its officers, or its own system
with the institution's token). Like a transition, each is made at the version
its author read (428/412), writes one history row (kind ``assigned`` or
``forwarded``, the people and offices by id in ``data``), an audit row and the
announcements, in the caller's transaction; the caller commits. Neither
changes the status.
"""

from __future__ import annotations

from sqlalchemy import Select, select

from core import clock
from core.access import Principal, referral_side
from core.audit import audit
from core.auth.models import User
from core.db import db
from core.errors import N_, Conflict, Forbidden, Invalid, NotFound
from core.institutions.models import Office
from core.notifications.announce import announce_responsibility
from core.referrals.lifecycle import RECEIVER, TERMINAL, check_version, flush_change
from core.referrals.models import ASSIGNED, FORWARDED, Referral, ReferralEvent
from core.stats import rollup

#: the officers' role: only they are assigned referrals
OFFICER = "agency_officer"


def assign(
    principal: Principal,
    referral: Referral,
    officer_id: str | None,
    *,
    expected_version: int | None,
) -> ReferralEvent | None:
    """Make ``officer_id`` (an active officer of the receiving institution)
    responsible for ``referral``; None unassigns it.

    404 for a caller who may not see the referral, 403 for its sender, 409 once
    it is closed, 428/412 for the version, 422 for an officer who is not an
    active officer of the receiving institution. Assigning the officer who is
    already responsible changes nothing and returns None (a bulk action may
    include referrals that are already theirs).
    """
    _check_receiver(
        principal, referral, N_("Only the receiving institution assigns its referrals.")
    )
    check_version(referral, expected_version)
    if officer_id is not None:
        _officer_of(referral, officer_id)
    previous = referral.assigned_officer_id
    if officer_id == previous:
        return None
    referral.assigned_officer_id = officer_id
    return _record(
        principal,
        referral,
        ASSIGNED,
        {"officer_id": officer_id, "previous_officer_id": previous},
        note=None,
    )


def forward(
    principal: Principal,
    referral: Referral,
    office_id: str,
    note: str | None,
    *,
    expected_version: int | None,
) -> ReferralEvent:
    """Hand ``referral`` to another active office of the receiving institution,
    with a note both sides read; the new office is told as of a new referral.

    The assignment ends with it: officers belong to the institution, not to an
    office, and the new office decides who takes the referral there. The same
    refusals as :func:`assign`; 422 for the same office, an inactive one, or
    another institution's.
    """
    _check_receiver(
        principal, referral, N_("Only the receiving institution forwards its referrals.")
    )
    check_version(referral, expected_version)
    office = db.session.get(Office, office_id)
    if office is None or office.institution_id != referral.to_institution_id:
        raise Invalid(
            N_("Choose an office of the institution that received the referral."),
            errors={"office_id": [N_("Not an office of your institution.")]},
        )
    if office.id == referral.to_office_id:
        raise Invalid(
            N_("The referral is already at this office; choose another one."),
            errors={"office_id": [N_("The referral's current office.")]},
        )
    if not office.active:
        raise Invalid(
            N_("This office no longer receives referrals; choose another one."),
            errors={"office_id": [N_("The office is closed.")]},
        )
    note = (note or "").strip() or None
    data = {
        "from_office_id": referral.to_office_id,
        "to_office_id": office.id,
        "previous_officer_id": referral.assigned_officer_id,
    }
    before = rollup.snapshot(referral)
    referral.to_office = office
    referral.routed = None  # the new office's addresses from now on, even if it was the first
    referral.assigned_officer_id = None
    event = _record(principal, referral, FORWARDED, data, note=note)
    rollup.record(db.session, before, rollup.snapshot(referral))  # the figures per office
    return event


def _check_receiver(principal: Principal, referral: Referral, refusal: str) -> None:
    side = referral_side(principal, referral)
    if side is None:
        raise NotFound(N_("No such referral."))
    if side != RECEIVER:
        raise Forbidden(refusal)
    if referral.status in TERMINAL:
        raise Conflict(
            N_("The referral is closed; nobody needs to be responsible for it any more.")
        )


def active_officers(institution_id: str) -> Select[tuple[User]]:
    """The officers a referral of ``institution_id`` may be assigned to, by name."""
    return (
        select(User)
        .where(User.institution_id == institution_id, User.role == OFFICER, User.active)
        .order_by(User.name, User.id)
    )


def _officer_of(referral: Referral, officer_id: str) -> User:
    officer = db.session.get(User, officer_id)
    if (
        officer is None
        or officer.role != OFFICER
        or officer.institution_id != referral.to_institution_id
    ):
        raise Invalid(
            N_("Choose an officer of the institution that received the referral."),
            errors={"officer_id": [N_("Not an officer of your institution.")]},
        )
    if not officer.active:
        raise Invalid(
            N_("This officer's account is closed; choose another officer."),
            errors={"officer_id": [N_("The account is closed.")]},
        )
    return officer


def _record(
    principal: Principal, referral: Referral, kind: str, data: dict, *, note: str | None
) -> ReferralEvent:
    event = ReferralEvent(
        referral_id=referral.id,
        kind=kind,
        at=clock.now(),
        actor_user_id=principal.user_id,
        actor_institution_id=principal.institution_id,
        note=note,
        data=data,
        source=principal.source,
    )
    db.session.add(event)
    flush_change()
    audit(principal, kind, "referral", referral.id, beneficiary_id=referral.beneficiary_id)
    announce_responsibility(referral, event)
    return event
