"""The retention job (``referral-hub retention run``): who is erased when, what
an erasure leaves (the figures) and what it takes (every personal datum, checked
in a dump of the whole database), and that a second run changes nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from core.beneficiaries.models import Beneficiary
from core.cli import main
from core.db import db
from core.notifications.worker import Worker
from core.referrals.models import Referral
from tests.api.test_inbound import institution_token
from tests.factories import BENEFICIARY, example_of, problem

TODAY = date(2026, 11, 2)  # the clock fixture's day
RETENTION_DAYS = 1826  # the default setting
JOB_MEDIATION = "labour_agency.job_mediation"
JOB_SEEKER = "labour_agency.job_seeker_registration"
NEW_ADDRESS = "immigration.change_of_address"
GROUPINGS = ("institution", "service", "month")

LATIN = {
    "given_name": "Mariela",
    "family_name": "Okonkwo-Vasquez",
    "date_of_birth": "1985-06-17",
    "phone": "+40 711 222 333",
    "email": "mariela.ov@mail.example",
    "residence_document": {
        "type": "residence_permit",
        "number": "RX998877",
        "expires_on": "2031-10-01",
    },
    "locality": "Sânandrei",
}
CYRILLIC = {
    "given_name": "Олександра",
    "family_name": "Шевчишин",
    "name_latin": "Oleksandra Shevchyshyn",
    "date_of_birth": "1979-02-03",
    "phone": "+40 733 444 555",
    "email": None,
    "residence_document": {
        "type": "temporary_protection_permit",
        "number": "TP-4455-UA",
        "expires_on": "2030-03-04",
    },
}
ARABIC = {
    "given_name": "يوسف",
    "family_name": "الزهراني",
    "date_of_birth": "2001-09-09",
    "phone": "+40 755 666 777",
    "residence_document": None,
}
#: free text and plugin fields marked personal that the seeding writes
TEXTS = {
    "referral_note": "Lives with her aunt near the Iosefin market",
    "transition_note": "Met her sister Aminata at the desk",
    "comment": "Her new number is 0722 918 273",
    "consent_note": "Signed form kept in cabinet 7B",
    "inbound_note": "Seen by clerk about the flat on Strada Lalelelor",
    "employer": "Patiseria Okonkwo SRL",
    "new_address": "Strada Zambilelor 42, ap. 9",
    "restriction_reason": "Contests her birth date with the lawyer Petrescu",
}


def at(clock, day: date) -> None:
    clock.current = datetime.combine(day, time(9), tzinfo=UTC)


def retention(app, *args: str) -> Any:
    return app.test_cli_runner().invoke(main, ["retention", "run", *args])


def beneficiary(factory, staff, person: dict) -> dict[str, Any]:
    response = factory.client.get(f"/api/v1/beneficiaries/{person['id']}", headers=staff)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def refer(factory, staff, person: dict, service: str, consent: dict, **extra: Any) -> dict:
    form = example_of(factory.service(service, staff)["form_schema"])
    form.update(extra.pop("form", {}))
    body = {
        "beneficiary_id": person["id"],
        "service": service,
        "form": form,
        "consent_id": consent["id"],
        **extra,
    }
    return factory.post("/api/v1/referrals", staff, body)


def agree(factory, clock, staff, person: dict, kinds: list[str] | None = None, **extra: Any):
    """A written consent given now (the clock's now: the factory's is fixed)."""
    body = {
        "institution_kinds": kinds or ["labour_agency"],
        "method": "written",
        "given_at": clock.current.isoformat(),
        **extra,
    }
    return factory.post(f"/api/v1/beneficiaries/{person['id']}/consents", staff, body)


def move(factory, headers, referral: dict, to: str, **body: Any) -> dict:
    response = factory.move(headers, referral, to, **body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ended_on(factory, clock, staff, day: date, **person: Any) -> tuple[dict, dict]:
    """A person registered and referred on ``day``, the referral cancelled that day."""
    at(clock, day)
    registered = factory.beneficiary(staff, **person)
    consent = agree(factory, clock, staff, registered)
    referral = move(
        factory, staff, refer(factory, staff, registered, JOB_SEEKER, consent), "cancelled"
    )
    at(clock, TODAY)
    return registered, referral


def figures(factory, coordinator) -> dict[str, Any]:
    out = {}
    for group_by in GROUPINGS:
        response = factory.client.get(
            f"/api/v1/stats/cooperation?from=2019-01-01&to=2026-12-31&group_by={group_by}",
            headers=coordinator,
        )
        assert response.status_code == 200, response.get_json()
        out[group_by] = response.get_json()
    return out


def database_text(app) -> str:
    """Every row of every table as text: SQLite's own dump, or each row of each
    table on PostgreSQL (JSON unescaped, dates in ISO)."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            raw = db.engine.raw_connection()
            try:
                return "\n".join(raw.driver_connection.iterdump())
            finally:
                raw.close()
        lines = []
        with db.engine.connect() as connection:
            for table in inspect(connection).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    values = [
                        v.isoformat() if hasattr(v, "isoformat") else v
                        for v in row._mapping.values()
                    ]
                    lines.append(json.dumps(values, ensure_ascii=False, default=str))
        return "\n".join(lines)


