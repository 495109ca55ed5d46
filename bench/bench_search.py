"""How well the name search finds people: precision and recall on the top 5.

    .venv/bin/python -m bench.bench_search [--database-url URL] [--filler 20000]

The register holds the people of ``bench/search_names.py`` (220, in Arabic,
Cyrillic and Latin script with diacritics), as written in their documents
and with the Latin spelling the hub suggests (no staff correction: the
hardest case), among ``--filler`` other people of the same centre and the
same people registered by a second centre (which must never be found).
Every variant spelling is searched as staff would type it:

- **recall**: the share of searches whose top 5 holds the person;
- **precision**: the share of the people shown (top 5 of each search,
  including searches for people who are not registered) who are the one
  searched for.

It also prints how many of the Arabic names are in the table of common
names (``core.beneficiaries.arabic.COMMON_NAMES``), so that the figures are
read knowing how much the table helped, and the median time of a search as
a ratio to reading one person by primary key (the baseline, same run).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

from sqlalchemy import insert, select, text

from bench import volume
from bench.bench_api import NOW
from bench.search_names import PEOPLE, UNREGISTERED, Person
from core.access import Principal
from core.app import hub
from core.beneficiaries import arabic
from core.beneficiaries.models import Beneficiary, BeneficiaryNameKey, Consent
from core.beneficiaries.names import name_keys, query_keys
from core.beneficiaries.search import candidates, matching_people, search
from core.beneficiaries.service import register_beneficiary
from core.db import db, new_id
from core.institutions.models import Institution
from core.institutions.network import load_network
from core.referrals.models import Referral
from core.referrals.search import search_received
from core.referrals.service import list_query
from core.settings import CONFIG_DIR

TOP = 5
JOB_SEEKER = "labour_agency.job_seeker_registration"
NATIONALITY = {"ar": "SY", "uk": "UA", "ru": "RU", "ro": "MD", "cs": "CZ", "tr": "TR"}


def register(centre: Institution, people: list[Person]) -> dict[str, Person]:
    staff = Principal("centre_staff", centre.id)
    ids = {}
    for i, person in enumerate(people):
        record = register_beneficiary(
            staff,
            {
                "given_name": person.given_name,
                "family_name": person.family_name,
                "date_of_birth": date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                "sex": "unknown",
                "nationality": NATIONALITY[person.language],
                "languages": [person.language],
                "protection_status": "temporary_protection",
                "county": "RO-TM",
                "locality": "Timișoara",
            },
        )
        ids[record.id] = person
    db.session.commit()
    return ids


def add_filler(centre: Institution, count: int) -> None:
    """Other people of the centre, with made-up names, inserted in bulk."""
    people, keys = [], []
    for i in range(count):
        given, family = f"Filler{i:06d}", f"Person{i % 997:03d}"
        pid = new_id()
        people.append(
            dict(
                id=pid,
                reference=f"B-F{i:07d}",
                given_name=given,
                family_name=family,
                name_latin=f"{given} {family}",
                date_of_birth=date(1990, 1, 1),
                birth_year=1990,
                sex="unknown",
                nationality="UA",
                languages=["uk"],
                protection_status="temporary_protection",
                county="RO-TM",
                locality="Timișoara",
                phone=f"+40 722 {i:06d}",
                phone_key=f"722{i:06d}",
                residence_document={"type": "residence_permit", "number": f"RP{i:06d}"},
                document_key=f"RP{i:06d}",
                registered_by=centre.id,
                created_at=NOW,
                updated_at=NOW,
                version=1,
                employment_status="unknown",
            )
        )
        keys += [
            dict(beneficiary_id=pid, key=k, registered_by=centre.id)
            for k in name_keys(given, family)
        ]
    for start in range(0, count, 5000):
        db.session.execute(insert(Beneficiary), people[start : start + 5000])
    for start in range(0, len(keys), 5000):
        db.session.execute(insert(BeneficiaryNameKey), keys[start : start + 5000])
    db.session.commit()


def add_referrals(centre: Institution, agency: Institution) -> None:
    """One referral to ``agency`` for each person of ``centre``: the
    officer's inbox that the inbox search reads."""
    people = db.session.scalars(
        select(Beneficiary.id).where(Beneficiary.registered_by == centre.id)
    ).all()
    consent = dict(
        id=new_id(),
        beneficiary_id=people[0],
        institution_kinds=["labour_agency"],
        method="written",
        given_at=NOW,
        recorded_at=NOW,
    )
    db.session.execute(insert(Consent), [consent])
    office = agency.offices[0].id
    rows = [
        dict(
            id=new_id(),
            reference=f"R-S{i:07d}",
            beneficiary_id=person,
            service_code=JOB_SEEKER,
            form={},
            consent_id=consent["id"],
            priority="normal",
            status="requested",
            from_institution_id=centre.id,
            to_institution_id=agency.id,
            to_office_id=office,
            created_at=NOW,
            sent_at=NOW,
            version=1,
        )
        for i, person in enumerate(people)
    ]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Referral), rows[start : start + 5000])
    db.session.commit()


