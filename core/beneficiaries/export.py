"""Everything the hub holds about one person (GDPR Art. 15), as one document."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.access import Principal, check_export
from core.audit import audit
from core.beneficiaries.access_log import access_log, entry
from core.beneficiaries.merge import merged_from, merged_into
from core.beneficiaries.models import Beneficiary
from core.beneficiaries.schemas import BeneficiarySchema, ConsentSchema
from core.db import db
from core.documents.models import Document
from core.documents.schemas import DocumentExportSchema
from core.referrals.models import Comment, Referral, ReferralEvent
from core.referrals.schemas import CommentSchema, EventSchema, ReferralSchema

#: the referral as stored; the person is at the top of the export, the
#: caller-dependent fields (allowed moves, overdue) say nothing about the person
_REFERRAL = ReferralSchema(exclude=("beneficiary", "allowed_transitions", "overdue", "due"))


def export_person(principal: Principal, beneficiary_id: str) -> dict[str, Any]:
    """The export, audited in the caller's transaction (the caller commits)."""
    person = check_export(principal, db.session.get(Beneficiary, beneficiary_id))
    audit(principal, "export", "beneficiary", person.id, beneficiary_id=person.id)
    db.session.flush()
    return {
        "beneficiary": {
            **BeneficiarySchema().dump(person),
            "merged_into": _merge_link(merged_into(person), person),
            "merged_from": [_merge_link(other, other) for other in merged_from(person)],
        },
        "consents": ConsentSchema(many=True).dump(person.consents),
        "referrals": [_referral(r) for r in person_referrals(person)],
        "access_log": [entry(row) for row in db.session.scalars(access_log(person.id))],
    }


def _merge_link(record: Beneficiary | None, merged: Beneficiary) -> dict[str, Any] | None:
    """Where a merged record went (or which record came in), and when."""
    if record is None:
        return None
    at = merged.merged_at
    return {"id": record.id, "reference": record.reference, "merged_at": at and at.isoformat()}


def person_referrals(person: Beneficiary) -> list[Referral]:
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.beneficiary_id == person.id)
            .options(selectinload(Referral.to_institution), selectinload(Referral.from_institution))
            .order_by(Referral.id)
        )
    )


def _referral(referral: Referral) -> dict[str, Any]:
    stored = {name: getattr(referral, name, None) for name in _REFERRAL.fields}
    body = _REFERRAL.dump({**stored, "service_code": referral.service_code})
    events = db.session.scalars(
        select(ReferralEvent)
        .where(ReferralEvent.referral_id == referral.id)
        .order_by(ReferralEvent.id)
    )
    comments = db.session.scalars(
        select(Comment).where(Comment.referral_id == referral.id).order_by(Comment.id)
    )
    body["events"] = EventSchema(many=True).dump(events)
    body["comments"] = CommentSchema(many=True).dump(comments)
    documents = db.session.scalars(
        select(Document).where(Document.referral_id == referral.id).order_by(Document.id)
    )
    body["documents"] = DocumentExportSchema(many=True).dump(documents)
    return body
