"""The duplicate check in the registration form, and the merge page."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import select

from core.audit import AuditLog
from core.beneficiaries.models import Beneficiary
from core.db import db
from core.referrals.models import Referral
from tests.web.test_staff import REGISTRATION, beneficiary_url, count, page

NEW = "/staff/beneficiaries/new"
QUESTION = "Is this one of these people?"
STALE = "This record changed since you opened this page; check it and merge again."
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


def merge_url(person: dict[str, Any]) -> str:
    return f"/staff/beneficiaries/{person['id']}/merge"


def shown_version(text: str) -> str:
    return re.search(r'name="version" value="(\d+)"', text).group(1)


def referral_holder(app, referral: dict[str, Any]) -> str:
    with app.app_context():
        return db.session.get(Referral, referral["id"]).beneficiary_id


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
    assert re.search(r'<td dir="auto"[^>]*>Оксана Шевченко</td>', text)
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


# --- merging ----------------------------------------------------------------------------


@pytest.fixture
def pair(staff, factory) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Oksana registered twice (in Cyrillic, then in Latin letters), and a
    referral of the second record, the duplicate."""
    kept = factory.beneficiary(staff.headers, **OKSANA)
    duplicate = factory.beneficiary(
        staff.headers, **{**OKSANA, "given_name": "Oksana", "family_name": "Shevchenko"}
    )
    referral = factory.referral(staff.headers, beneficiary=duplicate)
    return kept, duplicate, referral


def test_the_person_page_links_to_the_merge_page(staff, pair):
    _kept, duplicate, _referral = pair
    assert f'href="{merge_url(duplicate)}"' in page(staff.get(beneficiary_url(duplicate)))


def test_the_merge_page_lists_the_possible_duplicates_to_choose_from(staff, pair):
    kept, duplicate, _referral = pair
    response = staff.get(merge_url(duplicate))
    assert response.status_code == 200
    text = page(response)
    assert f'name="into" value="{kept["id"]}"' in text
    assert f'name="into" value="{duplicate["id"]}"' not in text
    assert 'name="csrf_token"' in text and shown_version(text)
    assert "Merge this record into the chosen one" in text
    assert "this record will be gone" in text


def test_a_record_without_possible_duplicates_has_nothing_to_merge(staff, factory):
    alone = factory.beneficiary(staff.headers, **OKSANA)
    text = page(staff.get(merge_url(alone)))
    assert "nothing to merge" in text
    assert 'name="into"' not in text


def test_merging_moves_the_referrals_and_the_duplicate_is_gone(staff, pair, app):
    kept, duplicate, referral = pair
    version = shown_version(page(staff.get(merge_url(duplicate))))

    response = staff.post(merge_url(duplicate), {"into": kept["id"], "version": version})

    assert response.status_code == 302, page(response)
    assert response.headers["Location"].endswith(beneficiary_url(kept))
    assert referral_holder(app, referral) == kept["id"]
    kept_page = page(staff.get(beneficiary_url(kept)))
    assert referral["reference"] in kept_page
    assert f"{duplicate['reference']} is merged into {kept['reference']}" in kept_page
    assert staff.get(beneficiary_url(duplicate)).status_code == 404
    assert staff.get(merge_url(duplicate)).status_code == 404


def test_a_stale_version_is_a_conflict_and_moves_nothing(staff, pair, app):
    kept, duplicate, referral = pair
    version = int(shown_version(page(staff.get(merge_url(duplicate)))))

    response = staff.post(merge_url(duplicate), {"into": kept["id"], "version": version - 1})

    assert response.status_code == 409
    assert STALE in page(response)
    assert shown_version(page(response)) == str(version)  # the page again, up to date
    assert referral_holder(app, referral) == duplicate["id"]
    assert staff.get(beneficiary_url(duplicate)).status_code == 200


@pytest.mark.parametrize("version", [None, "", "three"])
def test_a_missing_or_malformed_version_asks_to_reload(staff, pair, app, version):
    kept, duplicate, referral = pair
    form = {"into": kept["id"]} | ({} if version is None else {"version": version})

    response = staff.post(merge_url(duplicate), form)

    assert response.status_code == 422
    assert "Reload the page and try again." in page(response)
    assert referral_holder(app, referral) == duplicate["id"]


def test_merging_without_a_choice_asks_for_one(staff, pair, app):
    _kept, duplicate, referral = pair
    response = staff.post(merge_url(duplicate), {"version": duplicate["version"]})
    assert response.status_code == 422
    assert "Choose the record to keep." in page(response)
    assert referral_holder(app, referral) == duplicate["id"]


def test_merging_into_another_centres_person_is_refused_and_moves_nothing(
    staff, pair, factory, other_centre, app
):
    _kept, duplicate, referral = pair
    elsewhere = factory.beneficiary(other_centre, **OKSANA)

    response = staff.post(
        merge_url(duplicate), {"into": elsewhere["id"], "version": duplicate["version"]}
    )

    assert response.status_code == 422
    assert "No such beneficiary." in page(response)
    assert referral_holder(app, referral) == duplicate["id"]
    with app.app_context():
        assert db.session.get(Beneficiary, duplicate["id"]).merged_into_id is None


def test_merging_a_record_into_itself_is_refused(staff, pair):
    _kept, duplicate, _referral = pair
    response = staff.post(
        merge_url(duplicate), {"into": duplicate["id"], "version": duplicate["version"]}
    )
    assert response.status_code == 422
    assert "cannot be merged into itself" in page(response)


def test_another_centres_merge_page_is_not_found(staff, factory, other_centre):
    elsewhere = factory.beneficiary(other_centre, **OKSANA)
    mine = factory.beneficiary(staff.headers, **OKSANA)
    assert staff.get(merge_url(elsewhere)).status_code == 404
    response = staff.post(merge_url(elsewhere), {"into": mine["id"], "version": "1"})
    assert response.status_code == 404


def test_merging_without_the_csrf_token_is_refused(staff, pair, app):
    kept, duplicate, referral = pair
    response = staff.post(
        merge_url(duplicate), {"into": kept["id"], "version": duplicate["version"]}, csrf=False
    )
    assert response.status_code == 400
    assert "The form expired" in page(response)
    assert referral_holder(app, referral) == duplicate["id"]


def test_only_centre_staff_open_the_merge_page(web, pair):
    _kept, duplicate, _referral = pair
    officer = web("agency_officer", "ajofm-timis")
    assert officer.get(merge_url(duplicate)).status_code in (403, 404)
