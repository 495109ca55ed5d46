"""Correcting a person's record in the web UI (the registration form, filled
in from the record, saved at the version it was opened at) and the record's
history on the person's page."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from core.audit import AuditLog
from core.beneficiaries.models import Beneficiary
from core.db import db
from core.web import staff as views
from tests.web import test_staff
from tests.web.test_staff import REGISTRATION, beneficiary_url, error_of, page

staff = test_staff.staff  # the signed-in centre member fixture, shared with the registration tests


def edit_url(person: dict[str, Any]) -> str:
    return f"{beneficiary_url(person)}/edit"


def register(session) -> dict[str, Any]:
    """A person registered through the form, as the API reads them."""
    response = session.post("/staff/beneficiaries/new", REGISTRATION)
    assert response.status_code == 302, page(response)
    person_id = response.headers["Location"].rsplit("/", 1)[1]
    api = session.client.get(f"/api/v1/beneficiaries/{person_id}", headers=session.headers)
    return api.get_json()


def opened(person: dict[str, Any], **changes: str) -> dict[str, Any]:
    """The form as it opens for ``person`` (REGISTRATION's values), with ``changes``."""
    return {**REGISTRATION, "household_head": "", "version": str(person["version"]), **changes}


def stored(app, person: dict[str, Any]) -> Beneficiary:
    with app.app_context():
        record = db.session.get(Beneficiary, person["id"])
        db.session.expunge(record)
        return record


def updates(app, person: dict[str, Any]) -> list[AuditLog]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditLog).where(
                    AuditLog.beneficiary_id == person["id"], AuditLog.action == "update"
                )
            )
        )


# --- the form ----------------------------------------------------------------------------


def test_the_form_opens_filled_in_from_the_record(staff):
    person = register(staff)
    html = page(staff.get(edit_url(person)))
    assert 'value="Олександр"' in html and 'value="1985-06-30"' in html
    assert '<option value="uk" selected>' in html and '<option value="ru" selected>' in html
    assert 'value="TP0001"' in html and 'value="2027-03-04"' in html
    assert '<option value="temporary_protection_permit" selected>' in html
    assert '<option value="RO-TM" selected>' in html
    assert f'name="version" value="{person["version"]}"' in html
    assert f'href="{edit_url(person)}"' in page(staff.get(beneficiary_url(person)))


def test_the_form_shows_the_household_heads_reference(staff, factory):
    head = factory.beneficiary(staff.headers)
    response = staff.post(
        "/staff/beneficiaries/new",
        {**REGISTRATION, "household_head": head["reference"], "household_relationship": "child"},
    )
    html = page(staff.get(f"{response.headers['Location']}/edit"))
    assert f'name="household_head" type="text" value="{head["reference"]}"' in html


def test_correct_the_birth_date(staff, app):
    person = register(staff)
    response = staff.post(edit_url(person), opened(person, date_of_birth="1985-07-30"))
    assert response.status_code == 302, page(response)
    assert response.headers["Location"].endswith(beneficiary_url(person))
    html = page(staff.get(response.headers["Location"]))
    assert "The record is saved." in html
    record = stored(app, person)
    assert record.date_of_birth.isoformat() == "1985-07-30"
    assert record.version == person["version"] + 1
    assert [row.changed_fields for row in updates(app, person)] == [["date_of_birth"]]


def test_an_emptied_optional_field_is_cleared(staff, app):
    person = register(staff)
    cleared = {
        "phone": "",
        "residence_document.type": "",
        "residence_document.number": "",
        "residence_document.expires_on": "",
    }
    response = staff.post(edit_url(person), opened(person, **cleared))
    assert response.status_code == 302, page(response)
    record = stored(app, person)
    assert record.phone is None and record.residence_document is None
    assert updates(app, person)[0].changed_fields == ["residence_document", "phone"]


def test_a_stale_version_is_refused_and_the_current_record_shown(staff, app):
    person = register(staff)
    first = staff.post(edit_url(person), opened(person, locality="Lugoj"))
    assert first.status_code == 302, page(first)

    response = staff.post(edit_url(person), opened(person, date_of_birth="1985-07-30"))

    assert response.status_code == 409
    html = page(response)
    assert (
        "Someone changed this record since you opened it. Here is the current record;"
        " make your change again."
    ) in html
    assert 'value="Lugoj"' in html and 'value="1985-06-30"' in html  # the current values
    assert f'name="version" value="{person["version"] + 1}"' in html
    record = stored(app, person)
    assert record.date_of_birth.isoformat() == "1985-06-30" and record.locality == "Lugoj"


def test_an_invalid_date_is_refused_next_to_the_field_and_the_input_kept(staff, app):
    person = register(staff)
    response = staff.post(
        edit_url(person), opened(person, date_of_birth="1985-02-30", locality="Lugoj")
    )
    assert response.status_code == 422
    html = page(response)
    assert error_of(html, "f-date_of_birth") == "Not a valid date."
    assert error_of(html, "f-locality") == ""
    assert 'value="1985-02-30"' in html and 'value="Lugoj"' in html  # kept as typed
    assert f'name="version" value="{person["version"]}"' in html
    record = stored(app, person)
    assert record.locality == "Timișoara" and record.version == person["version"]
    assert updates(app, person) == []


