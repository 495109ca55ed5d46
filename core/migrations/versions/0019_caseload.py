"""caseload lists: each user's last filters, indexes for the new filters

Revision ID: 0019_caseload
Revises: 0018_appointments
Create Date: 2026-12-03 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_caseload"
down_revision: str | None = "0018_appointments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_referrals_to_institution_id_status": ["to_institution_id", "status"],
    "ix_referrals_from_institution_id_status": ["from_institution_id", "status"],
    "ix_referrals_assigned_officer_id": ["assigned_officer_id"],
    "ix_referrals_created_by": ["created_by"],
    "ix_referrals_to_office_id": ["to_office_id"],
}


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_filters", sa.JSON(), nullable=True))
    for name, columns in INDEXES.items():
        op.create_index(name, "referrals", columns)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="referrals")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("list_filters")
