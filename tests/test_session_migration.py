"""Migration 0007 on a database that has users, and rows referring to them:
each user gets a nonce of their own, and the way down keeps the data (SQLite,
where altering a referenced table is the hard case)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from core.app import create_app
from core.db import db
from core.schema import downgrade, upgrade

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC).replace(tzinfo=None)


def test_0007_gives_every_existing_user_a_nonce_of_their_own_and_goes_back(tmp_path: Path):
    app = create_app(
        {
            "database_url": f"sqlite:///{tmp_path / 'old.sqlite3'}",
            "secret_key": "test-secret",
            "env": "test",
        }
    )
    with app.app_context():
        upgrade("0006")
        with db.engine.begin() as connection:
            for n in (1, 2):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, role, password_hash, language,"
                        " active, created_at, notify_by) VALUES (:id, :email, 'A', 'admin',"
                        " 'x', 'ro', 1, :now, 'immediate')"
                    ),
                    {"id": f"u{n}", "email": f"a{n}@hub.example", "now": NOW},
                )
                connection.execute(
                    text(
                        "INSERT INTO api_tokens (id, token_hash, user_id, name, created_at)"
                        " VALUES (:id, :hash, :user, 'personal', :now)"
                    ),
                    {"id": f"t{n}", "hash": f"{n:064d}", "user": f"u{n}", "now": NOW},
                )

        upgrade()

        with db.engine.connect() as connection:
            nonces = connection.execute(text("SELECT session_nonce FROM users")).scalars().all()
        assert len(nonces) == 2 and len(set(nonces)) == 2
        assert all(len(n) == 32 for n in nonces)

        downgrade("0006")
        with db.engine.connect() as connection:
            columns = [r[1] for r in connection.execute(text("PRAGMA table_info(users)"))]
            tokens = connection.execute(text("SELECT count(*) FROM api_tokens")).scalar()
        assert "session_nonce" not in columns and tokens == 2
        db.engine.dispose()
