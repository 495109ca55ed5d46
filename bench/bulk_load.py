"""A bulk loader for the benchmarks at scale: millions of referrals generated
in SQL, on SQLite and on PostgreSQL.

    .venv/bin/python -m bench.bulk_load --referrals 1000000 --database-url URL [--keep]

Empties and migrates the database (``bench.volume.empty_app``; a SQLite file in a
temporary folder unless ``--database-url``), loads the Region 5 network and the
benchmarks' three users (``bench_api.USERS``: a centre's staff, an AJOFM officer,
a prefecture's coordinator), then writes, with ``INSERT … SELECT`` over
``generate_series`` on PostgreSQL and a recursive CTE on SQLite:

- ``N / 3`` beneficiaries, each with a consent covering the four plugin kinds;
- ``N`` referrals sent over the three years before now (one every
  ``3 years / N``, so that ids, which are UUIDv7-shaped from the sending time,
  sort as the real ones do), from the network's integration centres to every
  office of every receiving institution, in every service of its kind; older
  than 90 days, 99 % of them are closed (completed, failed, rejected,
  cancelled), the rest are stuck open (overdue); younger, they are spread over
  the whole lifecycle, drafts included. Milestones (received, responded,
  accepted, closed) follow the status, due dates come from the service's SLA,
  and ``next_due_on`` is what ``lifecycle.due_on`` says;
- their history: one event per move, as ``transition()`` writes it (about five
  per referral).

Every number comes from arithmetic on the row number, so both databases get
the same rows. Then the rollup is rebuilt by the project's own code
(``core.stats.rollup.rebuild``, as ``referral-hub stats rebuild``) and the
statistics gathered (``ANALYZE``). Prints the time of each step. With
``--check``, compares the rollup with a recomputation afterwards.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select, text

from bench import volume
from core.app import hub
from core.auth.service import create_user
from core.db import db
from core.institutions.models import Institution, Office
from core.institutions.network import load_network
from core.referrals.lifecycle import AWAITING_RESPONSE, IN_HAND
from core.referrals.models import Referral
from core.settings import CONFIG_DIR
from core.stats import rollup

PASSWORD = "benchmark-password"
#: (e-mail, name, role, institution slug): the users the benchmarks sign in as
USERS = (
    ("staff@bench.example", "Staff", "centre_staff", "crim-timisoara"),
    ("officer@bench.example", "Officer", "agency_officer", "ajofm-timis"),
    ("coord@bench.example", "Coordinator", "coordinator", "prefectura-timis"),
)
SPAN_DAYS = 3 * 365
#: referrals older than this are closed, but for the stuck ones
SETTLED_DAYS = 90
LANGUAGES = '["uk"]'
KINDS = '["labour_agency", "health_insurance", "schools", "immigration"]'
# Lifecycle paths: (path, step, from status, to status, the time column of the step).
# A cancelled referral was cancelled before receipt (path "cancelled") or after
# acceptance ("cancelled-late").
_PATHS = {
    "draft": ["draft"],
    "requested": ["draft", "requested"],
    "received": ["draft", "requested", "received"],
    "accepted": ["draft", "requested", "received", "accepted"],
    "in-progress": ["draft", "requested", "received", "accepted", "in-progress"],
    "on-hold": ["draft", "requested", "received", "accepted", "in-progress", "on-hold"],
    "completed": ["draft", "requested", "received", "accepted", "in-progress", "completed"],
    "failed": ["draft", "requested", "received", "accepted", "in-progress", "failed"],
    "rejected": ["draft", "requested", "received", "rejected"],
    "cancelled": ["draft", "requested", "cancelled"],
    "cancelled-late": ["draft", "requested", "received", "accepted", "cancelled"],
}
#: the staging column holding the time of a move to each status (cancelled: the path's)
_STEP_TIME = {
    "draft": "c",
    "requested": "s",
    "received": "t_recv",
    "accepted": "t_resp",
    "rejected": "t_resp",
    "in-progress": "t_prog",
    "on-hold": "t_close",
    "completed": "t_close",
    "failed": "t_close",
}
#: reason codes of the moves that need one (any code the plugins list would do)
_REASONS = {"rejected": "bench", "on-hold": "bench", "failed": "bench", "cancelled": "bench"}


class Dialect:
    """The few SQL spellings that differ between the two databases."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.pg = name == "postgresql"

    def numbers(self, n: int) -> str:
        """A ``FROM`` source of the numbers 1..n as column ``i``, and its CTE."""
        if self.pg:
            return f"generate_series(CAST(1 AS bigint), {n}) AS g(i)"
        return "g"

    def cte(self, n: int) -> str:
        if self.pg:
            return ""
        return f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n}) "

    def ts(self, epoch: str) -> str:
        """A UTC timestamp column value from epoch seconds (NULL stays NULL)."""
        if self.pg:
            return f"(to_timestamp({epoch}) AT TIME ZONE 'UTC')"
        # as SQLAlchemy writes a DateTime on SQLite (strings compare as times)
        return f"(strftime('%Y-%m-%d %H:%M:%S', {epoch}, 'unixepoch') || '.000000')"

    def day(self, epoch: str) -> str:
        if self.pg:
            return f"CAST(to_timestamp({epoch}) AT TIME ZONE 'UTC' AS date)"
        return f"date({epoch}, 'unixepoch')"

    def hex(self, value: str, width: int) -> str:
        if self.pg:
            return f"lpad(to_hex(CAST({value} AS bigint)), {width}, '0')"
        return f"printf('%0{width}x', {value})"

    def json(self, literal: str) -> str:
        return f"CAST('{literal}' AS json)" if self.pg else f"'{literal}'"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})" if self.pg else f"min({a}, {b})"

    def uuid(self, millis: str, tail: str, marker: int) -> str:
        """A UUIDv7-shaped id: the time in ms, a marker (which table), a tail."""
        return (
            f"{self.hex(f'({millis}) / 65536', 8)} || '-' || {self.hex(f'({millis}) % 65536', 4)}"
            f" || '-7{marker:03x}-8000-' || {self.hex(tail, 12)}"
        )


