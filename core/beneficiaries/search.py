"""Finding people the way staff type them.

What someone types is read as one of

- a **reference** (``B-7K3M9QX2``) or a **date of birth** (``2001-05-03``,
  ``03.05.2001``): exact;
- something with digits: a **phone** (any formatting, compared on its last
  digits, :func:`core.beneficiaries.keys.phone_key`) or a **residence
  document number** (:func:`core.beneficiaries.keys.document_key`): exact;
- otherwise **names**, in any script and spelling: each word's keys
  (:mod:`core.beneficiaries.names`) are looked up in ``beneficiary_name_keys``;
  a person is a candidate when all words match (all but one from three
  words on: a middle name the register does not have), and candidates are
  ranked by how alike the spellings are, best first.

Every look-up is served by an index; a name search reads at most
:data:`CANDIDATES` people, whatever the size of the register.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, func, select, union

from core.access import Principal, beneficiaries_visible_to
from core.beneficiaries.keys import document_key, phone_key
from core.beneficiaries.models import Beneficiary, BeneficiaryNameKey
from core.beneficiaries.names import match_score, query_keys
from core.db import db

#: at most this many people are read and ranked for one name search
CANDIDATES = 200
#: the least score (0–100, :func:`names.match_score`) of a person found by name
MIN_SCORE = 55.0

REFERENCE = re.compile(r"[Bb]-[0-9A-Za-z]{8}")


@dataclass
class Found:
    """The answer to a search: an exact ``query`` (the caller orders and pages
    it), or people ``ranked`` best first by name."""

    query: Select | None = None
    ranked: list[Beneficiary] | None = None


def search(principal: Principal, q: str | None) -> Found:
    """Centre staff's beneficiaries matching ``q`` (restricted people, Art. 18,
    are left out; nothing matches an empty word)."""
    visible = beneficiaries_visible_to(principal, select(Beneficiary)).where(
        Beneficiary.restricted_at.is_(None)
    )
    q = (q or "").strip()
    if not q:
        return Found(query=visible)
    exact = exact_condition(q, principal.institution_id)
    if exact is not None:
        return Found(query=visible.where(exact))
    words = query_keys(q)
    if not words:
        return Found(query=visible.where(False))
    people = db.session.scalars(candidates(visible, words, principal.institution_id)).all()
    return Found(ranked=rank(q, people))


def candidates(visible: Select, words: list[set[str]], registered_by: str) -> Select:
    """The people of ``visible`` a name search reads before ranking them."""
    return visible.where(Beneficiary.id.in_(matching_people(words, registered_by)))


def exact_condition(q: str, registered_by: str):
    """The condition for a reference, date of birth, phone or document
    number of the centre ``registered_by``; None when ``q`` is a name."""
    if REFERENCE.fullmatch(q):
        return Beneficiary.reference == q.upper()
    if (born := parse_date(q)) is not None:
        return Beneficiary.date_of_birth == born
    if not re.search(r"\d", q):
        return None
    by_key = [(Beneficiary.document_key, document_key(q))]
    if re.fullmatch(r"[\d\s+()./-]+", q):
        by_key.append((Beneficiary.phone_key, phone_key(q)))
    # one look-up per (centre, key) index: the planners serve an OR of the two
    # by reading the centre's whole register
    found = union(
        *(
            select(Beneficiary.id).where(
                Beneficiary.registered_by == registered_by, column == value
            )
            for column, value in by_key
        )
    )
    return Beneficiary.id.in_(found)


def matching_people(
    words: list[set[str]],
    registered_by: str | None = None,
    where: ColumnElement[bool] | None = None,
) -> Select:
    """The ids of at most :data:`CANDIDATES` people whose keys answer enough
    of the searched ``words`` (one key set per word): people of the centre
    ``registered_by``, or for whom ``where`` holds (a condition on
    ``BeneficiaryNameKey.beneficiary_id``, checked for each key found: an
    inbox's referrals are probed by person, never read whole)."""
    keys = set().union(*words)
    needed = len(words) if len(words) < 3 else len(words) - 1
    query = select(BeneficiaryNameKey.beneficiary_id).where(BeneficiaryNameKey.key.in_(keys))
    if registered_by is not None:
        query = query.where(BeneficiaryNameKey.registered_by == registered_by)
    if where is not None:
        query = query.where(where)
    # those matching the most keys first, so a common name's limit keeps the closest
    return (
        query.group_by(BeneficiaryNameKey.beneficiary_id)
        .having(func.count() >= needed)
        .order_by(func.count().desc())
        .limit(CANDIDATES)
    )


def rank(q: str, people: list[Beneficiary]) -> list[Beneficiary]:
    """``people`` who answer ``q`` well enough, best first."""
    scored = [(match_score(q, _names(p)), p) for p in people]
    good = [(score, p) for score, p in scored if score >= MIN_SCORE]
    return [p for _score, p in sorted(good, key=lambda pair: (-pair[0], pair[1].reference))]


def _names(person: Beneficiary) -> list[str]:
    return [person.given_name, person.family_name, person.name_latin]


def parse_date(q: str) -> date | None:
    for pattern, order in (
        (r"(\d{4})-(\d{2})-(\d{2})", (0, 1, 2)),
        (r"(\d{2})\.(\d{2})\.(\d{4})", (2, 1, 0)),
    ):
        if m := re.fullmatch(pattern, q):
            parts = [int(m.group(i + 1)) for i in order]
            try:
                return date(*parts)
            except ValueError:
                return None
    return None
