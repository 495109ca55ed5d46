"""Measure what issue 10 added to hot paths, as ratios to a baseline taken in
the same run (the machine is shared and noisy): the person's access log and
export among a large audit log, the POST search, and sign-in throttling.

    .venv/bin/python -m bench.bench_person [--referrals 20000] [--audit-rows 500000]
        [--database-url URL]

Baselines: reading one beneficiary by id (one primary-key read and its audit
row) for the API paths; a wrong password (one argon2id verification at the
production cost) for sign-in.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import insert, select, text

from bench import volume
from bench.bench_api import NOW, seed
from core.audit import AuditLog
from core.beneficiaries.access_log import access_log
from core.beneficiaries.models import Beneficiary
from core.db import db, new_id


def median_ms(call: Callable[[], int], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        status = call()
        times.append((time.perf_counter() - start) * 1000)
        assert status < 500, status
    return statistics.median(times)


def seed_audit(rows: int, people: list[str], target: str, for_target: int) -> None:
    """``rows`` audit rows spread over ``people``, ``for_target`` of them the target's."""
    rng = random.Random(10)
    batch = []
    for i in range(rows):
        person = target if i < for_target else rng.choice(people)
        batch.append(
            dict(
                id=new_id(),
                at=NOW - timedelta(minutes=rng.randrange(600_000)),
                actor_user_id=None,
                actor_token_id=None,
                actor_institution_id=None,
                actor_role="agency_officer",
                action="read",
                object_type="beneficiary",
                object_id=person,
                source="api",
                beneficiary_id=person,
            )
        )
        if len(batch) == 10_000:
            db.session.execute(insert(AuditLog), batch)
            batch = []
    if batch:
        db.session.execute(insert(AuditLog), batch)
    db.session.commit()


def plan(query) -> str:
    explain = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    return " | ".join(str(r[-1]) for r in db.session.execute(text(explain + str(compiled))))


def main() -> None:
    parser = volume.arguments(__doc__, repeat=30)
    parser.add_argument("--audit-rows", type=int, default=500_000)
    args = parser.parse_args()
    app = volume.empty_app(args.database_url)
    with app.app_context():
        tokens = seed(args.referrals, args.beneficiaries)
        people = list(db.session.scalars(select(Beneficiary.id)))
        target = people[17]
        seed_audit(args.audit_rows, people, target, for_target=200)
        print(
            f"{db.engine.dialect.name}: {args.referrals} referrals, {args.beneficiaries} people,"
            f" {args.audit_rows} audit rows (200 of them one person's)"
        )
        print("access log plan:", plan(access_log(target).limit(51)))
    client = app.test_client()
    staff = {"Authorization": f"Bearer {tokens['staff']}"}
    r = args.repeat

    def get(path: str) -> Callable[[], int]:
        return lambda: client.get(path, headers=staff).status_code

    baseline = median_ms(get(f"/api/v1/beneficiaries/{target}"), r)
    print(f"{'baseline: one beneficiary by id':46} {baseline:7.1f} ms")
    figures = {
        "export (Art. 15), 200-entry access log": get(f"/api/v1/beneficiaries/{target}/export"),
        "search GET ?q=name17": get("/api/v1/beneficiaries?q=name17"),
        "search POST {q: name17}": lambda: (
            client.post(
                "/api/v1/beneficiaries/search", json={"q": "name17"}, headers=staff
            ).status_code
        ),
    }
    for label, call in figures.items():
        print(f"{label:46} {median_ms(call, r) / baseline:7.2f} × baseline")
    sign_in_ratios(args.database_url, max(5, r // 3))


def sign_in_ratios(database_url: str | None, repeat: int) -> None:
    """Sign-in at the production argon2id cost: a success and a locked attempt,
    as ratios to a wrong password. Every wrong password is another (unknown)
    account from another address, so that none of them is throttled."""
    app = volume.empty_app(database_url, production_argon2=True)
    with app.app_context():
        seed(100, 10)
    client = app.test_client()
    counter = iter(range(100_000))

    def attempt(expected: int, password: str, email: str = "", address: str = "") -> int:
        n = next(counter)
        body = {"email": email or f"nobody{n}@bench.example", "password": password}
        env = {"REMOTE_ADDR": address or f"10.9.{n // 250}.{n % 250}"}
        status = client.post("/api/v1/auth/tokens", json=body, environ_base=env).status_code
        assert status == expected, (expected, status)
        return status

    wrong = median_ms(lambda: attempt(401, "wrong-password-1"), repeat)
    right = median_ms(lambda: attempt(201, "benchmark-password", "staff@bench.example"), repeat)
    locked = "192.0.2.1"
    for _ in range(5):
        attempt(401, "wrong-password-1", address=locked)
    refused = median_ms(
        lambda: attempt(429, "benchmark-password", "staff@bench.example", locked), repeat
    )
    print(f"{'baseline: wrong password (argon2id 3 × 64 MiB)':46} {wrong:7.1f} ms")
    print(f"{'right password':46} {right / wrong:7.2f} × baseline")
    print(f"{'right password from a locked address (429)':46} {refused / wrong:7.2f} × baseline")


if __name__ == "__main__":
    main()
