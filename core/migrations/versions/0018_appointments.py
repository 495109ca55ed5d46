"""appointments: the receiver's appointment with the person, on the referral

Revision ID: 0018_appointments
Revises: 0017_documents
Create Date: 2026-12-03 17:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_appointments"
down_revision: str | None = "0017_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appointment_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("appointment_place", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("appointment_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("appointment_note")
        batch_op.drop_column("appointment_place")
        batch_op.drop_column("appointment_at")
