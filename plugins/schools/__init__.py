"""School inspectorate plugin: the county school inspectorate (ISJ) and the county
resource and educational assistance centre (CJRAE).

Both are institutions of kind ``schools``. Referrals go to the office covering
the child's county and locality (the core's fallback routing), whichever of the
two it belongs to; sending counselling to the CJRAE and every other service to
the ISJ needs an office-to-service mapping that does not exist yet. The
inspectorate's case register reports progress in its status codes
(``services.py``, ``*_CODES``: "DOSAR_PRIMIT", "REPARTIZAT", ...).
"""

from __future__ import annotations

from core import InstitutionKind, hookimpl
from core.calendar import add_months, age_on
from plugins.schools.messages import ADULT_REFERRED, MESSAGES, NO_HOUSEHOLD_HEAD
from plugins.schools.services import CHILD_SERVICES, KIND, SERVICES

ADULT_AGE = 18


@hookimpl
def referral_hub_institution_kinds():
    return [
        InstitutionKind(
            code=KIND,
            name={
                "en": "County school inspectorate and educational resource centre (ISJ / CJRAE)",
                "ro": "Inspectoratul Școlar Județean și Centrul Județean de Resurse și "
                "Asistență Educațională (ISJ / CJRAE)",
                "cs": "Krajský školní inspektorát a pedagogicko-psychologická poradna "
                "(ISJ / CJRAE)",
                "uk": "Повітовий шкільний інспекторат і Повітовий центр ресурсів та освітньої "
                "допомоги (ISJ / CJRAE)",
            },
        )
    ]


@hookimpl
def referral_hub_services():
    return list(SERVICES)


@hookimpl
def referral_hub_messages():
    return list(MESSAGES)


@hookimpl
def referral_hub_veto_transition(referral, service, beneficiary, to_status):
    if service.kind != KIND or to_status != "requested":
        return None
    if service.code in CHILD_SERVICES:
        on = referral.created_at.date()
        if age_on(beneficiary.date_of_birth, on) >= ADULT_AGE:
            return ADULT_REFERRED
    if service.code == "school_enrolment" and beneficiary.household_head_id is None:
        return NO_HOUSEHOLD_HEAD
    return None


@hookimpl
def referral_hub_referral_status_changed(service, event, outcome, timeline):
    if service.kind != KIND or event.to_status != "completed":
        return
    if service.code == "school_enrolment":
        timeline.record(
            "enrolled",
            {
                "school_name": outcome["school_name"],
                "grade": outcome["grade"],
                "class_start_date": outcome["class_start_date"].isoformat(),
            },
        )
    elif service.code == "romanian_preparatory_course":
        start = outcome["start_date"]
        # The course lasts one school year; then the child should join a regular class.
        timeline.record(
            "preparatory_course_started",
            {
                "course_group": outcome["course_group"],
                "start_date": start.isoformat(),
                "enrolment_check_on": add_months(start, 12).isoformat(),
            },
            note="Check that the child moves on to a regular class after the course.",
        )
