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
    if _seed():
        yield "Seeded beneficiaries and referrals in every status."
    else:
        yield "Demo data already present; nothing changed."
    db.session.commit()
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
        officers = {u.institution_id: u.email for u in db.session.scalars(select(User))}
        for person, code, path, days_ago in REFERRALS:
            clock.current = real_clock() - timedelta(days=days_ago)
            _refer(staff, officers, people[person], code, path, clock)
        clock.current = real_clock()
        _appointment(officers, people["olena"], "labour_agency.career_counselling")
    finally:
        state.clock = real_clock
    return True


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
) -> None:
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
    officer = _principal(officers[referral.to_institution_id])
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
