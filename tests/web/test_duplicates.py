"""The duplicate check in the registration form."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from core.audit import AuditLog
from core.beneficiaries.models import Beneficiary
from core.db import db
from tests.web.test_staff import REGISTRATION, beneficiary_url, count, page

NEW = "/staff/beneficiaries/new"
QUESTION = "Is this one of these people?"
#: the record already in the register: Oksana Shevchenko as written in her documents
OKSANA = {
    "given_name": "Оксана",
    "family_name": "Шевченко",
    "date_of_birth": REGISTRATION["date_of_birth"],
    "nationality": "UA",
    "languages": ["uk"],
    "protection_status": "temporary_protection",
    "residence_document": None,
}
#: the same person typed in Latin letters into the registration form
OKSANA_TYPED = {**REGISTRATION, "given_name": "Oksana", "family_name": "Shevchenko"}


@pytest.fixture
def staff(web):
    """A signed-in member of the Timișoara centre, in English (the source language)."""
    return web("centre_staff", "crim-timisoara")


def none_of_them_form(text: str) -> dict[str, str]:
    """What the question's "None of them" button posts: its form's hidden inputs."""
    form = re.search(r'<section class="possible-duplicates".*?(<form.*?</form>)', text, re.S)
    assert form, "no question about possible duplicates"
    inputs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1))
    return {name: html.unescape(value) for name, value in inputs}


# --- registration asks before saving ----------------------------------------------------


def test_registering_a_known_person_in_latin_letters_asks_first_and_saves_nothing(
    staff, factory, app
):
    oksana = factory.beneficiary(staff.headers, **OKSANA)
    before = count(app, Beneficiary)

    response = staff.post(NEW, OKSANA_TYPED)

    assert response.status_code == 200
    text = page(response)
    assert QUESTION in text
    assert oksana["reference"] in text
    assert '<td dir="auto">Оксана Шевченко</td>' in text
    assert "100%" in text
    assert f'href="{beneficiary_url(oksana)}">Open this record' in text
    assert count(app, Beneficiary) == before
    with app.app_context():  # showing her is in her access log
        listed = select(AuditLog).where(
            AuditLog.beneficiary_id == oksana["id"], AuditLog.action == "list"
        )
        assert db.session.scalars(listed).first() is not None


def test_none_of_them_registers_the_person_with_what_was_typed(staff, factory, app):
    factory.beneficiary(staff.headers, **OKSANA)
    asked = page(staff.post(NEW, OKSANA_TYPED))
    again = none_of_them_form(asked)
    assert again["confirm_new"] == "1"
    assert again["given_name"] == "Oksana" and again["locality"] == "Timișoara"
    before = count(app, Beneficiary)

    response = staff.post(NEW, again)

    assert response.status_code == 302, page(response)
    assert count(app, Beneficiary) == before + 1
    person = page(staff.get(response.headers["Location"]))
    assert "Oksana Shevchenko" in person and "is registered" in person


def test_a_birth_date_with_day_and_month_swapped_is_asked_too(staff, factory, app):
    oksana = factory.beneficiary(staff.headers, **{**OKSANA, "date_of_birth": "1985-03-06"})
    before = count(app, Beneficiary)

    response = staff.post(NEW, {**OKSANA_TYPED, "date_of_birth": "1985-06-03"})

    assert response.status_code == 200
    assert QUESTION in page(response) and oksana["reference"] in page(response)
    assert count(app, Beneficiary) == before


def test_the_same_person_at_another_centre_is_not_shown(staff, factory, other_centre, app):
    elsewhere = factory.beneficiary(other_centre, **OKSANA)
    before = count(app, Beneficiary)

    response = staff.post(NEW, OKSANA_TYPED)

    assert response.status_code == 302, page(response)
    assert elsewhere["reference"] not in page(staff.get(response.headers["Location"]))
    assert count(app, Beneficiary) == before + 1


def test_a_person_without_possible_duplicates_is_registered_at_once(staff, app):
    before = count(app, Beneficiary)
    response = staff.post(NEW, OKSANA_TYPED)
    assert response.status_code == 302, page(response)
    assert count(app, Beneficiary) == before + 1


def test_a_form_with_mistakes_shows_them_before_any_question(staff, factory):
    factory.beneficiary(staff.headers, **OKSANA)
    response = staff.post(NEW, {**OKSANA_TYPED, "sex": ""})
    assert response.status_code == 422
    assert QUESTION not in page(response)
