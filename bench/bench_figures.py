"""The coordinator's figures in process, on a database that ``bench.bulk_load`` loaded.

    .venv/bin/python -m bench.bench_figures --database-url URL [--repeat 20] [--profile NAME]

Times, with Flask's test client (no network, no second process), the figures that
``bench.bench_scale`` times over HTTP: the dashboard (twelve months and all
time), ``GET /api/v1/stats/cooperation`` (365 days; and per month), the CSV
export (all time); and prints the rollup's size. ``--profile NAME`` prints a
``pyinstrument`` profile of one of them instead (``pip install pyinstrument``).
A quick loop for work on ``core.stats``; ``bench_scale`` gives the figures to report.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import func, select

from bench.bench_web import signed_in
from bench.bulk_load import PASSWORD
from core.app import create_app
from core.auth.models import User
from core.auth.service import issue_token
from core.db import db
from core.stats import rollup


def calls(app: Flask) -> dict[str, Callable[[], object]]:
    """The requests to time, by name; each asserts its status."""
    assert PASSWORD  # the users bulk_load made sign in with it
    web, _ = signed_in(app, "coord@bench.example")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "coord@bench.example"))
        token, _ = issue_token(user=user)
        db.session.commit()
    api, bearer = app.test_client(), {"Authorization": f"Bearer {token}"}
    today = datetime.now(UTC).date()
    all_time = {"from": (today - timedelta(days=1200)).isoformat(), "to": today.isoformat()}

    def get(client, path: str, **kwargs: object) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path, **kwargs)
            assert response.status_code == 200, response.status_code
            return response

        return call

    return {
        "dashboard-12m": get(web, "/cooperation"),
        "dashboard-all": get(web, "/cooperation", query_string=all_time),
        "api-365d": get(api, "/api/v1/stats/cooperation", headers=bearer),
        "api-month": get(api, "/api/v1/stats/cooperation?group_by=month", headers=bearer),
        "csv-all": get(web, "/cooperation/export.csv", query_string=all_time),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile")
    args = parser.parse_args()
    app = create_app({"database_url": args.database_url, "secret_key": "bench"})
    with app.app_context():
        for model in rollup.MODELS:
            rows = db.session.scalar(select(func.count()).select_from(model))
            print(f"{model.__tablename__}: {rows} rows")
    timed = calls(app)
    if args.profile:
        from pyinstrument import Profiler

        timed[args.profile]()
        with Profiler(interval=0.0005) as profiler:
            for _ in range(args.repeat):
                timed[args.profile]()
        profiler.print(show_all=False)
        return
    for name, call in timed.items():
        call()  # warm the caches
        times, cpu = [], []
        for _ in range(args.repeat):
            started, used = time.perf_counter(), time.process_time()
            call()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
        print(
            f"{name:15} median {statistics.median(times):7.1f} ms  min {min(times):7.1f} ms"
            f"  CPU median {statistics.median(cpu):7.1f} ms"
        )


if __name__ == "__main__":
    main()