def _h(prime: int, modulus: int) -> str:
    """A pseudo-random number of the row from its number ``i`` (both databases)."""
    return f"((i * {prime} + {prime % 977}) % {modulus})"


def load(n: int, now: datetime | None = None, *, echo: Callable[[str], None] = print) -> None:
    """Load the network, the users and ``n`` referrals into the app's (migrated,
    empty) database, in the app context; then rebuild the rollup and ANALYZE."""
    now = now or datetime.now(UTC)
    dialect = Dialect(db.engine.dialect.name)
    if not dialect.pg:  # SQLite's default page cache (2 MB) makes random index inserts crawl
        db.session.execute(text("PRAGMA cache_size = -1048576"))
    started = time.perf_counter()
    load_network(CONFIG_DIR / "networks" / "region5.toml")
    by_slug = {i.slug: i for i in db.session.scalars(select(Institution))}
    users = {
        role: create_user(email, name, role, by_slug[slug], PASSWORD)
        for email, name, role, slug in USERS
    }
    db.session.flush()
    _helper_tables(dialect, by_slug, users["centre_staff"].id)
    db.session.commit()
    step = _stepper(echo, started)
    people = max(1, n // 3)
    _people(dialect, people, int(now.timestamp()))
    step(f"{people} beneficiaries and consents")
    _staging(dialect, n, people, int(now.timestamp()))
    step(f"{n} rows staged")
    _referrals(dialect, int(now.timestamp()))
    step(f"{n} referrals")
    events = _events(dialect)
    step(f"{events} events")
    _drop_helpers()
    db.session.commit()
    differing = rollup.rebuild(db.session)
    db.session.commit()
    step(f"rollup rebuilt ({differing} rows)")
    analyze()
    step("ANALYZE")


def analyze() -> None:
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


def _stepper(echo: Callable[[str], None], started: float) -> Callable[[str], None]:
    last = [started]

    def step(what: str) -> None:
        now = time.perf_counter()
        echo(f"  {what}: {now - last[0]:.1f} s (total {now - started:.1f} s)")
        last[0] = now

    return step


def _helper_tables(dialect: Dialect, by_slug: dict[str, Institution], staff_id: str) -> None:
    """The routes (receiving office and service, with its SLA), the senders and
    the lifecycle paths, as tables the generating SQL joins."""
    services = hub().catalogue.services
    offices = list(db.session.scalars(select(Office).order_by(Office.id)))
    routes = []
    for office in offices:
        kind = by_slug_kind(by_slug, office.institution_id)
        for code, service in sorted(services.items()):
            if service.kind == kind:
                routes.append(
                    (office.institution_id, office.id, code, service.sla.respond_days,
                     service.sla.complete_days)
                )  # fmt: skip
    senders = sorted(i.id for i in by_slug.values() if i.kind == "integration_centre")
    centre = by_slug["crim-timisoara"].id
    statements = [
        "CREATE TABLE bench_routes (n INTEGER PRIMARY KEY, to_institution_id VARCHAR(36),"
        " to_office_id VARCHAR(36), service_code VARCHAR(120), respond_days INTEGER,"
        " complete_days INTEGER)",
        "CREATE TABLE bench_senders (n INTEGER PRIMARY KEY, institution_id VARCHAR(36),"
        " user_id VARCHAR(36))",
        "CREATE TABLE bench_paths (path VARCHAR(20), step INTEGER, from_status VARCHAR(20),"
        " to_status VARCHAR(20), at_column VARCHAR(10), reason_code VARCHAR(20))",
    ]
    for statement in statements:
        db.session.execute(text(statement))
    db.session.execute(
        text("INSERT INTO bench_routes VALUES (:n, :i, :o, :s, :r, :c)"),
        [dict(n=k, i=r[0], o=r[1], s=r[2], r=r[3], c=r[4]) for k, r in enumerate(routes)],
    )
    db.session.execute(
        text("INSERT INTO bench_senders VALUES (:n, :i, :u)"),
        [dict(n=k, i=s, u=staff_id if s == centre else None) for k, s in enumerate(senders)],
    )
    paths = []
    for path, moves in _PATHS.items():
        previous = None
        for number, to in enumerate(moves):
            at = _STEP_TIME.get(to) or ("t_recv" if path == "cancelled" else "t_prog")
            paths.append(dict(p=path, n=number, f=previous, t=to, a=at, r=_REASONS.get(to)))
            previous = to
    db.session.execute(text("INSERT INTO bench_paths VALUES (:p, :n, :f, :t, :a, :r)"), paths)


def by_slug_kind(by_slug: dict[str, Institution], institution_id: str) -> str:
    return next(i.kind for i in by_slug.values() if i.id == institution_id)


def _people(d: Dialect, people: int, now: int) -> None:
    """Beneficiaries registered by the centres before the first referral, and consents."""
    created = d.ts(f"{now} - {SPAN_DAYS + 30} * 86400 + i")
    sender = "(SELECT institution_id FROM bench_senders WHERE n = 0)"
    db.session.execute(
        text(
            f"{d.cte(people)}INSERT INTO beneficiaries (id, reference, given_name, family_name,"
            " name_latin, birth_year, sex, nationality, languages, protection_status, county,"
            " locality, employment_status, registered_by, created_at, updated_at, version) "
            f"SELECT {_person_id(d, 'i', now)}, 'B-' || {d.hex('i', 8)}, 'Name' || i,"
            f" 'Family' || i, 'Name' || i || ' Family' || i, 1950 + {_h(7919, 55)},"
            " CASE i % 2 WHEN 0 THEN 'female' ELSE 'male' END,"
            " CASE i % 4 WHEN 0 THEN 'SY' WHEN 1 THEN 'AF' ELSE 'UA' END,"
            f" {d.json(LANGUAGES)}, 'temporary_protection', 'RO-TM', 'Timișoara', 'unknown',"
            f" {sender}, {created}, {created}, 1 FROM {d.numbers(people)}"
        )
    )
    db.session.execute(
        text(
            f"{d.cte(people)}INSERT INTO consents (id, beneficiary_id, institution_kinds, method,"
            " given_at, recorded_at) "
            f"SELECT {_person_id(d, 'i', now, 2)}, {_person_id(d, 'i', now)}, {d.json(KINDS)},"
            f" 'written', {created}, {created} FROM {d.numbers(people)}"
        )
    )
    db.session.commit()


def _person_id(d: Dialect, number: str, now: int, marker: int = 1) -> str:
    """The id of beneficiary ``number`` (marker 1) or of their consent (marker 2)."""
    registered = now - (SPAN_DAYS + 30) * 86400
    return d.uuid(f"CAST({registered} AS bigint) * 1000 + {number}", number, marker)


def _staging(d: Dialect, n: int, people: int, now: int) -> None:
    """One row of numbers per referral: its route, sender, person, status and
    the epoch seconds of its milestones, each no later than now."""
    start = now - SPAN_DAYS * 86400
    routes = db.session.scalar(text("SELECT count(*) FROM bench_routes"))
    senders = db.session.scalar(text("SELECT count(*) FROM bench_senders"))
    db.session.execute(
        text(
            "CREATE TABLE bench_load (i BIGINT PRIMARY KEY, route INTEGER, sender INTEGER,"
            " person INTEGER, c BIGINT, s BIGINT, status VARCHAR(20), path VARCHAR(20),"
            " t_recv BIGINT, t_resp BIGINT, t_prog BIGINT, t_close BIGINT)"
        )
    )
    # sent one every span/n seconds, in row order; the hashes pick the rest
    sent = f"({start} + (i - 1) * {SPAN_DAYS * 86400} / {n})"
    u, v = _h(2654435761, 1000), _h(40503, 1000)
    open_young = (
        f"CASE WHEN {v} < 10 THEN 'draft' WHEN {u} < 150 THEN 'requested'"
        f" WHEN {u} < 250 THEN 'received' WHEN {u} < 400 THEN 'accepted'"
        f" WHEN {u} < 600 THEN 'in-progress' WHEN {u} < 650 THEN 'on-hold'"
        f" WHEN {u} < 800 THEN 'completed' WHEN {u} < 850 THEN 'failed'"
        f" WHEN {u} < 930 THEN 'rejected' WHEN {v} < 500 THEN 'cancelled'"
        " ELSE 'cancelled-late' END"
    )
    settled = (
        f"CASE WHEN {u} < 600 THEN 'completed' WHEN {u} < 700 THEN 'failed'"
        f" WHEN {u} < 820 THEN 'rejected' WHEN {u} < 890 THEN 'cancelled'"
        f" WHEN {u} < 960 THEN 'cancelled-late' WHEN {u} < 970 THEN 'requested'"
        f" WHEN {u} < 975 THEN 'received' WHEN {u} < 980 THEN 'accepted'"
        f" WHEN {u} < 990 THEN 'in-progress' ELSE 'on-hold' END"
    )
    quarter = f"(({now} - s) / 4)"
    db.session.execute(
        text(
            f"{d.cte(n)}INSERT INTO bench_load (i, route, sender, person, c, s, path,"
            " t_recv, t_resp, t_prog, t_close) "
            f"SELECT i, route, sender, person, s - 600, s, path,"
            f" s + {d.least('600 + ' + _h(7727, 259200), quarter)},"
            f" s + {d.least('600 + ' + _h(7727, 259200), quarter)}"
            f" + {d.least(_h(6007, 432000), quarter)},"
            f" s + {d.least('600 + ' + _h(7727, 259200), quarter)}"
            f" + {d.least(_h(6007, 432000), quarter)} + {d.least('3600 + ' + _h(4099, 604800), quarter)},"  # noqa: E501
            f" s + {d.least('600 + ' + _h(7727, 259200), quarter)}"
            f" + {d.least(_h(6007, 432000), quarter)} + {d.least('3600 + ' + _h(4099, 604800), quarter)}"  # noqa: E501
            f" + {d.least('86400 + ' + _h(3571, 5184000), quarter)}"
            f" FROM (SELECT i, {sent} AS s, {_h(104729, routes)} AS route,"
            f" {_h(1299709, senders)} AS sender, {_h(15485863, people)} + 1 AS person,"
            f" CASE WHEN {sent} > {now - SETTLED_DAYS * 86400} THEN {open_young}"
            f" ELSE {settled} END AS path FROM {d.numbers(n)}) AS numbered"
        )
    )
    db.session.execute(
        text("UPDATE bench_load SET status = CASE path WHEN 'cancelled-late' THEN 'cancelled'"
             " ELSE path END")
    )  # fmt: skip
    db.session.commit()


def _referrals(d: Dialect, now: int) -> None:
    def at(column: str, *statuses: str) -> str:
        listed = ", ".join(f"'{s}'" for s in statuses)
        return f"CASE WHEN l.path IN ({listed}) THEN {d.ts(column)} END"

    received = ("received", "accepted", "in-progress", "on-hold", "completed", "failed",
                "rejected", "cancelled-late")  # fmt: skip
    accepted = ("accepted", "in-progress", "on-hold", "completed", "failed", "cancelled-late")
    awaiting = ", ".join(f"'{s}'" for s in AWAITING_RESPONSE)
    in_hand = ", ".join(f"'{s}'" for s in IN_HAND)
    sent = "CASE WHEN l.status <> 'draft' THEN l.s END"
    respond_by = d.day(f"{sent} + r.respond_days * 86400")
    complete_by = d.day(f"{sent} + r.complete_days * 86400")
    referral_id = d.uuid("l.s * 1000", "l.i * 16", 0)
    db.session.execute(
        text(
            "INSERT INTO referrals (id, reference, beneficiary_id, service_code, form, consent_id,"
            " priority, status, from_institution_id, created_by, to_institution_id,"
            " to_office_id, respond_by, complete_by, next_due_on, created_at, sent_at,"
            " received_at, responded_at, accepted_at, closed_at, version) "
            f"SELECT {referral_id}, 'R-' || {d.hex('l.i', 8)}, {_person_id(d, 'l.person', now)},"
            f" r.service_code, {d.json('{}')}, {_person_id(d, 'l.person', now, 2)},"
            " CASE WHEN l.i % 10 = 0 THEN 'urgent' ELSE 'normal' END, l.status,"
            " sd.institution_id, sd.user_id, r.to_institution_id, r.to_office_id,"
            f" {respond_by}, {complete_by},"
            f" CASE WHEN l.status IN ({awaiting}) THEN {respond_by}"
            f" WHEN l.status IN ({in_hand}) THEN {complete_by} END,"
            f" {d.ts('l.c')}, {d.ts(sent)}, {at('l.t_recv', *received)},"
            f" {at('l.t_resp', *accepted, 'rejected')}, {at('l.t_resp', *accepted)},"
            f" CASE WHEN l.path IN ('completed', 'failed') THEN {d.ts('l.t_close')}"
            f" WHEN l.path = 'rejected' THEN {d.ts('l.t_resp')}"
            f" WHEN l.path = 'cancelled' THEN {d.ts('l.t_recv')}"
            f" WHEN l.path = 'cancelled-late' THEN {d.ts('l.t_prog')} END, 1 + {_path_length()}"
            " FROM bench_load AS l JOIN bench_routes AS r ON r.n = l.route"
            " JOIN bench_senders AS sd ON sd.n = l.sender"
        )
    )
    db.session.commit()


def _path_length() -> str:
    """The version of a referral: one bump per move after its creation."""
    whens = " ".join(f"WHEN '{path}' THEN {len(moves) - 1}" for path, moves in _PATHS.items())
    return f"CASE l.path {whens} END"


def _events(d: Dialect) -> int:
    at = "CASE p.at_column " + " ".join(
        f"WHEN '{c}' THEN l.{c}" for c in ("c", "s", "t_recv", "t_resp", "t_prog", "t_close")
    ) + " END"  # fmt: skip
    event_id = d.uuid("l.s * 1000", "l.i * 16 + p.step", 3)
    referral_id = d.uuid("l.s * 1000", "l.i * 16", 0)
    db.session.execute(
        text(
            "INSERT INTO referral_events (id, referral_id, kind, from_status, to_status, at,"
            " actor_institution_id, reason_code, data, source) "
            f"SELECT {event_id}, {referral_id}, 'transition', p.from_status, p.to_status,"
            f" {d.ts(at)}, CASE WHEN p.to_status IN ('draft', 'requested', 'cancelled')"
            " THEN sd.institution_id ELSE r.to_institution_id END, p.reason_code,"
            f" {d.json('{}')}, 'api'"
            " FROM bench_load AS l JOIN bench_paths AS p ON p.path = l.path"
            " JOIN bench_routes AS r ON r.n = l.route JOIN bench_senders AS sd ON sd.n = l.sender"
        )
    )
    db.session.commit()
    return db.session.scalar(text("SELECT count(*) FROM referral_events"))


def _drop_helpers() -> None:
    for table in ("bench_load", "bench_paths", "bench_senders", "bench_routes"):
        db.session.execute(text(f"DROP TABLE IF EXISTS {table}"))


def loaded_app(n: int, database_url: str | None, now: datetime | None = None) -> Flask:
    """An emptied, migrated database loaded with ``n`` referrals; the app on it."""
    app = volume.empty_app(database_url, production_argon2=True)
    # the real clock, as the servers have: the data ends now, tokens are valid now
    app.extensions["referral_hub"].clock = lambda: datetime.now(UTC)
    with app.app_context():
        print(f"{db.engine.dialect.name}: loading {n} referrals")
        started = time.perf_counter()
        load(n, now)
        print(f"{n} referrals loaded in {time.perf_counter() - started:.1f} s")
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--database-url")
    parser.add_argument("--check", action="store_true", help="compare the rollup afterwards")
    args = parser.parse_args()
    app = volume.empty_app(args.database_url, production_argon2=True)
    with app.app_context():
        print(f"{db.engine.dialect.name}: loading {args.referrals} referrals")
        started = time.perf_counter()
        load(args.referrals)
        total = db.session.scalar(select(func.count()).select_from(Referral))
        print(f"{total} referrals loaded in {time.perf_counter() - started:.1f} s")
        if args.check:
            differences = rollup.check(db.session)
            print(f"rollup check: {len(differences)} differences", *differences[:10], sep="\n  ")
        print(f"database: {db.engine.url.render_as_string(hide_password=True)}")


if __name__ == "__main__":
    main()
