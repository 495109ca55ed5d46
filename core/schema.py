"""Creating and migrating the schema: Alembic, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config

from core.db import db

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(revision: str = "head") -> None:
    """Migrate the current app's database to ``revision``. Needs an app context."""
    with _migrating() as config:
        command.upgrade(config, revision)


def downgrade(revision: str = "base") -> None:
    """Migrate down to ``revision`` (``base``: an empty database)."""
    with _migrating() as config:
        command.downgrade(config, revision)


@contextmanager
def _migrating() -> Iterator[Config]:
    """One transaction for the whole migration, on a connection handed to Alembic.

    SQLite changes a column by rebuilding its table, and dropping a table that
    other rows point to fails while foreign keys are enforced; the switch only
    works outside a transaction. So on SQLite the checks are off during the
    migration, every reference is checked before it commits, and they are on
    again before the connection goes back to the pool.
    """
    config = alembic_config()
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                yield config
                if sqlite and (
                    broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                ):
                    raise RuntimeError(f"The migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()
