"""``reports_database_url``: the coordinator's figures and overdue list read a
second database (a read replica), everything else the main one (issue 13).

A replica is stood in for by a copy of the main SQLite database taken at one
moment (SQLite's backup API): what was made after it shows on the main
database and not in the figures, as on a replica that lags."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask

from core.app import create_app
from core.db import db
from core.schema import upgrade
from tests.factories import Factory
from tests.web.conftest import WebSession

SETTINGS = {
    "secret_key": "test-secret",
    "env": "test",
    "argon2_time_cost": 1,
    "argon2_memory_kib": 1024,
}


def _app(tmp_path: Path, clock, **config: str) -> Flask:
    app = create_app(
        {
            **SETTINGS,
            "database_url": f"sqlite:///{tmp_path / 'main.sqlite3'}",
            "document_storage": str(tmp_path / "documents"),
            **config,
        },
        clock=clock,
    )
    app.config["TESTING"] = True
    return app


def _snapshot(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)


def test_the_figures_and_the_overdue_list_read_the_reports_database(tmp_path: Path, clock):
    main = _app(tmp_path, clock)
    with main.app_context():
        upgrade()
    factory = Factory(main, main.test_client())
    staff = factory.staff()
    email = "coordinator@prefectura-timis.example"
    coordinator = factory.headers("coordinator", "prefectura-timis", email=email)
    factory.referral(staff)
    _snapshot(tmp_path / "main.sqlite3", tmp_path / "replica.sqlite3")
    factory.referral(staff)  # on the main database only
    clock.advance(days=20)  # both overdue, the tokens still valid

    reporting = _app(
        tmp_path, clock, reports_database_url=f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    )
    for app, sent in ((main, 2), (reporting, 1)):
        client = app.test_client()
        figures = client.get("/api/v1/stats/cooperation", headers=coordinator)
        assert figures.status_code == 200, figures.get_json()
        assert figures.get_json()["totals"]["sent"] == sent
        # everything else reads the main database: the token, the referrals
        assert len(client.get("/api/v1/referrals", headers=staff).get_json()["items"]) == 2

    for app, listed in ((main, 2), (reporting, 1)):
        browser = WebSession(app, email, coordinator)
        assert browser.login().status_code == 302
        page = browser.text(browser.get("/cooperation/overdue"))
        assert page.count(">R-") == listed, page
    for app in (main, reporting):
        with app.app_context():
            db.engine.dispose()
            for engine in db.engines.values():
                engine.dispose()
