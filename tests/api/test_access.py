"""Who may see and do what: other institutions get 404, wrong roles get 403,
receivers see only what their service needs, and every access is audited."""

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from core.audit import AuditLog
from core.beneficiaries.models import Beneficiary, Consent
from core.catalogue.registry import build_catalogue
from core.db import db
from core.plugins import make_plugin_manager
from core.referrals.models import Comment, Referral, ReferralEvent
from tests.factories import BENEFICIARY

PROBLEM = "application/problem+json"
SERVICE_CODES = sorted(build_catalogue(make_plugin_manager()).services)
CONSENT = {
    "institution_kinds": ["labour_agency"],
    "method": "oral",
    "given_at": "2026-11-02T08:00:00+00:00",
}


@dataclass
class World:
    """A beneficiary of crim-timisoara with a consent and a referral sent to ajofm-timis."""

    staff: dict[str, str]
    beneficiary: dict[str, Any]
    consent: dict[str, Any]
    referral: dict[str, Any]

    def path(self, template: str) -> str:
        return "/api/v1" + template.format(
            b=self.beneficiary["id"], c=self.consent["id"], r=self.referral["id"]
        )


@pytest.fixture
def world(factory) -> World:
    staff = factory.staff()
    person = factory.beneficiary(staff, given_name="Zarifa", family_name="Haddad")
    referral = factory.referral(staff, beneficiary=person)
    return World(staff, person, {"id": referral["consent_id"]}, referral)


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    body: Any = None  # a JSON body, or a function of the world that returns one

    def __str__(self) -> str:
        return f"{self.method} {self.template}"

    def call(self, client, world: World, headers: dict[str, str]):
        body = self.body(world) if callable(self.body) else self.body
        if self.template.endswith("/transitions"):
            headers = {**headers, "If-Match": f'"{world.referral["version"]}"'}
        return client.open(
            world.path(self.template), method=self.method, json=body, headers=headers
        )


def _referral_body(world: World) -> dict[str, Any]:
    return {
        "beneficiary_id": world.beneficiary["id"],
        "service": world.referral["service"],
        "form": world.referral["form"],
        "consent_id": world.consent["id"],
    }


GET_REFERRAL = Route("GET", "/referrals/{r}")
RECEIVE = Route("POST", "/referrals/{r}/transitions", {"to": "received"})
CANCEL = Route("POST", "/referrals/{r}/transitions", {"to": "cancelled", "note": "Moved away."})
EVENTS = Route("GET", "/referrals/{r}/events")
COMMENTS = Route("GET", "/referrals/{r}/comments")
COMMENT = Route("POST", "/referrals/{r}/comments", {"body": "Any news?"})
REFERRAL_ROUTES = [GET_REFERRAL, RECEIVE, CANCEL, EVENTS, COMMENTS, COMMENT]
GET_BENEFICIARY = Route("GET", "/beneficiaries/{b}")
PATCH_BENEFICIARY = Route("PATCH", "/beneficiaries/{b}", {"phone": "+40 700 000 999"})
CONSENTS = Route("GET", "/beneficiaries/{b}/consents")
ADD_CONSENT = Route("POST", "/beneficiaries/{b}/consents", CONSENT)
WITHDRAW = Route("POST", "/consents/{c}/withdraw")
BENEFICIARY_ROUTES = [GET_BENEFICIARY, PATCH_BENEFICIARY, ADD_CONSENT, CONSENTS, WITHDRAW]
LIST_REFERRALS = Route("GET", "/referrals")
CREATE_REFERRAL = Route("POST", "/referrals", _referral_body)
SEARCH_BENEFICIARIES = Route("GET", "/beneficiaries?q=Zarifa")
CREATE_BENEFICIARY = Route("POST", "/beneficiaries", BENEFICIARY)
STATS = Route("GET", "/stats/cooperation")
CENTRE_ONLY = [
    CREATE_REFERRAL,
    SEARCH_BENEFICIARIES,
    CREATE_BENEFICIARY,
    *BENEFICIARY_ROUTES,
]


