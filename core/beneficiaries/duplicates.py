"""The duplicate check: is the person being registered already in the centre's register?

A record of the same centre (never another centre's; not merged, not
erased) is a **possible duplicate** when

- its names match across scripts and spellings
  (:func:`core.beneficiaries.names.similarity` at least :data:`NAME_MATCH`)
  *and* its date of birth is equal, one day off, or the day and month
  swapped (05-03 for 03-05, the usual slip between date formats); or
- its residence document number is the same once normalised
  (:func:`document_key`), whatever the names (a new transliteration, a
  married name).

The **score** (0 to 1, best first) is how sure the hub is:

- names and birth date: the name similarity (0–1) times 1.0 for the same
  date, :data:`CLOSE_DATE` for a day off or a swap;
- the same document: :data:`SAME_DOCUMENT` plus the rest of the way to 1 in
  proportion to the name similarity (the same document and names is 1.0);
- both: the higher of the two.

Candidates come from indexes only (``date_of_birth``, and
``(registered_by, document_key)``): a few birth dates or one document key,
then the names are compared in Python. Nothing scans the register.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select

from core.access import Principal, require_role
from core.audit import audit
from core.beneficiaries.keys import document_key
from core.beneficiaries.models import Beneficiary
from core.beneficiaries.names import similarity
from core.db import db

#: the least name similarity (0–100) that, with a close birth date, makes a match
NAME_MATCH = 85.0
#: the weight of a birth date one day off or with day and month swapped
CLOSE_DATE = 0.9
#: the least score of a match on the residence document number
SAME_DOCUMENT = 0.9

Subject = Mapping[str, Any] | Beneficiary


def candidate_dates(born: date) -> list[date]:
    """The birth dates that count as the same: equal, a day off, day/month swapped."""
    dates = [born, born - timedelta(days=1), born + timedelta(days=1)]
    if born.day <= 12 and born.day != born.month:
        # always a real date: the new day is an old month, 12 at most
        dates.append(born.replace(month=born.day, day=born.month))
    return dates


def possible_duplicates(
    registered_by: str, subject: Subject, exclude_id: str | None = None
) -> list[tuple[Beneficiary, float]]:
    """The centre's records that may be the same person as ``subject`` (a
    beneficiary, or the data of one about to be registered), best first."""
    facts = _facts(subject)
    conditions = []
    if facts["born"] is not None:
        conditions.append(Beneficiary.date_of_birth.in_(candidate_dates(facts["born"])))
    if facts["document"]:
        conditions.append(Beneficiary.document_key == facts["document"])
    if not conditions:
        return []
    query = select(Beneficiary).where(
        Beneficiary.registered_by == registered_by,
        Beneficiary.merged_into_id.is_(None),
        Beneficiary.erased_at.is_(None),
        or_(*conditions),
    )
    if exclude_id is not None:
        query = query.where(Beneficiary.id != exclude_id)
    scored = [
        (candidate, score)
        for candidate in db.session.scalars(query)
        if (score := _score(facts, candidate)) > 0
    ]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].reference))


def listed_duplicates(
    principal: Principal, subject: Subject, exclude_id: str | None = None
) -> list[tuple[Beneficiary, float]]:
    """:func:`possible_duplicates` among the caller's centre's records, each
    listing audited (it shows the person to the caller)."""
    require_role(principal, "centre_staff")
    found = possible_duplicates(principal.institution_id, subject, exclude_id)
    for candidate, _score in found:
        audit(principal, "list", "beneficiary", candidate.id, beneficiary_id=candidate.id)
    return found


def _facts(subject: Subject) -> dict[str, Any]:
    if isinstance(subject, Beneficiary):
        document = subject.residence_document or {}
        names = [subject.given_name, subject.family_name, subject.name_latin]
        born = subject.date_of_birth
    else:
        document = subject.get("residence_document") or {}
        names = [subject.get(k) or "" for k in ("given_name", "family_name", "name_latin")]
        born = subject.get("date_of_birth")
    return {
        "names": [n for n in names if n],
        "born": born,
        "document": document_key(document.get("number")),
    }


def _score(facts: dict[str, Any], candidate: Beneficiary) -> float:
    names = similarity(
        facts["names"], [candidate.given_name, candidate.family_name, candidate.name_latin]
    )
    score = 0.0
    if names >= NAME_MATCH and (weight := _date_weight(facts["born"], candidate.date_of_birth)):
        score = names / 100 * weight
    if facts["document"] and facts["document"] == candidate.document_key:
        score = max(score, SAME_DOCUMENT + (1 - SAME_DOCUMENT) * names / 100)
    return round(score, 2)


def _date_weight(born: date | None, other: date | None) -> float:
    if born is None or other is None:
        return 0.0
    if born == other:
        return 1.0
    return CLOSE_DATE if other in candidate_dates(born) else 0.0
