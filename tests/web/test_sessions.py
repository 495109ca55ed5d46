"""Sign-in redirects and the life of a web session: where ``next`` may lead,
what ends a session (sign-out, password change or reset, deactivation, idle
and absolute timeouts) and that a copied cookie dies with it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select

from core.auth.models import User
from core.db import db
from core.institutions.models import Institution, Office
from core.webhooks.models import WebhookEndpoint
from tests.factories import PASSWORD
from tests.web.conftest import WebSession

NEW_PASSWORD = "a much longer new password"

#: ``next`` values that lead (or could lead, once a browser or proxy cleans
#: them up) off the site, or break the redirect itself
HOSTILE_NEXT = [
    "/\t/example.org",  # a browser drops the tab: //example.org
    "/\n/example.org",
    "/\r/example.org",
    "/\r\nSet-Cookie: a=b",
    "/\n",
    "/\x0b/example.org",
    "/\x1b/example.org",
    "/\x7f/example.org",
    "/\x85/example.org",  # NEL, a Unicode control character
    "//example.org",
    "//example.org/staff",
    "///example.org",
    "/\\example.org",
    "\\\\example.org",
    "\\/example.org",
    "/staff\\..\\..",
    "https://example.org/",
    "http:example.org",
    "https:/example.org",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "example.org",
    " //example.org",
    "%2F%2Fexample.org",
    "/%2F/example.org",
    "/%2f%2fexample.org",
    "/%09/example.org",
    "/%0a/example.org",
    "/%5Cexample.org",
    "/%252F/example.org",  # encoded twice
    "/%25252F%25252Fexample.org",  # encoded three times
    "/\u200b/example.org",  # invisible formatting characters
    "/\u2028/example.org",
    "",
]

#: same-site paths that must still be followed as they are
GOOD_NEXT = [
    "/referrals/abc?status=open",
    "/staff/beneficiaries",
    "/inbox?status=sent&page=2",
    "/account#notifications",
    "/staff/beneficiaries?q=%C8%98tefan%20Ana",
]


def sign_in(app, email: str, next_value: str):
    fresh = WebSession(app, email, {})
    form = {"email": email, "password": PASSWORD}
    return fresh.post("/login?next=" + quote(next_value, safe=""), form)


@pytest.fixture
def staff(web) -> WebSession:
    return web("centre_staff", "crim-timisoara")


@pytest.mark.parametrize("value", HOSTILE_NEXT)
def test_sign_in_never_follows_next_off_site_nor_fails_on_it(staff, app, value):
    response = sign_in(app, staff.email, value)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff"


@pytest.mark.parametrize("value", HOSTILE_NEXT)
def test_the_language_switch_never_follows_next_off_site_nor_fails_on_it(app, factory, value):
    visitor = WebSession(app, "nobody@hub.example", {})
    response = visitor.post(f"/language?next={quote(value, safe='')}", {"lang": "en"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    response = visitor.post("/language", {"lang": "en", "next": value})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("value", GOOD_NEXT)
def test_same_site_paths_are_followed(staff, app, value):
    assert sign_in(app, staff.email, value).headers["Location"] == value
    response = staff.post("/language", {"lang": "en", "next": value})
    assert response.headers["Location"] == value


def test_the_admins_review_buttons_go_back_only_to_same_site_pages(web, app):
    officer, admin = web("agency_officer", "ajofm-timis"), web("admin")
    office_id = webhook_office(app)
    url = "https://cases.ajofm-timis.example/hook"
    assert officer.post(f"/webhooks/{office_id}", {"url": url}).status_code == 200
    endpoint_id = webhook_endpoint(app)
    response = admin.post(
        f"/admin/webhooks/{endpoint_id}/refuse", {"url": url, "next": "/\t/example.org"}
    )
    assert response.headers["Location"] == "/admin/webhooks"
    response = admin.post(
        f"/admin/webhooks/{endpoint_id}/approve", {"url": url, "next": "/admin/webhooks?x=1"}
    )
    assert response.headers["Location"] == "/admin/webhooks?x=1"


def webhook_office(app) -> str:
    with app.app_context():
        query = select(Office.id).join(Institution).where(Institution.slug == "ajofm-timis")
        return db.session.scalar(query.where(Office.slug == "main"))


def webhook_endpoint(app) -> str:
    with app.app_context():
        return db.session.scalar(select(WebhookEndpoint.id))


# --- what ends a session ---------------------------------------------------------


def captured(session: WebSession) -> str:
    """The session cookie as someone who copied it from the browser would have it."""
    cookie = session.client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def replayed(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/account")


def assert_signed_out(response) -> None:
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def user_id(app, email: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_a_cookie_copied_before_sign_out_opens_nothing_after(staff, app):
    cookie = captured(staff)
    assert replayed(app, cookie).status_code == 200  # the copy works while signed in
    assert staff.post("/logout").status_code == 302
    assert_signed_out(replayed(app, cookie))
    assert_signed_out(staff.get("/account"))
    assert staff.login().status_code == 302  # signing in again works
    assert_signed_out(replayed(app, cookie))


def test_a_cookie_copied_before_a_password_change_opens_nothing_after(staff, app):
    cookie = captured(staff)
    form = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    assert staff.post("/account", form).status_code == 302
    assert staff.get("/account").status_code == 200  # the session that changed it goes on
    assert_signed_out(replayed(app, cookie))


def test_a_cookie_copied_before_an_admin_reset_or_deactivation_opens_nothing_after(web, app):
    admin = web("admin")
    officer = web("agency_officer", "ajofm-timis")
    officer_id = user_id(app, officer.email)
    cookie = captured(officer)
    response = admin.post(f"/admin/users/{officer_id}/password", {"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert_signed_out(replayed(app, cookie))

    again = WebSession(app, officer.email, {})
    assert again.login(NEW_PASSWORD).status_code == 302
    cookie = captured(again)
    assert admin.post(f"/admin/users/{officer_id}/deactivate").status_code == 302
    assert_signed_out(replayed(app, cookie))
    assert admin.post(f"/admin/users/{officer_id}/reactivate").status_code == 302
    assert_signed_out(replayed(app, cookie))  # reactivation does not bring old sessions back


def test_signing_out_ends_the_users_other_sessions_too(staff, app):
    elsewhere = WebSession(app, staff.email, {})
    elsewhere.login()
    staff.post("/logout")
    assert_signed_out(elsewhere.get("/account"))


def test_a_session_ends_after_the_idle_timeout(staff, clock):
    clock.advance(minutes=31)
    response = staff.get("/account")
    assert_signed_out(response)
    page = staff.text(staff.get(response.headers["Location"]))
    assert "Your session has ended" in page
    assert_signed_out(staff.get("/account"))  # and stays ended when the clock goes on


def test_activity_keeps_a_session_alive_within_the_idle_timeout(staff, clock):
    for _ in range(4):
        clock.advance(minutes=29)
        assert staff.get("/account").status_code == 200


def test_a_session_ends_after_the_absolute_timeout_even_with_activity(staff, clock):
    for _ in range(28):  # 11 h 40 min of steady work
        clock.advance(minutes=25)
        assert staff.get("/account").status_code == 200
    clock.advance(minutes=21)
    assert_signed_out(staff.get("/account"))


def test_the_timeouts_follow_the_settings(make_app, factory, clock):
    app = make_app(config={"session_idle_minutes": 5, "session_max_hours": 1})
    factory.headers("centre_staff", "crim-timisoara", email="short@hub.example")
    session = WebSession(app, "short@hub.example", {})
    assert session.login().status_code == 302
    clock.advance(minutes=4)
    assert session.get("/account").status_code == 200
    clock.advance(minutes=6)
    assert_signed_out(session.get("/account"))
    assert app.permanent_session_lifetime == timedelta(hours=1)


def test_the_signed_cookie_itself_expires_with_the_absolute_timeout(app):
    # The browser cookie is a session cookie; the signature's own limit is the
    # absolute timeout, not Flask's default of 31 days.
    assert app.permanent_session_lifetime == timedelta(hours=12)


def test_a_remember_me_cookie_cannot_open_a_session(staff, app):
    """The hub never sets one; one made with the app's key is refused all the same."""
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == staff.email))
        from core.web.session import SessionUser

        remember = encode_cookie(SessionUser(user).get_id())
    thief = app.test_client()
    thief.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), remember)
    assert_signed_out(thief.get("/account"))