def snapshot(app, client, world: World) -> dict[str, Any]:
    """What the sender can see of the world, and how many rows each table holds."""
    views = {
        name: client.get(world.path(template), headers=world.staff).get_json()
        for name, template in {
            "referral": "/referrals/{r}",
            "events": "/referrals/{r}/events",
            "comments": "/referrals/{r}/comments",
            "beneficiary": "/beneficiaries/{b}",
            "consents": "/beneficiaries/{b}/consents",
        }.items()
    }
    with app.app_context():
        for model in (Beneficiary, Consent, Referral, ReferralEvent, Comment):
            views[model.__name__] = db.session.scalar(select(func.count()).select_from(model))
    return views


def assert_problem(response, status: int) -> None:
    assert response.status_code == status, response.get_json()
    assert response.content_type == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]


def listed_ids(client, path: str, headers: dict[str, str]) -> list[str]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def audit_rows(app, **where: Any) -> list[AuditLog]:
    with app.app_context():
        query = select(AuditLog).filter_by(**where).order_by(AuditLog.id)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


# --- other institutions: 404, nothing leaks, nothing changes ----------------------------


@pytest.mark.parametrize("route", REFERRAL_ROUTES, ids=str)
@pytest.mark.parametrize("slug", ["ajofm-bihor", "cjas-timis", "ajofm-caras-severin"])
def test_officer_of_another_institution_gets_404_on_every_referral_route(
    app, client, factory, world, slug, route
):
    officer = factory.officer(slug)
    before = snapshot(app, client, world)

    assert_problem(route.call(client, world, officer), 404)

    assert snapshot(app, client, world) == before


@pytest.mark.parametrize("slug", ["ajofm-bihor", "cjas-timis"])
def test_referral_to_another_institution_is_absent_from_an_officers_list(
    client, factory, world, slug
):
    officer = factory.officer(slug)

    assert listed_ids(client, "/api/v1/referrals", officer) == []
    assert world.referral["id"] in listed_ids(client, "/api/v1/referrals", factory.officer())


def test_a_draft_is_invisible_to_the_receiving_institution(client, factory, world):
    draft = factory.referral(world.staff, beneficiary=world.beneficiary, send=False)
    officer = factory.officer("ajofm-timis")

    assert draft["status"] == "draft"
    assert draft["id"] not in listed_ids(client, "/api/v1/referrals", officer)
    assert_problem(client.get(f"/api/v1/referrals/{draft['id']}", headers=officer), 404)
    assert_problem(factory.move(officer, draft, "received"), 404)


@pytest.mark.parametrize("route", [*BENEFICIARY_ROUTES, *REFERRAL_ROUTES, CREATE_REFERRAL], ids=str)
def test_staff_of_another_centre_get_404_on_the_first_centres_objects(
    app, client, world, other_centre, route
):
    before = snapshot(app, client, world)

    assert_problem(route.call(client, world, other_centre), 404)

    assert snapshot(app, client, world) == before


def test_staff_of_another_centre_do_not_find_the_first_centres_objects(
    client, factory, world, other_centre
):
    own = factory.beneficiary(other_centre, given_name="Zarifa", county="RO-BH", locality="Oradea")

    assert listed_ids(client, "/api/v1/beneficiaries?q=Zarifa", other_centre) == [own["id"]]
    assert listed_ids(client, "/api/v1/beneficiaries", other_centre) == [own["id"]]
    assert listed_ids(client, "/api/v1/referrals", other_centre) == []
    assert world.beneficiary["id"] in listed_ids(client, "/api/v1/beneficiaries", world.staff)


def test_staff_of_another_centre_cannot_link_a_foreign_household_head(client, world, other_centre):
    body = {**BENEFICIARY, "household_head_id": world.beneficiary["id"]}

    response = client.post("/api/v1/beneficiaries", json=body, headers=other_centre)

    assert_problem(response, 422)
    assert "household_head_id" in response.get_json()["errors"]


# --- roles: 403 for what a role may never do --------------------------------------------------


