"""``referral-hub demo``: a ready demo of Region 5 on the configured database.

It migrates, loads the Region 5 network, creates one account per role (and an
officer for each Timiș institution) with generated passwords, and registers
beneficiaries with referrals in every status. The referrals go through the
real lifecycle on a clock set in the past, so that the coordinator's figures
show real response times. Running it again changes nothing (it prints the
same accounts); ``--reset`` starts from an empty database.
"""

from __future__ import annotations

import secrets
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from core.access import Principal
from core.app import hub
from core.auth.models import User
from core.auth.service import create_user, hash_password
from core.beneficiaries.models import Beneficiary
from core.beneficiaries.service import record_consent, register_beneficiary
from core.catalogue.jsonschema import schema_to_json_schema
from core.db import db
from core.institutions.models import Institution
from core.institutions.network import load_network
from core.referrals.appointments import set_appointment
from core.referrals.lifecycle import transition
from core.referrals.models import Referral
from core.referrals.responsibility import assign
from core.referrals.service import create_referral
from core.schema import downgrade, upgrade
from core.settings import CONFIG_DIR

NETWORK = CONFIG_DIR / "networks" / "region5.toml"
CENTRE = "crim-timisoara"

#: (e-mail, name, role, institution slug)
ACCOUNTS = (
    ("admin@referral-hub.example", "Demo Admin", "admin", None),
    ("staff@crim-timisoara.example", "Ana Popescu", "centre_staff", CENTRE),
    ("officer@ajofm-timis.example", "Mihai Ionescu", "agency_officer", "ajofm-timis"),
    ("coordinator@prefectura-timis.example", "Elena Dumitrescu", "coordinator", "prefectura-timis"),
    ("officer@cjas-timis.example", "Ioana Marin", "agency_officer", "cjas-timis"),
    ("officer@isj-timis.example", "Radu Stan", "agency_officer", "isj-timis"),
    ("officer@igi-timis.example", "Cristina Pop", "agency_officer", "igi-timis"),
    ("officer@ajofm-bihor.example", "Gabriel Nagy", "agency_officer", "ajofm-bihor"),
    # the caseload's other hands: a Lugoj officer, two more staff of the centre
    ("officer.lugoj@ajofm-timis.example", "Vasile Georgescu", "agency_officer", "ajofm-timis"),
    ("dana.stoica@crim-timisoara.example", "Dana Stoica", "centre_staff", CENTRE),
    ("florin.muresan@crim-timisoara.example", "Florin Mureșan", "centre_staff", CENTRE),
)

