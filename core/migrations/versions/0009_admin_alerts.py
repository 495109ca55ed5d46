"""admin alerts grouped by cause

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "admin_alerts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("cause", sa.String(length=120), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("failure", sa.String(length=40), nullable=False),
        sa.Column("endpoint_id", sa.String(length=36), nullable=True),
        sa.Column("unreported", sa.Integer(), nullable=False),
        sa.Column("latest_message_id", sa.String(length=60), nullable=True),
        sa.Column("alerted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_alerts")),
        sa.UniqueConstraint("cause", name=op.f("uq_admin_alerts_cause")),
    )


def downgrade() -> None:
    op.drop_table("admin_alerts")
