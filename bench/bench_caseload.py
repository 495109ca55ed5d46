"""The caseload lists at volume: a long history, a few hundred open referrals.

    .venv/bin/python -m bench.bench_caseload [--database-url URL] [--referrals 50000] [--open 200]

AJOFM Timiș has received ``--referrals`` referrals from one centre over the
years, all closed but ``--open`` of them. Each figure is the median time of
what a list page asks the database, as a ratio to reading one referral by
primary key (the baseline, same run): the officer's open inbox (a page by
urgency, and its total), "assigned to me", the centre's open list, and the
centre's counts per open status. None of them should grow with the history:
run it with a larger ``--referrals`` and the ratios stay. The plans are
printed, to see the ``(institution, status)`` indexes count and the
``(institution, next due date, id)`` indexes order the page.

With ``--analyze`` on SQLite the planner knows only the average number of
rows per (institution, status) and scans the table for the open inbox, since
nine statuses look equally common; PostgreSQL's statistics see the skew (few
open, many closed) and use the index either way.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, insert, select, text, update

from bench import volume
from bench.bench_api import NOW
from bench.bench_search import median_ms, plan
from core.access import Principal
from core.auth.models import User
from core.beneficiaries.models import Beneficiary, Consent
from core.db import db, new_id
from core.institutions.models import Institution
from core.institutions.network import load_network
from core.referrals.caseload import count, status_counts
from core.referrals.lifecycle import OPEN, TERMINAL, due_expression
from core.referrals.models import Referral
from core.referrals.service import list_query
from core.settings import CONFIG_DIR
from core.web.list_filters import ordered

JOB_SEEKER = "labour_agency.job_seeker_registration"


def fill(centre: Institution, agency: Institution, total: int, open_count: int) -> str:
    """``total`` referrals from ``centre`` to ``agency``, ``open_count`` of them
    open (a quarter assigned to one officer); returns that officer's id."""
    officer = User(
        email="bench.officer@ajofm.example",
        name="Bench Officer",
        role="agency_officer",
        institution_id=agency.id,
        password_hash="-",
        created_at=NOW,
    )
    db.session.add(officer)
    person = dict(
        id=new_id(),
        reference="B-BENCH001",
        given_name="Bench",
        family_name="Person",
        name_latin="Bench Person",
        date_of_birth=date(1990, 1, 1),
        birth_year=1990,
        sex="unknown",
        nationality="UA",
        languages=["uk"],
        protection_status="temporary_protection",
        county="RO-TM",
        locality="Timișoara",
        registered_by=centre.id,
        created_at=NOW,
        updated_at=NOW,
        version=1,
        employment_status="unknown",
    )
    db.session.execute(insert(Beneficiary), [person])
    consent = dict(
        id=new_id(),
        beneficiary_id=person["id"],
        institution_kinds=["labour_agency"],
        method="written",
        given_at=NOW,
        recorded_at=NOW,
    )
    db.session.execute(insert(Consent), [consent])
    db.session.flush()
    closed, open_statuses = sorted(TERMINAL), [s for s in OPEN if s != "draft"]
    rows = []
    for i in range(total):
        is_open = i >= total - open_count
        sent = NOW - timedelta(days=(total - i) * 3650 / total)
        rows.append(
            dict(
                id=new_id(),
                reference=f"R-C{i:07d}",
                beneficiary_id=person["id"],
                service_code=JOB_SEEKER,
                form={},
                consent_id=consent["id"],
                priority="normal",
                status=open_statuses[i % len(open_statuses)] if is_open else closed[i % 4],
                from_institution_id=centre.id,
                to_institution_id=agency.id,
                to_office_id=agency.offices[i % len(agency.offices)].id,
                assigned_officer_id=officer.id if is_open and i % 4 == 0 else None,
                created_at=sent,
                sent_at=sent,
                respond_by=(sent + timedelta(days=3)).date(),
                complete_by=(sent + timedelta(days=30)).date(),
                closed_at=None if is_open else sent + timedelta(days=10),
                version=1,
            )
        )
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Referral), rows[start : start + 5000])
    # transition() keeps the next due date; rows written in bulk get it in SQL.
    db.session.execute(update(Referral).values(next_due_on=due_expression()))
    db.session.commit()
    return officer.id


def main() -> None:
    parser = volume.arguments(__doc__.split("\n")[0], repeat=50)
    parser.set_defaults(referrals=50_000)
    parser.add_argument("--open", type=int, default=200)
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="gather statistics first (SQLite's average per status then hides the skew)",
    )
    args = parser.parse_args()
    app = volume.empty_app(args.database_url)
    with app.app_context():
        load_network(CONFIG_DIR / "networks" / "region5.toml")
        by_slug = {i.slug: i for i in db.session.scalars(select(Institution))}
        centre, agency = by_slug["crim-timisoara"], by_slug["ajofm-timis"]
        officer_id = fill(centre, agency, args.referrals, args.open)
        if args.analyze:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        officer = Principal("agency_officer", agency.id, user_id=officer_id)
        staff = Principal("centre_staff", centre.id)

        inbox = list_query(officer, {"status": "open"})
        mine = list_query(officer, {"status": "open", "assigned_to": "me"})
        centre_open = list_query(staff, {"status": "open"})
        counted = list_query(staff, {}).where(Referral.status.in_(OPEN))
        inbox_page = ordered(inbox, "due").limit(51)
        centre_urgent = ordered(centre_open, "due").limit(51)
        some = db.session.scalar(select(Referral.id).limit(1))
        baseline = median_ms(
            lambda: db.session.get(Referral, some, populate_existing=True), args.repeat
        )
        figures = {
            "open inbox, one page by urgency": lambda: list(db.session.scalars(inbox_page)),
            "open inbox, its total": lambda: count(inbox),
            "assigned to me, its total": lambda: count(mine),
            "centre's open list, newest first": lambda: list(
                db.session.scalars(ordered(centre_open, "newest").limit(51))
            ),
            "centre's open list, most urgent first": lambda: list(
                db.session.scalars(centre_urgent)
            ),
            "centre's counts per open status": lambda: status_counts(counted),
        }
        history = db.session.scalar(select(func.count()).select_from(Referral))
        print(f"{history} referrals, {args.open} open; ratios to a primary-key read:")
        for label, call in figures.items():
            print(f"  {label:36s} {median_ms(call, args.repeat) / baseline:8.1f}")
        for label, query in (
            ("the open inbox page", inbox_page),
            ("the open inbox total", select(func.count()).select_from(inbox.subquery())),
            ("the centre's open list by urgency", centre_urgent),
            ("the centre's counts", select(Referral.status, func.count()).where(
                Referral.from_institution_id == centre.id, Referral.status.in_(OPEN)
            ).group_by(Referral.status)),
        ):  # fmt: skip
            print(f"plan of {label}:")
            for line in plan(query):
                print(f"  {line}")


if __name__ == "__main__":
    main()
