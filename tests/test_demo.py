"""`referral-hub demo` through the installed command: a ready demo, and a
second run that changes nothing.

The demo migrates (and with --reset empties) its database, so it gets a
SQLite file of its own rather than the suite's database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from core.beneficiaries.models import Beneficiary
from core.db import Base
from core.referrals.lifecycle import STATUSES
from core.referrals.models import Referral

COMMAND = Path(sys.executable).parent / "referral-hub"


@pytest.fixture
def demo_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REFERRAL_HUB_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "REFERRAL_HUB_INSTANCE_PATH": str(tmp_path / "instance"),
    }


def run_demo(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(COMMAND), "demo", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        counts = {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }
    engine.dispose()
    return counts


def test_demo_prepares_every_status_and_a_second_run_changes_nothing(demo_env):
    url = demo_env["REFERRAL_HUB_DATABASE_URL"]
    first = run_demo(demo_env)
    assert "Seeded beneficiaries and referrals in every status." in first
    counts = row_counts(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        statuses = set(connection.scalars(select(Referral.status)))
        scripts = " ".join(connection.scalars(select(Beneficiary.given_name)))
    engine.dispose()
    assert statuses == set(STATUSES)
    assert "أحمد" in scripts and "Олена" in scripts  # Arabic and Cyrillic names

    second = run_demo(demo_env)
    assert "0 created, 0 updated" in second
    assert "nothing changed" in second
    assert row_counts(url) == counts
    # The same accounts and passwords are printed again.
    assert first.split("Demo accounts")[1] == second.split("Demo accounts")[1]


def test_demo_accounts_sign_in_as_every_role_and_the_officer_has_an_inbox(demo_env, make_app):
    run_demo(demo_env)
    accounts_file = Path(demo_env["REFERRAL_HUB_INSTANCE_PATH"]) / "demo-accounts.toml"
    assert oct(accounts_file.stat().st_mode & 0o777) == "0o600"
    accounts = tomllib.loads(accounts_file.read_text())
    app = make_app(config={"database_url": demo_env["REFERRAL_HUB_DATABASE_URL"]})
    client = app.test_client()
    roles = {}
    for email, password in accounts.items():
        response = client.post("/api/v1/auth/tokens", json={"email": email, "password": password})
        assert response.status_code == 201, email
        roles[email] = response.get_json()
    assert {r["user"]["role"] for r in roles.values()} == {
        "admin", "centre_staff", "agency_officer", "coordinator"
    }  # fmt: skip
    officer = roles["officer@ajofm-timis.example"]["token"]
    inbox = client.get("/api/v1/referrals", headers={"Authorization": f"Bearer {officer}"})
    assert inbox.status_code == 200 and inbox.get_json()["items"]
    with app.app_context():
        from core.db import db

        db.engine.dispose()


def test_demo_reset_starts_again_from_an_empty_database(demo_env):
    url = demo_env["REFERRAL_HUB_DATABASE_URL"]
    run_demo(demo_env)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE institutions SET name = 'edited by hand'"))
    engine.dispose()
    output = run_demo(demo_env, "--reset")
    assert "Database emptied." in output and "Seeded" in output
    engine = create_engine(url)
    with engine.connect() as connection:
        names = set(connection.scalars(text("SELECT name FROM institutions")))
    engine.dispose()
    assert "edited by hand" not in names
