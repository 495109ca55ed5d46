"""Households: a head and the members linked to them, and who may speak for a child.

A household is one level deep: members point to their head
(``household_head_id``, indexed) and say how they are related to them
(``household_relationship``); the head heads their own household. Reads here
are bounded (at most :data:`MEMBERS_CAP` members) and go through the access
policy, so another centre's household is not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.access import Principal, beneficiaries_visible_to, referrals_visible_to
from core.beneficiaries.models import AGE_OF_MAJORITY, Beneficiary
from core.db import db
from core.referrals.models import Referral

#: members of one household shown or offered (a household of more is a data error)
MEMBERS_CAP = 30


def age_on(born: date, day: date) -> int:
    """Full years of age on ``day`` (a birthday on 29 February counts from 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_minor_on(person: Beneficiary, day: date) -> bool:
    """Under :data:`AGE_OF_MAJORITY` on ``day``; False when the birth date is not known
    (erased), since then nothing can be said."""
    return person.date_of_birth is not None and age_on(person.date_of_birth, day) < AGE_OF_MAJORITY


def head_of(person: Beneficiary) -> Beneficiary:
    """The head of the person's household: their head, or themselves."""
    return person.household_head or person


@dataclass
class Household:
    head: Beneficiary
    members: list[Beneficiary]  # without the head, oldest registration first
    more: bool  # more than MEMBERS_CAP members: only the first are listed

    @property
    def people(self) -> list[Beneficiary]:
        return [self.head, *self.members]


def household_of(principal: Principal, person: Beneficiary) -> Household:
    """The household ``person`` (already checked as the caller's) belongs to or heads."""
    head = head_of(person)
    query = beneficiaries_visible_to(
        principal, select(Beneficiary).where(Beneficiary.household_head_id == head.id)
    )
    found = list(db.session.scalars(query.order_by(Beneficiary.id).limit(MEMBERS_CAP + 1)))
    return Household(head, found[:MEMBERS_CAP], len(found) > MEMBERS_CAP)


def adults_of(household: Household, day: date, but: Beneficiary) -> list[Beneficiary]:
    """The household's adults on ``day`` other than ``but``: who may consent for a child."""
    return [
        p
        for p in household.people
        if p.id != but.id and p.date_of_birth is not None and not is_minor_on(p, day)
    ]


#: referrals listed on a household's page, newest first
REFERRALS_CAP = 100


def household_referrals(principal: Principal, household: Household) -> tuple[list[Referral], bool]:
    """The referrals of the household's people that the caller may see, newest
    first, in one query (at most REFERRALS_CAP); and whether more exist."""
    query = referrals_visible_to(
        principal,
        select(Referral).where(Referral.beneficiary_id.in_([p.id for p in household.people])),
    )
    found = list(
        db.session.scalars(
            query.options(selectinload(Referral.to_institution))
            .order_by(Referral.id.desc())
            .limit(REFERRALS_CAP + 1)
        )
    )
    return found[:REFERRALS_CAP], len(found) > REFERRALS_CAP