#: Beneficiaries in Latin, Cyrillic and Arabic scripts. "head" links a child to a
#: parent, who gives the child's consent.
PEOPLE: dict[str, dict[str, Any]] = {
    "ahmad": dict(
        given_name="أحمد",
        family_name="الحسن",
        date_of_birth=date(1988, 3, 14),
        sex="male",
        nationality="SY",
        languages=["ar", "en"],
        protection_status="refugee",
        employment_status="unemployed",
        county="RO-TM",
        locality="Timișoara",
    ),
    "olena": dict(
        given_name="Олена",
        family_name="Коваленко",
        date_of_birth=date(1986, 7, 2),
        sex="female",
        nationality="UA",
        languages=["uk", "ru", "en"],
        protection_status="temporary_protection",
        employment_status="employed",
        county="RO-TM",
        locality="Timișoara",
    ),
    "maksym": dict(
        given_name="Максим",
        family_name="Коваленко",
        date_of_birth=date(2015, 9, 21),
        sex="male",
        nationality="UA",
        languages=["uk"],
        head="olena",
        household_relationship="child",
        protection_status="temporary_protection",
        employment_status="student",
        county="RO-TM",
        locality="Timișoara",
    ),
    "fatima": dict(
        given_name="فاطمة",
        family_name="حيدري",
        date_of_birth=date(1994, 1, 30),
        sex="female",
        nationality="AF",
        languages=["fa", "en"],
        protection_status="subsidiary_protection",
        employment_status="unemployed",
        county="RO-TM",
        locality="Lugoj",
    ),
    "jean": dict(
        given_name="Jean-Baptiste",
        family_name="Mukendi",
        date_of_birth=date(1991, 11, 5),
        sex="male",
        nationality="CD",
        languages=["fr", "ln"],
        protection_status="tcn_long_stay",
        employment_status="self_employed",
        county="RO-TM",
        locality="Timișoara",
    ),
    "samira": dict(
        given_name="سميرة",
        family_name="حداد",
        date_of_birth=date(1979, 5, 18),
        sex="female",
        nationality="SY",
        languages=["ar"],
        protection_status="refugee",
        employment_status="unknown",
        county="RO-TM",
        locality="Timișoara",
    ),
    "andriy": dict(
        given_name="Андрій",
        family_name="Мельник",
        date_of_birth=date(1983, 12, 8),
        sex="male",
        nationality="UA",
        languages=["uk", "ro"],
        protection_status="temporary_protection",
        employment_status="unemployed",
        county="RO-BH",
        locality="Oradea",
    ),
    # the register's first day: staff will type her in Latin letters and be asked
    "oksana": dict(
        given_name="Оксана",
        family_name="Шевченко",
        date_of_birth=date(1990, 4, 12),
        sex="female",
        nationality="UA",
        languages=["uk", "ru"],
        protection_status="temporary_protection",
        county="RO-TM",
        locality="Timișoara",
    ),
    # found by "Youssef Al Ali"; the officer reads "Yusuf Al-Ali" in the inbox
    "yusuf": dict(
        given_name="يوسف",
        family_name="العلي",
        date_of_birth=date(1992, 8, 3),
        sex="male",
        nationality="SY",
        languages=["ar"],
        protection_status="refugee",
        county="RO-TM",
        locality="Timișoara",
    ),
}

ANSWERED = ["received", "accepted"]
DONE = [*ANSWERED, "in-progress", "completed"]
#: (person, service, statuses after sending (None: a draft), days ago it was sent)
REFERRALS = (
    ("ahmad", "labour_agency.career_counselling", None, 1),
    ("ahmad", "labour_agency.job_seeker_registration", [], 1),
    ("jean", "labour_agency.job_mediation", [], 20),  # overdue for a response
    ("fatima", "labour_agency.vocational_training", ["received"], 2),
    ("samira", "health_insurance.family_doctor_registration", ANSWERED, 6),
    ("olena", "labour_agency.career_counselling", [*ANSWERED, "in-progress"], 12),
    ("samira", "immigration.change_of_address", [*ANSWERED, "on-hold"], 9),
    ("olena", "health_insurance.insured_enrolment", DONE, 40),
    ("maksym", "schools.school_enrolment", DONE, 35),
    ("ahmad", "health_insurance.insured_enrolment", DONE, 55),
    ("jean", "immigration.residence_permit", [*ANSWERED, "in-progress", "failed"], 30),
    ("andriy", "labour_agency.job_seeker_registration", ["received", "rejected"], 15),
    ("fatima", "health_insurance.insured_enrolment", ["cancelled"], 8),
    ("yusuf", "labour_agency.job_seeker_registration", [], 0),
)
ALL_KINDS = ["labour_agency", "health_insurance", "schools", "immigration"]


@dataclass
class SteppingClock:
    """A clock in the past that moves forward a few hours at each step."""

    current: Any

    def __call__(self) -> Any:
        return self.current

    def step(self, hours: float) -> None:
        self.current += timedelta(hours=hours)


def prepare_demo(reset: bool = False) -> Iterator[str]:
    accounts_file = Path(current_app.instance_path) / "demo-accounts.toml"
    if reset:
        downgrade()
        accounts_file.unlink(missing_ok=True)
        yield "Database emptied."
    upgrade()
    changes = load_network(NETWORK)
    yield f"Region 5 network: {changes['created']} created, {changes['updated']} updated."
    passwords = _accounts(accounts_file)
    db.session.commit()
    seeded = _seed()
    db.session.commit()
    caseload = _seed_caseload()
    db.session.commit()
    if seeded:
        yield "Seeded beneficiaries and referrals in every status."
    if caseload:
        yield f"Seeded {caseload} open referrals for the employment agency of Timiș."
    if not seeded and not caseload:
        yield "Demo data already present; nothing changed."
    yield ""
    yield "Demo accounts (e-mail / password / role):"
    for email, _, role, slug in ACCOUNTS:
        yield f"  {email:40} {passwords[email]:24} {role}{f' at {slug}' if slug else ''}"
    yield f"(kept in {accounts_file})"


