"""The admin area: the directory, users, institution API tokens and plugins."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from core.audit import AuditLog
from core.auth.models import ApiToken, User
from core.db import db
from core.institutions.models import ContactPoint, Institution, Office, WorkingGroup
from tests.factories import PASSWORD
from tests.web.conftest import WebSession

NEW_PASSWORD = "a brand new passphrase"
PAGES = (
    "/admin",
    "/admin/institutions/new",
    "/admin/users",
    "/admin/users/new",
    "/admin/tokens",
    "/admin/plugins",
    "/admin/mail",
)
OTHER_ROLES = [
    ("centre_staff", "crim-timisoara"),
    ("agency_officer", "ajofm-timis"),
    ("coordinator", "prefectura-timis"),
]
_SECRET = re.compile(r'<code id="secret">([^<]+)</code>')


@pytest.fixture
def admin(web) -> WebSession:
    """A signed-in admin whose pages are in English (the messages tested are English)."""
    session = web("admin")
    assert session.post("/language", {"lang": "en"}).status_code == 302
    return session


def counts(app, *models: type) -> list[int]:
    with app.app_context():
        return [db.session.scalar(select(func.count()).select_from(m)) for m in models]


def audited(app, object_type: str, action: str) -> int:
    with app.app_context():
        query = select(func.count()).where(
            AuditLog.object_type == object_type, AuditLog.action == action
        )
        return db.session.scalar(query.select_from(AuditLog))


def scalar(app, query):
    with app.app_context():
        return db.session.scalar(query)


def field_error(html: str, field: str) -> str:
    """The messages shown next to input ``field`` (empty when none)."""
    found = re.search(rf'id="f-{field}-error">(.*?)</p>', html, re.S)
    return found[1] if found else ""


def listed_institution(client, headers, slug: str) -> dict | None:
    """An institution as ``GET /api/v1/institutions`` shows it (None when not listed)."""
    items = client.get("/api/v1/institutions?limit=200", headers=headers).get_json()["items"]
    return next((i for i in items if i["slug"] == slug), None)


def user_id(client, headers) -> str:
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200
    return response.get_json()["id"]


def new_institution(admin: WebSession, app, **overrides) -> str:
    group = scalar(app, select(WorkingGroup.id).where(WorkingGroup.slug == "region-5"))
    form = {
        "slug": "ajofm-arad",
        "name": "Agenția Județeană pentru Ocuparea Forței de Muncă Arad",
        "kind": "labour_agency",
        "county": "RO-AR",
        "working_groups": group,
        **overrides,
    }
    response = admin.post("/admin/institutions/new", form)
    assert response.status_code == 302, WebSession.text(response)
    return response.headers["Location"].rsplit("/", 1)[-1]


def new_office(admin: WebSession, institution_id: str, **overrides) -> str:
    form = {
        "slug": "main",
        "name": "Sediul central",
        "county": "RO-AR",
        "localities": "Arad, Lipova\nIneu",
        "address": "Strada Exemplu 1, Arad",
        "hours": "Mon–Fri 08:30–16:30",
        "languages": "ro, EN",
        "active": "1",
        **overrides,
    }
    response = admin.post(f"/admin/institutions/{institution_id}/offices/new", form)
    assert response.status_code == 302, WebSession.text(response)
    return response.headers["Location"].rsplit("/", 1)[-1]


# --- access -------------------------------------------------------------------------------


def test_every_admin_page_renders_for_an_admin_with_one_heading(admin):
    for path in PAGES:
        response = admin.get(path)
        html = WebSession.text(response)
        assert response.status_code == 200, (path, html[:300])
        assert html.count("<h1") == 1, path


@pytest.mark.parametrize(("role", "slug"), OTHER_ROLES)
def test_admin_pages_and_forms_are_forbidden_to_other_roles(web, factory, role, slug):
    session = web(role, slug)
    ajofm = factory.institution_id("ajofm-timis")

    for path in PAGES:
        assert session.get(path).status_code == 403, path
    assert session.get(f"/admin/institutions/{ajofm}").status_code == 403
    response = session.post("/admin/tokens", {"institution": ajofm, "name": "sneaky"})
    assert response.status_code == 403
    assert (
        scalar(factory.app, select(func.count()).where(ApiToken.institution_id.is_not(None))) == 0
    )


def test_admin_pages_send_a_signed_out_visitor_to_sign_in(client):
    response = client.get("/admin/users")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/institutions/new",
        "/admin/users/new",
        "/admin/tokens",
    ],
)
def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(admin, app, factory, path):
    before = counts(app, Institution, User, ApiToken, AuditLog)
    form = {
        "slug": "ajofm-arad",
        "name": "AJOFM Arad",
        "kind": "labour_agency",
        "county": "RO-AR",
        "email": "new.user@hub.example",
        "role": "admin",
        "password": NEW_PASSWORD,
        "institution": factory.institution_id("ajofm-timis"),
    }

    response = admin.post(path, form, csrf=False)

    assert response.status_code == 400
    assert counts(app, Institution, User, ApiToken, AuditLog) == before


def test_deactivating_or_revoking_without_the_csrf_token_is_refused(admin, app, client, web):
    officer = web("agency_officer", "ajofm-timis")
    officer_id = user_id(client, officer.headers)

    for action in ("deactivate", "password"):
        response = admin.post(f"/admin/users/{officer_id}/{action}", {}, csrf=False)
        assert response.status_code == 400
    assert officer.get("/account").status_code == 200
    assert client.get("/api/v1/me", headers=officer.headers).status_code == 200


# --- the directory --------------------------------------------------------------------------


def test_an_institution_office_and_contact_point_created_by_the_admin_show_in_the_api(
    admin, app, client
):
    institution_id = new_institution(admin, app)
    office_id = new_office(admin, institution_id)
    response = admin.post(
        f"/admin/institutions/{institution_id}/offices/{office_id}/contacts",
        {
            "kind": "email",
            "value": "office@ajofm-arad.example",
            "label": "Registry",
            "receives_referrals": "1",
        },
    )
    assert response.status_code == 302

    listed = listed_institution(client, admin.headers, "ajofm-arad")
    assert listed is not None
    assert (listed["id"], listed["kind"], listed["county"]) == (
        institution_id,
        "labour_agency",
        "RO-AR",
    )
    (office,) = listed["offices"]
    assert office["localities"] == ["Arad", "Lipova", "Ineu"]
    assert office["languages"] == ["ro", "en"]
    assert office["hours"] == "Mon–Fri 08:30–16:30"
    assert office["contacts"] == [
        {"kind": "email", "value": "office@ajofm-arad.example", "label": "Registry"}
    ]
    with app.app_context():
        assert db.session.get(Office, office_id).referral_emails == ("office@ajofm-arad.example",)
    group = scalar(app, select(WorkingGroup).where(WorkingGroup.slug == "region-5"))
    with app.app_context():
        members = {i.slug for i in db.session.merge(group).institutions}
    assert "ajofm-arad" in members
    for kind in ("institution", "office", "contact_point"):
        assert audited(app, kind, "create") == 1, kind


def test_the_institution_list_shows_kind_county_state_and_office_count(admin, app):
    institution_id = new_institution(admin, app)
    new_office(admin, institution_id)
    new_office(admin, institution_id, slug="lipova", localities="Lipova")

    html = WebSession.text(admin.get("/admin"))
    row = re.search(rf'href="/admin/institutions/{institution_id}".*?</tr>', html, re.S)[0]

    assert app.extensions["referral_hub"].catalogue.kinds["labour_agency"].name["en"] in row
    assert "Arad" in row and "Active" in row
    assert re.search(r'<td class="num"[^>]*>2</td>', row)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"slug": "ajofm-timis"}, "slug", "Another institution has this slug."),
        ({"county": "RO-XX"}, "county", "Use an ISO 3166-2 county code"),
        ({"kind": "bakery"}, "kind", "Choose one of the institution kinds offered."),
        ({"slug": "Not A Slug"}, "slug", "Use lower-case letters, digits and hyphens"),
        ({"name": ""}, "name", "Missing data for required field."),
    ],
)
def test_an_invalid_new_institution_is_422_next_to_the_field_and_writes_nothing(
    admin, app, form, field, message
):
    before = counts(app, Institution, AuditLog)
    data = {"slug": "cjas-arad", "name": "CJAS Arad", "kind": "health_insurance", "county": "RO-AR"}

    response = admin.post("/admin/institutions/new", {**data, **form})

    html = WebSession.text(response)
    assert response.status_code == 422, html[:500]
    assert message in field_error(html, field)
    assert 'role="alert"' in html
    assert counts(app, Institution, AuditLog) == before
    # What the user typed is kept.
    assert 'value="CJAS Arad"' in html or field == "name"


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"slug": "main"}, "slug", "another office with this slug"),
        ({"county": "XX-99"}, "county", "Use an ISO 3166-2 county code"),
        ({"languages": "ro, klingon"}, "languages", "Use an ISO 639-1 language code"),
    ],
)
def test_an_invalid_office_is_422_next_to_the_field_and_writes_nothing(
    admin, app, factory, form, field, message
):
    ajofm = factory.institution_id("ajofm-timis")
    before = counts(app, Office, AuditLog)
    data = {"slug": "lugoj-2", "name": "Lugoj", "county": "RO-TM", "languages": "ro"}

    response = admin.post(f"/admin/institutions/{ajofm}/offices/new", {**data, **form})

    html = WebSession.text(response)
    assert response.status_code == 422, html[:500]
    assert message in field_error(html, field)
    assert counts(app, Office, AuditLog) == before


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "email", "value": "not-an-address"}, "Use an e-mail address"),
        ({"kind": "phone", "value": "call me maybe"}, "Use a phone number"),
        ({"kind": "phone", "value": "+40 12"}, "Use a phone number"),
    ],
)
def test_an_invalid_contact_point_is_422_next_to_its_value_and_writes_nothing(
    admin, app, factory, form, message
):
    ajofm = factory.institution_id("ajofm-timis")
    office = scalar(app, select(Office.id).where(Office.institution_id == ajofm).limit(1))
    before = counts(app, ContactPoint, AuditLog)

    response = admin.post(f"/admin/institutions/{ajofm}/offices/{office}/contacts", form)

    html = WebSession.text(response)
    assert response.status_code == 422, html[:500]
    assert message in field_error(html, "value")
    assert counts(app, ContactPoint, AuditLog) == before


def test_editing_an_institution_and_an_office_changes_what_the_api_lists(admin, app, client):
    institution_id = new_institution(admin, app)
    office_id = new_office(admin, institution_id)

    response = admin.post(
        f"/admin/institutions/{institution_id}/offices/{office_id}",
        {"name": "Punct de lucru", "county": "RO-AR", "languages": "ro", "active": "1"},
    )
    assert response.status_code == 302
    (office,) = listed_institution(client, admin.headers, "ajofm-arad")["offices"]
    assert (office["name"], office["localities"], office["address"]) == ("Punct de lucru", [], "")

    response = admin.post(
        f"/admin/institutions/{institution_id}",
        {"name": "AJOFM Arad", "county": "RO-AR"},  # "active" unticked, no working group
    )
    assert response.status_code == 302
    assert listed_institution(client, admin.headers, "ajofm-arad") is None
    with app.app_context():
        institution = db.session.get(Institution, institution_id)
        assert (institution.name, institution.active, institution.working_groups) == (
            "AJOFM Arad",
            False,
            [],
        )
    assert audited(app, "institution", "update") == 1
    assert audited(app, "office", "update") == 1


def test_an_invalid_institution_edit_is_422_and_changes_nothing(admin, app, factory):
    ajofm = factory.institution_id("ajofm-timis")
    name = scalar(app, select(Institution.name).where(Institution.id == ajofm))

    response = admin.post(f"/admin/institutions/{ajofm}", {"name": "Renamed", "county": "Timiș"})

    assert response.status_code == 422
    assert "Use an ISO 3166-2 county code" in field_error(WebSession.text(response), "county")
    with app.app_context():
        institution = db.session.get(Institution, ajofm)
        assert (institution.name, institution.county, institution.active) == (name, "RO-TM", True)


def test_a_contact_point_can_be_removed(admin, app, client):
    institution_id = new_institution(admin, app)
    office_id = new_office(admin, institution_id)
    contacts = f"/admin/institutions/{institution_id}/offices/{office_id}/contacts"
    admin.post(contacts, {"kind": "phone", "value": "+40 257 000 100"})
    contact_id = scalar(app, select(ContactPoint.id).where(ContactPoint.office_id == office_id))

    response = admin.post(f"{contacts}/{contact_id}/remove")

    assert response.status_code == 302
    (office,) = listed_institution(client, admin.headers, "ajofm-arad")["offices"]
    assert office["contacts"] == []
    assert audited(app, "contact_point", "delete") == 1


def test_an_office_of_another_institution_is_not_found(admin, app, factory):
    ajofm = factory.institution_id("ajofm-timis")
    cjas = factory.institution_id("cjas-timis")
    office = scalar(app, select(Office.id).where(Office.institution_id == cjas).limit(1))

    assert admin.get(f"/admin/institutions/{ajofm}/offices/{office}").status_code == 404
    assert admin.get("/admin/institutions/no-such-id").status_code == 404
    response = admin.post(f"/admin/institutions/{ajofm}/offices/{office}/contacts", {})
    assert response.status_code == 404


# --- users ------------------------------------------------------------------------------------


def test_a_user_created_by_the_admin_can_sign_in_with_the_password_given(admin, app, factory):
    form = {
        "email": "Ana.Pop@AJOFM-TM.example",
        "name": "Ana Pop",
        "role": "agency_officer",
        "institution": factory.institution_id("ajofm-timis"),
        "password": NEW_PASSWORD,
    }

    response = admin.post("/admin/users/new", form)

    assert response.status_code == 302
    assert NEW_PASSWORD not in response.headers["Location"]
    ana = WebSession(app, "ana.pop@ajofm-tm.example", {})
    assert ana.login(NEW_PASSWORD).status_code == 302
    assert ana.get("/account").status_code == 200
    listing = WebSession.text(admin.get("/admin/users"))
    assert "Ana Pop" in listing and "ana.pop@ajofm-tm.example" in listing
    assert "Institution officer" in listing
    assert audited(app, "user", "create") == 1


def test_a_generated_password_is_shown_once_uncached_and_works(admin, app, factory):
    form = {
        "email": "coord@prefectura-tm.example",
        "name": "Ioana Coordonator",
        "role": "coordinator",
        "institution": factory.institution_id("prefectura-timis"),
    }

    response = admin.post("/admin/users/new", form)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = _SECRET.search(WebSession.text(response))[1]
    assert "it will not be shown again" in WebSession.text(response)
    assert WebSession(app, form["email"], {}).login(password).status_code == 302
    new_id = scalar(app, select(User.id).where(User.email == form["email"]))
    assert password not in WebSession.text(admin.get(f"/admin/users/{new_id}"))
    assert password not in WebSession.text(admin.get("/admin/users"))


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"email": "not an address"}, "email", "Use an e-mail address"),
        ({"institution": "crim"}, "institution", "Choose an institution of the role"),
        ({"password": "short"}, "password", "At least 12 characters."),
        ({"role": "superuser"}, "role", "Choose one of the values offered."),
    ],
)
def test_an_invalid_new_user_is_422_next_to_the_field_and_writes_nothing(
    admin, app, factory, form, field, message
):
    if form.get("institution") == "crim":
        form = {"institution": factory.institution_id("crim-timisoara")}
    before = counts(app, User, AuditLog)
    data = {
        "email": "someone@hub.example",
        "name": "Some One",
        "role": "agency_officer",
        "institution": factory.institution_id("ajofm-timis"),
        "password": NEW_PASSWORD,
    }

    response = admin.post("/admin/users/new", {**data, **form})

    html = WebSession.text(response)
    assert response.status_code == 422, html[:500]
    assert message in field_error(html, field)
    assert counts(app, User, AuditLog) == before
    assert NEW_PASSWORD not in html  # a password is never sent back


def test_a_deactivated_user_is_signed_out_and_their_token_refused(admin, app, client, web):
    officer = web("agency_officer", "ajofm-timis")
    officer_id = user_id(client, officer.headers)
    assert officer.get("/account").status_code == 200

    response = admin.post(f"/admin/users/{officer_id}/deactivate")

    assert response.status_code == 302
    after = officer.get("/account")
    assert after.status_code == 302 and "/login" in after.headers["Location"]
    assert client.get("/api/v1/me", headers=officer.headers).status_code == 401
    assert officer.login().status_code == 401
    assert audited(app, "user", "deactivate") == 1

    assert admin.post(f"/admin/users/{officer_id}/reactivate").status_code == 302
    assert officer.login().status_code == 302
    # Deactivation revoked the personal tokens for good (API.md): reactivation revives none.
    assert client.get("/api/v1/me", headers=officer.headers).status_code == 401
    assert audited(app, "user", "reactivate") == 1


def test_an_admin_cannot_deactivate_themselves(admin, app, client):
    own_id = user_id(client, admin.headers)

    response = admin.post(f"/admin/users/{own_id}/deactivate")

    assert response.status_code == 422
    assert "cannot deactivate your own account" in WebSession.text(response)
    assert admin.get("/admin/users").status_code == 200
    assert audited(app, "user", "deactivate") == 0


def test_a_password_reset_ends_the_old_password_and_the_users_sessions(admin, app, client, web):
    officer = web("agency_officer", "ajofm-timis")
    officer_id = user_id(client, officer.headers)

    response = admin.post(f"/admin/users/{officer_id}/password", {"password": NEW_PASSWORD})

    assert response.status_code == 302
    assert officer.get("/account").status_code == 302  # the old session is signed out
    assert client.get("/api/v1/me", headers=officer.headers).status_code == 401
    fresh = WebSession(app, officer.email, {})
    assert fresh.login(PASSWORD).status_code == 401
    assert fresh.login(NEW_PASSWORD).status_code == 302
    assert audited(app, "user", "reset_password") == 1


def test_a_generated_reset_password_is_shown_once_and_works(admin, app, client, web):
    officer = web("centre_staff", "crim-timisoara")
    officer_id = user_id(client, officer.headers)

    response = admin.post(f"/admin/users/{officer_id}/password", {"password": ""})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = _SECRET.search(WebSession.text(response))[1]
    assert WebSession(app, officer.email, {}).login(password).status_code == 302


def test_a_too_short_reset_password_is_422_and_the_old_one_still_works(admin, app, client, web):
    officer = web("agency_officer", "ajofm-timis")
    officer_id = user_id(client, officer.headers)

    response = admin.post(f"/admin/users/{officer_id}/password", {"password": "short"})

    assert response.status_code == 422
    assert "At least 12 characters." in field_error(WebSession.text(response), "password")
    assert officer.get("/account").status_code == 200
    assert WebSession(app, officer.email, {}).login(PASSWORD).status_code == 302


def test_an_admin_resetting_their_own_password_stays_signed_in(admin, client):
    own_id = user_id(client, admin.headers)

    assert (
        admin.post(f"/admin/users/{own_id}/password", {"password": NEW_PASSWORD}).status_code == 302
    )
    assert admin.get("/admin/users").status_code == 200


def test_an_unknown_user_is_not_found(admin):
    assert admin.get("/admin/users/no-such-user").status_code == 404
    assert admin.post("/admin/users/no-such-user/deactivate").status_code == 404


# --- institution tokens --------------------------------------------------------------------


def test_an_institution_token_is_shown_once_works_and_stops_after_revoking(
    admin, app, client, factory
):
    ajofm = factory.institution_id("ajofm-timis")

    response = admin.post("/admin/tokens", {"institution": ajofm, "name": "AJOFM case system"})

    html = WebSession.text(response)
    assert response.status_code == 200 and "Location" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "it will not be shown again" in html
    token = _SECRET.search(html)[1]
    assert token.startswith("rh_")
    for url in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert token not in url
    bearer = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=bearer)
    assert me.status_code == 200
    assert (me.get_json()["role"], me.get_json()["institution_id"]) == ("agency_officer", ajofm)
    assert client.get("/api/v1/referrals", headers=bearer).status_code == 200

    listing = WebSession.text(admin.get("/admin/tokens"))
    assert token not in listing and "AJOFM case system" in listing
    token_id = re.search(r'action="/admin/tokens/([^/"]+)/revoke"', listing)[1]
    assert admin.post(f"/admin/tokens/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    assert 'action="/admin/tokens/' not in WebSession.text(admin.get("/admin/tokens"))
    assert audited(app, "api_token", "create") == 1
    assert audited(app, "api_token", "revoke") == 1


@pytest.mark.parametrize(
    ("form", "field"),
    [({"name": "ERP"}, "institution"), ({"institution": "nope", "name": "ERP"}, "institution")],
)
def test_an_invalid_new_token_is_422_and_makes_no_token(admin, app, factory, form, field):
    before = counts(app, ApiToken, AuditLog)

    response = admin.post("/admin/tokens", form)

    assert response.status_code == 422
    assert field_error(WebSession.text(response), field)
    assert counts(app, ApiToken, AuditLog) == before


def test_a_personal_token_cannot_be_revoked_from_the_token_page(admin, app, web, client):
    officer = web("agency_officer", "ajofm-timis")
    officer_id = user_id(client, officer.headers)
    token_id = scalar(app, select(ApiToken.id).where(ApiToken.user_id == officer_id))

    assert admin.post(f"/admin/tokens/{token_id}/revoke").status_code == 404
    assert client.get("/api/v1/me", headers=officer.headers).status_code == 200


# --- plugins -----------------------------------------------------------------------------------


def test_the_plugin_page_lists_every_plugin_with_its_kinds_and_service_titles(admin, app):
    html = WebSession.text(admin.get("/admin/plugins"))
    catalogue = app.extensions["referral_hub"].catalogue

    for name in ("labour_agency", "health_insurance", "schools", "immigration"):
        assert f"<code>{name}</code>" in html
    assert html.count("Enabled") == 4
    for code, service in catalogue.services.items():
        assert code in html and service.title["en"] in html
    assert catalogue.kinds["schools"].name["en"] in html


def test_the_plugin_page_shows_a_disabled_plugin_without_services(admin, make_app):
    other = make_app(config={"disabled_plugins": ["schools"]})
    session = WebSession(other, admin.email, {})
    assert session.login().status_code == 302

    html = WebSession.text(session.get("/admin/plugins"))

    section = html[html.index("<code>schools</code>") :]
    section = section[: section.index("</section>")]
    assert "Disabled" in section and "schools.school_enrolment" not in html
    assert html.count("Enabled") == 3
