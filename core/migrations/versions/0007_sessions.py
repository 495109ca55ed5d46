"""sessions: per-user session nonce

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:30:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("session_nonce", sa.String(length=32), nullable=True))
    # Each existing user gets a nonce of their own: sessions from before the
    # upgrade (which carry none) end, and every user signs in once more.
    users = sa.table("users", sa.column("id", sa.String), sa.column("session_nonce", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(session_nonce=secrets.token_hex(16))
        )
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("session_nonce", existing_type=sa.String(length=32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("session_nonce")