def _accounts(accounts_file: Path) -> dict[str, str]:
    """Create missing demo users; passwords are generated once and kept in the
    instance folder (readable by the owner only) so that a re-run prints them."""
    stored = tomllib.loads(accounts_file.read_text()) if accounts_file.exists() else {}
    for email, name, role, slug in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None and email in stored:
            continue
        stored[email] = secrets.token_urlsafe(12)
        if user is None:
            create_user(email, name, role, _institution(slug) if slug else None, stored[email])
        else:
            user.password_hash = hash_password(stored[email])
    accounts_file.parent.mkdir(parents=True, exist_ok=True)
    accounts_file.write_text("".join(f'"{k}" = "{v}"\n' for k, v in stored.items()))
    accounts_file.chmod(0o600)
    return stored


def _institution(slug: str) -> Institution:
    return db.session.scalar(select(Institution).where(Institution.slug == slug))


def _principal(email: str) -> Principal:
    user = db.session.scalar(select(User).where(User.email == email))
    return Principal(
        role=user.role, institution_id=user.institution_id, user_id=user.id, source="cli"
    )


def _seed() -> bool:
    centre = _institution(CENTRE)
    if db.session.scalar(select(Beneficiary.id).where(Beneficiary.registered_by == centre.id)):
        return False
    state = hub()
    real_clock = state.clock
    clock = SteppingClock(real_clock() - timedelta(days=60))
    state.clock = clock
    try:
        staff = _principal("staff@crim-timisoara.example")
        people = _register_people(staff)
        officers = _officers()
        for person, code, path, days_ago in REFERRALS:
            clock.current = real_clock() - timedelta(days=days_ago)
            _refer(staff, officers, people[person], code, path, clock)
        clock.current = real_clock()
        _appointment(officers, people["olena"], "labour_agency.career_counselling")
    finally:
        state.clock = real_clock
    return True


def _officers() -> dict[str, str]:
    """Institution id → the e-mail of its first account in ACCOUNTS (who answers
    the hand-made referrals)."""
    officers: dict[str, str] = {}
    for email, _, _, slug in ACCOUNTS:
        if slug:
            officers.setdefault(_institution(slug).id, email)
    return officers


def _register_people(staff: Principal) -> dict[str, Beneficiary]:
    people: dict[str, Beneficiary] = {}
    for key, data in PEOPLE.items():
        data = dict(data)
        head = data.pop("head", None)
        if head:
            data["household_head_id"] = people[head].id
        people[key] = register_beneficiary(staff, data)
        record_consent(
            staff,
            people[key],
            {
                "institution_kinds": ALL_KINDS,
                "method": "written",
                "given_at": hub().clock(),
                "note": None,
                "legal_basis": None,
                "guardian_id": people[head].id if head else None,
            },
        )
    return people


def _refer(
    staff: Principal,
    officers: dict[str, str],
    person: Beneficiary,
    code: str,
    path: list[str] | None,
    clock: SteppingClock,
    officer_email: str | None = None,
) -> Referral:
    service = hub().catalogue.service(code)
    referral = create_referral(
        staff,
        {
            "beneficiary_id": person.id,
            "service": code,
            "form": _first_examples(service.form_schema),
            "consent_id": person.consents[0].id,
            "priority": "normal",
            "send": path is not None,
        },
    )
    officer = _principal(officer_email or officers[referral.to_institution_id])
    for to in path or []:
        clock.step(hours=20)
        actor = staff if to == "cancelled" else officer
        reasons = service.reasons_people_give(to)
        transition(
            actor,
            referral,
            to,
            expected_version=referral.version,
            reason_code=reasons[0].code if reasons else None,
            data=_first_examples(service.outcome_schema) if to == "completed" else None,
        )
    return referral


