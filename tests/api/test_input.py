"""Nothing a client sends may produce a 500: every refusal is problem+json with
the right status, names the fields to fix, and writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db import Base, db
from tests.factories import BENEFICIARY, PASSWORD, Factory, example_of, problem

JOB_SEEKER = "labour_agency.job_seeker_registration"
PAID_CONTRIBUTIONS = "health_insurance.project_paid_contributions"
JSON = "application/json"


@dataclass
class World:
    """A centre's staff member with one sent referral, and what hangs on it."""

    factory: Factory
    staff: dict[str, str]
    referral: dict[str, Any]
    form: dict[str, Any]

    def url(self, template: str) -> str:
        return "/api/v1" + template.format(
            beneficiary=self.referral["beneficiary"]["id"],
            consent=self.referral["consent_id"],
            referral=self.referral["id"],
        )

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.factory.client.get(self.url(path), headers=self.staff, **kwargs)

    def post(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        headers = {**self.staff, **(headers or {})}
        return self.factory.client.post(self.url(path), headers=headers, **kwargs)

    def referral_body(self, **overrides: Any) -> dict[str, Any]:
        return {
            "beneficiary_id": self.referral["beneficiary"]["id"],
            "service": JOB_SEEKER,
            "form": self.form,
            "consent_id": self.referral["consent_id"],
            **overrides,
        }


@pytest.fixture
def world(factory: Factory) -> World:
    staff = factory.staff()
    referral = factory.referral(staff, JOB_SEEKER)
    return World(factory, staff, referral, referral["form"])


def row_counts(app) -> dict[str, int]:
    """Rows per table (the audit log aside): a refused request changes none of them."""
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
            if table.name != "audit_log"
        }


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    body: Callable[[World], dict[str, Any]]
    #: (fields to override in the valid body, the error key naming the field)
    wrong_types: tuple[tuple[dict[str, Any], str], ...] = ()

    def send(self, world: World, **kwargs: Any) -> Any:
        headers = {**world.staff, **kwargs.pop("headers", {})}
        return world.factory.client.open(
            world.url(self.path), method=self.method, headers=headers, **kwargs
        )


ENDPOINTS = [
    Endpoint(
        "create-token",
        "POST",
        "/auth/tokens",
        lambda w: {"email": "nobody@hub.example", "password": PASSWORD},
        (({"email": 12}, "email"), ({"password": ["x"]}, "password")),
    ),
    Endpoint(
        "create-beneficiary",
        "POST",
        "/beneficiaries",
        lambda w: dict(BENEFICIARY),
        (
            ({"date_of_birth": 12}, "date_of_birth"),
            ({"languages": "ar"}, "languages"),
            ({"languages": [7]}, "languages.0"),
            ({"given_name": None}, "given_name"),
            ({"sex": True}, "sex"),
            (
                {"residence_document": {"type": "other", "number": "X1", "expires_on": 5}},
                "residence_document.expires_on",
            ),
        ),
    ),
    Endpoint(
        "update-beneficiary",
        "PATCH",
        "/beneficiaries/{beneficiary}",
        lambda w: {"phone": "+40 700 000 009"},
        (
            ({"date_of_birth": "yesterday"}, "date_of_birth"),
            ({"household_head_id": 5}, "household_head_id"),
            ({"email": "not an address"}, "email"),
        ),
    ),
    Endpoint(
        "record-consent",
        "POST",
        "/beneficiaries/{beneficiary}/consents",
        lambda w: {
            "institution_kinds": ["labour_agency"],
            "method": "written",
            "given_at": "2026-11-01T10:00:00+02:00",
        },
        (
            ({"institution_kinds": "labour_agency"}, "institution_kinds"),
            ({"given_at": 1_700_000_000}, "given_at"),
            ({"method": 1}, "method"),
        ),
    ),
    Endpoint("withdraw-consent", "POST", "/consents/{consent}/withdraw", lambda w: {}),
    Endpoint(
        "create-referral",
        "POST",
        "/referrals",
        World.referral_body,
        (
            ({"form": "x"}, "form"),
            ({"send": "maybe"}, "send"),
            ({"priority": 3}, "priority"),
            ({"beneficiary_id": 5}, "beneficiary_id"),
        ),
    ),
    Endpoint(
        "transition",
        "POST",
        "/referrals/{referral}/transitions",
        lambda w: {"to": "cancelled"},
        (({"to": 5}, "to"), ({"data": "x"}, "data"), ({"note": 5}, "note")),
    ),
    Endpoint(
        "comment",
        "POST",
        "/referrals/{referral}/comments",
        lambda w: {"body": "Any news?"},
        (({"body": 5}, "body"), ({"body": ""}, "body")),
    ),
]
EACH_ENDPOINT = pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
WRONG_TYPES = [
    pytest.param(endpoint, overrides, path, id=f"{endpoint.name}-{path}-{i}")
    for endpoint in ENDPOINTS
    for i, (overrides, path) in enumerate(endpoint.wrong_types)
]


