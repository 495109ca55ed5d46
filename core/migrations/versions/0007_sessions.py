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
    # In place, not in batch mode: on SQLite a batch copies "users", which other
    # tables reference, and dropping the old copy fails once they have rows.
    # The empty default only fills existing rows until each gets its own nonce
    # below (an empty nonce never signs anyone in: core.web.session).
    op.add_column(
        "users",
        sa.Column("session_nonce", sa.String(length=32), nullable=False, server_default=""),
    )
    # Each user a nonce of their own; sessions from before the upgrade carry
    # none, so every user signs in once more.
    users = sa.table("users", sa.column("id", sa.String), sa.column("session_nonce", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(session_nonce=secrets.token_hex(16))
        )


def downgrade() -> None:
    op.drop_column("users", "session_nonce")  # in place, as in 0004
