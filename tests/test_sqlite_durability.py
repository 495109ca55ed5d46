"""SQLite's durability setting: WAL always, ``synchronous`` as configured
(issue 13; what each risks is in docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from core.app import create_app
from core.db import db

#: what ``PRAGMA synchronous`` answers for each setting
LEVELS = {"normal": 1, "full": 2}


def _pragmas(tmp_path: Path, **config: str) -> tuple[str, int]:
    url = f"sqlite:///{tmp_path / 'durability.sqlite3'}"
    app = create_app({"database_url": url, "secret_key": "test-secret", "env": "test", **config})
    with app.app_context():
        try:
            journal = db.session.execute(text("PRAGMA journal_mode")).scalar_one()
            synchronous = db.session.execute(text("PRAGMA synchronous")).scalar_one()
        finally:
            db.session.remove()
            db.engine.dispose()
    return journal, synchronous


def test_sqlite_commits_in_wal_mode_with_normal_sync_by_default(tmp_path: Path):
    assert _pragmas(tmp_path) == ("wal", LEVELS["normal"])


def test_full_sync_can_be_chosen(tmp_path: Path):
    assert _pragmas(tmp_path, sqlite_synchronous="full") == ("wal", LEVELS["full"])


def test_an_unknown_level_is_refused_at_start_up(tmp_path: Path):
    with pytest.raises(RuntimeError, match="sqlite_synchronous must be one of normal, full"):
        _pragmas(tmp_path, sqlite_synchronous="off")
