"""``/api/v1/offices/{id}/webhook``: an institution sets up its own office's
webhook; the address is checked, the secret shown once, a change waits for an
admin again, and other institutions' offices do not exist (404)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.audit import AuditLog
from core.auth.service import issue_token
from core.db import db
from core.institutions.models import Institution, Office
from core.webhooks.models import WebhookEndpoint
from tests.factories import Factory, problem
from tests.notifications.test_webhooks import review

URL = "https://cases.ajofm-timis.example/referral-hub"


def office_id(factory: Factory, institution: str = "ajofm-timis", slug: str = "main") -> str:
    factory.network()
    with factory.app.app_context():
        query = (
            select(Office.id)
            .join(Institution)
            .where(Institution.slug == institution, Office.slug == slug)
        )
        return db.session.scalar(query)


def path(office: str) -> str:
    return f"/api/v1/offices/{office}/webhook"


def audited(app, action: str) -> int:
    with app.app_context():
        query = select(func.count()).where(
            AuditLog.object_type == "webhook_endpoint", AuditLog.action == action
        )
        return db.session.scalar(query.select_from(AuditLog))


def test_an_officer_proposes_an_address_and_gets_the_secret_once(client, factory):
    officer = factory.officer()
    office = office_id(factory)

    created = client.put(path(office), json={"url": URL}, headers=officer)

    assert created.status_code == 201, created.get_json()
    assert created.headers["Cache-Control"] == "no-store"
    body = created.get_json()
    assert body["url"] == URL and body["status"] == "pending" and body["office_id"] == office
    assert body["secret"].startswith("whsec_") and len(body["secret"]) >= 6 + 32
    assert body["requested_at"].endswith("+00:00") and body["reviewed_at"] is None
    shown = client.get(path(office), headers=officer)
    assert shown.status_code == 200
    assert "secret" not in shown.get_json() and shown.get_json()["status"] == "pending"
    assert audited(factory.app, "request") == 1


def test_the_same_address_changes_nothing_and_a_new_one_waits_for_an_admin_again(
    app, client, factory
):
    officer = factory.officer()
    office = office_id(factory)
    client.put(path(office), json={"url": URL}, headers=officer)
    review(factory, office, URL, "approve")  # on the admin pages

    same = client.put(path(office), json={"url": URL}, headers=officer)
    assert same.status_code == 200 and same.get_json()["status"] == "approved"
    assert "secret" not in same.get_json()

    changed = client.put(path(office), json={"url": URL + "/v2"}, headers=officer)

    assert changed.status_code == 200
    assert changed.get_json()["status"] == "pending"
    assert changed.get_json()["url"] == URL + "/v2"
    assert audited(app, "request") == 2


def test_removing_the_webhook(app, client, factory):
    officer = factory.officer()
    office = office_id(factory)
    client.put(path(office), json={"url": URL}, headers=officer)

    assert client.delete(path(office), headers=officer).status_code == 204

    problem(client.get(path(office), headers=officer), 404)
    problem(client.delete(path(office), headers=officer), 404)
    problem(client.post(path(office) + "/secret", headers=officer), 404)
    assert audited(app, "remove") == 1


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({}, "url", "Missing data"),
        ({"url": "cases.example.org/hook"}, "url", "full address"),
        ({"url": "ftp://cases.example.org/hook"}, "url", "full address"),
        ({"url": "https:///no-host"}, "url", "full address"),
        ({"url": "https://cases.example.org:99999/hook"}, "url", "full address"),
        ({"url": "https://cases.example.org/a hook"}, "url", "full address"),
        ({"url": "https://user:pass@cases.example.org/hook"}, "url", "user name and password"),
        ({"url": "https://cases.example.org/" + "a" * 500}, "url", "maximum length 500"),
        ({"url": 42}, "url", "Not a valid string"),
        ({"url": URL, "secret": "whsec_mine"}, "secret", "Unknown field"),
    ],
)
def test_a_bad_address_is_422_naming_what_to_fix(client, factory, body, field, words):
    officer = factory.officer()
    office = office_id(factory)

    answer = problem(client.put(path(office), json=body, headers=officer), 422)

    assert words in " ".join(answer["errors"][field])
    problem(client.get(path(office), headers=officer), 404)  # nothing was made


def test_plain_http_is_refused_outside_development(make_app):
    app = make_app(config={"env": "production"})
    factory = Factory(app, app.test_client())
    officer = factory.officer()
    office = office_id(factory)

    answer = problem(
        factory.client.put(
            path(office), json={"url": "http://cases.example.org/hook"}, headers=officer
        ),
        422,
    )

    assert "https://" in answer["errors"]["url"][0]
    assert factory.client.put(path(office), json={"url": URL}, headers=officer).status_code == 201


def test_plain_http_is_accepted_in_development_and_tests(client, factory):
    answer = client.put(
        path(office_id(factory)),
        json={"url": "http://127.0.0.1:8080/hook"},
        headers=factory.officer(),
    )
    assert answer.status_code == 201


@pytest.mark.parametrize("slug", ["ajofm-bihor", "cjas-timis"])
def test_another_institutions_office_is_404_and_unchanged(client, factory, slug):
    office = office_id(factory)
    client.put(path(office), json={"url": URL}, headers=factory.officer())
    stranger = factory.officer(slug)

    for response in (
        client.get(path(office), headers=stranger),
        client.put(path(office), json={"url": "https://evil.example/"}, headers=stranger),
        client.delete(path(office), headers=stranger),
        client.post(path(office) + "/secret", headers=stranger),
    ):
        problem(response, 404)
    assert client.get(path(office), headers=factory.officer()).get_json()["url"] == URL
    problem(client.get(path("no-such-office"), headers=stranger), 404)


@pytest.mark.parametrize(
    ("role", "slug"), [("centre_staff", "crim-timisoara"), ("coordinator", "prefectura-timis")]
)
def test_other_roles_are_403(client, factory, role, slug):
    response = client.put(
        path(office_id(factory)), json={"url": URL}, headers=factory.headers(role, slug)
    )
    problem(response, 403)
    problem(client.get(path(office_id(factory))), 401)


def test_the_institutions_token_sets_up_its_offices_webhook(app, client, factory):
    office = office_id(factory, "ajofm-timis", "lugoj")
    with app.app_context():
        agency = db.session.scalar(select(Institution).where(Institution.slug == "ajofm-timis"))
        token, _ = issue_token(institution=agency, name="case system")
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}

    created = client.put(path(office), json={"url": URL}, headers=headers)

    assert created.status_code == 201
    with app.app_context():
        endpoint = db.session.scalar(select(WebhookEndpoint))
        assert endpoint.requested_by is None  # a token, named in the audit row
        row = db.session.scalar(select(AuditLog).where(AuditLog.action == "request"))
        assert row.actor_token_id and row.object_id == endpoint.id


def test_the_webhook_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert {"get", "put", "delete"} <= set(paths["/api/v1/offices/{office_id}/webhook"])
    assert "post" in paths["/api/v1/offices/{office_id}/webhook/secret"]
