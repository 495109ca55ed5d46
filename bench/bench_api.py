"""Measure the hot API paths at volume: the officer's inbox, the centre's list,
one referral, one transition, and the coordinator's cooperation figures.

    .venv/bin/python -m bench.bench_api [--referrals 20000] [--database-url URL]

Seeds a throw-away database (SQLite in a temp folder by default) with bulk
rows shaped like real ones, then prints median and p95 per request, and the
query plan of the inbox query.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, text, update

from bench import timing
from core.access import Principal, referrals_visible_to
from core.app import create_app
from core.auth.service import create_user, issue_token
from core.beneficiaries.models import Beneficiary, BeneficiaryNameKey, Consent
from core.beneficiaries.names import name_keys
from core.db import db, new_id
from core.institutions.models import Institution, Office
from core.institutions.network import load_network
from core.referrals.lifecycle import STATUSES, due_expression
from core.referrals.models import Referral
from core.schema import downgrade, upgrade
from core.settings import CONFIG_DIR
from core.stats import rollup

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def seed(n_referrals: int, n_beneficiaries: int) -> dict[str, str]:
    load_network(CONFIG_DIR / "networks" / "region5.toml")
    by_slug = {i.slug: i for i in db.session.scalars(select(Institution))}
    centre, agency = by_slug["crim-timisoara"], by_slug["ajofm-timis"]
    receivers = [i for i in by_slug.values() if i.kind not in ("integration_centre", "prefecture")]
    offices = {o.institution_id: o.id for o in db.session.scalars(select(Office))}
    staff = create_user(
        "staff@bench.example", "Staff", "centre_staff", centre, "benchmark-password"
    )
    officer = create_user(
        "officer@bench.example", "Off", "agency_officer", agency, "benchmark-password"
    )
    coordinator = create_user(
        "coord@bench.example",
        "Coord",
        "coordinator",
        by_slug["prefectura-timis"],
        "benchmark-password",
    )
    rng = random.Random(7)
    people, consents = [], []
    for i in range(n_beneficiaries):
        bid = new_id()
        people.append(
            dict(
                id=bid,
                reference=f"B-{i:08d}",
                given_name=f"Name{i}",
                family_name=f"Family{i}",
                name_latin=f"Name{i} Family{i}",
                date_of_birth=datetime(1990, 1, 1).date(),
                birth_year=1990,
                sex="female",
                nationality="UA",
                languages=["uk"],
                protection_status="temporary_protection",
                residence_document=None,
                county="RO-TM",
                locality="Timișoara",
                registered_by=centre.id,
                created_at=NOW,
                updated_at=NOW,
                version=1,
            )
        )
        consents.append(
            dict(
                id=new_id(),
                beneficiary_id=bid,
                institution_kinds=["labour_agency"],
                method="written",
                given_at=NOW,
                recorded_at=NOW,
            )
        )
    db.session.execute(insert(Beneficiary), people)
    # the search index of their names, as registration writes it
    keys = [
        dict(beneficiary_id=p["id"], key=k, registered_by=centre.id)
        for p in people
        for k in name_keys(p["given_name"], p["family_name"])
    ]
    db.session.execute(insert(BeneficiaryNameKey), keys)
    db.session.execute(insert(Consent), consents)
    statuses = [s for s in STATUSES if s != "draft"]
    rows = []
    for i in range(n_referrals):
        receiver = rng.choice(receivers)
        sent = NOW - timedelta(days=rng.uniform(0, 400))
        status = rng.choice(statuses)
        person = rng.randrange(n_beneficiaries)
        answered = status not in ("requested", "cancelled")
        rows.append(
            dict(
                id=new_id(),
                reference=f"R-{i:08d}",
                beneficiary_id=people[person]["id"],
                service_code="labour_agency.job_mediation",
                form={},
                consent_id=consents[person]["id"],
                priority="normal",
                status=status,
                from_institution_id=centre.id,
                to_institution_id=receiver.id,
                to_office_id=offices[receiver.id],
                respond_by=(sent + timedelta(days=3)).date(),
                complete_by=(sent + timedelta(days=30)).date(),
                created_at=sent,
                sent_at=sent,
                received_at=sent + timedelta(hours=20) if answered else None,
                responded_at=sent + timedelta(hours=20) if answered else None,
                accepted_at=sent + timedelta(days=2)
                if status in ("accepted", "in-progress", "on-hold", "completed", "failed")
                else None,
                closed_at=sent + timedelta(days=12)
                if status in ("completed", "failed", "rejected", "cancelled")
                else None,
                version=1,
            )
        )
        if len(rows) == 5000:
            db.session.execute(insert(Referral), rows)
            rows = []
    if rows:
        db.session.execute(insert(Referral), rows)
    # transition() keeps the next due date; rows written in bulk get it in SQL.
    db.session.execute(update(Referral).values(next_due_on=due_expression()))
    rollup.rebuild(db.session)  # and the figures' rollup, from the rows
    tokens = {
        name: issue_token(user=user)[0]
        for name, user in (("staff", staff), ("officer", officer), ("coordinator", coordinator))
    }
    db.session.commit()
    return tokens


def measure(client, label: str, method: str, path: str, token: str, repeat: int, **kw) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    timing.measure(
        label, lambda: client.open(path, method=method, headers=headers, **kw).status_code, repeat
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--beneficiaries", type=int, default=2_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"database_url": url, "secret_key": "bench"}, clock=lambda: NOW)
    with app.app_context():
        downgrade()
        upgrade()
        started = time.perf_counter()
        tokens = seed(args.referrals, args.beneficiaries)
        print(
            f"{db.engine.dialect.name}: seeded {args.referrals} referrals, "
            f"{args.beneficiaries} beneficiaries in {time.perf_counter() - started:.1f} s"
        )
        officer = db.session.scalar(select(Institution.id).where(Institution.slug == "ajofm-timis"))
        inbox = referrals_visible_to(Principal("agency_officer", officer), select(Referral.id))
        inbox = inbox.order_by(Referral.id.desc()).limit(51)
        explain = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        compiled = inbox.compile(db.engine, compile_kwargs={"literal_binds": True})
        print(
            "inbox plan:",
            " | ".join(str(r[-1]) for r in db.session.execute(text(explain + str(compiled)))),
        )
        one = db.session.scalar(select(Referral.id).where(Referral.to_institution_id == officer))
    client = app.test_client()
    r = args.repeat
    measure(
        client, "officer inbox, first page (50)", "GET", "/api/v1/referrals", tokens["officer"], r
    )
    measure(
        client,
        "officer inbox, status=requested",
        "GET",
        "/api/v1/referrals?status=requested",
        tokens["officer"],
        r,
    )
    measure(
        client,
        "officer inbox, overdue=true",
        "GET",
        "/api/v1/referrals?overdue=true",
        tokens["officer"],
        r,
    )
    measure(client, "centre list, first page (50)", "GET", "/api/v1/referrals", tokens["staff"], r)
    measure(client, "one referral", "GET", f"/api/v1/referrals/{one}", tokens["officer"], r)
    measure(
        client,
        "beneficiary search q=name17",
        "GET",
        "/api/v1/beneficiaries?q=name17",
        tokens["staff"],
        r,
    )
    for group in ("institution", "service", "month"):
        measure(
            client,
            f"cooperation stats, 365 days, by {group}",
            "GET",
            f"/api/v1/stats/cooperation?group_by={group}",
            tokens["coordinator"],
            max(3, r // 5),
        )


if __name__ == "__main__":
    main()