def found_in(dump: str, value: str) -> bool:
    """Whether ``value`` is in the dump as written, lower-cased (the search keys)
    or escaped as JSON text stores it."""
    forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    low = dump.lower()
    return any(f in dump for f in forms) or value.lower() in low


@pytest.fixture
def staff(factory):
    return factory.staff()


@pytest.fixture
def coordinator(factory):
    return factory.headers("coordinator", "prefectura-timis")


@pytest.fixture
def seeded(app, factory, clock, staff) -> dict[str, Any]:
    """Six years ago: three people in three scripts, whose referrals (with notes,
    comments, an inbound update, personal form and outcome fields) ended then,
    one never referred; and a person whose referral is still open."""
    officer = factory.officer("ajofm-timis")
    igi = factory.officer("igi-timis")
    system = institution_token(app, "ajofm-timis")
    at(clock, TODAY - timedelta(days=2200))
    latin = factory.beneficiary(staff, **LATIN)
    cyrillic = factory.beneficiary(staff, **CYRILLIC)
    arabic = factory.beneficiary(staff, **ARABIC)
    kept = factory.beneficiary(staff, given_name="Ionela", family_name="Rămasă")
    restricted = factory.client.post(
        f"/api/v1/beneficiaries/{arabic['id']}/restriction",
        json={"reason": TEXTS["restriction_reason"]},
        headers=staff,
    )
    assert restricted.status_code == 200, restricted.get_json()
    consent = agree(factory, clock, staff, latin, note=TEXTS["consent_note"])
    mediation = refer(factory, staff, latin, JOB_MEDIATION, consent, note=TEXTS["referral_note"])
    answer = factory.client.post(
        "/api/v1/inbound/status-updates",
        json={
            "event_id": "ajofm-retention-1",
            "referral_id": mediation["id"],
            "code": "PRELUAT",
            "note": TEXTS["inbound_note"],
        },
        headers=system,
    )
    assert answer.status_code == 200, answer.get_json()
    mediation = factory.client.get(
        f"/api/v1/referrals/{mediation['id']}", headers=officer
    ).get_json()
    mediation = move(factory, officer, mediation, "accepted", note=TEXTS["transition_note"])
    factory.post(
        f"/api/v1/referrals/{mediation['id']}/comments", officer, {"body": TEXTS["comment"]}
    )
    mediation = move(factory, officer, mediation, "in-progress")
    outcome = example_of(factory.service(JOB_MEDIATION, officer)["outcome_schema"])
    outcome.update(employed=True, employer_name=TEXTS["employer"])
    mediation = move(factory, officer, mediation, "completed", data=outcome)
    address = refer(
        factory,
        staff,
        cyrillic,
        NEW_ADDRESS,
        agree(factory, clock, staff, cyrillic, ["immigration"]),
        form={"new_address": TEXTS["new_address"]},
    )
    address = move(factory, igi, address, "rejected", reason_code=_reason(factory, igi))
    still_open = refer(factory, staff, kept, JOB_SEEKER, agree(factory, clock, staff, kept))
    at(clock, TODAY)
    return {
        "people": {"latin": latin, "cyrillic": cyrillic, "arabic": arabic, "kept": kept},
        "referrals": {"mediation": mediation, "address": address, "open": still_open},
    }


