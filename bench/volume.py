"""What the volume benchmarks share: their command-line options and a
throw-away, freshly migrated database on the benchmarks' fixed clock."""

from __future__ import annotations

import argparse
import tempfile

from flask import Flask

from bench.bench_api import NOW
from core.app import create_app
from core.schema import downgrade, upgrade


def arguments(description: str | None, repeat: int) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--beneficiaries", type=int, default=2_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser


def empty_app(database_url: str | None, *, production_argon2: bool = False) -> Flask:
    """An app on an emptied and migrated database (SQLite in a temporary
    folder unless ``database_url``), with a cheap argon2id for the sign-ins
    unless ``production_argon2``."""
    url = database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    cheap = {} if production_argon2 else {"argon2_time_cost": 1, "argon2_memory_kib": 1024}
    app = create_app({"database_url": url, "secret_key": "bench", **cheap}, clock=lambda: NOW)
    with app.app_context():
        downgrade()
        upgrade()
    return app
