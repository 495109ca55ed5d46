"""The caseload lists' first pages, in process, on a database ``bench.bulk_load`` filled.

    .venv/bin/python -m bench.bench_lists --database-url URL [--repeat 100] [--plans]

Signs in the benchmarks' officer and centre staff (``bulk_load.USERS``) and times,
through the test client (no HTTP server, so the figures are the hub's own), the
officer's ``/inbox``, ``GET /api/v1/referrals`` (no filter, ``status=open``, an
office's open ones), and the centre's ``/staff/referrals`` and API list: median
and p99 in ms, the median CPU time of this process (the hub's Python, and
SQLite's work, which runs in it: steadier than the wall clock on a shared
machine), and the SQL statements one page sends. ``--plans`` prints the
plan of every ``SELECT`` each page sends (``EXPLAIN QUERY PLAN`` on SQLite,
``EXPLAIN (ANALYZE, COSTS OFF)`` on PostgreSQL). Unlike ``bench.bench_scale``
it neither loads nor empties the database: load it once, then measure as
often as the code changes.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import event, select

from bench.bench_scale import _token, median, p99
from bench.bench_web import signed_in
from core.app import create_app
from core.db import db
from core.institutions.models import Office


def pages(app: Flask) -> dict[str, Callable[[], Any]]:
    """The pages to time: label -> a call that fetches one (and checks its status)."""
    officer, _ = signed_in(app, "officer@bench.example")
    staff, _ = signed_in(app, "staff@bench.example")
    api = app.test_client()
    as_officer = {"Authorization": f"Bearer {_token(app, 'officer@bench.example')}"}
    as_staff = {"Authorization": f"Bearer {_token(app, 'staff@bench.example')}"}
    with app.app_context():
        from core.auth.models import User

        officer_user = db.session.scalar(select(User).where(User.email == "officer@bench.example"))
        office = db.session.scalar(
            select(Office.id)
            .where(Office.institution_id == officer_user.institution_id)
            .order_by(Office.id)
        )

    def get(client: Any, path: str, headers: dict | None = None) -> Callable[[], Any]:
        def call() -> Any:
            response = client.get(path, headers=headers or {})
            assert response.status_code == 200, (path, response.status_code)
            return response

        return call

    return {
        "/inbox (officer, open, most urgent)": get(officer, "/inbox"),
        "API first page (officer)": get(api, "/api/v1/referrals", as_officer),
        "API status=open (officer)": get(api, "/api/v1/referrals?status=open", as_officer),
        "API office's open (officer)": get(
            api, f"/api/v1/referrals?status=open&office_id={office}", as_officer
        ),
        "API status=closed (officer)": get(api, "/api/v1/referrals?status=closed", as_officer),
        "/staff/referrals (staff, open)": get(staff, "/staff/referrals"),
        "API first page (staff)": get(api, "/api/v1/referrals", as_staff),
        "API status=open (staff)": get(api, "/api/v1/referrals?status=open", as_staff),
    }


def statements_of(app: Flask, call: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The statements (with their parameters) that one call sends."""
    with app.app_context():
        engine = db.engine
    sent: list[tuple[str, Any]] = []

    def spy(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", spy)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    return sent


def print_plans(app: Flask, sent: list[tuple[str, Any]]) -> None:
    with app.app_context():
        pg = db.engine.dialect.name == "postgresql"
        prefix = "EXPLAIN (ANALYZE, COSTS OFF) " if pg else "EXPLAIN QUERY PLAN "
        with db.engine.connect() as connection:
            for statement, parameters in sent:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                shown = " ".join(statement.split())
                shown = shown if len(shown) < 200 else f"{shown[:110]} … {shown[-90:]}"
                print(f"    {shown}")
                for row in connection.exec_driver_sql(prefix + statement, parameters):
                    print(f"        {row[-1]}")
                connection.rollback()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--only", help="time only the pages whose label contains this")
    args = parser.parse_args()
    app = create_app({"database_url": args.database_url, "secret_key": "bench"})
    app.extensions["referral_hub"].clock = lambda: datetime.now(UTC)
    with app.app_context():
        print(f"{db.engine.dialect.name}: {db.engine.url.render_as_string(hide_password=True)}")
    for label, call in pages(app).items():
        if args.only and args.only not in label:
            continue
        call()  # warm
        sent = statements_of(app, call)
        kinds: dict[str, int] = {}
        for statement, _parameters in sent:
            verb = statement.lstrip().split(None, 1)[0].upper()
            kinds[verb] = kinds.get(verb, 0) + 1
        times, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        times.sort()
        total = call().get_json().get("total") if label.startswith("API") else ""
        shown = ", ".join(f"{n} {verb}" for verb, n in sorted(kinds.items()))
        print(
            f"{label:38s} median {median(times):6.1f}  p99 {p99(times):6.1f}"
            f"  CPU {median(cpu):6.1f} ms"
            f"  {len(sent)} statements ({shown}) {total}"
        )
        if args.plans:
            print_plans(app, sent)


if __name__ == "__main__":
    main()
