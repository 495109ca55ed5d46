"""Signing in and out, the language switch, changing one's password, error pages."""

from __future__ import annotations

from tests.factories import PASSWORD
from tests.web.conftest import WebSession

NEW_PASSWORD = "a much longer new password"


def test_anonymous_visitors_are_sent_to_sign_in(client, factory):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_sign_in_lands_on_the_role_home(web):
    staff = web("centre_staff", "crim-timisoara")
    assert staff.get("/").headers["Location"] == "/staff"
    officer = web("agency_officer", "ajofm-timis")
    assert officer.get("/").headers["Location"] == "/inbox"


def test_wrong_password_is_refused_with_one_generic_message(web, app):
    staff = web("centre_staff", "crim-timisoara")
    stranger = WebSession(app, staff.email, {})
    response = stranger.login("not the password at all")
    assert response.status_code == 401
    assert "Unknown e-mail or wrong password." in stranger.text(response)
    unknown = WebSession(app, "nobody@hub.example", {})
    assert "Unknown e-mail or wrong password." in unknown.text(unknown.login())


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(web, app):
    staff = web("centre_staff", "crim-timisoara")
    fresh = WebSession(app, staff.email, {})
    response = fresh.post(
        "/login?next=/staff/beneficiaries", {"email": staff.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/staff/beneficiaries"
    other = WebSession(app, staff.email, {})
    response = other.post(
        "/login?next=//evil.example/", {"email": staff.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/staff"


def test_sign_out_needs_a_post_and_ends_the_session(web):
    staff = web("centre_staff", "crim-timisoara")
    assert staff.get("/logout").status_code == 405
    assert staff.post("/logout").status_code == 302
    assert staff.get("/account").status_code == 302


def test_language_switch_changes_the_page_language_and_is_remembered(web, app):
    staff = web("centre_staff", "crim-timisoara")
    staff.post("/language", {"lang": "en", "next": "/account"})
    assert '<html lang="en">' in staff.text(staff.get("/account"))
    staff.post("/language", {"lang": "uk"})
    assert '<html lang="uk">' in staff.text(staff.get("/account"))
    again = WebSession(app, staff.email, {})
    again.login()
    assert '<html lang="uk">' in again.text(again.get("/account"))


def test_unknown_language_is_refused(web):
    staff = web("centre_staff", "crim-timisoara")
    response = staff.post("/language", {"lang": "xx"})
    assert response.status_code == 422


def test_browser_language_is_used_before_any_choice(client, factory):
    response = client.get("/login", headers={"Accept-Language": "cs,en;q=0.5"})
    assert '<html lang="cs">' in response.get_data(as_text=True)


def test_changing_the_password_signs_out_other_sessions(web, app):
    staff = web("centre_staff", "crim-timisoara")
    elsewhere = WebSession(app, staff.email, {})
    elsewhere.login()
    response = staff.post(
        "/account",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert staff.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302  # signed out
    assert WebSession(app, staff.email, {}).login(PASSWORD).status_code == 401
    assert WebSession(app, staff.email, {}).login(NEW_PASSWORD).status_code == 302


def test_password_change_errors_are_shown_next_to_their_field(web, app):
    staff = web("centre_staff", "crim-timisoara")
    cases = [
        ("wrong", NEW_PASSWORD, NEW_PASSWORD, "f-current_password-error"),
        (PASSWORD, "short", "short", "f-new_password-error"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "f-confirm_password-error"),
    ]
    for current, new, confirm, error_id in cases:
        form = {"current_password": current, "new_password": new, "confirm_password": confirm}
        response = staff.post("/account", form)
        assert response.status_code == 422
        assert f'id="{error_id}"' in staff.text(response)
    assert WebSession(app, staff.email, {}).login(PASSWORD).status_code == 302


def test_a_form_without_its_csrf_token_is_refused(web):
    staff = web("centre_staff", "crim-timisoara")
    response = staff.post("/language", {"lang": "en"}, csrf=False)
    assert response.status_code == 400
    assert "did not come from this site" in staff.text(response)


def test_unknown_pages_get_an_error_page_and_the_api_keeps_problem_json(client, factory):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.mimetype == "application/problem+json"


def test_the_api_is_not_authenticated_by_the_session_cookie(web):
    staff = web("centre_staff", "crim-timisoara")
    assert staff.get("/api/v1/me").status_code == 401


def test_text_that_cannot_be_stored_is_refused_before_any_page_runs(web):
    staff = web("centre_staff", "crim-timisoara")
    response = staff.post("/staff/beneficiaries", {"q": "ah\x00mad"})
    assert response.status_code == 422
    assert "NUL" in staff.text(response)
    assert staff.get("/inbox?status=re\x00").status_code in (403, 422)


def test_pages_forbid_framing_and_foreign_scripts(client, factory):
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "form-action 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_not_kept_in_the_browsers_cache(web):
    staff = web("centre_staff", "crim-timisoara")
    assert staff.get("/account").headers["Cache-Control"] == "no-store"
    assert "no-store" not in staff.get("/static/app.css").headers.get("Cache-Control", "")
