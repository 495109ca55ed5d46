"""The Alembic migrations build exactly the schema the models describe, on the
test database (SQLite, or PostgreSQL in CI), and form one line of history."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from core.db import Base, db
from core.schema import alembic_config


def test_the_migrated_database_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_migrations_have_one_head_and_no_branches():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert all(not r.is_branch_point and not r.is_merge_point for r in revisions)