def _appointment(officers: dict[str, str], person: Beneficiary, code: str) -> None:
    """An appointment in three days at 10:00 (the hub's time), so that the demo
    shows one on the referral page and on the person's slip (in Ukrainian)."""
    referral = db.session.scalar(
        select(Referral).where(Referral.beneficiary_id == person.id, Referral.service_code == code)
    )
    day = hub().clock().astimezone(ZoneInfo(hub().settings.timezone)).date() + timedelta(days=3)
    set_appointment(
        _principal(officers[referral.to_institution_id]),
        referral,
        at=datetime.combine(day, time(10), tzinfo=ZoneInfo(hub().settings.timezone)),
        place=None,
        note="CV, if you have one",
        version=referral.version,
    )


def _first_examples(schema: Any) -> dict[str, Any]:
    # The catalogue contract: a form made of each field's first example is valid.
    properties = schema_to_json_schema(schema)["properties"]
    return {name: prop["examples"][0] for name, prop in properties.items()}


# --- the employment agency's working day: about 200 open referrals --------------------

#: (given name, sex) and family names per script, with what goes with the script;
#: none close to a hand-made person's name, whom tests find by a name search
NAME_GROUPS: tuple[dict[str, Any], ...] = (
    dict(
        given=(
            ("Олександр", "male"), ("Іван", "male"), ("Дмитро", "male"), ("Сергій", "male"),
            ("Микола", "male"), ("Тетяна", "female"), ("Наталія", "female"),
            ("Ірина", "female"), ("Юлія", "female"), ("Людмила", "female"),
        ),
        family=(
            "Бондар", "Гнатюк", "Литвин", "Павлюк", "Романюк",
            "Олійник", "Бойко", "Мороз", "Кузьмич", "Гуменюк",
        ),
        nationality="UA",
        languages=["uk", "ru"],
        protection_status="temporary_protection",
    ),
    dict(
        given=(
            ("محمد", "male"), ("عمر", "male"), ("خالد", "male"), ("علي", "male"),
            ("حسن", "male"), ("مريم", "female"), ("نور", "female"), ("ليلى", "female"),
            ("رنا", "female"), ("هبة", "female"),
        ),
        family=(
            "الأحمد", "الخطيب", "المصري", "الشامي", "النجار",
            "العمر", "الحمصي", "الزعبي", "القاسم", "السيد",
        ),
        nationality="SY",
        languages=["ar"],
        protection_status="refugee",
    ),
    dict(
        given=(
            ("Joseph", "male"), ("Patrick", "male"), ("Emmanuel", "male"), ("Samuel", "male"),
            ("Daniel", "male"), ("Amina", "female"), ("Grace", "female"), ("Aisha", "female"),
            ("Esther", "female"), ("Fatou", "female"),
        ),
        family=(
            "Mwangi", "Okafor", "Diallo", "Traoré", "Ilunga",
            "Tshibanda", "Kouassi", "Bamba", "Ndiaye", "Camara",
        ),
        nationality="CD",
        languages=["fr", "en"],
        protection_status="tcn_long_stay",
    ),
)  # fmt: skip
CASELOAD_SIZE = 200
CASELOAD_SERVICES = tuple(
    f"labour_agency.{code}"
    for code in ("job_seeker_registration", "career_counselling", "job_mediation",
                 "vocational_training")
)  # fmt: skip
#: localities of the county: Lugoj, Făget and Buziaș are the Lugoj office's
CASELOAD_PLACES = ("Timișoara", "Timișoara", "Lugoj", "Timișoara", "Făget", "Timișoara", "Buziaș")
CASELOAD_STAFF = (
    "staff@crim-timisoara.example",
    "dana.stoica@crim-timisoara.example",
    "florin.muresan@crim-timisoara.example",
)
LUGOJ_OFFICER = "officer.lugoj@ajofm-timis.example"
#: twenty referrals' (statuses after sending, days ago it was sent), repeated:
#: a quarter fresh requests, some requests overdue, the rest in hand
CASELOAD_PATTERN: tuple[tuple[list[str], int], ...] = (
    ([], 0), ([], 0), ([], 1), ([], 1), ([], 2),
    ([], 6), ([], 14),
    (["received"], 1), (["received"], 2), (["received"], 2), (["received"], 8),
    (ANSWERED, 3), (ANSWERED, 7), (ANSWERED, 12), (["accepted"], 25),
    ([*ANSWERED, "in-progress"], 9), ([*ANSWERED, "in-progress"], 15),
    ([*ANSWERED, "in-progress"], 21), ([*ANSWERED, "in-progress"], 45),
    ([*ANSWERED, "on-hold"], 18),
)  # fmt: skip
#: commit every so many people, so that a long seed keeps a short transaction
BATCH = 50


