"""Alembic environment. Run through ``referral-hub db upgrade`` (core.schema),
which hands over the application's connection."""

from alembic import context

import core.models  # noqa: F401  (registers every table on the metadata)
from core.db import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
