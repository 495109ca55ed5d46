"""The officer's inbox search: the register's search over the referrals their
institution received, and only over what the officer may see of each."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from core.audit import AuditLog
from core.db import db
from tests.factories import Factory
from tests.web.conftest import WebSession
from tests.web.test_referrals import HELPDESK, HELPDESK_SERVICE, HelpdeskPlugin

JOB_SEEKER = "labour_agency.job_seeker_registration"
YUSUF = {"given_name": "يوسف", "family_name": "العلي", "nationality": "SY", "languages": ["ar"]}
OKSANA = {"given_name": "Оксана", "family_name": "Шевченко", "nationality": "UA"}
assert "given_name" not in HELPDESK_SERVICE.beneficiary_fields


@pytest.fixture
def app(make_app):
    return make_app(extra_plugins=[("web_test_helpdesk", HelpdeskPlugin())])


@pytest.fixture
def officer(web) -> WebSession:
    return web("agency_officer", "ajofm-timis")


def send(factory: Factory, headers, person: dict, service: str = JOB_SEEKER) -> dict[str, Any]:
    return factory.referral(headers, service=service, beneficiary=person)


def found(officer: WebSession, q: str, **filters: str) -> list[str]:
    """The references of the referrals the inbox lists for ``q``, in order."""
    response = officer.post("/inbox", {"q": q, **filters})
    assert response.status_code == 200, officer.text(response)[:1000]
    return re.findall(
        r'<th scope="row"><a href="/referrals/[^"]+">(R-\w+)</a>', officer.text(response)
    )


@pytest.fixture
def inbox(factory: Factory, other_centre):
    """Yusuf and Oksana referred to AJOFM Timiș by two centres; a namesake of
    Yusuf at AJOFM Caraș-Severin; Yusuf's helpdesk referral lists no names."""
    staff = factory.staff()
    yusuf = factory.beneficiary(staff, **YUSUF, phone="+40 721 000 111")
    oksana = factory.beneficiary(other_centre, **OKSANA, county="RO-TM")
    return {
        "yusuf": send(factory, staff, yusuf),
        "oksana": send(factory, other_centre, oksana),
        "helpdesk": send(factory, staff, yusuf, HELPDESK),
        "elsewhere": factory.referral(
            staff, beneficiary=factory.beneficiary(staff, **YUSUF, county="RO-CS")
        ),
        "yusuf_person": yusuf,
    }


@pytest.mark.parametrize("q", ["Youssef Al Ali", "yusuf al-ali", "يوسف العلي", "Yousef Alali"])
def test_a_name_in_any_spelling_finds_the_referral(officer, inbox, q):
    assert found(officer, q) == [inbox["yusuf"]["reference"]]


def test_people_referred_by_another_centre_are_found_too(officer, inbox):
    assert found(officer, "Oksana Shevchenko") == [inbox["oksana"]["reference"]]


def test_a_referral_whose_service_lists_no_names_is_not_found_by_name(officer, inbox):
    assert inbox["helpdesk"]["reference"] not in found(officer, "Yusuf")


def test_another_institutions_referral_is_never_found(officer, inbox):
    assert inbox["elsewhere"]["reference"] not in found(officer, "Yusuf Al-Ali")
    assert found(officer, inbox["elsewhere"]["reference"]) == []


def test_references_find_the_referral_or_the_persons_referrals(officer, inbox):
    assert found(officer, inbox["oksana"]["reference"].lower()) == [inbox["oksana"]["reference"]]
    by_person = found(officer, inbox["yusuf_person"]["reference"])
    assert sorted(by_person) == sorted(
        [inbox["yusuf"]["reference"], inbox["helpdesk"]["reference"]]
    )


def test_a_phone_is_found_only_where_the_service_lists_it(factory, officer, inbox):
    assert "phone" in factory.service(JOB_SEEKER, factory.staff())["beneficiary_fields"]
    assert found(officer, "0721 000 111") == [inbox["yusuf"]["reference"]]
    assert found(officer, "0721 999 999") == []


def test_the_filters_apply_to_the_search(factory, officer, inbox):
    assert found(officer, "Yusuf", status="received") == []
    assert found(officer, "Yusuf", status="requested") == [inbox["yusuf"]["reference"]]


def test_after_consent_withdrawal_the_person_is_not_found_by_name(factory, officer, inbox):
    staff = factory.staff()
    for referral in (inbox["yusuf"], inbox["helpdesk"]):  # each came with its own consent
        consent_id = factory.client.get(
            f"/api/v1/referrals/{referral['id']}", headers=staff
        ).get_json()["consent_id"]
        withdrawn = factory.client.post(
            f"/api/v1/consents/{consent_id}/withdraw", json={}, headers=staff
        )
        assert withdrawn.status_code == 200, withdrawn.get_json()
    assert found(officer, "Yusuf Al-Ali") == []
    assert found(officer, inbox["yusuf"]["reference"]) == [inbox["yusuf"]["reference"]]


def test_nothing_found_says_so(officer, inbox):
    response = officer.post("/inbox", {"q": "Zbigniew Brzęczyszczykiewicz"})
    assert "No referral of your institution matches your search." in officer.text(response)


def test_a_search_too_long_is_a_422_that_says_what_to_fix(officer, inbox):
    response = officer.post("/inbox", {"q": "a" * 201})
    assert response.status_code == 422
    assert "Type at most 200 characters." in officer.text(response)


def test_the_search_needs_the_csrf_token(officer, inbox):
    assert officer.post("/inbox", {"q": "Yusuf"}, csrf=False).status_code == 400


def test_the_search_is_a_post_and_the_name_stays_out_of_the_page_links(officer, inbox):
    text = officer.text(officer.post("/inbox", {"q": "Youssef Al Ali"}))
    assert 'method="post" action="/inbox"' in text
    assert "Youssef" not in "".join(re.findall(r'href="([^"]*)"', text))


def test_only_officers_search_an_inbox(web, inbox):
    staff = web("centre_staff", "crim-timisoara")
    assert staff.post("/inbox", {"q": "Yusuf"}).status_code == 403


def test_each_listed_referral_is_audited(app, officer, inbox):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditLog))
    assert len(found(officer, "Yusuf Al-Ali")) == 1
    with app.app_context():
        rows = db.session.scalars(select(AuditLog).order_by(AuditLog.at)).all()[before:]
        listed = [row for row in rows if row.action == "list"]
    assert [row.object_id for row in listed] == [inbox["yusuf"]["id"]]