def caseload_person(index: int) -> dict[str, Any]:
    """The ``index``-th generated person: the scripts take turns, and within a
    script no two people share both names (10 given × 10 family names)."""
    group = NAME_GROUPS[index % len(NAME_GROUPS)]
    turn = index // len(NAME_GROUPS)
    given, sex = group["given"][turn % 10]
    return dict(
        given_name=given,
        family_name=group["family"][(3 * turn + turn // 10) % 10],
        date_of_birth=date(1965 + index % 38, 1 + index % 12, 1 + index % 28),
        sex=sex,
        nationality=group["nationality"],
        languages=list(group["languages"]),
        protection_status=group["protection_status"],
        employment_status="unemployed",
        county="RO-TM",
        locality=CASELOAD_PLACES[index % len(CASELOAD_PLACES)],
    )


def _seed_caseload() -> int:
    """About 200 open referrals to AJOFM Timiș from three of the centre's staff,
    answered by its two officers. People already there are skipped, so an
    interrupted seed resumes; returns how many referrals it made."""
    state = hub()
    real_clock = state.clock
    clock = SteppingClock(real_clock())
    state.clock = clock
    made = 0
    try:
        officers = _officers()
        staff = {email: _principal(email) for email in CASELOAD_STAFF}
        for index in range(CASELOAD_SIZE):
            data = caseload_person(index)
            if _generated(data):
                continue
            path, days_ago = CASELOAD_PATTERN[index % len(CASELOAD_PATTERN)]
            clock.current = real_clock() - timedelta(days=days_ago, hours=index % 7)
            _refer_generated(staff[CASELOAD_STAFF[index % 3]], officers, data, index, path, clock)
            made += 1
            if made % BATCH == 0:
                db.session.commit()
    finally:
        state.clock = real_clock
    return made


def _generated(data: dict[str, Any]) -> bool:
    return (
        db.session.scalar(
            select(Beneficiary.id).where(
                Beneficiary.registered_by == _institution(CENTRE).id,
                Beneficiary.given_name == data["given_name"],
                Beneficiary.family_name == data["family_name"],
                Beneficiary.date_of_birth == data["date_of_birth"],
            )
        )
        is not None
    )


def _refer_generated(
    staff: Principal,
    officers: dict[str, str],
    data: dict[str, Any],
    index: int,
    path: list[str],
    clock: SteppingClock,
) -> None:
    person = register_beneficiary(staff, data)
    record_consent(
        staff,
        person,
        {
            "institution_kinds": ["labour_agency"],
            "method": "written",
            "given_at": clock(),
            "note": None,
            "legal_basis": None,
            "guardian_id": None,
        },
    )
    code = CASELOAD_SERVICES[index % len(CASELOAD_SERVICES)]
    # The Lugoj office's referrals are its officer's; in Timișoara one in three
    # received is already given to him, the rest wait for someone to take them.
    lugoj = data["locality"] != "Timișoara"
    referral = _refer(staff, officers, person, code, path, clock, LUGOJ_OFFICER if lugoj else None)
    if path == ["received"] and (lugoj or index % 3 == 0):
        assign(
            _principal(officers[referral.to_institution_id]),
            referral,
            _principal(LUGOJ_OFFICER).user_id,
            expected_version=referral.version,
        )
