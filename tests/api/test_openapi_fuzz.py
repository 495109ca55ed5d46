"""Schemathesis against the served OpenAPI document, once per kind of caller.

Every operation in ``GET /api/v1/openapi.json`` is fuzzed (valid and invalid
input) as centre staff, an agency officer, a coordinator, an admin (each
with a personal token) and an institution token, with referrals in several
statuses present so that real ids come up. A 5xx, a status the document
does not list, a wrong content type or a body that does not match its
schema fails the test. New operations are picked up from the document.

Bounded and reproducible: few examples per operation, derandomized, no
example database.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from core.auth.models import User
from core.auth.service import issue_token
from core.db import db
from core.institutions.models import Institution
from tests.documents import pdf
from tests.factories import BENEFICIARY, Factory, example_of, problem

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: per operation and generation mode (valid, invalid input)
MAX_EXAMPLES = 8
#: The kinds of caller, each with the institution it belongs to.
CALLERS = {
    "centre_staff": ("centre_staff", "crim-timisoara"),
    "agency_officer": ("agency_officer", "ajofm-timis"),
    "coordinator": ("coordinator", "prefectura-timis"),
    "admin": ("admin", None),
    "institution_token": (None, "ajofm-timis"),
}


@dataclass
class Caller:
    """Who calls, and the ids that exist (drawn in place of generated ones)."""

    kind: str
    mint: Callable[[], str]
    ids: dict[str, list[str]] = field(default_factory=dict)
    #: a valid body per operation, sent now and then so that creations succeed too
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the statuses each operation answered
    seen: dict[str, set[int]] = field(default_factory=dict)


def _demo_data(factory: Factory, client: Any) -> dict[str, list[str]]:
    """Beneficiaries, consents, and referrals in several statuses, made through
    the API as users would; returns the ids by parameter name."""
    staff, officer = factory.staff(), factory.officer()
    service = factory.service("labour_agency.job_seeker_registration", staff)
    reject = next(r["code"] for r in service["reason_codes"] if "rejected" in r["applies_to"])
    referrals = [factory.referral(staff) for _ in range(5)]
    referrals.append(factory.referral(staff, send=False))  # a draft
    for referral, path in zip(
        referrals,
        (
            ["received"],
            ["received", "accepted"],
            ["received", "accepted", "in-progress"],
            ["rejected"],
            [],
        ),
        strict=False,
    ):
        for to in path:
            body = {"reason_code": reject, "note": "Fuzz data."} if to == "rejected" else {}
            response = factory.move(officer, referral, to, data={}, **body)
            assert response.status_code == 200, response.get_json()
            referral = response.get_json()
    client.post(
        f"/api/v1/referrals/{referrals[0]['id']}/comments", json={"body": "Hi"}, headers=staff
    )
    document = client.post(
        f"/api/v1/referrals/{referrals[0]['id']}/documents",
        data={"file": (io.BytesIO(pdf()), "scan.pdf"), "document_code": "other"},
        headers=staff,
    ).get_json()
    institutions = client.get("/api/v1/institutions", headers=staff).get_json()["items"]
    beneficiaries = client.get("/api/v1/beneficiaries", headers=staff).get_json()["items"]
    consents = [
        c["id"]
        for b in beneficiaries
        for c in client.get(f"/api/v1/beneficiaries/{b['id']}/consents", headers=staff).get_json()[
            "items"
        ]
    ]
    return {
        "beneficiary_id": [b["id"] for b in beneficiaries],
        "household_head_id": [b["id"] for b in beneficiaries],
        "consent_id": consents,
        "referral_id": [r["id"] for r in referrals],
        "office_id": [o["id"] for i in institutions for o in i["offices"]],
        "document_id": [document["id"]],
    }


def _valid_bodies(factory: Factory) -> dict[str, dict[str, Any]]:
    code = "labour_agency.job_seeker_registration"
    staff = factory.staff()
    # A person and a consent of their own, not among the ids that the fuzzing
    # withdraws or changes: a referral for them stays valid.
    person = factory.beneficiary(staff, given_name="Layla")
    consent = factory.consent(staff, person["id"])
    return {
        "POST /api/v1/beneficiaries": BENEFICIARY,
        "PATCH /api/v1/beneficiaries/{beneficiary_id}": {"locality": "Lugoj"},
        "POST /api/v1/beneficiaries/{beneficiary_id}/consents": {
            "institution_kinds": ["labour_agency"],
            "method": "oral",
            "given_at": "2026-11-01T10:00:00+02:00",
        },
        "POST /api/v1/referrals": {
            "beneficiary_id": person["id"],
            "service": code,
            "form": example_of(factory.service(code, staff)["form_schema"]),
            "consent_id": consent["id"],
        },
        "PATCH /api/v1/referrals/{referral_id}": {"priority": "urgent", "note": "Fuzz edit."},
        "PATCH /api/v1/me": {"notify_by": "digest"},
        "POST /api/v1/referrals/{referral_id}/documents": {"file": pdf(), "document_code": "other"},
    }


@pytest.fixture(params=sorted(CALLERS))
def caller(request, app: Flask, factory: Factory, client) -> Caller:
    role, slug = CALLERS[request.param]
    ids = _demo_data(factory, client)
    email = f"fuzz.{request.param}@hub.example"
    if role:
        factory.headers(role, slug, email=email)
    if (
        role == "agency_officer"
    ):  # the caller's own notifications exist once a referral reaches them
        factory.referral(factory.staff())
    with app.app_context():
        institution = (
            db.session.scalar(select(Institution).where(Institution.slug == slug)) if slug else None
        )
        user_id = db.session.scalar(select(User.id).where(User.email == email))

    def mint() -> str:
        # A fresh token for every call: revoking "the token in use" must not
        # end the run for the operations that follow.
        with app.app_context():
            if user_id:
                token, _ = issue_token(user=db.session.get(User, user_id))
            else:
                token, _ = issue_token(institution=db.session.merge(institution))
            db.session.commit()
        return token

    first = mint()
    notifications = client.get(
        "/api/v1/notifications", headers={"Authorization": f"Bearer {first}"}
    )
    if notifications.status_code == 200:
        ids["notification_id"] = [n["id"] for n in notifications.get_json()["items"]]
    return Caller(kind=request.param, mint=mint, ids=ids, bodies=_valid_bodies(factory))


def test_every_operation_keeps_to_the_document(app: Flask, client, caller: Caller):
    document = client.get("/api/v1/openapi.json").get_json()
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(
        method in ("get", "put", "post", "patch", "delete")
        for item in document["paths"].values()
        for method in item
    )
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(app, operation, mode, caller)
            except (Exception, FailureGroup) as exc:  # gathered, all reported below
                failures.append(f"{operation.label} ({mode}): {_describe(exc)}")
    assert not failures, "\n\n".join(failures)
    # The fuzzing got past the token and the role, and, where the role may, past the 404.
    succeeded = {label for label, statuses in caller.seen.items() if min(statuses) < 300}
    assert {"GET /api/v1/me", "GET /api/v1/institutions", "GET /api/v1/services"} <= succeeded
    if caller.kind == "centre_staff":
        assert {
            "POST /api/v1/beneficiaries",
            "GET /api/v1/beneficiaries/{beneficiary_id}",
            "POST /api/v1/referrals",
            "GET /api/v1/referrals/{referral_id}",
        } <= succeeded, sorted(succeeded)
    if caller.kind == "agency_officer":
        assert "GET /api/v1/referrals/{referral_id}" in succeeded, sorted(succeeded)


def _fuzz(app: Flask, operation, mode: GenerationMode, caller: Caller) -> None:
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
        suppress_health_check=list(HealthCheck),
    )
    def run(case, data) -> None:
        _use_existing_ids(case, data, caller.ids)
        if operation.label in caller.bodies and data.draw(st.integers(0, 3)) == 0:
            case.body = dict(caller.bodies[operation.label])
        # The generated Authorization header (garbage) is kept one time in four, so
        # that most calls reach the views as the caller.
        headers = case.headers if case.headers is not None else {}
        if "Authorization" not in headers or data.draw(st.integers(0, 3)):
            headers["Authorization"] = f"Bearer {caller.mint()}"
        case.headers = headers
        response = case.call(app=app)
        caller.seen.setdefault(operation.label, set()).add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    run()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _describe(exc: BaseException) -> str:
    notes = "\n".join(getattr(exc, "__notes__", []))
    if isinstance(exc, FailureGroup):
        return "; ".join(f"{f.title}: {f.message}" for f in exc.exceptions) + "\n" + notes
    return f"{type(exc).__name__}: {exc}\n{notes}"


def _use_existing_ids(case, data, ids: dict[str, list[str]]) -> None:
    """Often swap a generated id for one that exists, so that the calls reach
    past the 404; the same for ``If-Match`` and a version that exists."""
    for name, value in (case.path_parameters or {}).items():
        if ids.get(name):
            case.path_parameters[name] = data.draw(st.sampled_from([value, *ids[name]]))
    if isinstance(case.body, dict):
        for name, value in list(case.body.items()):
            if ids.get(name) and isinstance(value, str):
                case.body[name] = data.draw(st.sampled_from([value, *ids[name]]))
    if case.headers and "If-Match" in case.headers:
        case.headers["If-Match"] = data.draw(
            st.sampled_from([case.headers["If-Match"], '"1"', '"2"', '"3"'])
        )


def test_the_data_is_demo_like(caller: Caller):
    """The fuzzing above reaches real objects: every kind of id exists."""
    assert json.dumps(sorted(caller.ids))
    for name in ("beneficiary_id", "consent_id", "referral_id", "office_id"):
        assert caller.ids[name], name


# --- what the spec builder adds to every operation ---------------------------------------


def _operations(document: dict[str, Any]):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                yield method, path, operation


def test_the_document_lists_the_shared_problems(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for method, path, operation in _operations(document):
        responses = set(operation["responses"])
        label = f"{method.upper()} {path}"
        assert "422" in responses, label
        if operation.get("security") != []:
            assert "401" in responses, label
        assert ("404" in responses) >= ("{" in path), label
        if "requestBody" in operation:
            # required, except where a view takes an optional body (withdrawing a consent)
            assert operation["requestBody"]["required"] is not ("/withdraw" in path), label
            assert {"400", "413", "415"} <= responses, label
    assert document["paths"]["/api/v1/auth/tokens"]["post"]["security"] == []


def test_me_for_an_institution_token_keeps_to_its_schema(client, factory, app):
    """An institution token has no id, e-mail or name: the schema says they may be null."""
    factory.network()
    with app.app_context():
        institution = db.session.scalar(
            select(Institution).where(Institution.slug == "ajofm-timis")
        )
        token, _ = issue_token(institution=institution)
        db.session.commit()
    body = client.get("/api/v1/me", headers=_bearer(token)).get_json()
    assert body == {
        "id": None,
        "email": None,
        "name": None,
        "role": "agency_officer",
        "institution_id": factory.institution_id("ajofm-timis"),
    }
    document = client.get("/api/v1/openapi.json").get_json()
    ref = document["paths"]["/api/v1/me"]["get"]["responses"]["200"]["content"]
    name = ref["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = document["components"]["schemas"][name]["properties"]
    for field_name in ("id", "email", "name"):
        assert properties[field_name]["type"] == ["string", "null"]


def test_every_json_body_answers_413_and_415_as_documented(make_app, factory):
    """The 413 and 415 that the document adds to every operation with a JSON body
    happen: an oversized body, a body that is not JSON (each caller the
    operation is for, with objects that exist)."""
    app = make_app(config={"max_body_bytes": 2_000})
    client = app.test_client()
    factory = Factory(app, client)
    staff, officer = factory.staff(), factory.officer()
    referral = factory.referral(staff)
    with app.app_context():
        institution = db.session.scalar(
            select(Institution).where(Institution.slug == "ajofm-timis")
        )
        token, _ = issue_token(institution=institution)
        db.session.commit()
    offices = client.get("/api/v1/institutions", headers=staff).get_json()["items"]
    ids = {
        "beneficiary_id": referral["beneficiary"]["id"],
        "referral_id": referral["id"],
        "consent_id": referral["consent_id"],
        "office_id": next(
            o["id"] for i in offices if i["slug"] == "ajofm-timis" for o in i["offices"]
        ),
    }
    document = client.get("/api/v1/openapi.json").get_json()
    checked = 0
    for method, path, operation in _operations(document):
        if "requestBody" not in operation or operation.get("security") == []:
            continue
        url = path.format(**ids)
        headers = (
            _bearer(token) if "/inbound/" in path else officer if "/offices/" in path else staff
        )
        headers = {**headers, "If-Match": f'"{referral["version"]}"'}
        big = client.open(url, method=method, json={"note": "x" * 3_000}, headers=headers)
        problem(big, 413)
        text = client.open(url, method=method, data="to=accepted", headers=headers)
        problem(text, 415)
        checked += 1
    assert checked >= 8