def refused(app, status: int, send: Callable[..., Any], *args: Any, **kwargs: Any) -> dict:
    """``send(*args, **kwargs)`` must be refused with ``status`` and leave every table as it was."""
    before = row_counts(app)
    body = problem(send(*args, **kwargs), status)
    assert row_counts(app) == before
    return body


# --- the body ----------------------------------------------------------------------


@EACH_ENDPOINT
def test_malformed_json_is_a_400_problem(app, world, endpoint):
    body = refused(app, 400, endpoint.send, world, data=b"{not json", content_type=JSON)
    assert "JSON" in body["detail"]


@EACH_ENDPOINT
def test_json_nested_deeper_than_the_parser_goes_is_a_400_problem(app, world, endpoint):
    deep = b"[" * 100_000 + b"]" * 100_000
    refused(app, 400, endpoint.send, world, data=deep, content_type=JSON)


@EACH_ENDPOINT
@pytest.mark.parametrize("payload", [["a"], "a string", 42, True], ids=repr)
def test_a_json_value_that_is_not_an_object_is_422(app, world, endpoint, payload):
    body = refused(app, 422, endpoint.send, world, json=payload)
    assert "_schema" in body["errors"]


@pytest.mark.parametrize(("endpoint", "overrides", "path"), WRONG_TYPES)
def test_a_field_of_the_wrong_type_is_422_keyed_by_its_path(app, world, endpoint, overrides, path):
    payload = {**endpoint.body(world), **overrides}
    body = refused(app, 422, endpoint.send, world, json=payload)
    assert list(body["errors"]) == [path]
    assert all(isinstance(m, str) and m for m in body["errors"][path])


@EACH_ENDPOINT
def test_an_unknown_field_is_422_naming_it(app, world, endpoint):
    payload = {**endpoint.body(world), "colour": "blue"}
    body = refused(app, 422, endpoint.send, world, json=payload)
    assert body["errors"] == {"colour": ["Unknown field."]}


@EACH_ENDPOINT
def test_a_body_without_a_json_content_type_is_415(app, world, endpoint):
    data = json.dumps(endpoint.body(world)).encode()
    refused(app, 415, endpoint.send, world, data=data)
    refused(app, 415, endpoint.send, world, data=data, content_type="text/plain")


@EACH_ENDPOINT
def test_a_body_over_a_million_bytes_is_413(app, world, endpoint):
    data = b'{"note": "' + b"x" * 1_000_001 + b'"}'
    refused(app, 413, endpoint.send, world, data=data, content_type=JSON)


@EACH_ENDPOINT
@pytest.mark.parametrize("bad", ["\x00", "\ud800"], ids=["nul", "lone-surrogate"])
def test_text_that_no_database_stores_is_422_naming_the_field(app, world, endpoint, bad):
    payload = {**endpoint.body(world), f"note{bad}": f"a{bad}b"}
    data = json.dumps(payload).encode()  # escapes as \u0000 / \ud800, valid JSON
    body = refused(app, 422, endpoint.send, world, data=data, content_type=JSON)
    assert list(body["errors"]) == [f"note{bad}"]


