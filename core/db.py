"""The database: one declarative base, one session per request, UTC timestamps.

The schema itself is made only by Alembic migrations (``core/migrations``).
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, MetaData, String, TypeDecorator, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

# Stable constraint names, so that migrations can name what they alter.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use core.clock.now()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


_last_id = 0
_id_lock = threading.Lock()


def new_id() -> str:
    """A time-ordered opaque id (UUIDv7 layout), so that ids sort by creation.

    Within one process, ids are strictly increasing even inside one
    millisecond (RFC 9562, method 3), so that history keeps its order.
    """
    global _last_id
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (
        (millis << 80)
        | (0x7 << 76)
        | ((rand >> 68) << 64)
        | (0b10 << 62)
        | (rand & ((1 << 62) - 1))
    )
    with _id_lock:
        if value <= _last_id:
            value = _last_id + 1
        _last_id = value
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON},
    )


def id_column() -> Mapped[str]:
    return mapped_column(String(36), primary_key=True, default=new_id)


db = SQLAlchemy(model_class=Base, disable_autonaming=True)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # WAL lets readers work while the worker writes; SQLite needs foreign keys
    # switched on per connection.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def sqlite_durability(engine: Engine, synchronous: str) -> None:
    """``PRAGMA synchronous`` on every connection of ``engine`` when it is SQLite
    (the ``sqlite_synchronous`` setting). In WAL mode NORMAL commits without waiting
    for the disk: an application crash loses nothing, a power cut the last commits."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _synchronous(dbapi_connection: Any, connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA synchronous={synchronous.upper()}")
        cursor.close()


#: the bind of the reports database (``reports_database_url``)
REPORTS = "reports"


def reports_bind(url: str) -> dict[str, Any]:
    """``SQLALCHEMY_BINDS`` for ``reports_database_url``: none when it is empty."""
    if not url:
        return {}
    return {REPORTS: {"url": url, "pool_pre_ping": True, "hide_parameters": True}}


def for_reports() -> dict[str, Any]:
    """``bind_arguments`` for a read of the figures: the reports database (a read
    replica) when one is set, else the main one. Only for reads that may lag: never
    for what a change or the scheduler decides on."""
    engine = db.engines.get(REPORTS)
    return {"bind": engine} if engine is not None else {}
