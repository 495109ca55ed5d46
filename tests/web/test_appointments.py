"""The appointment on the referral page and the person's slip, in the web UI:
the receiver sets, changes and clears it with a form (CSRF, the version read);
both sides see it; the slip in ro, en, uk, ar and cs, for either side only."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from babel.dates import format_date
from sqlalchemy import select

from core.audit import AuditLog
from core.db import db
from tests.factories import BENEFICIARY, Factory

SERVICE = "labour_agency.job_seeker_registration"
#: the slip's heading with an appointment, in each slip language
HEADINGS = {
    "en": "Your appointment",
    "ro": "Programarea dumneavoastră",
    "uk": "Ваш запис на прийом",
    "ar": "موعدك",
    "cs": "Váš termín",
}


def moved(factory: Factory, headers, referral, *steps: str) -> dict[str, Any]:
    for to in steps:
        response = factory.move(headers, referral, to)
        assert response.status_code == 200, response.get_json()
        referral = response.get_json()
    return referral


@pytest.fixture
def staff(web):
    return web("centre_staff", "crim-timisoara")


@pytest.fixture
def officer(web):
    return web("agency_officer", "ajofm-timis")


@pytest.fixture
def accepted(factory, staff, officer) -> dict[str, Any]:
    return moved(factory, officer.headers, factory.referral(staff.headers), "received", "accepted")


def page_of(session, referral) -> str:
    response = session.get(f"/referrals/{referral['id']}")
    assert response.status_code == 200
    return session.text(response)


def current(factory, staff, referral) -> dict[str, Any]:
    return factory.client.get(
        f"/api/v1/referrals/{referral['id']}", headers=staff.headers
    ).get_json()


def post_appointment(session, referral, **fields: str):
    data = {"version": str(referral["version"])}
    data.update({f"appointment.{k}": v for k, v in fields.items() if k != "version"})
    if "version" in fields:
        data["version"] = fields["version"]
    return session.post(f"/referrals/{referral['id']}/appointment", data)


def set_through_api(factory, officer, referral, at="2026-11-05T10:00:00+02:00", **body):
    response = factory.client.put(
        f"/api/v1/referrals/{referral['id']}/appointment",
        json={"at": at, **body},
        headers={**officer.headers, "If-Match": f'"{referral["version"]}"'},
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- the referral page -----------------------------------------------------------------


def test_the_officer_makes_an_appointment_in_the_hubs_time_zone(factory, staff, officer, accepted):
    response = post_appointment(officer, accepted, date="2026-11-05", time="10:00", note="Your CV")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/referrals/{accepted['id']}#appointment")
    shown = current(factory, staff, accepted)
    # 10:00 in Europe/Bucharest in November (EET, UTC+2)
    assert shown["appointment"]["at"] == "2026-11-05T08:00:00+00:00"
    assert shown["appointment"]["note"] == "Your CV"
    for session in (staff, officer):
        text = page_of(session, accepted)
        assert 'id="appointment"' in text and "Your CV" in text
        assert 'datetime="2026-11-05T08:00:00+00:00"' in text
        assert "10:00" in text and "Strada Armoniei" in text
        assert f"/referrals/{accepted['id']}/slip" in text


def test_only_the_receiver_sees_the_form(staff, officer, accepted):
    assert 'name="appointment.date"' in page_of(officer, accepted)
    assert 'name="appointment.date"' not in page_of(staff, accepted)
    assert "appointment/clear" not in page_of(officer, accepted)  # nothing to cancel yet


def test_the_officer_changes_and_cancels_it(factory, web, staff, officer, accepted):
    set_ = set_through_api(factory, officer, accepted)
    text = page_of(officer, accepted)
    assert 'value="2026-11-05"' in text and 'value="10:00"' in text  # in the hub's time
    second = web("agency_officer", "ajofm-timis")
    response = post_appointment(second, set_, date="2026-11-06", time="09:30", place="Room 4")
    assert response.status_code == 302
    changed = current(factory, staff, accepted)
    assert changed["appointment"]["place"] == "Room 4"
    cleared = officer.post(
        f"/referrals/{accepted['id']}/appointment/clear", {"version": str(changed["version"])}
    )
    assert cleared.status_code == 302
    assert current(factory, staff, accepted)["appointment"] is None
    assert "No appointment yet." in page_of(staff, accepted)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"date": "", "time": ""}, "date", "Give the date."),
        ({"date": "2026-11-05", "time": ""}, "time", "Give the time."),
        ({"date": "5.11.2026", "time": "10:00"}, "date", "Give a date such as"),
        ({"date": "2026-11-05", "time": "ten"}, "time", "Give a time such as"),
        ({"date": "2026-11-01", "time": "10:00"}, "date", "Choose a later date or time."),
        ({"date": "2026-11-05", "time": "10:00", "note": "x" * 1001}, "note", "Longer than"),
    ],
)
def test_a_refused_form_says_what_to_fix_and_keeps_what_was_typed(
    factory, staff, officer, accepted, fields, field, message
):
    response = post_appointment(officer, accepted, place="Room 4", **fields)
    assert response.status_code == 422
    text = officer.text(response)
    assert f'id="f-appointment-{field}-error"' in text and message in text
    assert f'href="#f-appointment-{field}"' in text  # the summary links to the input
    assert 'value="Room 4"' in text and '<details class="action card no-print" open>' in text
    assert current(factory, staff, accepted)["appointment"] is None


def test_a_stale_form_changes_nothing(factory, staff, officer, accepted):
    response = post_appointment(
        officer, accepted, date="2026-11-05", time="10:00", version=str(accepted["version"] - 1)
    )
    assert response.status_code == 412
    assert "changed since you opened it" in officer.text(response)
    assert current(factory, staff, accepted)["appointment"] is None


def test_without_the_csrf_token_nothing_changes(factory, staff, officer, accepted):
    response = officer.post(
        f"/referrals/{accepted['id']}/appointment",
        {"appointment.date": "2026-11-05", "appointment.time": "10:00", "version": "3"},
        csrf=False,
    )
    assert response.status_code == 400
    assert current(factory, staff, accepted)["appointment"] is None


def test_the_sender_gets_403_and_another_institution_404(web, staff, accepted, other_centre):
    fields = {"date": "2026-11-05", "time": "10:00"}
    assert post_appointment(staff, accepted, **fields).status_code == 403
    for stranger in (
        web("agency_officer", "ajofm-caras-severin"),
        web("centre_staff", "cri-oradea"),
    ):
        assert post_appointment(stranger, accepted, **fields).status_code == 404
        clear = stranger.post(f"/referrals/{accepted['id']}/appointment/clear", {"version": "1"})
        assert clear.status_code == 404


def test_a_closed_referral_shows_its_appointment_without_the_form(
    factory, staff, officer, accepted
):
    set_ = set_through_api(factory, officer, accepted)
    factory.move(staff.headers, set_, "cancelled")
    text = page_of(officer, accepted)
    assert 'datetime="2026-11-05T08:00:00+00:00"' in text
    assert 'name="appointment.date"' not in text
    response = post_appointment(officer, set_, date="2026-11-07", time="10:00")
    assert response.status_code == 409
    assert "Nothing was changed." in officer.text(response)


# --- the slip ------------------------------------------------------------------------


def slip(session, referral, lang: str | None = None):
    query = f"?lang={lang}" if lang else ""
    return session.get(f"/referrals/{referral['id']}/slip{query}")


@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_the_slip_is_in_each_slip_language(factory, staff, officer, accepted, lang):
    set_through_api(factory, officer, accepted, note="Two photos")
    response = slip(officer, accepted, lang)
    assert response.status_code == 200
    text = officer.text(response)
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in text
    assert f"<h1>{HEADINGS[lang]}</h1>" in text
    assert accepted["reference"] in text and "Two photos" in text
    assert "Strada Armoniei nr. 102" in text and "Mon–Thu 08:00–16:30" in text
    assert "10:00" in text  # the hub's time zone
    assert format_date(date(2026, 11, 5), "full", locale=lang) in text
    # no site navigation on the sheet; the controls are outside the sheet
    assert "site-header" not in text and "<nav" not in text


def test_the_arabic_slip_marks_the_plugins_english_texts(factory, staff, officer, accepted):
    set_through_api(factory, officer, accepted)
    text = officer.text(slip(officer, accepted, "ar"))
    assert '<li><bdi lang="en">Residence permit or other document' in text
    uk = officer.text(slip(officer, accepted, "uk"))
    assert "<li>Посвідка на проживання або інший документ" in uk


def test_the_slip_shows_the_name_as_written_and_in_latin_letters(staff, officer, accepted):
    latin = current_name_latin = None
    for session in (staff, officer):  # the job seeker's service lists the names
        text = session.text(slip(session, accepted, "en"))
        assert f"<bdi>{BENEFICIARY['given_name']} {BENEFICIARY['family_name']}</bdi>" in text
        latin = re.search(r'<bdi lang="und-Latn" dir="ltr">([^<]+)</bdi>', text).group(1)
        assert current_name_latin in (None, latin)
        current_name_latin = latin
    assert latin and latin.isascii()


def test_the_slip_defaults_to_the_persons_first_language_when_the_viewer_may_see_it(
    staff, officer, accepted
):
    # the person speaks ar, en; the centre sees their languages, the agency does not
    assert '<html lang="ar" dir="rtl">' in staff.text(slip(staff, accepted))
    assert '<html lang="en" dir="ltr">' in officer.text(slip(officer, accepted))
    officer.post("/language", {"lang": "uk"})
    assert '<html lang="uk" dir="ltr">' in officer.text(slip(officer, accepted))
    # a language the slip does not have is the default's
    assert '<html lang="uk"' in officer.text(slip(officer, accepted, "xx"))


def test_without_an_appointment_the_slip_says_the_office_will_tell(staff, accepted):
    text = staff.text(slip(staff, accepted, "en"))
    assert "<h1>Your referral</h1>" in text and "The office will tell you" in text


def test_the_slip_of_another_institution_is_404_and_other_roles_403(web, accepted, other_centre):
    assert slip(web("agency_officer", "ajofm-caras-severin"), accepted).status_code == 404
    assert slip(web("centre_staff", "cri-oradea"), accepted).status_code == 404
    assert slip(web("coordinator", "prefectura-timis"), accepted).status_code == 403


def test_opening_the_slip_is_audited_as_a_read_of_the_person(app, staff, accepted):
    def reads() -> int:
        with app.app_context():
            return len(
                list(
                    db.session.scalars(
                        select(AuditLog).where(
                            AuditLog.object_id == accepted["id"], AuditLog.action == "read"
                        )
                    )
                )
            )

    before = reads()
    slip(staff, accepted, "uk")
    assert reads() == before + 1


def test_the_slip_has_no_inline_script(staff, accepted):
    text = staff.text(slip(staff, accepted, "ar"))
    assert re.findall(r"<script(?![^>]*\bsrc=)", text) == []
