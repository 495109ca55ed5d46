"""access log per person, restriction (Art. 18)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place, not in batch mode: on SQLite a batch copies "beneficiaries",
    # which other tables reference (see 0007). Rows from before the upgrade
    # name no person: their access log starts with the upgrade.
    op.add_column("audit_log", sa.Column("beneficiary_id", sa.String(length=36), nullable=True))
    op.add_column("audit_log", sa.Column("actor_role", sa.String(length=20), nullable=True))
    op.create_index("ix_audit_log_beneficiary", "audit_log", ["beneficiary_id", "at", "id"])
    op.add_column("beneficiaries", sa.Column("restricted_at", sa.DateTime(), nullable=True))
    op.add_column("beneficiaries", sa.Column("restriction_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("beneficiaries", "restriction_reason")
    op.drop_column("beneficiaries", "restricted_at")
    op.drop_index("ix_audit_log_beneficiary", table_name="audit_log")
    op.drop_column("audit_log", "actor_role")
    op.drop_column("audit_log", "beneficiary_id")
