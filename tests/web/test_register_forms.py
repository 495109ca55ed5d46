"""Forms that use the register: a plugin's form opens filled in from the
beneficiary's record, standard codes are chosen by name and stored as codes,
rows of a list do not multiply, error summaries name their fields, and
reasons are named by their titles."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from marshmallow import Schema, fields

from core.catalogue.describe import described
from core.plugins import PluginError
from tests.factories import problem
from tests.test_plugin_contract import LEGAL_AID, LEGAL_COUNSELLING, Contributes
from tests.web.conftest import WebSession
from tests.web.test_plugin_messages import JOB_SEEKER_FORM
from tests.web.test_staff import error_of, page

JOB_SEEKER = "labour_agency.job_seeker_registration"
RESIDENCE_PERMIT = "immigration.residence_permit"
FAMILY_DOCTOR = "health_insurance.family_doctor_registration"


@pytest.fixture
def staff(web) -> WebSession:
    return web("centre_staff", "crim-timisoara")


def url(person: dict[str, Any], service: str) -> str:
    return f"/staff/beneficiaries/{person['id']}/referrals/new?service={service}"


def select_html(html: str, name: str) -> str:
    found = re.search(rf'<select id="[^"]*" name="{re.escape(name)}".*?</select>', html, re.S)
    assert found, f"no select {name}"
    return found.group(0)


def chosen(html: str, name: str) -> str:
    """The value selected in the (first) select ``name``, "" when none is."""
    found = re.search(r'<option value="([^"]*)" selected>', select_html(html, name))
    return found.group(1) if found else ""


def option_title(html: str, name: str, code: str) -> str:
    found = re.search(rf'<option value="{code}" ?(?:selected)?>([^<]*)</option>', html)
    assert found, f"no option {code} in {name}"
    return found.group(1)


def row_numbers(html: str, list_name: str) -> list[int]:
    return sorted({int(n) for n in re.findall(rf'name="{re.escape(list_name)}\.(\d+)\.', html)})


def post_form(staff: WebSession, factory, person: dict, service: str, action: str, form: dict):
    consent = factory.consent(staff.headers, person["id"])
    body = {"consent_id": consent["id"], "priority": "normal", "action": action, **form}
    return staff.post(url(person, service), body)


# --- prefill from the register --------------------------------------------------------


def test_the_job_seeker_form_opens_with_a_row_per_known_language_and_the_document(staff, factory):
    person = factory.beneficiary(staff.headers, languages=["ar", "en"])

    html = page(staff.get(url(person, JOB_SEEKER)))

    assert row_numbers(html, "form.languages") == [0, 1, 2, 3]  # two known, two spare
    assert chosen(html, "form.languages.0.language") == "ar"
    assert chosen(html, "form.languages.1.language") == "en"
    assert chosen(html, "form.languages.2.language") == ""
    assert chosen(html, "form.languages.0.level") == ""  # the register does not know it
    assert chosen(html, "form.right_to_work_document") == "residence_permit"
    assert 'name="form.right_to_work_expires_on" type="date" value="2027-10-01"' in html
    assert "Please correct the following" not in html  # an opened form has no errors


def test_the_residence_permit_form_opens_with_the_document_expiry(staff, factory):
    person = factory.beneficiary(staff.headers)

    html = page(staff.get(url(person, RESIDENCE_PERMIT)))

    assert 'name="form.current_document_expiry" type="date" value="2027-10-01"' in html


def test_a_value_the_form_does_not_offer_is_left_out(staff, factory):
    document = {"type": "travel_document", "number": "X1", "expires_on": "2027-01-31"}
    person = factory.beneficiary(staff.headers, residence_document=document)

    html = page(staff.get(url(person, JOB_SEEKER)))

    assert chosen(html, "form.right_to_work_document") == ""  # not a right-to-work document
    assert 'name="form.right_to_work_expires_on" type="date" value="2027-01-31"' in html


def test_a_person_without_document_or_languages_gets_an_empty_form(staff, factory):
    person = factory.beneficiary(staff.headers, languages=[], residence_document=None)

    html = page(staff.get(url(person, JOB_SEEKER)))

    assert row_numbers(html, "form.languages") == [0, 1]
    assert 'name="form.right_to_work_expires_on" type="date" value=""' in html


def test_what_the_user_posts_wins_over_the_register(staff, factory):
    person = factory.beneficiary(staff.headers, languages=["ar", "en"])
    form = {**JOB_SEEKER_FORM, "form.occupations_sought": "Cook", "form.languages.0.language": "uk"}

    html = page(post_form(staff, factory, person, JOB_SEEKER, "preview", form))

    assert chosen(html, "form.languages.0.language") == "uk"
    assert row_numbers(html, "form.languages") == [0, 1, 2]  # the one posted and two spare


def test_the_single_language_field_takes_the_preferred_language_and_the_locality(staff, factory):
    person = factory.beneficiary(staff.headers, languages=["uk", "ru"], locality="Lugoj")

    html = page(staff.get(url(person, FAMILY_DOCTOR)))

    assert chosen(html, "form.preferred_doctor_language") == "uk"
    assert 'name="form.preferred_locality" type="text" value="Lugoj"' in html
    assert 'list="f-form-preferred_locality-list"' in html  # the offices' localities


def test_another_centres_beneficiary_is_not_found_nor_prefilled(staff, factory, other_centre):
    theirs = factory.beneficiary(other_centre)

    response = staff.get(url(theirs, JOB_SEEKER))

    assert response.status_code == 404
    assert "RP123456" not in page(response) and "2027-10-01" not in page(response)


def test_the_catalogue_publishes_what_each_field_defaults_from(client, factory):
    service = factory.service(JOB_SEEKER, factory.staff())
    schema = service["form_schema"]["properties"]

    assert schema["right_to_work_expires_on"]["x-beneficiary-field"] == (
        "residence_document.expires_on"
    )
    language = schema["languages"]["items"]["properties"]["language"]
    assert language["x-beneficiary-field"] == "languages"
    assert "x-beneficiary-field" not in schema["availability"]


class ShoeForm(Schema):
    size = fields.String(
        metadata=described({"en": "Size"}, {"en": "Shoe size."}, "42", beneficiary_field="shoes")
    )


def test_a_plugin_naming_an_unknown_register_field_stops_the_app(make_app):
    broken = Contributes(replace(LEGAL_COUNSELLING, form_schema=ShoeForm), kinds=(LEGAL_AID,))

    with pytest.raises(PluginError) as raised:
        make_app(extra_plugins=[("copycat", broken)])

    assert "copycat" in str(raised.value) and "shoes" in str(raised.value)


# --- codes chosen by name ---------------------------------------------------------------


def test_languages_and_countries_are_chosen_by_name_in_the_users_language(staff, factory):
    person = factory.beneficiary(staff.headers)

    english = page(staff.get(url(person, JOB_SEEKER)))
    staff.post("/language", {"lang": "ro"})
    romanian = page(staff.get(url(person, JOB_SEEKER)))

    assert option_title(english, "form.languages.0.language", "ar") == "Arabic"
    assert option_title(romanian, "form.languages.0.language", "ar") == "Arabă"
    assert option_title(romanian, "form.languages.0.language", "uk") == "Ucraineană"
    languages = re.findall(
        r'<option value="(\w\w)"', select_html(romanian, "form.languages.0.language")
    )
    assert languages.index("ar") < languages.index("ro") < languages.index("uk")  # by name


def test_a_language_chosen_by_name_is_stored_as_its_code(staff, factory):
    person = factory.beneficiary(staff.headers)
    form = {**JOB_SEEKER_FORM, "form.occupations_sought": "Cook", "form.languages.0.language": "ro"}

    response = post_form(staff, factory, person, JOB_SEEKER, "send", form)

    assert response.status_code == 302, page(response)
    referral_id = response.headers["Location"].rsplit("/", 1)[-1]
    stored = staff.client.get(f"/api/v1/referrals/{referral_id}", headers=staff.headers)
    assert stored.get_json()["form"]["languages"] == [{"language": "ro", "level": "native"}]


def test_an_invalid_code_is_refused_with_a_message_next_to_its_select(staff, factory):
    person = factory.beneficiary(staff.headers)
    form = {**JOB_SEEKER_FORM, "form.occupations_sought": "Cook", "form.languages.0.language": "xx"}

    response = post_form(staff, factory, person, JOB_SEEKER, "send", form)

    assert response.status_code == 422
    html = page(response)
    assert "ISO 639-1" in error_of(html, "f-form-languages-0-language")
    assert chosen(html, "form.languages.0.language") == "xx"  # shown as posted, beside why


def test_the_registration_form_chooses_nationality_and_languages_by_name(staff, app):
    staff.post("/language", {"lang": "ro"})
    html = page(staff.get("/staff/beneficiaries/new"))

    assert option_title(html, "nationality", "SY") == "Siria"
    assert option_title(html, "languages", "uk") == "Ucraineană"
    assert len(re.findall(r'<select id="f-languages[^"]*" name="languages"', html)) == 2


def test_a_correction_keeps_the_languages_in_their_order(staff, factory):
    person = factory.beneficiary(staff.headers, languages=["uk", "ru"])

    html = page(staff.get(f"/staff/beneficiaries/{person['id']}/edit"))

    selects = re.findall(r'<select id="f-languages[^"]*" name="languages".*?</select>', html, re.S)
    assert [re.search(r'value="(\w*)" selected', s).group(1) for s in selects[:2]] == ["uk", "ru"]
    assert len(selects) == 4  # and two blank ones to add a language


# --- repeated rows, error summaries ---------------------------------------------------------


def test_previewing_again_and_again_keeps_the_rows_posted(staff, factory):
    person = factory.beneficiary(staff.headers)
    form = {
        **JOB_SEEKER_FORM,
        "form.occupations_sought": "Cook",
        "form.languages.1.language": "ro",
        "form.languages.1.level": "A2",
        # the two spare rows, posted blank as the browser posts them
        **{f"form.languages.{i}.{part}": "" for i in (2, 3) for part in ("language", "level")},
    }

    for _ in range(3):
        response = post_form(staff, factory, person, JOB_SEEKER, "preview", form)
        assert response.status_code == 200, page(response)
        html = page(response)
        assert row_numbers(html, "form.languages") == [0, 1, 2, 3]  # 2 rows and 2 spare
        assert "Missing data for required field." not in html  # blank rows are no rows


def test_the_error_summary_names_each_field_once(staff, factory):
    person = factory.beneficiary(staff.headers, languages=["ar", "en"])
    form = {
        "form.languages.0.language": "ar",
        "form.languages.1.language": "en",  # a level is missing in both rows
    }

    response = post_form(staff, factory, person, JOB_SEEKER, "preview", form)

    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</div>', page(response), re.S).group(0)
    lines = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip()
        for line in re.findall(r"<li>(.*?)</li>", summary, re.S)
    ]
    assert "Occupations sought: Name at least one occupation sought." in lines
    assert "Highest education level: Missing data for required field." in lines
    assert "Languages spoken, row 2, Level: Missing data for required field." in lines
    assert len(lines) == len(set(lines))
    assert 'href="#f-form-languages-1-level"' in summary


# --- reasons by their titles ------------------------------------------------------------------


def test_the_apis_422_lists_the_reasons_with_their_titles(factory):
    staff = factory.staff()
    officer = factory.officer()
    referral = factory.referral(staff)

    response = factory.move(officer, referral, "rejected")

    body = problem(response, 422)
    assert "outside_area (The person lives outside our area)" in body["errors"]["reason_code"][0]
    assert {"code": "outside_area", "title": "The person lives outside our area"} in body[
        "reason_codes"
    ]


def test_the_registration_form_suggests_the_networks_localities(staff):
    html = staff.text(staff.get("/staff/beneficiaries/new"))
    assert 'list="f-locality-list"' in html
    assert '<datalist id="f-locality-list">' in html and "Lugoj" in html
