"""The Latin spelling the registration form proposes while staff type, and
when the form comes back without a script."""

from __future__ import annotations

import re

import pytest

from tests.web.test_duplicates import NEW
from tests.web.test_staff import REGISTRATION

URL = "/staff/beneficiaries/latin-name"


@pytest.fixture
def staff(web):
    return web("centre_staff", "crim-timisoara")


def latin_input(text: str) -> str:
    return re.search(r'<input id="[^"]*" name="name_latin"[^>]*>', text).group(0)


def test_arabic_names_are_proposed_as_names_not_consonants(staff):
    response = staff.post(URL, {"given_name": "يوسف", "family_name": "العلي"})
    assert response.status_code == 200
    assert response.get_json() == {"name_latin": "Yusuf Al-Ali"}
    assert response.headers["Cache-Control"] == "no-store"


def test_the_nationality_picks_the_ukrainian_or_russian_table(staff):
    names = {"given_name": "Юлия", "family_name": "Шевченко"}
    ukrainian = staff.post(URL, {**names, "nationality": "UA"}).get_json()["name_latin"]
    russian = staff.post(URL, {**names, "nationality": "RU"}).get_json()["name_latin"]
    assert russian.startswith("Iuliia")
    assert ukrainian != russian


def test_empty_names_propose_an_empty_spelling(staff):
    assert staff.post(URL, {}).get_json() == {"name_latin": ""}


def test_bad_input_is_a_422_that_names_the_field(staff):
    response = staff.post(URL, {"given_name": "x" * 201, "nationality": "Syria"})
    assert response.status_code == 422
    body = response.get_json()
    assert set(body["errors"]) == {"given_name", "nationality"}
    assert "ISO 3166-1" in body["errors"]["nationality"][0]


def test_without_the_csrf_token_nothing_is_answered(staff):
    response = staff.post(URL, {"given_name": "يوسف"}, csrf=False)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "role, slug", [("agency_officer", "ajofm-timis"), ("coordinator", "prefectura-timis")]
)
def test_only_centre_staff_may_ask(web, role, slug):
    response = web(role, slug).post(URL, {"given_name": "يوسف"})
    assert response.status_code == 403


def test_the_forms_carry_the_script_and_the_endpoint(staff):
    text = staff.text(staff.get(NEW))
    assert "latin-name.js" in text
    assert f'data-latin-suggestion-url="{URL}"' in latin_input(text)


def test_a_form_shown_again_proposes_the_spelling_it_would_store(staff):
    # an error elsewhere in the form: the page comes back with the proposal filled in
    typed = {**REGISTRATION, "given_name": "يوسف", "family_name": "العلي", "name_latin": ""}
    typed["locality"] = ""
    response = staff.post(NEW, typed)
    assert response.status_code == 422
    assert 'value="Yusuf Al-Ali"' in latin_input(staff.text(response))


def test_a_spelling_staff_entered_is_kept_when_the_form_comes_back(staff):
    typed = {**REGISTRATION, "given_name": "يوسف", "family_name": "العلي"}
    typed.update(name_latin="Youssef Al Ali", locality="")
    response = staff.post(NEW, typed)
    assert 'value="Youssef Al Ali"' in latin_input(staff.text(response))