def test_a_missing_required_field_is_refused_next_to_it(staff, app):
    person = register(staff)
    response = staff.post(edit_url(person), opened(person, given_name=""))
    assert response.status_code == 422
    assert error_of(page(response), "f-given_name") == "Missing data for required field."
    assert stored(app, person).given_name == "Олександр"


def test_the_person_cannot_head_their_own_household(staff, app):
    person = register(staff)
    response = staff.post(
        edit_url(person),
        opened(person, household_head=person["reference"], household_relationship="child"),
    )
    assert response.status_code == 422
    assert "Choose the head of the household." in error_of(page(response), "f-household_head")
    assert stored(app, person).household_head_id is None


def test_a_missing_or_malformed_version_is_refused(staff, app):
    person = register(staff)
    for version in (None, "", "abc", "-1", "１"):
        form = opened(person, locality="Lugoj")
        if version is None:
            del form["version"]
        else:
            form["version"] = version
        response = staff.post(edit_url(person), form)
        assert response.status_code == 422, version
        html = page(response)
        assert "did not say which version" in html
        assert f'name="version" value="{person["version"]}"' in html
    assert stored(app, person).locality == "Timișoara"
    assert updates(app, person) == []


def test_another_centres_person_is_not_found(staff, factory, other_centre, app):
    theirs = factory.beneficiary(other_centre, county="RO-BH", locality="Oradea")
    assert staff.get(edit_url(theirs)).status_code == 404
    form = opened(theirs, county="RO-BH", locality="Lugoj")
    assert staff.post(edit_url(theirs), form).status_code == 404
    assert stored(app, theirs).locality == "Oradea"


def test_an_erased_person_cannot_be_corrected(staff, app):
    person = register(staff)
    with app.app_context():
        record = db.session.get(Beneficiary, person["id"])
        record.erased_at = record.updated_at
        db.session.commit()
    assert staff.get(edit_url(person)).status_code == 422
    response = staff.post(edit_url(person), opened(person, locality="Lugoj"))
    assert response.status_code == 422
    assert "data were erased" in page(response)
    assert stored(app, person).locality == "Timișoara"
    assert "Correct the record" not in page(staff.get(beneficiary_url(person)))


def test_a_correction_without_the_csrf_token_is_refused(staff, app):
    person = register(staff)
    response = staff.post(edit_url(person), opened(person, locality="Lugoj"), csrf=False)
    assert response.status_code == 400
    assert stored(app, person).locality == "Timișoara"


def test_an_officer_may_not_correct_a_record(web, staff, app):
    person = register(staff)
    officer = web("agency_officer", "ajofm-timis")
    assert officer.get(edit_url(person)).status_code == 403
    assert officer.post(edit_url(person), opened(person, locality="Lugoj")).status_code == 403


# --- the record's history --------------------------------------------------------------------

CENTRE = "Centrul Regional de Integrare pentru Migranți Timișoara"


def history(staff, person: dict[str, Any]) -> str:
    """The "History of the record" section of the person's page."""
    html = page(staff.get(beneficiary_url(person)))
    return html.split('id="history"', 1)[1].split("<h2", 1)[0]


def rows(section: str) -> list[str]:
    return section.split("<tbody>", 1)[1].split("<tr>")[1:]


def test_the_history_names_the_corrected_field_never_its_value(staff):
    person = register(staff)
    staff.post(edit_url(person), opened(person, date_of_birth="1985-07-30"))
    section = history(staff, person)
    newest, created = rows(section)
    assert "changed · the record" in newest and "Date of birth" in newest
    assert "Test centre_staff" in newest and CENTRE in newest
    assert "created · the record" in created
    assert "1985" not in section and "30.07" not in section and "Jul" not in section


def test_the_history_shows_the_changes_newest_first_and_no_reads(staff, factory):
    person = register(staff)
    consent = factory.consent(staff.headers, person["id"])
    staff.post(f"/staff/consents/{consent['id']}/withdraw")
    staff.post(f"{beneficiary_url(person)}/restriction", {"reason": "Contests the birth date."})
    staff.post(f"{beneficiary_url(person)}/restriction/lift")
    staff.get(edit_url(person))  # a read, not a change
    version = staff.client.get(f"/api/v1/beneficiaries/{person['id']}", headers=staff.headers)
    staff.post(edit_url(person), opened(person, version=version.get_json()["version"]))

    found = [re.findall(r"<td[^>]*>(.*?)</td>", row)[1] for row in rows(history(staff, person))]

    assert found == [
        "changed · the record",
        "lifted the restriction · the record",
        "restricted · the record",
        "withdrew · a consent",
        "created · a consent",
        "created · the record",
    ]
    assert "no field changed" in history(staff, person)


def test_the_history_shows_the_latest_changes_only(staff, monkeypatch):
    monkeypatch.setattr(views, "HISTORY_CAP", 2)
    person = register(staff)
    for version, locality in enumerate(("Lugoj", "Buziaș", "Deta"), start=person["version"]):
        response = staff.post(edit_url(person), opened(person, locality=locality, version=version))
        assert response.status_code == 302, page(response)
    section = history(staff, person)
    assert len(rows(section)) == 2 and "created · the record" not in section
    assert "Only the latest 2 changes are shown" in section


def test_every_field_of_the_record_has_its_form_label(staff):
    person = register(staff)
    html = page(staff.get(edit_url(person)))
    for name, label in views.labels.FORM_LABELS.items():
        assert str(label) in html, name
