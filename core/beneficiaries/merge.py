"""Merging a duplicate record into the one the centre keeps.

The duplicate's referrals, consents (and the consents it gave as a
guardian) and household links move to the kept record; the duplicate
remembers where it went (``merged_into_id``, ``merged_at``) and is gone from
then on (:func:`core.access.check_beneficiary`), except for its Art. 15
export. Both records are audited with the action ``merge``.
"""

from __future__ import annotations

from sqlalchemy import select, update

from core import clock
from core.access import Principal
from core.audit import audit
from core.beneficiaries.models import Beneficiary, Consent
from core.beneficiaries.service import check_version, ensure_not_erased
from core.db import db
from core.errors import N_, Invalid, NotFound, PreconditionRequired
from core.referrals.models import Referral

MERGE = "merge"


def merge_beneficiary(
    principal: Principal, merged: Beneficiary, into_id: str, expected_version: int | None
) -> Beneficiary:
    """Merge ``merged`` (already checked as the caller's) into the record
    ``into_id``, in the caller's transaction; returns the kept record."""
    ensure_not_erased(merged, "id")
    if expected_version is None:
        raise PreconditionRequired(
            N_('Send the version of the record you merge in If-Match, e.g. If-Match: "3".')
        )
    kept = _kept_record(principal, merged, into_id)
    check_version(merged, expected_version)
    _move_household(merged, kept)
    _move_rows(merged, kept)
    now = clock.now()
    merged.merged_into_id = kept.id
    merged.merged_at = merged.updated_at = kept.updated_at = now
    db.session.flush()
    for record in (merged, kept):
        db.session.expire(record, ["household_members", "household_head"])
    audit(principal, MERGE, "beneficiary", merged.id, beneficiary_id=merged.id)
    audit(principal, MERGE, "beneficiary", kept.id, beneficiary_id=kept.id)
    return kept


def _kept_record(principal: Principal, merged: Beneficiary, into_id: str) -> Beneficiary:
    if into_id == merged.id:
        raise _refused(N_("A record cannot be merged into itself; choose the other record."))
    kept = db.session.get(Beneficiary, into_id)
    if kept is None or kept.registered_by != principal.institution_id:
        raise NotFound(N_("No such beneficiary."), errors={"into": [N_("Unknown beneficiary.")]})
    if kept.merged_into_id is not None:
        raise _refused(
            N_("That record was itself merged into another; merge into the one it went to.")
        )
    if kept.erased_at is not None:
        raise _refused(N_("That person's data were erased; merge into a record that is kept."))
    if merged.restricted_at is not None or kept.restricted_at is not None:
        raise _refused(
            N_("The processing of one of the two records is restricted; lift it before merging.")
        )
    return kept


def _refused(detail: str) -> Invalid:
    return Invalid(detail, errors={"into": [detail]})


def _move_household(merged: Beneficiary, kept: Beneficiary) -> None:
    """The duplicate's members join the kept record's household; the kept
    record takes the duplicate's own head link when it has none."""
    headed_by_duplicate = kept.household_head_id == merged.id
    takes_its_head = kept.household_head_id is None and merged.household_head_id not in (
        None,
        kept.id,
    )
    if headed_by_duplicate or takes_its_head:
        kept.household_head_id = merged.household_head_id
        kept.household_relationship = merged.household_relationship
    members = [m for m in merged.household_members if m.id != kept.id]
    if members and kept.household_head_id is not None:
        raise Invalid(
            N_(
                "This record heads a household, and the record you merge into belongs to"
                " another household; change the household links first."
            ),
            errors={"into": [N_("A member of another household cannot head one.")]},
        )
    for member in members:
        member.household_head_id = kept.id
    merged.household_head_id = None
    merged.household_relationship = None


def _move_rows(merged: Beneficiary, kept: Beneficiary) -> None:
    # Bulk updates: the referrals' own state (status, version) does not change.
    for statement in (
        update(Referral).where(Referral.beneficiary_id == merged.id).values(beneficiary_id=kept.id),
        update(Consent).where(Consent.beneficiary_id == merged.id).values(beneficiary_id=kept.id),
        update(Consent).where(Consent.guardian_id == merged.id).values(guardian_id=kept.id),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
    # the relationships loaded before the move would still show the old rows
    db.session.expire(merged, ["consents"])
    db.session.expire(kept, ["consents"])


def merged_into(person: Beneficiary) -> Beneficiary | None:
    """The record a merged one went to (one step: a chain shows its next record)."""
    if person.merged_into_id is None:
        return None
    return db.session.get(Beneficiary, person.merged_into_id)


def merged_from(person: Beneficiary) -> list[Beneficiary]:
    """The records merged into this one, oldest merge first."""
    return list(
        db.session.scalars(
            select(Beneficiary)
            .where(Beneficiary.merged_into_id == person.id)
            .order_by(Beneficiary.merged_at, Beneficiary.id)
        )
    )