FORBIDDEN = [
    *[
        ("coordinator", "prefectura-timis", r)
        for r in [LIST_REFERRALS, *REFERRAL_ROUTES, *CENTRE_ONLY]
    ],
    *[("admin", None, r) for r in [LIST_REFERRALS, *REFERRAL_ROUTES, *CENTRE_ONLY]],
    *[("agency_officer", "ajofm-timis", r) for r in [*CENTRE_ONLY, STATS]],
    ("centre_staff", "crim-timisoara", STATS),
]


@pytest.mark.parametrize(
    ("role", "slug", "route"), FORBIDDEN, ids=[f"{role}-{route}" for role, _, route in FORBIDDEN]
)
def test_a_role_gets_403_where_it_may_never_act(app, client, factory, world, role, slug, route):
    headers = factory.headers(role, slug)
    before = snapshot(app, client, world)

    assert_problem(route.call(client, world, headers), 403)

    assert snapshot(app, client, world) == before


# --- data minimisation -------------------------------------------------------------------------


def beneficiary_for(factory, staff: dict[str, str], service_code: str) -> dict[str, Any]:
    """A fitting beneficiary: a child (under 18 on 2026-11-02) in a household for schools."""
    if not service_code.startswith("schools."):
        return factory.beneficiary(staff)
    head = factory.beneficiary(staff)
    return factory.beneficiary(
        staff,
        given_name="Lina",
        date_of_birth="2016-05-20",
        sex="female",
        residence_document=None,
        phone=None,
        household_head_id=head["id"],
    )


@pytest.mark.parametrize("code", SERVICE_CODES)
def test_receiving_officer_sees_only_the_beneficiary_fields_of_the_service(client, factory, code):
    staff = factory.staff()
    person = beneficiary_for(factory, staff, code)
    created = factory.referral(staff, service=code, beneficiary=person)
    slugs = {
        i["id"]: i["slug"]
        for i in client.get("/api/v1/institutions?limit=200", headers=staff).get_json()["items"]
    }
    officer = factory.officer(slugs[created["to_institution"]["id"]])
    fields = factory.service(code, staff)["beneficiary_fields"]

    seen = client.get(f"/api/v1/referrals/{created['id']}", headers=officer).get_json()
    inbox = client.get("/api/v1/referrals", headers=officer).get_json()["items"]

    # a service that may see the name as written also sees its Latin spelling (API.md)
    latin = {"name_latin"} if {"given_name", "family_name"} & set(fields) else set()
    assert set(seen["beneficiary"]) == {"id", "reference", *fields, *latin}
    assert seen["beneficiary"] == {key: person[key] for key in seen["beneficiary"]}
    assert [r["beneficiary"] for r in inbox] == [seen["beneficiary"]]


@pytest.mark.parametrize("code", ["labour_agency.career_counselling", "schools.school_enrolment"])
def test_sender_sees_the_full_beneficiary_record(client, factory, code):
    staff = factory.staff()
    person = beneficiary_for(factory, staff, code)
    created = factory.referral(staff, service=code, beneficiary=person)
    full = client.get(f"/api/v1/beneficiaries/{person['id']}", headers=staff).get_json()
    full.pop("version")

    seen = client.get(f"/api/v1/referrals/{created['id']}", headers=staff).get_json()

    assert created["beneficiary"] == full
    assert seen["beneficiary"] == full


# --- audit --------------------------------------------------------------------------------------

AUDITED = [
    ("staff", CREATE_BENEFICIARY, "create", "beneficiary"),
    ("staff", GET_BENEFICIARY, "read", "beneficiary"),
    ("staff", PATCH_BENEFICIARY, "update", "beneficiary"),
    ("staff", SEARCH_BENEFICIARIES, "list", "beneficiary"),
    ("staff", ADD_CONSENT, "create", "consent"),
    ("staff", CONSENTS, "read", "beneficiary"),
    ("staff", WITHDRAW, "withdraw", "consent"),
    ("staff", CREATE_REFERRAL, "create", "referral"),
    ("staff", GET_REFERRAL, "read", "referral"),
    ("staff", LIST_REFERRALS, "list", "referral"),
    ("staff", CANCEL, "transition", "referral"),
    ("officer", GET_REFERRAL, "read", "referral"),
    ("officer", RECEIVE, "transition", "referral"),
    ("officer", EVENTS, "read", "referral"),
    ("officer", COMMENTS, "read", "referral"),
    ("officer", COMMENT, "comment", "referral"),
]


