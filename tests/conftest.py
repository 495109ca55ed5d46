"""Fixtures: a migrated database per test session (SQLite by default, PostgreSQL
when REFERRAL_HUB_TEST_DATABASE_URL says so), emptied after every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from core.app import create_app
from core.db import Base, db
from core.schema import upgrade
from tests.factories import Factory


class FrozenClock:
    """The test clock: stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("REFERRAL_HUB_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def migrated(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Drop whatever a previous run left, then migrate from scratch (Alembic)."""
    app = create_app(_settings(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return database_url


def _settings(database_url: str, instance: Path) -> dict:
    # A cheap argon2id cost: hashing at the production cost would dominate the suite.
    return {
        "database_url": database_url,
        "secret_key": "test-secret",
        "env": "test",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        # the test's own folder: documents never land in the working tree's instance
        "document_storage": str(instance / "documents"),
    }


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def make_app(migrated: str, clock: FrozenClock, tmp_path: Path) -> Iterator:
    """Build apps on the test database (e.g. with extra plugins); emptied after the test."""
    apps: list[Flask] = []

    def make(**kwargs: object) -> Flask:
        config = {**_settings(migrated, tmp_path), **kwargs.pop("config", {})}
        app = create_app(config, clock=clock, **kwargs)
        app.config["TESTING"] = True
        apps.append(app)
        return app

    yield make
    if apps:
        with apps[0].app_context():
            db.session.remove()
            with db.engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(table.delete())
            for app in apps:
                with app.app_context():
                    db.engine.dispose()


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def factory(app: Flask, client: FlaskClient) -> Factory:
    return Factory(app, client)


@pytest.fixture
def other_centre(factory: Factory, tmp_path: Path) -> dict[str, str]:
    """Staff of a second integration centre in the same working group (Region 5)."""
    factory.join_region5(
        tmp_path,
        slug="cri-oradea",
        name="Centrul de Integrare Oradea",
        kind="integration_centre",
        county="RO-BH",
    )
    return factory.headers("centre_staff", "cri-oradea")
