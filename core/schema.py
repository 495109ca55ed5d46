"""Creating and migrating the schema: Alembic, and nothing else."""

from __future__ import annotations

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
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(revision: str = "base") -> None:
    """Migrate down to ``revision`` (``base``: an empty database)."""
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
