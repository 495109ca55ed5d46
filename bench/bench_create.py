"""Creating referrals, against a minimal Flask app on the same database.

    .venv/bin/python -m bench.bench_create [--database-url URL] [--repeat 200]

The ceiling is a Flask app that does one ``INSERT … RETURNING`` per request on
the same database (a table of its own, the hub's SQLite durability). Both are
called through Flask's test client in this process, one request after another,
so the ratio is server work alone: the hub's creates per second divided by the
ceiling's, the two taking turns by batches of ten (a busy machine slows both
alike). Also prints the SQL statements of one create. People and consents are
registered through the API first and not timed.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, request
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, create_engine, event, text

from bench import volume
from bench.bench_api import seed
from core.db import db, sqlite_durability
from core.settings import load_settings
from tests.factories import BENEFICIARY, example_of

JOB_SEEKER = "labour_agency.job_seeker_registration"


def make_ceiling_table(engine: Engine) -> None:
    """The minimal app's table, emptied: an autoincrementing key on either
    database (SERIAL on PostgreSQL, ROWID on SQLite)."""
    table = Table(
        "bench_ceiling",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("body", String(200)),
    )
    table.drop(engine, checkfirst=True)
    table.create(engine)


def ceiling_app(database_url: str, *, make_table: bool = True) -> Flask:
    """One INSERT … RETURNING per request, committed: what any create must pay
    (on ``engine``, whose ``bench_ceiling`` table must exist unless ``make_table``)."""
    engine = create_engine(database_url)
    sqlite_durability(engine, load_settings().sqlite_synchronous)
    if make_table:
        make_ceiling_table(engine)
    app = Flask("ceiling")
    app.config["BENCH_ENGINE"] = engine

    @app.post("/items")
    def create() -> Any:
        with engine.begin() as connection:
            new = connection.execute(
                text("INSERT INTO bench_ceiling (body) VALUES (:body) RETURNING id"),
                {"body": request.get_json()["body"]},
            ).scalar_one()
        return {"id": new}, 201

    return app


def rates(calls: list, bodies: list[Any], batch: int = 10) -> list[float]:
    """Requests per second of each of ``calls`` over ``bodies`` (each answered 201),
    taking turns by batches, so that a machine busy with something else slows
    them alike and their ratio holds."""
    spent = [0.0] * len(calls)
    for start in range(0, len(bodies), batch):
        for i, call in enumerate(calls):
            started = time.perf_counter()
            for body in bodies[start : start + batch]:
                response = call(body)
                assert response.status_code == 201, response.get_data(as_text=True)[:300]
            spent[i] += time.perf_counter() - started
    return [len(bodies) / seconds for seconds in spent]


def main() -> None:
    args = volume.arguments(__doc__.split("\n")[0], repeat=200).parse_args()
    app = volume.empty_app(args.database_url)
    with app.app_context():
        tokens = seed(args.referrals, args.beneficiaries)
        url = db.engine.url.render_as_string(hide_password=False)
        dialect = db.engine.dialect.name
    client = app.test_client()
    staff = {"Authorization": f"Bearer {tokens['staff']}"}
    form_schema = next(
        s["form_schema"]
        for s in client.get("/api/v1/services", headers=staff).get_json()["items"]
        if s["code"] == JOB_SEEKER
    )
    bodies = []
    for i in range(args.repeat + 1):
        person = client.post(
            "/api/v1/beneficiaries", json={**BENEFICIARY, "given_name": f"Bench{i}"}, headers=staff
        ).get_json()
        consent = client.post(
            f"/api/v1/beneficiaries/{person['id']}/consents",
            json={
                "institution_kinds": ["labour_agency"],
                "method": "written",
                "given_at": "2026-11-01T10:00:00+02:00",
            },
            headers=staff,
        ).get_json()
        bodies.append(
            {
                "beneficiary_id": person["id"],
                "service": JOB_SEEKER,
                "form": example_of(form_schema),
                "consent_id": consent["id"],
            }
        )

    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def spy(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(" ".join(statement.split())[:90])

    event.listen(engine, "before_cursor_execute", spy)
    body = bodies.pop()
    first = client.post(
        "/api/v1/referrals", json=body, headers={**staff, "Idempotency-Key": body["consent_id"]}
    )
    event.remove(engine, "before_cursor_execute", spy)
    assert first.status_code == 201, first.get_json()

    ceiling = ceiling_app(url).test_client()
    ceiling_rate, hub_rate = rates(
        [
            lambda b: ceiling.post("/items", json={"body": b["beneficiary_id"]}),
            lambda b: client.post(
                "/api/v1/referrals", json=b, headers={**staff, "Idempotency-Key": b["consent_id"]}
            ),
        ],
        bodies,
    )
    print(f"{dialect}: {args.referrals} referrals before, {len(bodies)} creates each")
    print(f"  minimal app (one INSERT … RETURNING)  {ceiling_rate:8.0f} req/s")
    print(f"  create referral                       {hub_rate:8.0f} req/s")
    print(f"  ratio to the minimal app              {hub_rate / ceiling_rate:8.3f}")
    print(f"  SQL statements in one create          {len(statements):8d}")
    for statement in statements:
        print(f"    {statement}")


if __name__ == "__main__":
    main()