def _reason(factory, headers) -> str:
    service = factory.service(NEW_ADDRESS, headers)
    return next(r["code"] for r in service["reason_codes"] if "rejected" in r["applies_to"])


def test_retention_erases_every_personal_datum_and_keeps_the_figures(
    app, factory, staff, coordinator, seeded
):
    people = seeded["people"]
    names_latin = [beneficiary(factory, staff, people[k])["name_latin"] for k in people]
    before = figures(factory, coordinator)
    dump = database_text(app)
    secrets = [
        *(v for p in (LATIN, CYRILLIC, ARABIC) for v in _values(p)),
        *names_latin[:3],
        *TEXTS.values(),
    ]
    assert all(found_in(dump, s) for s in secrets), [s for s in secrets if not found_in(dump, s)]

    result = retention(app)

    assert result.exit_code == 0, result.output
    assert "Erased 3 beneficiaries and cleared 2 referrals" in result.output
    assert figures(factory, coordinator) == before
    dump = database_text(app)
    assert [s for s in secrets if found_in(dump, s)] == []
    # The person with an open referral is untouched.
    assert found_in(dump, "Rămasă") and found_in(dump, BENEFICIARY["residence_document"]["number"])
    for key in ("latin", "cyrillic", "arabic"):
        shown = beneficiary(factory, staff, people[key])
        assert shown["erased_at"] and shown["date_of_birth"] is None
        assert shown["given_name"] == shown["family_name"] == "" and shown["phone"] is None
        assert shown["birth_year"] == int(people[key]["date_of_birth"][:4])
        assert (shown["sex"], shown["nationality"]) == (
            people[key]["sex"],
            people[key]["nationality"],
        )
    assert beneficiary(factory, staff, people["kept"])["erased_at"] is None


def _values(person: dict[str, Any]) -> list[str]:
    out = [person["given_name"], person["family_name"], person["date_of_birth"], person["phone"]]
    out += [person[k] for k in ("email", "locality", "name_latin") if person.get(k)]
    if person.get("residence_document"):
        out.append(person["residence_document"]["number"])
    return out


def test_an_erased_record_keeps_what_the_figures_need_and_nothing_else(app, factory, staff, seeded):
    assert retention(app).exit_code == 0
    latin = beneficiary(factory, staff, seeded["people"]["latin"])
    assert {k: latin[k] for k in ("given_name", "family_name", "name_latin", "locality")} == {
        "given_name": "",
        "family_name": "",
        "name_latin": "",
        "locality": "",
    }
    assert (latin["phone"], latin["email"], latin["residence_document"]) == (None, None, None)
    assert latin["languages"] == [] and latin["household_head_id"] is None
    assert (latin["county"], latin["protection_status"]) == ("RO-TM", "refugee")
    mediation = seeded["referrals"]["mediation"]
    shown = factory.client.get(f"/api/v1/referrals/{mediation['id']}", headers=staff).get_json()
    assert shown["status"] == "completed" and shown["note"] is None
    assert shown["closed_at"] == mediation["closed_at"]
    # Fields the plugin does not mark personal stay (the occupations sought).
    assert shown["form"]["occupations_sought"] == mediation["form"]["occupations_sought"]
    events = factory.client.get(
        f"/api/v1/referrals/{mediation['id']}/events", headers=staff
    ).get_json()["items"]
    assert [e["to_status"] for e in events if e["kind"] == "transition"] == [
        "draft", "requested", "received", "accepted", "in-progress", "completed"
    ]  # fmt: skip
    assert all(e["note"] is None for e in events)
    done = next(e for e in events if e["to_status"] == "completed")
    assert "employer_name" not in done["data"] and done["data"]["employed"] is True
    comments = factory.client.get(
        f"/api/v1/referrals/{mediation['id']}/comments", headers=staff
    ).get_json()["items"]
    assert [c["body"] for c in comments] == [""]


