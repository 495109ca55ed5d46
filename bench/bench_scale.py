"""The hub at scale, over HTTP, against a minimal Flask app on the same database.

    .venv/bin/python -m bench.bench_scale [--sizes 20000,200000,1000000]
        [--database-url URL] [--repeat 200] [--seconds 20] [--worker]

For each size, loads a database with ``bench.bulk_load`` (emptied first: a
SQLite file in a temporary folder unless ``--database-url``, whose database
must exist), then, side by side in one run:

- prints the plans (``EXPLAIN``; on PostgreSQL ``EXPLAIN ANALYZE``) of the
  SQL the officer's ``/inbox``, ``GET /api/v1/referrals`` and the
  coordinator's ``GET /api/v1/stats/cooperation`` send, captured from one
  request of each in process;
- times the three raw SQL aggregate queries that give the API's figures
  straight from ``referrals`` (counts per institution and status, the median
  response time, the median completion time, over 365 days);
- serves the hub with ``referral-hub serve`` (gunicorn, two sync workers) and a
  minimal Flask app (:func:`ceiling_app`: one ``SELECT`` by primary key, one
  ``INSERT … RETURNING``) under gunicorn with two workers, both on 127.0.0.1
  and on the same database, and measures one after the other: the coordinator's
  dashboard (twelve months and all time), ``GET /api/v1/stats/cooperation``
  (365 days), the CSV export (all time), the officer's ``/inbox`` and the API's
  first page (median and p99), creates per second against the minimal app's
  inserts (two client threads each), and the peak RSS (``VmHWM``) of the hub's
  workers after the dashboard and at the end.

Each figure is bounded by ``--repeat`` requests and ``--seconds`` seconds. A
table of figures, targets (issue 13) and met / not met follows each size;
with several sizes, the growth exponent of each timed figure (the slope of
log time over log size, least squares) ends the run. ``--loaded`` measures
a database loaded before (by ``bench.bulk_load`` or an earlier run) again. ``--worker`` adds the
notification worker's row by running ``bench.bench_worker`` on a throw-away
SQLite database (its figure does not depend on the referrals loaded).
"""

from __future__ import annotations

import argparse
import fcntl
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests
from flask import Flask
from sqlalchemy import event, select, text

from bench import bench_create, bulk_load
from bench.bench_web import signed_in
from core.app import create_app
from core.db import db
from tests.factories import example_of

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
JOB_SEEKER = "labour_agency.job_seeker_registration"
#: figure -> (target, unit, "max" or "min"), from issue 13
TARGETS: dict[str, tuple[float, str, str]] = {
    "dashboard, 12 months (median)": (50, "ms", "max"),
    "dashboard, all time (median)": (50, "ms", "max"),
    "API stats, 365 days (median)": (50, "ms", "max"),
    "CSV export, all time (median)": (50, "ms", "max"),
    "raw SQL ÷ API stats": (25, "×", "min"),
    "/inbox (median)": (40, "ms", "max"),
    "/inbox (p99)": (40, "ms", "max"),
    "API referrals first page (median)": (15, "ms", "max"),
    "API referrals first page (p99)": (15, "ms", "max"),
    "peak RSS of a web worker": (150, "MiB", "max"),
}
#: the figures whose growth with the size is printed (and their target exponent)
GROWING = (
    "dashboard, 12 months (median)",
    "dashboard, all time (median)",
    "API stats, 365 days (median)",
    "CSV export, all time (median)",
    "/inbox (median)",
    "API referrals first page (median)",
    "raw SQL aggregates",
)


# -- the minimal app -------------------------------------------------------------------


