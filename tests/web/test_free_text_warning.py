"""Every free-text field for notes and comments warns, next to the field and
read with it by screen readers (aria-describedby), that the text is shared
(or kept with the person's record) and must hold no more personal data than
the service needs; in every UI language."""

from __future__ import annotations

import re

JOB_SEEKER = "labour_agency.job_seeker_registration"
SHARED = "The other institution sees this text. Write no more personal data than the service needs."
KEPT = "Kept with the person's record. Write no more personal data than the service needs."
ROMANIAN = "Cealaltă instituție vede acest text."


def warned(html: str, name: str) -> list[str]:
    """The warning texts that each textarea called ``name`` is described by."""
    found = []
    for tag in re.findall(rf'<textarea[^>]*name="{name}"[^>]*>', html):
        described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
        warning = next(i for i in described if i.endswith("-warning"))
        text = re.search(rf'id="{warning}">([^<]+)</p>', html).group(1)
        found.append(text.replace("&#39;", "'"))
    return found


def test_the_new_referrals_note_and_the_consent_note_warn(web, factory):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers)
    factory.consent(staff.headers, person["id"])

    form = staff.text(
        staff.get(f"/staff/beneficiaries/{person['id']}/referrals/new?service={JOB_SEEKER}")
    )
    record = staff.text(staff.get(f"/staff/beneficiaries/{person['id']}"))

    assert warned(form, "note") == [SHARED]
    assert warned(record, "note") == [KEPT]


def test_transition_notes_and_comments_warn_on_both_sides(web, factory):
    staff = web("centre_staff", "crim-timisoara")
    officer = web("agency_officer", "ajofm-timis")
    referral = factory.referral(staff.headers, service=JOB_SEEKER)

    for session in (staff, officer):
        html = session.text(session.get(f"/referrals/{referral['id']}"))
        notes = warned(html, "note")
        assert notes and set(notes) == {SHARED}  # one per move the side may make
        assert warned(html, "body") == [SHARED]


def test_the_warning_is_translated(web, factory):
    officer = web("agency_officer", "ajofm-timis")
    referral = factory.referral(factory.staff(), service=JOB_SEEKER)
    officer.post("/language", {"lang": "ro"})

    html = officer.text(officer.get(f"/referrals/{referral['id']}"))

    assert all(text.startswith(ROMANIAN) for text in warned(html, "body") + warned(html, "note"))