# --- cookies and headers in production ---------------------------------------------


def https_client(app):
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    return client


@pytest.fixture
def production(make_app, factory):
    return make_app(config={"env": "production"})


def test_in_production_the_session_cookie_is_host_only_and_secure(production, factory):
    factory.headers("centre_staff", "crim-timisoara", email="prod@hub.example")
    client = https_client(production)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login", data={"email": "prod@hub.example", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1  # the CSRF token lives in the session, not a cookie of its own
    attributes = [a.strip() for a in cookies[0].split(";")]
    assert attributes[0].startswith("__Host-session=")
    assert "Secure" in attributes and "HttpOnly" in attributes and "Path=/" in attributes
    assert "SameSite=Lax" in attributes
    assert not any(a.lower().startswith("domain=") for a in attributes)
    assert client.get("/account").status_code == 200


def test_in_production_every_answer_asks_for_https(production, app):
    client = https_client(production)
    for path in ("/login", "/api/v1/openapi.json", "/api/v1/me", "/no-such-page"):
        hsts = client.get(path).headers["Strict-Transport-Security"]
        assert hsts == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers


def test_outside_production_the_cookie_keeps_its_plain_name(staff, app):
    assert staff.client.get_cookie("session") is not None
    assert staff.client.get_cookie("__Host-session") is None
