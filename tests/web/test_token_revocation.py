"""Personal tokens die with the password: a password change or reset, or
deactivation, revokes every personal token of that user (API.md, Security and
data protection). Other users' tokens and institution tokens go on working."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.auth.models import User
from core.db import db
from tests.factories import PASSWORD, problem
from tests.web.conftest import WebSession

NEW_PASSWORD = "a much longer new password"


def works(client, headers: dict[str, str]) -> bool:
    response = client.get("/api/v1/me", headers=headers)
    if response.status_code == 401:
        problem(response, 401)
        return False
    assert response.status_code == 200
    return True


def second_token(client, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/tokens", json={"email": email, "password": password})
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def user_id(app, email: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


@pytest.fixture
def officer(web) -> WebSession:
    return web("agency_officer", "ajofm-timis")


@pytest.fixture
def colleague(web) -> WebSession:
    """Another officer of the same institution: their tokens are not touched."""
    return web("agency_officer", "ajofm-timis")


@pytest.fixture
def admin(web) -> WebSession:
    return web("admin")


@pytest.fixture
def institution_token(admin, app, factory) -> dict[str, str]:
    institution = factory.institution_id("ajofm-timis")
    page = admin.post("/admin/tokens", {"institution": institution, "name": "cases system"})
    assert page.status_code == 200
    token = re.search(r'<code id="secret">([^<]+)</code>', admin.text(page))[1]
    return {"Authorization": f"Bearer {token}"}


def test_changing_ones_own_password_revokes_every_personal_token(
    client, officer, colleague, institution_token
):
    other = second_token(client, officer.email)
    form = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    assert officer.post("/account", form).status_code == 302
    assert not works(client, officer.headers)
    assert not works(client, other)
    assert works(client, colleague.headers)
    assert works(client, institution_token)
    assert works(client, second_token(client, officer.email, NEW_PASSWORD))  # new ones work


def test_a_failed_password_change_revokes_nothing(client, officer):
    form = {"current_password": "wrong", "new_password": NEW_PASSWORD}
    form["confirm_password"] = NEW_PASSWORD
    assert officer.post("/account", form).status_code == 422
    assert works(client, officer.headers)


def test_an_admin_reset_revokes_every_personal_token(
    app, client, admin, officer, colleague, institution_token
):
    other = second_token(client, officer.email)
    response = admin.post(f"/admin/users/{user_id(app, officer.email)}/password", {})
    assert response.status_code == 200  # the generated password, shown once
    assert not works(client, officer.headers)
    assert not works(client, other)
    assert works(client, colleague.headers)
    assert works(client, institution_token)


def test_deactivation_revokes_every_personal_token_for_good(
    app, client, admin, officer, colleague, institution_token
):
    officer_id = user_id(app, officer.email)
    assert admin.post(f"/admin/users/{officer_id}/deactivate").status_code == 302
    assert not works(client, officer.headers)
    assert works(client, colleague.headers)
    assert works(client, institution_token)
    assert admin.post(f"/admin/users/{officer_id}/reactivate").status_code == 302
    assert not works(client, officer.headers)  # reactivation does not revive them
    assert works(client, second_token(client, officer.email))


def test_web_sign_out_leaves_the_users_tokens_alone(client, officer):
    """Signing out of a browser ends web sessions; the API has its own revocation."""
    assert officer.post("/logout").status_code == 302
    assert works(client, officer.headers)