def test_a_nul_character_in_a_field_value_is_refused_before_the_database(app, world):
    payload = {**BENEFICIARY, "given_name": "Ah\x00mad"}
    body = refused(app, 422, world.post, "/beneficiaries", json=payload)
    assert list(body["errors"]) == ["given_name"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/beneficiaries/%00", "beneficiary_id"),
        ("/referrals/%00", "referral_id"),
        ("/referrals/%00/events", "referral_id"),
        ("/beneficiaries?q=ahm%00ad", "q"),
        ("/referrals?service=%00", "service"),
        ("/referrals?beneficiary_id=%00", "beneficiary_id"),
    ],
)
def test_a_nul_character_in_the_path_or_query_is_422(app, world, path, field):
    body = refused(app, 422, world.get, path)
    assert list(body["errors"]) == [field]


def test_a_nul_character_in_the_idempotency_key_is_422(app, world):
    key = {"Idempotency-Key": "key\x00"}
    body = refused(app, 422, world.post, "/beneficiaries", json=BENEFICIARY, headers=key)
    assert list(body["errors"]) == ["Idempotency-Key"]


@pytest.mark.parametrize("version", ['"3.0"', '"three"', '"²"', '"-1"', '""'])
def test_an_if_match_that_is_not_a_version_is_422(app, world, version):
    path, headers = "/referrals/{referral}/transitions", {"If-Match": version}
    body = refused(app, 422, world.post, path, json={"to": "cancelled"}, headers=headers)
    assert list(body["errors"]) == ["If-Match"]


# --- query parameters of lists -----------------------------------------------------------

LISTS = [
    "/beneficiaries",
    "/referrals",
    "/institutions",
    "/referrals/{referral}/events",
    "/referrals/{referral}/comments",
]
BAD_PAGING = [
    ("limit=0", "limit"),
    ("limit=201", "limit"),
    ("limit=999", "limit"),
    ("limit=-1", "limit"),
    ("limit=abc", "limit"),
    ("limit=", "limit"),
    ("limit=2.5", "limit"),
    ("limit=%C2%B2", "limit"),  # "²" is a digit to str.isdigit, not to int()
    ("cursor=garbage", "cursor"),
    ("cursor=W10", "cursor"),  # base64 of [] : decodes, but holds no position
    ("cursor=WzVd", "cursor"),  # base64 of [5]: a position of the wrong type
]
BAD_FILTERS = [
    ("/referrals", "status=bogus", "status"),
    ("/referrals", "overdue=maybe", "overdue"),
    ("/referrals", "colour=blue", "colour"),
    ("/beneficiaries", "colour=blue", "colour"),
]


# Every value on one list, and the two kinds of mistake on every list (one helper pages them all).
PAGING_CASES = [
    *[pytest.param("/referrals", query, field, id=query) for query, field in BAD_PAGING],
    *[
        pytest.param(path, query, field, id=f"{path}?{query}")
        for path in LISTS
        if path != "/referrals"
        for query, field in (BAD_PAGING[0], BAD_PAGING[-3])
    ],
]


@pytest.mark.parametrize(("path", "query", "field"), PAGING_CASES)
def test_bad_paging_parameters_on_lists_are_422(app, world, path, query, field):
    body = refused(app, 422, world.get, f"{path}?{query}")
    assert list(body["errors"]) == [field]


@pytest.mark.parametrize(("path", "query", "field"), BAD_FILTERS)
def test_bad_or_unknown_filters_are_422_naming_the_parameter(app, world, path, query, field):
    body = refused(app, 422, world.get, f"{path}?{query}")
    assert list(body["errors"]) == [field]


