"""Authentication: personal and institution tokens, their lifetime, and the CLI
that creates users and tokens."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.auth.models import ApiToken, User
from core.cli import main
from core.db import db
from tests.factories import PASSWORD

PROBLEM = "application/problem+json"


def login(client, email, password=PASSWORD):
    return client.post("/api/v1/auth/tokens", json={"email": email, "password": password})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def assert_unauthorized(response):
    assert response.status_code == 401, response.get_json()
    assert response.content_type == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.get_json()
    assert body["status"] == 401 and body["title"] and body["detail"]
    return body


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def create_user_cli(runner, email, role, slug, password):
    args = ["users", "create", "--email", email, "--name", "Ana Pop", "--role", role]
    if slug:
        args += ["--institution", slug]
    return runner.invoke(main, args=[*args, "--password-stdin"], input=f"{password}\n")


@pytest.fixture
def officer_email(factory):
    email = "officer@ajofm-tm.example"
    factory.headers("agency_officer", "ajofm-timis", email=email)
    return email


# --- POST /auth/tokens ---------------------------------------------------------


def test_login_returns_token_expiry_and_user(client, factory, clock, officer_email):
    response = login(client, officer_email.upper())

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["token"]
    assert body["expires_at"] == (clock() + timedelta(days=30)).isoformat()
    user = body["user"]
    assert {"id", "email", "role", "institution_id"} <= set(user)
    assert user["email"] == officer_email
    assert user["role"] == "agency_officer"
    assert user["institution_id"] == factory.institution_id("ajofm-timis")
    me = client.get("/api/v1/me", headers=bearer(body["token"])).get_json()
    assert me["id"] == user["id"]


def test_wrong_password_and_unknown_email_get_the_same_401(client, officer_email):
    wrong_password = assert_unauthorized(login(client, officer_email, "not the password!"))
    unknown_email = assert_unauthorized(login(client, "nobody@hub.example"))

    assert wrong_password == unknown_email


def test_deactivated_user_cannot_log_in_nor_use_an_earlier_token(app, client, officer_email):
    token = login(client, officer_email).get_json()["token"]
    with app.app_context():
        db.session.scalar(select(User).where(User.email == officer_email)).active = False
        db.session.commit()

    refused = assert_unauthorized(login(client, officer_email))
    assert refused == assert_unauthorized(login(client, officer_email, "not the password!"))
    assert_unauthorized(client.get("/api/v1/me", headers=bearer(token)))


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"json": {"email": "x@hub.example"}}, id="missing-password"),
        pytest.param({"json": {"password": PASSWORD}}, id="missing-email"),
        pytest.param({"json": {"email": 7, "password": PASSWORD}}, id="email-not-a-string"),
        pytest.param(
            {"json": {"email": "x@hub.example", "password": PASSWORD, "remember": True}},
            id="unknown-field",
        ),
        pytest.param({"json": ["x@hub.example", PASSWORD]}, id="array"),
        pytest.param({"data": "{not json", "content_type": "application/json"}, id="bad-json"),
        pytest.param({"data": "email=x&password=y"}, id="form-encoded"),
    ],
)
def test_malformed_login_body_is_a_problem_and_issues_no_token(app, client, kwargs):
    response = client.post("/api/v1/auth/tokens", **kwargs)

    assert 400 <= response.status_code < 500 and response.status_code != 401
    assert response.content_type == PROBLEM
    assert response.get_json()["status"] == response.status_code
    assert count(app, ApiToken) == 0


# --- using a token ------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="none"),
        pytest.param("Basic b2ZmaWNlckBodWIuZXhhbXBsZTpwYXNzd29yZA==", id="basic"),
        pytest.param("Bearer rh_not-a-real-token", id="garbage"),
        pytest.param("Bearer ", id="empty-bearer"),
        pytest.param("rh_no-scheme", id="no-scheme"),
    ],
)
def test_requests_without_a_valid_bearer_token_get_401(client, factory, authorization):
    factory.network()
    headers = {"Authorization": authorization} if authorization else {}

    for path in ("/api/v1/me", "/api/v1/referrals", "/api/v1/services"):
        assert_unauthorized(client.get(path, headers=headers))


def test_personal_token_expires_after_token_ttl_days(client, clock, officer_email):
    token = login(client, officer_email).get_json()["token"]

    clock.advance(days=30, seconds=-1)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    clock.advance(seconds=1)
    assert_unauthorized(client.get("/api/v1/me", headers=bearer(token)))


def test_revoking_the_current_token_refuses_it_but_not_the_users_other_tokens(
    client, officer_email
):
    first = login(client, officer_email).get_json()["token"]
    second = login(client, officer_email).get_json()["token"]

    response = client.delete("/api/v1/auth/tokens/current", headers=bearer(first))

    assert response.status_code == 204
    assert response.data == b""
    assert_unauthorized(client.get("/api/v1/me", headers=bearer(first)))
    assert_unauthorized(client.delete("/api/v1/auth/tokens/current", headers=bearer(first)))
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200


def test_no_cookie_authenticates_the_api(app, client, officer_email):
    body = login(client, officer_email).get_json()
    with client.session_transaction() as session:
        session.update({"_user_id": body["user"]["id"], "user_id": body["user"]["id"]})
        session["_fresh"] = True
    for name in ("token", "access_token", "Authorization"):
        client.set_cookie(name, body["token"])

    assert client.get_cookie("session") is not None
    assert_unauthorized(client.get("/api/v1/me"))
    assert_unauthorized(client.get("/api/v1/referrals"))


# --- /me and institution tokens --------------------------------------------------------


def test_me_describes_the_user_behind_a_personal_token(client, factory):
    headers = factory.headers("centre_staff", "crim-timisoara", email="staff@crim.example")

    response = client.get("/api/v1/me", headers=headers)

    assert response.status_code == 200
    me = response.get_json()
    assert me["email"] == "staff@crim.example"
    assert me["role"] == "centre_staff"
    assert me["institution_id"] == factory.institution_id("crim-timisoara")
    assert me["id"]


def test_cli_institution_token_acts_as_an_officer_of_that_institution(client, runner, factory):
    staff = factory.staff()
    sent = factory.referral(staff)  # routed to ajofm-timis
    factory.referral(staff, service="health_insurance.insured_enrolment")  # to cjas-timis

    result = runner.invoke(
        main, args=["tokens", "create", "--institution", "ajofm-timis", "--name", "ERP"]
    )

    assert result.exit_code == 0, result.output
    token = result.output.strip()
    me = client.get("/api/v1/me", headers=bearer(token)).get_json()
    assert me["role"] == "agency_officer"
    assert me["institution_id"] == factory.institution_id("ajofm-timis")
    assert sent["to_institution"]["id"] == me["institution_id"]
    inbox = client.get("/api/v1/referrals", headers=bearer(token)).get_json()["items"]
    assert [r["id"] for r in inbox] == [sent["id"]]
    one = client.get(f"/api/v1/referrals/{sent['id']}", headers=bearer(token))
    assert one.status_code == 200


def test_cli_token_for_an_unknown_institution_is_an_error(app, runner, factory):
    factory.network()

    result = runner.invoke(main, args=["tokens", "create", "--institution", "nowhere"])

    assert result.exit_code != 0
    assert "nowhere" in result.output
    assert count(app, ApiToken) == 0


# --- users and passwords (CLI) ---------------------------------------------------------------


def test_cli_creates_a_user_with_an_argon2id_password_hash(app, client, runner, factory):
    factory.network()
    password = "a long enough passphrase"

    result = create_user_cli(runner, "Ana@CRIM.example", "centre_staff", "crim-timisoara", password)

    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ana@crim.example"))
        assert result.output.strip() == user.id
        assert user.password_hash.startswith("$argon2id$")
        assert password not in user.password_hash
    response = login(client, "ana@crim.example", password)
    assert response.status_code == 201
    assert response.get_json()["user"]["id"] == user.id


@pytest.mark.parametrize(
    ("role", "slug", "password", "message"),
    [
        pytest.param(
            "centre_staff", "crim-timisoara", "short", "at least 12 characters", id="short-password"
        ),
        pytest.param(
            "agency_officer", "crim-timisoara", PASSWORD, "matching kind", id="officer-of-a-centre"
        ),
        pytest.param(
            "centre_staff", "ajofm-timis", PASSWORD, "matching kind", id="staff-of-an-agency"
        ),
        pytest.param(
            "coordinator", "ajofm-timis", PASSWORD, "matching kind", id="coordinator-of-an-agency"
        ),
        pytest.param("coordinator", None, PASSWORD, "matching kind", id="no-institution"),
        pytest.param("centre_staff", "nowhere", PASSWORD, "nowhere", id="unknown-institution"),
    ],
)
def test_cli_refuses_a_bad_user_and_creates_nothing(
    app, runner, factory, role, slug, password, message
):
    factory.network()

    result = create_user_cli(runner, "bad@hub.example", role, slug, password)

    assert result.exit_code != 0
    assert message in result.output
    assert count(app, User) == 0


def test_cli_refuses_a_second_user_with_the_same_email(app, runner, factory):
    factory.network()
    first = create_user_cli(runner, "ana@crim.example", "centre_staff", "crim-timisoara", PASSWORD)
    assert first.exit_code == 0, first.output

    again = create_user_cli(runner, "ANA@crim.example", "centre_staff", "crim-timisoara", PASSWORD)

    assert again.exit_code != 0
    assert "exists" in again.output
    assert count(app, User) == 1


# --- health -------------------------------------------------------------------------------------


def test_healthz_answers_ok_without_a_token(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