def caller(client, who: str, world: World, factory) -> tuple[dict[str, str], dict[str, Any]]:
    headers = world.staff if who == "staff" else factory.officer("ajofm-timis")
    return headers, client.get("/api/v1/me", headers=headers).get_json()


@pytest.mark.parametrize(
    ("who", "route", "action", "object_type"),
    AUDITED,
    ids=[f"{who}-{route}" for who, route, *_ in AUDITED],
)
def test_every_read_and_write_writes_one_audit_row_with_the_actors_ids(
    app, client, factory, world, who, route, action, object_type
):
    headers, me = caller(client, who, world, factory)
    before = {row.id for row in audit_rows(app)}

    response = route.call(client, world, headers)

    assert response.status_code in (200, 201), response.get_json()
    created = response.get_json() if action == "create" else None
    object_id = (created or getattr(world, object_type))["id"]
    new = [row for row in audit_rows(app) if row.id not in before]
    matching = [
        row
        for row in new
        if (row.action, row.object_type, row.object_id) == (action, object_type, object_id)
    ]
    assert len(matching) == 1, [(r.action, r.object_type) for r in new]
    for row in new:
        assert row.actor_user_id == me["id"]
        assert row.actor_institution_id == me["institution_id"]
        assert row.actor_token_id is not None
        assert row.source == "api"


REFUSED = [
    ("staff", Route("PATCH", "/beneficiaries/{b}", {"sex": "unknown-sex"}), 422, "update"),
    ("staff", Route("PATCH", "/beneficiaries/{b}", {"shoe_size": 42}), 422, "update"),
    (
        "officer",
        Route("POST", "/referrals/{r}/transitions", {"to": "completed"}),
        409,
        "transition",
    ),
    ("officer", Route("POST", "/referrals/{r}/transitions", {"to": "rejected"}), 422, "transition"),
    ("officer", Route("POST", "/referrals/{r}/comments", {"body": ""}), 422, "comment"),
]


@pytest.mark.parametrize(
    ("who", "route", "status", "action"),
    REFUSED,
    ids=[f"{who}-{route}-{status}" for who, route, status, _ in REFUSED],
)
def test_a_refused_request_leaves_no_audit_row_of_its_write(
    app, client, factory, world, who, route, status, action
):
    headers, me = caller(client, who, world, factory)
    before = snapshot(app, client, world)

    assert_problem(route.call(client, world, headers), status)

    assert audit_rows(app, action=action, actor_user_id=me["id"]) == []
    assert snapshot(app, client, world) == before


def test_a_stale_transition_leaves_no_transition_audit_row(app, client, factory, world):
    officer, me = caller(client, "officer", world, factory)
    stale = {**world.referral, "version": world.referral["version"] - 1}

    assert_problem(factory.move(officer, stale, "received"), 412)

    assert audit_rows(app, action="transition", actor_user_id=me["id"]) == []


def test_audit_rows_hold_ids_never_personal_data(app, client, factory, world):
    officer = factory.officer("ajofm-timis")
    for who, route, *_ in AUDITED:
        route.call(client, world, world.staff if who == "staff" else officer)
    person = world.beneficiary
    personal = {
        person[k]
        for k in ("given_name", "family_name", "name_latin", "date_of_birth", "reference", "phone")
    }

    rows = audit_rows(app)

    assert len(rows) > len(AUDITED)
    columns = [c.key for c in inspect(AuditLog).column_attrs]
    for row in rows:
        for column in columns:
            value = str(getattr(row, column))
            assert not any(p in value for p in personal), (column, value)
