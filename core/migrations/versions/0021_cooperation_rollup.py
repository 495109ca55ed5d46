"""the cooperation figures' rollup: counters, duration buckets and due dates per cohort

Revision ID: 0021_cooperation_rollup
Revises: 0020_next_due
Create Date: 2026-12-04 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_cooperation_rollup"
down_revision: str | None = "0020_next_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COHORT = ("level", "period", "to_institution_id")


def _cohort(*more: sa.Column) -> list[sa.Column]:
    return [
        sa.Column("level", sa.String(length=5), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("to_institution_id", sa.String(length=36), nullable=False),
        *more,
        sa.Column("month", sa.Date(), nullable=False),
    ]


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


COUNTED = ("sent", "received", "accepted", "rejected", "completed", "failed", "cancelled", "open")


def upgrade() -> None:
    op.create_table(
        "cooperation_counts",
        *_cohort(
            sa.Column("to_office_id", sa.String(length=36), nullable=False),
            sa.Column("service_code", sa.String(length=120), nullable=False),
        ),
        *[_count(name) for name in COUNTED],
        sa.PrimaryKeyConstraint(
            *COHORT, "to_office_id", "service_code", name=op.f("pk_cooperation_counts")
        ),
    )
    op.create_table(
        "cooperation_durations",
        *_cohort(
            sa.Column("service_code", sa.String(length=120), nullable=False),
            sa.Column("measure", sa.String(length=10), nullable=False),
            sa.Column("bucket", sa.Integer(), nullable=False),
        ),
        _count("count"),
        sa.PrimaryKeyConstraint(
            *COHORT, "service_code", "measure", "bucket", name=op.f("pk_cooperation_durations")
        ),
    )
    op.create_table(
        "cooperation_due",
        *_cohort(
            sa.Column("service_code", sa.String(length=120), nullable=False),
            sa.Column("due_on", sa.Date(), nullable=False),
        ),
        _count("count"),
        sa.PrimaryKeyConstraint(*COHORT, "service_code", "due_on", name=op.f("pk_cooperation_due")),
    )
    # The referrals already sent: the rollup's own recomputation fills the tables
    # (a later change of the rollup's tables comes with a migration that rebuilds).
    from core.stats.rollup import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    for table in ("cooperation_due", "cooperation_durations", "cooperation_counts"):
        op.drop_table(table)
