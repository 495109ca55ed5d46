"""Who hears of a referral: the one place that picks the recipients.

- the **receiving office**: the addresses its routing chose (its inbox), in
  the office's language, and its officers in the hub; the **assigned
  officer** personally once there is one;
- the **sender**: the staff member who created the referral, or, when they
  have left, the sending centre's active staff (so nothing goes unheard);
- the **coordinators** of the working groups that the sending and the
  receiving institution share, for escalations; a coordinator of another
  group never hears of the referral;
- the **admins** (installation-wide) for alerts that belong to no referral.

Everyone here is scoped by the referral: the receiving institution's
officers, the sending institution's staff, the referral's own groups'
coordinators; nobody is picked installation-wide but the admins.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, or_, select

from core.app import hub
from core.auth.models import User
from core.db import db
from core.institutions.groups import members_of, shared_groups
from core.referrals.models import FORWARDED, Referral, ReferralEvent


def office_addresses(referral: Referral) -> list[str]:
    """The addresses the routing chose when the referral was created (the draft
    event's data), else the receiving office's referral addresses; once the
    referral was forwarded, the new office's referral addresses."""
    if referral.routed is not None and referral.routed[0] == referral.to_office_id:
        # created in this request (and not forwarded since): the draft event's data in hand
        return _clean(referral.routed[1] or referral.to_office.referral_emails)
    latest = db.session.scalar(
        select(ReferralEvent)
        .where(
            ReferralEvent.referral_id == referral.id,
            or_(
                and_(ReferralEvent.kind == "transition", ReferralEvent.to_status == "draft"),
                ReferralEvent.kind == FORWARDED,
            ),
        )
        .order_by(ReferralEvent.id.desc())
        .limit(1)
    )
    routed = latest.data.get("notify") if latest and latest.kind == "transition" else None
    return _clean(routed or referral.to_office.referral_emails)


def _clean(addresses: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a.strip() for a in addresses if a and a.strip()))


def office_language(referral: Referral) -> str:
    """The first language the receiving office speaks that the hub offers."""
    offered = hub().settings.languages
    spoken = [lang for lang in referral.to_office.languages if lang in offered]
    return spoken[0] if spoken else hub().settings.default_language


def officers(referral: Referral) -> list[User]:
    """The receiving institution's active officers."""
    return _users(User.institution_id == referral.to_institution_id, User.role == "agency_officer")


def assigned_officer(referral: Referral) -> User | None:
    """The officer who took the referral, while active and of the receiving institution."""
    officer = _member(referral.assigned_officer_id, referral.to_institution_id)
    return officer if officer is not None and officer.role == "agency_officer" else None


def sender_people(referral: Referral) -> list[User]:
    """The creator of the referral, or the sending centre's staff once they have left."""
    creator = _member(referral.created_by, referral.from_institution_id)
    if creator is not None:
        return [creator]
    return _users(User.institution_id == referral.from_institution_id, User.role == "centre_staff")


def coordinators(referral: Referral) -> list[User]:
    """The coordinators of the working groups that the referral's sending and
    receiving institutions share (an installation may serve several groups)."""
    groups = shared_groups(referral.from_institution_id, referral.to_institution_id)
    return _users(User.role == "coordinator", User.institution_id.in_(members_of(groups)))


def admins() -> list[User]:
    """The installation's active admins (for what belongs to no referral)."""
    return _users(User.role == "admin")


def language(user: User) -> str:
    """The user's language when the hub offers it, else the hub's default."""
    settings = hub().settings
    return user.language if user.language in settings.languages else settings.default_language


def _users(*where) -> list[User]:
    return list(db.session.scalars(select(User).where(*where, User.active).order_by(User.id)))


def _member(user_id: str | None, institution_id: str | None) -> User | None:
    """The user ``user_id`` while active and a member of ``institution_id``."""
    user = db.session.get(User, user_id) if user_id else None
    if user is None or not user.active or user.institution_id != institution_id:
        return None
    return user
