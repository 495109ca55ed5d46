"""A plugin's validation and veto messages are shown in the user's language,
from the translations it contributes through ``referral_hub_messages``."""

from __future__ import annotations

import pytest

from tests.web.conftest import WebSession
from tests.web.test_staff import error_of, page

JOB_SEEKER = "labour_agency.job_seeker_registration"
PREPARATORY_COURSE = "schools.romanian_preparatory_course"
#: a job-seeker registration form, as the browser posts it, with what the test needs wrong
JOB_SEEKER_FORM = {
    "form.education_level": "upper_secondary",
    "form.occupations_sought": "",
    "form.occupation_codes": "5120",
    "form.languages.0.language": "ar",
    "form.languages.0.level": "native",
    "form.right_to_work_document": "residence_permit",
    "form.right_to_work_expires_on": "2028-03-31",
    "form.availability": "full_time",
    "form.available_from": "2027-01-04",
}


@pytest.fixture
def czech_staff(web) -> WebSession:
    """A signed-in member of the Timișoara centre who reads the UI in Czech."""
    session = web("centre_staff", "crim-timisoara")
    session.post("/language", {"lang": "cs"})
    return session


def new_referral(staff: WebSession, factory, person: dict, service: str, action: str, **form):
    """Post the new-referral form of ``service`` for ``person``, with a consent on file."""
    consent = factory.consent(staff.headers, person["id"])
    url = f"/staff/beneficiaries/{person['id']}/referrals/new?service={service}"
    body = {"consent_id": consent["id"], "priority": "normal", "action": action, **form}
    return staff.post(url, body)


def test_a_missing_occupation_list_is_refused_in_czech_next_to_its_field(czech_staff, factory):
    person = factory.beneficiary(czech_staff.headers)

    response = new_referral(czech_staff, factory, person, JOB_SEEKER, "preview", **JOB_SEEKER_FORM)

    assert response.status_code == 422
    html = page(response)
    assert error_of(html, "f-form-occupations_sought") == "Uveďte alespoň jedno hledané povolání."
    assert "Name at least one occupation sought." not in html


def test_an_invalid_occupation_code_is_refused_in_czech_next_to_its_field(czech_staff, factory):
    person = factory.beneficiary(czech_staff.headers)
    form = {**JOB_SEEKER_FORM, "form.occupations_sought": "Bucătar", "form.occupation_codes": "51"}

    response = new_referral(czech_staff, factory, person, JOB_SEEKER, "preview", **form)

    assert response.status_code == 422
    assert error_of(page(response), "f-form-occupation_codes") == (
        "Použijte čtyřmístný kód ISCO-08 nebo šestimístný kód COR."
    )


def test_a_plugins_veto_is_shown_in_czech(czech_staff, factory):
    adult = factory.beneficiary(czech_staff.headers)  # born in 1990

    form = {"form.romanian_level": "none"}
    response = new_referral(czech_staff, factory, adult, PREPARATORY_COURSE, "send", **form)

    assert response.status_code == 422
    html = page(response)
    assert "Tato služba je určena dětem, kterým v den předání ještě nebylo 18 let" in html
    assert "This service is for children" not in html


def test_an_english_reader_sees_the_plugins_own_words(web, factory):
    staff = web("centre_staff", "crim-timisoara")
    staff.post("/language", {"lang": "en"})
    person = factory.beneficiary(staff.headers)

    response = new_referral(staff, factory, person, JOB_SEEKER, "preview", **JOB_SEEKER_FORM)

    assert error_of(page(response), "f-form-occupations_sought") == (
        "Name at least one occupation sought."
    )