def test_pages_of_three_walk_seven_beneficiaries_newest_first_once_each(client, factory):
    staff = factory.staff()
    created = [factory.beneficiary(staff, given_name=f"Person {i}")["id"] for i in range(7)]
    seen, pages, url = [], [], "/api/v1/beneficiaries?limit=3"
    while url:
        page = client.get(url, headers=staff).get_json()
        pages.append(page)
        seen += [b["id"] for b in page["items"]]
        cursor = page["next_cursor"]
        url = f"/api/v1/beneficiaries?limit=3&cursor={cursor}" if cursor else None
    assert seen == created[::-1]
    assert [len(p["items"]) for p in pages] == [3, 3, 1]
    assert pages[-1]["next_cursor"] is None


# --- idempotency ------------------------------------------------------------------------


@dataclass(frozen=True)
class Creation:
    path: str
    body: Callable[[World], dict[str, Any]]
    #: one field to change for "the same key with another body"
    change: dict[str, Any]


CREATIONS = [
    pytest.param(
        Creation("/beneficiaries", lambda w: dict(BENEFICIARY), {"phone": "+40 1"}),
        id="beneficiary",
    ),
    pytest.param(
        Creation("/referrals", World.referral_body, {"note": "Urgent, please"}), id="referral"
    ),
]


def create(world: World, creation: Creation, key: str, headers=None, **changes: Any) -> Any:
    """POST the creation with ``Idempotency-Key: key`` (as another user when ``headers``)."""
    headers = {**(headers or {}), "Idempotency-Key": key}
    return world.post(creation.path, headers=headers, json={**creation.body(world), **changes})


def listed(world: World, creation: Creation) -> list[str]:
    return [item["id"] for item in world.get(creation.path).get_json()["items"]]


@pytest.mark.parametrize("creation", CREATIONS)
def test_a_retry_with_the_same_key_and_body_returns_the_first_object(app, world, creation):
    before = listed(world, creation)
    first = create(world, creation, "retry-1")
    again = create(world, creation, "retry-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert listed(world, creation) == [first.get_json()["id"], *before]


@pytest.mark.parametrize("creation", CREATIONS)
def test_the_same_key_with_another_body_is_422_and_creates_nothing(app, world, creation):
    first = create(world, creation, "retry-2")
    assert first.status_code == 201
    body = refused(app, 422, create, world, creation, "retry-2", **creation.change)
    assert "Idempotency-Key" in body["errors"]


@pytest.mark.parametrize("creation", CREATIONS)
def test_different_keys_create_different_objects(world, creation):
    before = listed(world, creation)
    ids = [create(world, creation, key).get_json()["id"] for key in ("key-a", "key-b")]
    assert ids[0] != ids[1]
    assert listed(world, creation) == [*ids[::-1], *before]


@pytest.mark.parametrize("creation", CREATIONS)
def test_another_users_identical_key_is_independent(world, creation):
    colleague = world.factory.staff()
    mine = create(world, creation, "shared-key")
    theirs = create(world, creation, "shared-key", headers=colleague)
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.get_json()["id"] != theirs.get_json()["id"]


# --- plugin forms ------------------------------------------------------------------------


def test_a_plugin_form_missing_a_required_field_is_422_per_field(app, world):
    schema = world.factory.service(JOB_SEEKER, world.staff)["form_schema"]
    missing = schema["required"][0]
    form = {k: v for k, v in world.form.items() if k != missing}
    body = refused(app, 422, world.post, "/referrals", json=world.referral_body(form=form))
    assert list(body["errors"]) == [f"form.{missing}"]


def test_paid_contributions_for_seven_months_are_refused_on_months_requested(app, world):
    service = world.factory.service(PAID_CONTRIBUTIONS, world.staff)
    consent = world.factory.consent(world.staff, world.referral["beneficiary"]["id"])
    form = {**example_of(service["form_schema"]), "months_requested": 7}
    payload = world.referral_body(service=PAID_CONTRIBUTIONS, form=form, consent_id=consent["id"])
    body = refused(app, 422, world.post, "/referrals", json=payload)
    assert list(body["errors"]) == ["form.months_requested"]
