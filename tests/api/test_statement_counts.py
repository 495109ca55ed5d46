"""How many SQL statements a request makes, so that a hot path cannot grow back
unnoticed (issue 13). The ceilings are today's counts: lower them when a change
saves a statement, never raise them without saying why in docs/decisions.md."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event, select

from core.auth.service import issue_token
from core.db import db
from core.institutions.models import Institution
from tests.factories import Factory, example_of

JOB_SEEKER = "labour_agency.job_seeker_registration"

#: creating and sending a referral with an Idempotency-Key, on both databases:
#: the token with its user (1), the key (1), the person with the consent and the
#: registering centre (1), the candidate offices with their institution and contact
#: points (1), the draft written (1: INSERT), then sent (1: UPDATE, which bumps the
#: version the API shows), the two events and the two audit rows (2: one INSERT per
#: table), the cooperation rollup's counts and due dates (2: core.stats.rollup, one
#: upsert per table), the office's webhook endpoint and its officers (2), the office
#: inbox's message and the key (2). With officers in the office, their notifications
#: are one INSERT more (bench_create counts 15).
CREATE_REFERRAL = 14


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The statements the database receives inside the block, in order."""
    seen: list[str] = []

    def spy(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", spy)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", spy)


def _create_body(factory: Factory, staff: dict[str, str]) -> dict[str, Any]:
    person = factory.beneficiary(staff)
    consent = factory.consent(staff, person["id"])
    return {
        "beneficiary_id": person["id"],
        "service": JOB_SEEKER,
        "form": example_of(factory.service(JOB_SEEKER, staff)["form_schema"]),
        "consent_id": consent["id"],
    }


def test_creating_a_referral_stays_within_its_statements(factory: Factory, app: Flask):
    staff = factory.staff()
    factory.referral(staff)  # the first request of a process loads what it caches
    body = _create_body(factory, staff)

    with statements(app) as seen:
        created = factory.post("/api/v1/referrals", {**staff, "Idempotency-Key": "one"}, body)

    assert created["status"] == "requested"
    assert len(seen) <= CREATE_REFERRAL, "\n".join(s.split("\n")[0][:100] for s in seen)
    # The answer is rendered before the commit: nothing read back once the key is stored.
    stored_key = next(i for i, s in enumerate(seen) if s.startswith("INSERT INTO idempotency"))
    read_back = [s for s in seen[stored_key:] if s.startswith("SELECT referrals")]
    assert read_back == []
    # The parties named in the answer and the addresses the routing chose are in hand.
    written = next(i for i, s in enumerate(seen) if s.startswith("INSERT INTO referrals"))
    assert not [
        s for s in seen[written:] if "FROM institutions" in s or "FROM referral_events" in s
    ]


def test_the_answer_rendered_before_the_commit_is_what_was_stored(factory: Factory, client):
    staff = factory.staff()
    body = _create_body(factory, staff)
    headers = {**staff, "Idempotency-Key": "same"}

    created = factory.post("/api/v1/referrals", headers, body)
    replayed = client.post("/api/v1/referrals", json=body, headers=headers)
    read = client.get(f"/api/v1/referrals/{created['id']}", headers=staff)

    assert replayed.status_code == 201
    assert replayed.get_json() == created == read.get_json()
    assert replayed.headers["ETag"] == read.headers["ETag"]


def test_a_token_is_checked_in_one_statement(factory: Factory, app: Flask, client):
    staff = factory.staff()
    with app.app_context():
        agency = db.session.scalar(select(Institution).where(Institution.slug == "ajofm-timis"))
        token, _ = issue_token(institution=agency, name="case system")
        db.session.commit()
    institution = {"Authorization": f"Bearer {token}"}

    for headers in (staff, institution):
        with statements(app) as seen:
            assert client.get("/api/v1/me", headers=headers).status_code == 200
        token_reads = [s for s in seen if "FROM api_tokens" in s]
        # the user or the institution comes with the token, not in a read of its own
        assert len(token_reads) == 1 and " JOIN " in token_reads[0], seen
