"""responsibility: a referral made again after a rejection names the rejected one

Revision ID: 0016_responsibility
Revises: 0015
Create Date: 2026-12-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_responsibility"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_referral_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            "fk_referrals_previous_referral_id_referrals",
            "referrals",
            ["previous_referral_id"],
            ["id"],
        )
        # the rejected referral's page links to the one that referred the person again
        batch_op.create_index("ix_referrals_previous_referral_id", ["previous_referral_id"])


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_previous_referral_id")
        batch_op.drop_constraint("fk_referrals_previous_referral_id_referrals", type_="foreignkey")
        batch_op.drop_column("previous_referral_id")