def test_a_second_run_changes_nothing(app, factory, staff, seeded):
    assert retention(app).exit_code == 0
    dump = database_text(app)

    again = retention(app)

    assert again.exit_code == 0
    assert "Erased 0 beneficiaries and cleared 0 referrals" in again.output
    assert database_text(app) == dump


def test_a_dry_run_only_counts(app, factory, staff, seeded):
    dump = database_text(app)

    result = retention(app, "--dry-run")

    assert result.exit_code == 0, result.output
    assert "Dry run: 3 beneficiaries would be erased" in result.output
    assert database_text(app) == dump


def test_the_day_decides(app, factory, clock, staff):
    ended_on(factory, clock, staff, TODAY - timedelta(days=1900))

    early = retention(app, "--dry-run", "--as-of", (TODAY - timedelta(days=100)).isoformat())
    late = retention(app, "--dry-run", "--as-of", TODAY.isoformat())

    assert "Dry run: 0 beneficiaries" in early.output
    assert "Dry run: 1 beneficiaries" in late.output


@pytest.mark.parametrize(
    ("days_ago", "erased"), [(1825, False), (RETENTION_DAYS, False), (1827, True)]
)
def test_a_referral_must_have_ended_more_than_retention_days_ago(
    app, factory, clock, staff, days_ago, erased
):
    person, _ = ended_on(factory, clock, staff, TODAY - timedelta(days=days_ago))

    result = retention(app)

    assert result.exit_code == 0, result.output
    assert (beneficiary(factory, staff, person)["erased_at"] is not None) is erased


def test_an_open_referral_keeps_the_person_however_old(app, factory, clock, staff):
    at(clock, TODAY - timedelta(days=3000))
    person = factory.beneficiary(staff)
    refer(factory, staff, person, JOB_SEEKER, agree(factory, clock, staff, person))
    draft_holder = factory.beneficiary(staff, given_name="Drafta")
    consent = agree(factory, clock, staff, draft_holder)
    refer(factory, staff, draft_holder, JOB_SEEKER, consent, send=False)
    at(clock, TODAY)

    assert "Erased 0 beneficiaries" in retention(app).output
    assert beneficiary(factory, staff, person)["erased_at"] is None
    assert beneficiary(factory, staff, draft_holder)["erased_at"] is None


def test_someone_never_referred_goes_when_their_record_is_that_old(app, factory, clock, staff):
    at(clock, TODAY - timedelta(days=RETENTION_DAYS + 1))
    old = factory.beneficiary(staff)
    at(clock, TODAY - timedelta(days=RETENTION_DAYS))
    recent = factory.beneficiary(staff)
    at(clock, TODAY)

    assert "Erased 1 beneficiaries and cleared 0 referrals" in retention(app).output
    assert beneficiary(factory, staff, old)["erased_at"] is not None
    assert beneficiary(factory, staff, recent)["erased_at"] is None


def test_a_household_head_stays_while_a_member_stays(app, factory, clock, staff):
    at(clock, TODAY - timedelta(days=3000))
    head = factory.beneficiary(staff, given_name="Capul")
    member = factory.beneficiary(staff, given_name="Membrul", household_head_id=head["id"])
    gone = factory.beneficiary(staff, given_name="Plecatul", household_head_id=head["id"])
    at(clock, TODAY)
    refer(factory, staff, member, JOB_SEEKER, agree(factory, clock, staff, member))

    assert "Erased 1 beneficiaries" in retention(app).output
    assert beneficiary(factory, staff, head)["erased_at"] is None
    assert beneficiary(factory, staff, member)["household_head_id"] == head["id"]
    erased = beneficiary(factory, staff, gone)
    assert erased["erased_at"] and erased["household_head_id"] is None


@pytest.mark.parametrize(
    "as_of", ["2026-13-01", "02.11.2026", "yesterday", "", (TODAY + timedelta(days=1)).isoformat()]
)
def test_a_bad_day_is_a_clear_error(app, as_of):
    result = retention(app, "--as-of", as_of)

    assert result.exit_code == 2, result.output
    assert "--as-of" in result.output and "Traceback" not in result.output


