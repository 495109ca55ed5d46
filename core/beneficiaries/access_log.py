"""A person's access log (GDPR Art. 15): every read or change of the
beneficiary, of their consents and of their referrals, by either side,
newest first. Built from the audit log's ``beneficiary_id``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, or_, select

from core.audit import AuditLog
from core.beneficiaries.merge import MERGE
from core.referrals.drafts import EDIT_DRAFT

#: the audited actions that changed the person's record, their consents or
#: what a referral says about them before it is sent, by object type
CHANGES = {
    "beneficiary": ("create", "update", MERGE, "restrict", "lift_restriction", "erase"),
    "consent": ("create", "withdraw"),
    "referral": (EDIT_DRAFT,),
}


def access_log(beneficiary_id: str) -> Select:
    """The person's audit rows, newest first (``ix_audit_log_beneficiary``)."""
    return (
        select(AuditLog)
        .where(AuditLog.beneficiary_id == beneficiary_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )


def record_history(beneficiary_id: str) -> Select:
    """The person's audit rows that changed their record, consents or drafts, newest
    first. The same walk down ``ix_audit_log_beneficiary`` as the access log,
    skipping the reads: with a LIMIT it stops at the last row it needs."""
    changed = or_(
        *(
            and_(AuditLog.object_type == object_type, AuditLog.action.in_(actions))
            for object_type, actions in CHANGES.items()
        )
    )
    return access_log(beneficiary_id).where(changed)


def referral_id(row: AuditLog) -> str | None:
    return row.object_id if row.object_type == "referral" else None


def entry(row: AuditLog) -> dict[str, Any]:
    """One entry of the export's ``access_log``."""
    return {
        "at": row.at.isoformat(),
        "action": row.action,
        "by": {
            "user_id": row.actor_user_id,
            "institution_id": row.actor_institution_id,
            "role": row.actor_role,
        },
        "referral_id": referral_id(row),
    }
