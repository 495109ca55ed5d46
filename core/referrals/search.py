"""An officer's search over the referrals their institution received.

It reads what someone types the way the register's search does
(:mod:`core.beneficiaries.search`): a referral's or a person's reference, a
date of birth, a phone or document number, or names in any script and
spelling. It only ever matches what the officer may see of each referral:
a name where the service lists the names, a phone where it lists the phone,
and nothing but the references once the person withdrew their consent
(:func:`core.access.received_showing`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import selectinload

from core.access import received_showing
from core.beneficiaries.keys import document_key, phone_key
from core.beneficiaries.models import Beneficiary, BeneficiaryNameKey
from core.beneficiaries.names import query_keys
from core.beneficiaries.search import REFERENCE, Found, matching_people, parse_date, rank
from core.db import db
from core.referrals.models import Referral

_REFERRAL_REFERENCE = re.compile(r"[Rr]-[0-9A-Za-z]{8}")


def search_received(received: Select, q: str, services: Mapping[str, tuple[str, ...]]) -> Found:
    """The referrals of ``received`` (an officer's inbox query, filters
    applied) whose person answers ``q``. ``services`` maps each service code
    to the beneficiary fields it lists. An exact answer is a query the
    caller orders and pages; names give the referrals ranked, best first."""
    q = q.strip()
    if _REFERRAL_REFERENCE.fullmatch(q):
        return Found(query=received.where(Referral.reference == q.upper()))
    if REFERENCE.fullmatch(q):
        return Found(query=_of_people(received, Beneficiary.reference == q.upper()))
    if (born := parse_date(q)) is not None:
        shown = received.where(received_showing("date_of_birth", services))
        return Found(query=_of_people(shown, Beneficiary.date_of_birth == born))
    if re.search(r"\d", q):
        return Found(query=_by_number(received, services, q))
    words = query_keys(q)
    if not words:
        return Found(query=received.where(False))
    # ranked on both names: only where the officer may read both
    named = received.where(
        received_showing("given_name", services), received_showing("family_name", services)
    )
    in_inbox = named.where(Referral.beneficiary_id == BeneficiaryNameKey.beneficiary_id).exists()
    people = matching_people(words, where=in_inbox)
    found = db.session.scalars(
        named.where(Referral.beneficiary_id.in_(people)).options(selectinload(Referral.beneficiary))
    ).all()
    order = {p.id: i for i, p in enumerate(rank(q, list({r.beneficiary for r in found})))}
    ranked = [r for r in found if r.beneficiary_id in order]
    return Found(ranked=sorted(ranked, key=lambda r: (order[r.beneficiary_id], r.reference)))


def _of_people(received: Select, condition: ColumnElement[bool]) -> Select:
    return received.where(Referral.beneficiary_id.in_(select(Beneficiary.id).where(condition)))


def _by_number(received: Select, services: Mapping[str, tuple[str, ...]], q: str) -> Select:
    """A phone or a residence document number, each where the service shows it."""
    by_document = _of_people(
        received.where(received_showing("residence_document", services)),
        Beneficiary.document_key == document_key(q),
    )
    if not re.fullmatch(r"[\d\s+()./-]+", q):
        return by_document
    by_phone = _of_people(
        received.where(received_showing("phone", services)),
        Beneficiary.phone_key == phone_key(q),
    )
    ids = by_document.with_only_columns(Referral.id).union(by_phone.with_only_columns(Referral.id))
    return received.where(Referral.id.in_(ids))
