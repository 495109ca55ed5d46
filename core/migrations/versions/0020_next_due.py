"""the referral's next due date, stored so that the lists sort by an index

Revision ID: 0020_next_due
Revises: 0019_caseload
Create Date: 2026-12-04 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_next_due"
down_revision: str | None = "0019_caseload"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_referrals_to_next_due": ["to_institution_id", "next_due_on", "id"],
    "ix_referrals_from_next_due": ["from_institution_id", "next_due_on", "id"],
}

# lifecycle.due_on, as it stood when the column was added: the response while
# awaiting it, the completion while in the institution's hands, none otherwise.
BACKFILL = """
UPDATE referrals SET next_due_on = CASE
    WHEN status IN ('requested', 'received') THEN respond_by
    WHEN status IN ('accepted', 'in-progress', 'on-hold') THEN complete_by
    ELSE NULL
END
"""


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due_on", sa.Date(), nullable=True))
    op.execute(BACKFILL)
    for name, columns in INDEXES.items():
        op.create_index(name, "referrals", columns)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="referrals")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("next_due_on")
