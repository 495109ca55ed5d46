"""A person's access log (GDPR Art. 15): every read or change of the
beneficiary, of their consents and of their referrals, by either side,
newest first. Built from the audit log's ``beneficiary_id``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from core.audit import AuditLog


def access_log(beneficiary_id: str) -> Select:
    """The person's audit rows, newest first (``ix_audit_log_beneficiary``)."""
    return (
        select(AuditLog)
        .where(AuditLog.beneficiary_id == beneficiary_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )


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
