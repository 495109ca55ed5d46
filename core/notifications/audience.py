"""Who hears of a referral: the one place that picks the recipients.

- the **receiving office**: the addresses its routing chose (its inbox), in
  the office's language, and its officers in the hub; the **assigned
  officer** personally once there is one;
- the **sender**: the staff member who created the referral, or, when they
  have left, the sending centre's active staff (so nothing goes unheard);
- the **coordinators** of the working group, for escalations.
"""

from __future__ import annotations

from sqlalchemy import select

from core.app import hub
from core.auth.models import User
from core.db import db
from core.referrals.models import Referral, ReferralEvent


def office_addresses(referral: Referral) -> list[str]:
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


def office_language(referral: Referral) -> str:
    """The first language the receiving office speaks that the hub offers."""
    offered = hub().settings.languages
    spoken = [lang for lang in referral.to_office.languages if lang in offered]
    return spoken[0] if spoken else hub().settings.default_language


def officers(referral: Referral) -> list[User]:
    """The receiving institution's active officers."""
    return _users(User.institution_id == referral.to_institution_id, User.role == "agency_officer")


def assigned_officer(referral: Referral) -> User | None:
    if referral.assigned_officer_id is None:
        return None
    officer = db.session.get(User, referral.assigned_officer_id)
    return officer if officer is not None and officer.active else None


def sender_people(referral: Referral) -> list[User]:
    """The creator of the referral, or the sending centre's staff once they have left."""
    creator = db.session.get(User, referral.created_by) if referral.created_by else None
    if creator is not None and creator.active:
        return [creator]
    return _users(User.institution_id == referral.from_institution_id, User.role == "centre_staff")


def coordinators() -> list[User]:
    """The working group's coordinators (the hub serves one working group)."""
    return _users(User.role == "coordinator")


def admins() -> list[User]:
    return _users(User.role == "admin")


def language(user: User) -> str:
    """The user's language when the hub offers it, else the hub's default."""
    settings = hub().settings
    return user.language if user.language in settings.languages else settings.default_language


def _users(*where) -> list[User]:
    return list(db.session.scalars(select(User).where(*where, User.active).order_by(User.id)))
