"""reminders and daily digests: reminders per referral, users' e-mail preference

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("title", sa.JSON(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_reminders_referral_id_referrals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("referral_id", "code", name=op.f("uq_reminders_referral_id")),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_due", ["status", "due_on"], unique=False)
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notifications_reminder_id_reminders"),
            "reminders",
            ["reminder_id"],
            ["id"],
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_by", sa.String(length=10), nullable=False, server_default="immediate")
        )
        batch_op.add_column(sa.Column("digest_sent_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Not in batch mode: on SQLite that copies the table, and "users" is
    # referenced by others, so dropping the old copy fails; SQLite (3.35+) and
    # PostgreSQL both drop a plain column in place.
    op.drop_column("users", "digest_sent_at")
    op.drop_column("users", "notify_by")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_notifications_reminder_id_reminders"), type_="foreignkey"
        )
        batch_op.drop_column("reminder_id")
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_due")
    op.drop_table("reminders")