def test_an_erased_person_cannot_be_referred_or_changed(app, factory, clock, staff):
    person, _ = ended_on(factory, clock, staff, TODAY - timedelta(days=2000))
    consent = agree(factory, clock, staff, person)  # recorded before the run
    assert retention(app).exit_code == 0

    form = example_of(factory.service(JOB_SEEKER, staff)["form_schema"])
    body = {"beneficiary_id": person["id"], "service": JOB_SEEKER, "form": form}
    response = factory.client.post(
        "/api/v1/referrals", json={**body, "consent_id": consent["id"]}, headers=staff
    )
    assert list(problem(response, 422)["errors"]) == ["beneficiary_id"]
    response = factory.client.patch(
        f"/api/v1/beneficiaries/{person['id']}", json={"given_name": "Back"}, headers=staff
    )
    problem(response, 422)
    assert beneficiary(factory, staff, person)["given_name"] == ""


def test_the_worker_runs_retention_once_a_day(app, factory, clock, staff):
    ended_on(factory, clock, staff, TODAY - timedelta(days=2000))
    with app.app_context():
        worker = Worker(channels={})  # delivering mail is not what this is about
        assert worker.run_once().erased == 1
        ended_on(factory, clock, staff, TODAY - timedelta(days=2000))
        clock.advance(hours=23)
        assert worker.run_once().erased == 0  # not a day yet
        clock.advance(hours=1)
        assert worker.run_once().erased == 1
        erased = db.session.scalars(select(Beneficiary).where(Beneficiary.erased_at.is_not(None)))
        assert len(erased.all()) == 2
        assert db.session.scalar(select(Referral.status)) == "cancelled"


def test_retention_days_comes_from_the_environment_and_must_be_positive(monkeypatch):
    from core.settings import load_settings

    monkeypatch.setenv("REFERRAL_HUB_RETENTION_DAYS", "3650")
    assert load_settings().retention_days == 3650

    monkeypatch.setenv("REFERRAL_HUB_RETENTION_DAYS", "0")
    with pytest.raises(RuntimeError, match="retention_days must be at least 1; got 0"):
        load_settings()


def test_retention_deletes_the_documents_files_and_their_names(
    app, factory, clock, staff, tmp_path
):
    """Both sides' scans go: the files from the storage, the names from the
    rows; the export still lists what was there (code, type, size, when)."""
    from tests.api.test_documents import upload
    from tests.documents import pdf, png, stored_files

    storage = tmp_path / "documents"
    igi = factory.officer("igi-timis")
    at(clock, TODAY - timedelta(days=RETENTION_DAYS + 10))
    person = factory.beneficiary(staff, **LATIN)
    kept = factory.beneficiary(staff, given_name="Ionela", family_name="Rămasă")
    referral = refer(
        factory, staff, person, NEW_ADDRESS, agree(factory, clock, staff, person, ["immigration"])
    )
    open_one = refer(
        factory, staff, kept, NEW_ADDRESS, agree(factory, clock, staff, kept, ["immigration"])
    )
    for headers, content, name in ((staff, pdf(), "Okonkwo-Vasquez permit.pdf"), (igi, png(), "x")):
        assert (
            upload(factory, headers, referral, content, name=name, code="other").status_code == 201
        )
    assert upload(factory, staff, open_one, pdf("kept"), code="other").status_code == 201
    move(factory, staff, referral, "cancelled")
    at(clock, TODAY)
    assert len(stored_files(storage)) == 3

    assert retention(app).exit_code == 0

    assert [f.read_bytes() for f in stored_files(storage)] == [pdf("kept")]
    assert not found_in(database_text(app), "Okonkwo-Vasquez permit.pdf")
    items = factory.client.get(
        f"/api/v1/referrals/{referral['id']}/documents", headers=staff
    ).get_json()["items"]
    assert items == []
    exported = factory.client.get(f"/api/v1/beneficiaries/{person['id']}/export", headers=staff)
    (erased,) = [r for r in exported.get_json()["referrals"] if r["id"] == referral["id"]]
    assert [
        (d["filename"], d["content_type"], d["erased_at"] is not None) for d in erased["documents"]
    ] == [
        ("", "application/pdf", True),
        ("", "image/png", True),
    ]
    again = database_text(app)
    assert retention(app).exit_code == 0
    assert database_text(app) == again
