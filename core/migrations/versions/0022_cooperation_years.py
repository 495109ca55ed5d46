"""the cooperation rollup's year rows, duration buckets at most 10 % wide, and an
index to read the distributions per period in bucket order

Revision ID: 0022_cooperation_years
Revises: 0021_cooperation_rollup
Create Date: 2026-12-08 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_cooperation_years"
down_revision: str | None = "0021_cooperation_rollup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_cooperation_durations_spread",
        "cooperation_durations",
        ["level", "period", "measure", "bucket", "to_institution_id", "service_code", "count"],
    )
    # No column changes: ``level`` takes "year" as it is. The rollup's own
    # recomputation adds the year rows and puts the durations in the new buckets.
    from core.stats.rollup import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    # The older code reads no year rows; its buckets come back with its own
    # ``referral-hub stats rebuild`` (its figures are right meanwhile, coarser).
    for table in ("cooperation_counts", "cooperation_durations", "cooperation_due"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE level = 'year'"))
    op.drop_index("ix_cooperation_durations_spread", table_name="cooperation_durations")