def ceiling_app() -> Flask:
    """The ceiling: one SELECT by primary key, or one INSERT … RETURNING, per
    request (``gunicorn 'bench.bench_scale:ceiling_app()'``, on the database of
    ``BENCH_CEILING_DATABASE_URL``, whose ``bench_ceiling`` table must exist)."""
    app = bench_create.ceiling_app(os.environ["BENCH_CEILING_DATABASE_URL"], make_table=False)
    engine = app.config["BENCH_ENGINE"]

    @app.get("/referrals/<referral_id>")
    def one(referral_id: str) -> Any:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT id, status, version FROM referrals WHERE id = :id"),
                {"id": referral_id},
            ).one()
        return {"id": row.id, "status": row.status, "version": row.version}

    return app


# -- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(command: list[str], env: dict[str, str], probe: str) -> Iterator[int]:
    """Run a gunicorn server until the block ends; yields its master's pid."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:  # the first answer may wait for the workers to start
                if requests.get(probe, timeout=30).status_code < 500:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start: {process.stderr.read()[-2000:]}")
            time.sleep(0.3)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def workers_of(master: int) -> list[int]:
    """The pids of the processes whose parent is ``master`` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return found


def peak_rss_mib(master: int) -> float:
    """The largest peak resident set (VmHWM) of the master's workers, in MiB."""
    peaks = [0.0]
    for pid in workers_of(master):
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return max(peaks)


# -- timing ----------------------------------------------------------------------------


