"""the cooperation counters of one receiving institution by an index, for the lists' totals

Revision ID: 0023_list_totals
Revises: 0022_cooperation_years
Create Date: 2026-12-08 01:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023_list_totals"
down_revision: str | None = "0022_cooperation_years"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_cooperation_counts_to_institution",
        "cooperation_counts",
        ["to_institution_id", "level"],
    )


def downgrade() -> None:
    op.drop_index("ix_cooperation_counts_to_institution", table_name="cooperation_counts")
