"""`referral-hub demo` through the installed command: a ready demo, and a
second run that changes nothing.

The demo migrates (and with --reset empties) its database, so it gets a
SQLite file of its own rather than the suite's database.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
from datetime import date
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, func, select, text

from core.beneficiaries.models import Beneficiary
from core.db import Base, db
from core.institutions.models import Institution, Office
from core.referrals.lifecycle import OPEN, STATUSES, overdue_clause
from core.referrals.models import Referral
from tests.factories import BENEFICIARY, example_of
from tests.notifications.conftest import free_port
from tests.web.conftest import WebSession

COMMAND = Path(sys.executable).parent / "referral-hub"
STAFF = "staff@crim-timisoara.example"
OFFICER = "officer@ajofm-timis.example"
JOB_SEEKER = "labour_agency.job_seeker_registration"


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
        ajofm = (
            select(Referral.status, Office.slug, Referral.created_by, Referral.assigned_officer_id)
            .join(Institution, Institution.id == Referral.to_institution_id)
            .join(Office, Office.id == Referral.to_office_id)
            .where(Institution.slug == "ajofm-timis", Referral.status.in_(OPEN))
        )
        open_ajofm = connection.execute(ajofm).all()
        overdue = connection.scalar(
            select(func.count()).select_from(ajofm.where(overdue_clause(date.today())).subquery())
        )
    engine.dispose()
    assert statuses == set(STATUSES)
    assert "أحمد" in scripts and "Олена" in scripts  # Arabic and Cyrillic names
    # the officer's working day: 200 open referrals in a realistic mix
    assert len(open_ajofm) >= 200
    assert {"requested", "received", "accepted", "in-progress", "on-hold"} <= {
        r.status for r in open_ajofm
    }
    assert {r.slug for r in open_ajofm} == {"main", "lugoj"}
    assert len({r.created_by for r in open_ajofm}) >= 3  # several sending staff
    assert len({r.assigned_officer_id for r in open_ajofm} - {None}) == 2  # two officers
    assert any(r.assigned_officer_id is None for r in open_ajofm)  # some wait for someone
    assert 10 <= overdue < len(open_ajofm) / 2

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
    items, query = [], {"limit": 100}
    while query.get("cursor", "") is not None:  # the whole inbox, page by page
        inbox = client.get(
            "/api/v1/referrals",
            query_string=query,
            headers={"Authorization": f"Bearer {officer}"},
        )
        assert inbox.status_code == 200 and inbox.get_json()["items"]
        items += inbox.get_json()["items"]
        query["cursor"] = inbox.get_json()["next_cursor"]
    assert len(items) >= 200
    # the register's first day: Yusuf's Latin name in the employment agency's inbox
    latin = {r["beneficiary"].get("name_latin") for r in items}
    assert "Yusuf Al-Ali" in latin
    staff = roles["staff@crim-timisoara.example"]["token"]
    found = client.post(
        "/api/v1/beneficiaries/search",
        json={"q": "Oksana Shevchenko"},
        headers={"Authorization": f"Bearer {staff}"},
    ).get_json()["items"]
    assert [(p["given_name"], p["family_name"]) for p in found] == [("Оксана", "Шевченко")]
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


# --- demo-serve: the web server, the worker and the mail sink of `make demo` ------------------


class Lines:
    """A process's standard output, read line by line in a thread (no sleeps)."""

    def __init__(self, stream) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.queue.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no line with {text!r} in:\n" + "\n".join(self.seen)
            try:
                line = self.queue.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line


def send_a_referral(base: str, password: str) -> dict:
    """Staff send a referral to the employment agency through the running server's API."""
    http = requests.Session()
    token = http.post(
        f"{base}/api/v1/auth/tokens",
        json={"email": STAFF, "password": password},
        timeout=30,
    ).json()["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    person = http.post(f"{base}/api/v1/beneficiaries", json=BENEFICIARY, timeout=30).json()
    consent = http.post(
        f"{base}/api/v1/beneficiaries/{person['id']}/consents",
        json={
            "institution_kinds": ["labour_agency"],
            "method": "written",
            "given_at": "2025-01-01T10:00:00+00:00",
        },
        timeout=30,
    ).json()
    services = http.get(f"{base}/api/v1/services", timeout=30).json()["items"]
    service = next(s for s in services if s["code"] == JOB_SEEKER)
    response = http.post(
        f"{base}/api/v1/referrals",
        json={
            "beneficiary_id": person["id"],
            "service": JOB_SEEKER,
            "form": example_of(service["form_schema"]),
            "consent_id": consent["id"],
        },
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_demo_serve_mails_the_officer_a_referral_sent_by_staff_and_ctrl_c_stops_everything(
    demo_env, make_app
):
    run_demo(demo_env)
    accounts = tomllib.loads(
        (Path(demo_env["REFERRAL_HUB_INSTANCE_PATH"]) / "demo-accounts.toml").read_text()
    )
    port, mail_port = free_port(), free_port()
    env = {
        **demo_env,
        "PYTHONUNBUFFERED": "1",
        # A real mail server in the environment must not receive the demo's mail.
        "REFERRAL_HUB_SMTP_HOST": "192.0.2.1",
        "REFERRAL_HUB_SMTP_PORT": "25",
    }
    server = subprocess.Popen(
        [str(COMMAND), "demo-serve", "--port", str(port), "--mail-port", str(mail_port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = Lines(server.stdout)
        lines.wait_for(f"Serving http://127.0.0.1:{port}")
        # The demo's own referrals announced themselves; the worker delivers them to the sink.
        lines.wait_for("Mail to staff@crim-timisoara.example: ")
        # Jean's job mediation waits for an answer since 20 days ago: the office
        # is reminded and the coordinator sees it escalated.
        lines.wait_for("Mail to referrals@ajofm-tm.example: Trimiterea ")
        lines.wait_for("Mail to coordinator@prefectura-timis.example: Trimiterea ")

        referral = send_a_referral(f"http://127.0.0.1:{port}", accounts[STAFF])
        lines.wait_for(
            f"Mail to referrals@ajofm-tm.example: Trimitere nouă {referral['reference']}"
        )

        server.send_signal(signal.SIGINT)  # Ctrl-C
        assert server.wait(timeout=30) == 0
        lines.wait_for("Stopped.")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    for taken in (port, mail_port):  # nothing is left listening (TIME_WAIT aside)
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", taken))

    # The demo officer reads it in the web UI's demo mail (the office's inbox address).
    app = make_app(
        config={
            "database_url": demo_env["REFERRAL_HUB_DATABASE_URL"],
            "env": "development",
            "mail_sink_dir": str(Path(demo_env["REFERRAL_HUB_INSTANCE_PATH"]) / "demo-mail"),
        }
    )
    officer = WebSession(app, OFFICER, {})
    assert officer.login(accounts[OFFICER]).status_code == 302
    page = WebSession.text(officer.get("/demo-mail"))
    assert referral["reference"] in page
    assert "staff@crim-timisoara.example" not in page  # the staff member's mail is theirs
    with app.app_context():
        db.engine.dispose()