def top(staff: Principal, query: str) -> list[str]:
    found = search(staff, query)
    return [b.id for b in (found.ranked or [])[:TOP]]


def plan(query) -> list[str]:
    """The database's plan of ``query`` (each search must be served by indexes)."""
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "sqlite":
        return [row[3] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql))]
    return [row[0] for row in db.session.execute(text("EXPLAIN " + sql))]


def median_ms(call: Callable[[], object], repeat: int = 200) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--filler", type=int, default=20_000)
    parser.add_argument(
        "--without-common-names",
        action="store_true",
        help="romanise Arabic by the rules alone, to see what the table adds",
    )
    args = parser.parse_args()
    if args.without_common_names:
        arabic.COMMON_NAMES.clear()
    app = volume.empty_app(args.database_url)
    with app.app_context():
        load_network(CONFIG_DIR / "networks" / "region5.toml")
        by_slug = {i.slug: i for i in db.session.scalars(select(Institution))}
        centre = by_slug["crim-timisoara"]
        other_centre = Institution(
            slug="cri-oradea", name="CRI Oradea", kind="integration_centre", county="RO-BH"
        )
        db.session.add(other_centre)
        db.session.flush()
        registered = register(centre, PEOPLE)
        register(other_centre, PEOPLE)
        add_filler(centre, args.filler)
        agency = by_slug["ajofm-timis"]
        add_referrals(centre, agency)
        db.session.execute(text("ANALYZE"))  # the statistics a live database has
        db.session.commit()
        staff = Principal("centre_staff", centre.id)

        searches = hits = shown = right = 0
        missed: list[str] = []
        for person_id, person in registered.items():
            for variant in person.variants:
                found = top(staff, variant)
                searches += 1
                shown += len(found)
                right += found.count(person_id)
                if person_id in found:
                    hits += 1
                else:
                    missed.append(f"{variant} ({person.given_name} {person.family_name})")
        for stranger in UNREGISTERED:
            shown += len(top(staff, stranger))

        recall = hits / searches
        precision = right / shown if shown else 1.0
        arabic_people = [p for p in PEOPLE if p.language == "ar"]
        known = sum(
            1
            for p in arabic_people
            for word in f"{p.given_name} {p.family_name}".split()
            if word.removeprefix("ال") in arabic.COMMON_NAMES or word in arabic.COMMON_NAMES
        )
        words = sum(len(f"{p.given_name} {p.family_name}".split()) for p in arabic_people)

        print(f"register: {len(PEOPLE)} people of the test set, {args.filler} others, "
              f"and the test set again in a second centre")  # fmt: skip
        print(f"searches: {searches} variant spellings, {len(UNREGISTERED)} unregistered names")
        print(f"recall@{TOP}:    {recall:.3f}  (target >= 0.95)")
        print(f"precision@{TOP}: {precision:.3f}  (target >= 0.90)")
        print(f"Arabic words in the table of common names: {known} of {words}")
        for line in missed:
            print(f"  not found: {line}")

        some = next(iter(registered))
        baseline = median_ms(lambda: db.session.get(Beneficiary, some, populate_existing=True))
        name = median_ms(lambda: top(staff, "Youssef Al Ali"))
        phone = median_ms(lambda: list(db.session.scalars(search(staff, "0712 345 678").query)))
        print(f"name search ÷ primary-key read:  {name / baseline:6.1f}")
        print(f"phone search ÷ primary-key read: {phone / baseline:6.1f}")
        officer = Principal("agency_officer", agency.id)
        received = list_query(officer, {})
        fields = {c: tuple(s.beneficiary_fields) for c, s in hub().catalogue.services.items()}
        inbox = median_ms(lambda: search_received(received, "Youssef Al Ali", fields).ranked)
        print(f"inbox name search ÷ primary-key read ({args.filler + len(PEOPLE)} received): "
              f"{inbox / baseline:6.1f}")  # fmt: skip
        visible = search(staff, "").query
        by_name = candidates(visible, query_keys("Youssef Al Ali"), centre.id)
        named = received.where(Referral.service_code == JOB_SEEKER)
        in_inbox = matching_people(
            query_keys("Youssef Al Ali"),
            where=named.where(
                Referral.beneficiary_id == BeneficiaryNameKey.beneficiary_id
            ).exists(),
        )
        for label, query in (
            ("name", by_name),
            ("phone", search(staff, "0712 345 678").query),
            ("inbox name", in_inbox),
        ):
            print(f"plan of a {label} search:")
            for line in plan(query):
                print(f"  {line}")
        ok = recall >= 0.95 and precision >= 0.9
        print("targets met" if ok else "TARGETS NOT MET")


if __name__ == "__main__":
    main()
