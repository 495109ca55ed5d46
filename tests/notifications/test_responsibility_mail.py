"""The e-mails of a change of responsibility, delivered by the worker to a
real SMTP server: the assigned officer's and the new office's."""

from __future__ import annotations

from sqlalchemy import select

from core.db import db
from core.institutions.models import Institution, Office
from tests.notifications.conftest import work
from tests.notifications.test_outbox import set_language


def office_id(app, institution: str, slug: str) -> str:
    with app.app_context():
        return db.session.scalar(
            select(Office.id)
            .join(Office.institution)
            .where(Institution.slug == institution, Office.slug == slug)
        )


def test_the_assigned_officer_gets_a_mail_naming_the_referral_only(app, desk, smtp):
    email = "bogdan.officer@ajofm-tm.example"
    bogdan = desk.factory.headers("agency_officer", "ajofm-timis", email=email)
    bogdan_id = desk.factory.client.get("/api/v1/me", headers=bogdan).get_json()["id"]
    set_language(app, email, "en")
    referral = desk.send()

    response = desk.factory.client.post(
        f"/api/v1/referrals/{referral['id']}/assign",
        json={"officer_id": bogdan_id},
        headers={**desk.officer, "If-Match": f'"{referral["version"]}"'},
    )
    assert response.status_code == 200, response.get_json()
    work(app)

    (got,) = [r for r in smtp.received if r.rcpt_tos == [email]]
    assert got.message["Subject"] == f"Referral {referral['reference']} is assigned to you"
    text, html = got.bodies()
    assert "You are now responsible for this referral" in text
    assert f"/referrals/{referral['id']}" in text
    person = referral["beneficiary"]
    for personal in (person["given_name"], person["family_name"], person["date_of_birth"]):
        assert personal not in text and personal not in html


def test_the_new_office_gets_a_mail_when_a_referral_is_forwarded_to_it(app, desk, smtp):
    referral = desk.send()

    response = desk.factory.client.post(
        f"/api/v1/referrals/{referral['id']}/forward",
        json={"office_id": office_id(app, "ajofm-timis", "lugoj"), "note": "closer to home"},
        headers={**desk.officer, "If-Match": f'"{referral["version"]}"'},
    )
    assert response.status_code == 200, response.get_json()
    work(app)

    (got,) = [r for r in smtp.received if r.rcpt_tos == ["lugoj@ajofm-tm.example"]]
    # in the office's language (Lugoj speaks Romanian), naming the referral
    assert got.message["Content-Language"] == "ro"
    assert referral["reference"] in got.message["Subject"]
    text, html = got.bodies()
    assert f"/referrals/{referral['id']}" in text
    assert "closer to home" not in text + html  # free text stays in the hub
