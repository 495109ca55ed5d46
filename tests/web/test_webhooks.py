"""The webhook pages: an officer proposes their office's address and sees the
secret once; an admin approves or refuses it; other institutions' offices do
not exist; messages are next to the field."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from core.audit import AuditLog
from core.db import db
from core.institutions.models import Institution, Office
from core.webhooks.models import WebhookEndpoint
from tests.web.conftest import WebSession
from tests.web.test_admin import field_error

URL = "https://cases.ajofm-timis.example/referral-hub"
_SECRET = re.compile(r'<code id="secret">([^<]+)</code>')


@pytest.fixture
def officer(web) -> WebSession:
    return web("agency_officer", "ajofm-timis")


@pytest.fixture
def admin(web) -> WebSession:
    return web("admin")


def office(app, institution: str = "ajofm-timis", slug: str = "main") -> Office:
    with app.app_context():
        query = (
            select(Office)
            .join(Institution)
            .where(Institution.slug == institution, Office.slug == slug)
        )
        found = db.session.scalar(query)
        db.session.expunge(found)
        return found


def endpoint(app) -> WebhookEndpoint | None:
    with app.app_context():
        found = db.session.scalar(select(WebhookEndpoint))
        if found is not None:
            db.session.expunge(found)
        return found


def audited(app, action: str) -> int:
    with app.app_context():
        query = select(func.count()).where(
            AuditLog.object_type == "webhook_endpoint", AuditLog.action == action
        )
        return db.session.scalar(query.select_from(AuditLog))


def propose(officer: WebSession, office_id: str, url: str = URL):
    return officer.post(f"/webhooks/{office_id}", {"url": url})


# --- the officer's pages ---------------------------------------------------------------------


def test_the_officer_proposes_an_address_and_sees_the_secret_once(app, officer):
    main = office(app)
    listing = officer.text(officer.get("/webhooks"))
    assert "Integration" in listing and main.name in listing
    assert f'href="/webhooks/{main.id}"' in listing
    assert "Lugoj" in listing  # every office of the institution

    answer = propose(officer, main.id)

    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    secret = _SECRET.search(officer.text(answer))[1]
    stored = endpoint(app)
    assert secret == stored.secret and secret.startswith("whsec_")
    assert (stored.url, stored.status) == (URL, "pending")
    page = officer.text(officer.get(f"/webhooks/{main.id}"))
    assert "Waiting for an administrator" in page and secret not in page
    assert audited(app, "request") == 1


def test_a_changed_address_goes_back_to_the_admin(app, officer, admin):
    main = office(app)
    propose(officer, main.id)
    admin.post(f"/admin/webhooks/{endpoint(app).id}/approve", {"url": URL})
    assert endpoint(app).status == "approved"

    answer = propose(officer, main.id, URL + "/v2")

    assert answer.status_code == 302
    page = officer.text(officer.get(answer.headers["Location"]))
    assert "An administrator must approve it" in page
    assert (endpoint(app).url, endpoint(app).status) == (URL + "/v2", "pending")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "Missing data for required field."),
        ("cases.example.org", "Enter the full address"),
        ("https://me:pw@cases.example.org/", "Leave the user name and password out"),
        ("https://cases.example.org/" + "x" * 500, "Longer than maximum length 500."),
    ],
)
def test_a_bad_address_is_shown_next_to_the_field(app, officer, url, words):
    main = office(app)

    answer = propose(officer, main.id, url)

    assert answer.status_code == 422
    assert words in field_error(officer.text(answer), "url")
    assert endpoint(app) is None


def test_the_address_is_shown_in_romanian_too(app, officer):
    officer.post("/language", {"lang": "ro"})

    answer = propose(officer, office(app).id, "cases.example.org")

    assert answer.status_code == 422
    assert "Introduceți adresa completă" in field_error(officer.text(answer), "url")


def test_rotating_the_secret_shows_the_new_one_once_and_removing_stops_everything(app, officer):
    main = office(app)
    first = _SECRET.search(officer.text(propose(officer, main.id)))[1]

    rotated = officer.post(f"/webhooks/{main.id}/secret")

    assert rotated.headers["Cache-Control"] == "no-store"
    second = _SECRET.search(officer.text(rotated))[1]
    assert second != first and endpoint(app).secret == second
    assert endpoint(app).previous_secret == first

    removed = officer.post(f"/webhooks/{main.id}/remove")

    assert removed.status_code == 302
    assert endpoint(app) is None
    assert audited(app, "rotate_secret") == audited(app, "remove") == 1


def test_another_institutions_office_is_404(app, web):
    stranger = web("agency_officer", "cjas-timis")
    main = office(app)

    assert stranger.get(f"/webhooks/{main.id}").status_code == 404
    assert propose(stranger, main.id).status_code == 404
    assert stranger.post(f"/webhooks/{main.id}/secret").status_code == 404
    assert stranger.post(f"/webhooks/{main.id}/remove").status_code == 404
    assert endpoint(app) is None
    assert main.name not in stranger.text(stranger.get("/webhooks"))


def test_staff_cannot_open_the_integration_pages(app, web):
    staff = web("centre_staff", "crim-timisoara")
    assert staff.get("/webhooks").status_code == 403
    assert propose(staff, office(app).id).status_code == 403


# --- the admin's pages -------------------------------------------------------------------------


def test_the_admin_lists_waiting_webhooks_first_and_approves_one(app, officer, admin, web):
    propose(web("agency_officer", "cjas-timis"), office(app, "cjas-timis").id, URL + "/cjas")
    main = office(app)
    propose(officer, main.id)
    cjas = endpoint_of(app, office(app, "cjas-timis").id)
    admin.post(f"/admin/webhooks/{cjas}/approve", {"url": URL + "/cjas"})

    listing = admin.text(admin.get("/admin/webhooks"))

    assert listing.index(URL + "<") < listing.index(URL + "/cjas")  # waiting first
    assert "Waiting for an administrator" in listing
    mine = endpoint_of(app, main.id)
    answer = admin.post(
        f"/admin/webhooks/{mine}/approve",
        {"url": URL, "next": f"/admin/institutions/{main.institution_id}/offices/{main.id}"},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/offices/{main.id}")
    office_page = admin.text(admin.get(answer.headers["Location"]))
    assert "Approved: messages are sent" in office_page and URL in office_page
    assert "Disable" in office_page
    assert audited(app, "approve") == 2


def test_the_admin_refuses_from_the_office_page(app, officer, admin):
    main = office(app)
    propose(officer, main.id)
    page = admin.text(admin.get(f"/admin/institutions/{main.institution_id}/offices/{main.id}"))
    assert URL in page and "Approve" in page and "Refuse" in page

    admin.post(f"/admin/webhooks/{endpoint(app).id}/refuse", {"url": URL})

    assert endpoint(app).status == "refused"
    assert "Refused: nothing is sent" in officer.text(officer.get(f"/webhooks/{main.id}"))
    assert audited(app, "refuse") == 1
    # asking again for the same address puts it back in line
    propose(officer, main.id)
    assert endpoint(app).status == "pending"


def test_an_address_changed_while_the_admin_looked_is_not_approved(app, officer, admin):
    main = office(app)
    propose(officer, main.id)
    seen = URL
    propose(officer, main.id, URL + "/changed")

    answer = admin.post(f"/admin/webhooks/{endpoint(app).id}/approve", {"url": seen})

    assert answer.status_code == 409
    assert "The address changed since you opened the page" in admin.text(answer)
    assert endpoint(app).status == "pending"
    assert audited(app, "approve") == 0


def test_only_admins_review_webhooks(app, officer):
    propose(officer, office(app).id)
    answer = officer.post(f"/admin/webhooks/{endpoint(app).id}/approve", {"url": URL})
    assert answer.status_code == 403
    assert officer.get("/admin/webhooks").status_code == 403
    assert endpoint(app).status == "pending"


def endpoint_of(app, office_id: str) -> str:
    with app.app_context():
        return db.session.scalar(
            select(WebhookEndpoint.id).where(WebhookEndpoint.office_id == office_id)
        )