class Timer:
    """Repeats a request, bounded by a count and a time."""

    def __init__(self, repeat: int, seconds: float) -> None:
        self.repeat, self.seconds = repeat, seconds

    def times(
        self, call: Callable[[], requests.Response], repeat: int | None = None
    ) -> list[float]:
        call()  # warm: the first request of a worker builds its caches
        call()
        times: list[float] = []
        deadline = time.monotonic() + self.seconds
        while len(times) < (repeat or self.repeat) and (
            len(times) < 5 or time.monotonic() < deadline
        ):
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code < 300, (response.status_code, response.text[:300])
        return sorted(times)

    def rate(self, call: Callable[[int], requests.Response], count: int, threads: int) -> float:
        """Requests per second of ``count`` calls (201 each) over ``threads`` clients."""
        done = []

        def client(k: int) -> None:
            for n in range(k, count, threads):
                response = call(n)
                assert response.status_code == 201, response.text[:300]
                done.append(n)

        started = time.perf_counter()
        pool = [threading.Thread(target=client, args=(k,)) for k in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        return len(done) / (time.perf_counter() - started)


def median(times: list[float]) -> float:
    return statistics.median(times)


def p99(times: list[float]) -> float:
    return times[min(len(times) - 1, math.ceil(len(times) * 0.99) - 1)]


# -- raw SQL and plans -----------------------------------------------------------------


def raw_queries(dialect: str, since: str) -> list[str]:
    """The three aggregate queries that give the API's figures from the referrals."""
    counts = (
        "SELECT to_institution_id, status, count(*) FROM referrals"
        f" WHERE sent_at >= '{since}' GROUP BY to_institution_id, status"
    )
    if dialect == "postgresql":
        hours = "extract(epoch FROM responded_at - sent_at) / 3600"
        days = "extract(epoch FROM closed_at - sent_at) / 86400"
        medians = [
            f"SELECT to_institution_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY {value})"
            f" FROM referrals WHERE sent_at >= '{since}' AND {where}"
            " GROUP BY to_institution_id"
            for value, where in (
                (hours, "responded_at IS NOT NULL"),
                (days, "status = 'completed'"),
            )
        ]
    else:
        hours = "(julianday(responded_at) - julianday(sent_at)) * 24"
        days = "julianday(closed_at) - julianday(sent_at)"
        medians = [
            "SELECT to_institution_id, avg(value) FROM (SELECT to_institution_id, value,"
            " row_number() OVER (PARTITION BY to_institution_id ORDER BY value) AS k,"
            " count(*) OVER (PARTITION BY to_institution_id) AS n FROM (SELECT"
            f" to_institution_id, {value} AS value FROM referrals WHERE sent_at >= '{since}'"
            f" AND {where})) WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY to_institution_id"
            for value, where in (
                (hours, "responded_at IS NOT NULL"),
                (days, "status = 'completed'"),
            )
        ]
    return [counts, *medians]


def captured_sql(app: Flask, calls: dict[str, Callable[[Flask], Any]]) -> dict[str, dict]:
    """The SELECTs on ``referrals`` and on the rollup each call sends:
    {statement: (parameters, times sent)}."""
    seen: dict[str, dict] = {}
    with app.app_context():
        engine = db.engine
    for label, call in calls.items():
        statements: dict[str, list] = {}

        def spy(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT") and (
                "FROM referrals" in statement or "FROM cooperation_" in statement
            ):
                statements.setdefault(statement, [parameters, 0])[1] += 1  # noqa: B023

        event.listen(engine, "before_cursor_execute", spy)
        try:
            call(app)
        finally:
            event.remove(engine, "before_cursor_execute", spy)
        seen[label] = statements
    return seen


def print_plans(app: Flask, captured: dict[str, dict]) -> None:
    with app.app_context():
        pg = db.engine.dialect.name == "postgresql"
        prefix = "EXPLAIN (ANALYZE, COSTS OFF) " if pg else "EXPLAIN QUERY PLAN "
        with db.engine.connect() as connection:
            for label, statements in captured.items():
                for statement, (parameters, times) in statements.items():
                    shown = " ".join(statement.split())
                    shown = shown if len(shown) < 200 else f"{shown[:90]} … {shown[-100:]}"
                    print(f"  plan of {label} ({times}× per page): {shown}")
                    rows = connection.exec_driver_sql(prefix + statement, parameters)
                    for row in rows:
                        print(f"      {row[-1]}")


# -- one size --------------------------------------------------------------------------


def measure(app: Flask, url: str, timer: Timer, *, worker: bool) -> dict[str, float]:
    figures: dict[str, float] = {}
    today = date.today()
    all_time = {"from": (today - timedelta(days=1200)).isoformat(), "to": today.isoformat()}
    with app.app_context():
        dialect = db.engine.dialect.name
        since = (today - timedelta(days=365)).isoformat()
        referral_id = db.session.scalar(text("SELECT max(id) FROM referrals"))
        people = db.session.execute(
            text("SELECT beneficiary_id, id FROM consents ORDER BY id LIMIT 2000")
        ).all()
        bench_create.make_ceiling_table(db.engine)
        raw = []
        for _ in range(3):
            started = time.perf_counter()
            for query in raw_queries(dialect, since):
                db.session.execute(text(query)).all()
            raw.append((time.perf_counter() - started) * 1000)
        figures["raw SQL aggregates"] = median(raw)
        db.session.commit()
    # the SQL of one inbox page and one API page, to print their plans
    officer_token = _token(app, "officer@bench.example")

    def inbox(app: Flask) -> None:
        client, _ = signed_in(app, "officer@bench.example")
        assert client.get("/inbox").status_code == 200

    def api_page(app: Flask) -> None:
        headers = {"Authorization": f"Bearer {officer_token}"}
        assert app.test_client().get("/api/v1/referrals", headers=headers).status_code == 200

    coordinator_token = _token(app, "coord@bench.example")

    def api_stats(app: Flask) -> None:
        headers = {"Authorization": f"Bearer {coordinator_token}"}
        response = app.test_client().get("/api/v1/stats/cooperation", headers=headers)
        assert response.status_code == 200

    calls = {"/inbox": inbox, "GET /api/v1/referrals": api_page, "API stats": api_stats}
    print_plans(app, captured_sql(app, calls))

    hub_port, ceiling_port = free_port(), free_port()
    hub_env = {
        "REFERRAL_HUB_DATABASE_URL": url,
        "REFERRAL_HUB_SECRET_KEY": "bench-scale",
        "REFERRAL_HUB_WEB_WORKERS": "2",
        "REFERRAL_HUB_LOGIN_LIMITS": "1000 per minute",
    }
    hub = f"http://127.0.0.1:{hub_port}"
    ceiling = f"http://127.0.0.1:{ceiling_port}"
    tokens = {role: _token(app, email) for role, email in _EMAILS.items()}
    with (
        serving(
            [str(BIN / "referral-hub"), "serve", "--port", str(hub_port)], hub_env, hub + "/login"
        ) as master,
        serving(
            [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{ceiling_port}",
             "bench.bench_scale:ceiling_app()"],
            {"BENCH_CEILING_DATABASE_URL": url},
            f"{ceiling}/referrals/{referral_id}",
        ),
    ):  # fmt: skip
        plain = requests.Session()
        select_times = timer.times(lambda: plain.get(f"{ceiling}/referrals/{referral_id}"))
        figures["minimal app SELECT by id (median)"] = median(select_times)
        coordinator = _web_session(hub, "coord@bench.example")
        officer = _web_session(hub, "officer@bench.example")
        bearer = {role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()}
        api = requests.Session()
        dashboard = timer.times(lambda: coordinator.get(f"{hub}/cooperation"), timer.repeat // 4)
        figures["dashboard, 12 months (median)"] = median(dashboard)
        dashboard = timer.times(
            lambda: coordinator.get(f"{hub}/cooperation", params=all_time), timer.repeat // 4
        )
        figures["dashboard, all time (median)"] = median(dashboard)
        figures["peak RSS after the dashboard"] = peak_rss_mib(master)
        stats = timer.times(
            lambda: api.get(f"{hub}/api/v1/stats/cooperation", headers=bearer["coordinator"]),
            timer.repeat // 4,
        )
        figures["API stats, 365 days (median)"] = median(stats)
        figures["raw SQL ÷ API stats"] = figures["raw SQL aggregates"] / median(stats)
        export = timer.times(
            lambda: coordinator.get(f"{hub}/cooperation/export.csv", params=all_time),
            timer.repeat // 4,
        )
        figures["CSV export, all time (median)"] = median(export)
        inbox_times = timer.times(lambda: officer.get(f"{hub}/inbox"))
        figures["/inbox (median)"], figures["/inbox (p99)"] = median(inbox_times), p99(inbox_times)
        page = timer.times(lambda: api.get(f"{hub}/api/v1/referrals", headers=bearer["officer"]))
        figures["API referrals first page (median)"] = median(page)
        figures["API referrals first page (p99)"] = p99(page)
        form = next(
            s["form_schema"]
            for s in api.get(f"{hub}/api/v1/services", headers=bearer["staff"]).json()["items"]
            if s["code"] == JOB_SEEKER
        )
        count = min(len(people), timer.repeat)
        sessions = [requests.Session() for _ in range(2)]

        def create(n: int) -> requests.Response:
            person, consent = people[n]
            body = {
                "beneficiary_id": person,
                "service": JOB_SEEKER,
                "form": example_of(form),
                "consent_id": consent,
            }
            headers = {**bearer["staff"], "Idempotency-Key": str(uuid.uuid4())}
            return sessions[n % 2].post(f"{hub}/api/v1/referrals", json=body, headers=headers)

        def insert(n: int) -> requests.Response:
            return sessions[n % 2].post(f"{ceiling}/items", json={"body": people[n][0]})

        figures["minimal app INSERT (req/s)"] = timer.rate(insert, count, threads=2)
        figures["create referral (req/s)"] = timer.rate(create, count, threads=2)
        figures["create ÷ minimal app"] = (
            figures["create referral (req/s)"] / figures["minimal app INSERT (req/s)"]
        )
        figures["peak RSS of a web worker"] = peak_rss_mib(master)
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS bench_ceiling"))
    for label in list(figures):
        if label.endswith("(median)") and "minimal" not in label:
            base = figures["minimal app SELECT by id (median)"]
            figures[label.replace("(median)", "÷ minimal SELECT")] = figures[label] / base
    if worker:
        figures.update(_worker_figures())
    return figures


_EMAILS = {
    "staff": "staff@bench.example",
    "officer": "officer@bench.example",
    "coordinator": "coord@bench.example",
}


def _token(app: Flask, email: str) -> str:
    from core.auth.models import User
    from core.auth.service import issue_token

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        token, _ = issue_token(user=user)
        db.session.commit()
    return token


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _web_session(hub: str, email: str) -> requests.Session:
    """A session signed in through the sign-in form (its CSRF token first)."""
    session = requests.Session()
    token = _CSRF.search(session.get(f"{hub}/login").text).group(1)
    response = session.post(
        f"{hub}/login",
        data={"email": email, "password": bulk_load.PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.status_code
    return session


def _worker_figures() -> dict[str, float]:
    """``bench.bench_worker`` on a throw-away SQLite database: its ratio."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_worker", "--messages", "500"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"ratio to plain smtplib\s+([\d.]+)", output)
    return {"worker e-mails/s ÷ smtplib": float(found.group(1))} if found else {}


# -- reporting -------------------------------------------------------------------------


def print_table(size: int, dialect: str, figures: dict[str, float]) -> None:
    print(f"\n{dialect}, {size} referrals:")
    print(f"  {'figure':44} {'value':>10}  {'target':>12}  ")
    for label, value in figures.items():
        target = TARGETS.get(label)
        unit = target[1] if target else _unit(label)
        shown = f"{value:10.1f}" if value >= 10 else f"{value:10.3f}"
        if target:
            limit, _, kind = target
            met = value <= limit if kind == "max" else value >= limit
            verdict = "met" if met else "NOT MET"
            bound = f"{'≤' if kind == 'max' else '≥'} {limit:g} {unit}"
            print(f"  {label:44} {shown} {unit:3} {bound:>12}  {verdict}")
        else:
            print(f"  {label:44} {shown} {unit:3}")


def _unit(label: str) -> str:
    if "req/s" in label:
        return "/s"
    if "÷" in label:
        return "×"
    if "RSS" in label:
        return "MiB"
    return "ms"


def growth(results: dict[int, dict[str, float]]) -> None:
    sizes = sorted(results)
    print(f"\ngrowth exponents from {sizes[0]} to {sizes[-1]} (target ≤ 0.1 for the figures):")
    xs = [math.log(s) for s in sizes]
    for label in GROWING:
        ys = [math.log(results[s][label]) for s in sizes]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
        times = "  ".join(f"{results[s][label]:.1f}" for s in sizes)
        print(f"  {label:40} {slope:6.3f}   ({times} ms)")


@contextmanager
def _alone() -> Iterator[None]:
    """Two runs (e.g. SQLite and PostgreSQL) started side by side load and
    measure one size at a time, taking turns."""
    with open(Path(tempfile.gettempdir()) / "bench_scale.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000")
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--worker", action="store_true", help="add the worker's row")
    parser.add_argument(
        "--loaded",
        action="store_true",
        help="measure the database of --database-url as loaded before (one size: its size)",
    )
    args = parser.parse_args()
    if args.loaded and not args.database_url:
        parser.error("--loaded measures the database of --database-url")
    timer = Timer(args.repeat, args.seconds)
    results: dict[int, dict[str, float]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        with _alone():
            if args.loaded:
                app = create_app({"database_url": args.database_url, "secret_key": "bench"})
            else:
                app = bulk_load.loaded_app(size, args.database_url)
            with app.app_context():
                url = db.engine.url.render_as_string(hide_password=False)
                dialect = db.engine.dialect.name
            results[size] = measure(app, url, timer, worker=args.worker and not results)
        print_table(size, dialect, results[size])
        if not args.database_url and not args.loaded:
            shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
    if len(results) > 1:
        growth(results)


if __name__ == "__main__":
    main()
