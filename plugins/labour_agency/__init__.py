"""The county employment agency (AJOFM, Agenția Județeană pentru Ocuparea Forței de Muncă).

Job-seeker registration, counselling, vocational training and job mediation
for beneficiaries of international protection and third-country nationals.
Referrals go to the office covering the person's place of residence,
preferring one where staff speak one of the person's languages. The agency's
own case system reports progress in its status codes (``services.py``,
``*_CODES``: "PRELUAT", "INREGISTRAT", "MEDIERE_INCHEIATA", ...).
"""

from __future__ import annotations

from datetime import timedelta

from core import InstitutionKind, Route, hookimpl
from core.routing import offices_covering
from plugins.labour_agency.messages import MESSAGES, REGISTERED_BEFORE_SENT
from plugins.labour_agency.services import SERVICES

KIND = "labour_agency"

#: AJOFM reviews a job-seeker's file every quarter.
FILE_REVIEW_DAYS = 90
#: A month after a course ends, mediation checks whether the person found a job.
TRAINING_FOLLOW_UP_DAYS = 30


def _languages(office) -> set[str]:
    return {language.lower() for language in office.languages or ()}


@hookimpl
def referral_hub_institution_kinds():
    return [
        InstitutionKind(
            code=KIND,
            name={
                "en": "County employment agency (AJOFM)",
                "ro": "Agenția Județeană pentru Ocuparea Forței de Muncă (AJOFM)",
                "cs": "Krajská agentura práce (AJOFM)",
                "uk": "Повітове агентство зайнятості (AJOFM)",
            },
        )
    ]


@hookimpl
def referral_hub_services():
    return list(SERVICES)


@hookimpl
def referral_hub_route_referral(service, beneficiary, offices):
    if service.kind != KIND:
        return None
    covering = offices_covering(offices, beneficiary.county, beneficiary.locality)
    if not covering:
        return None
    spoken = [(office, _languages(office)) for office in covering]
    # A language every covering office speaks (Romanian, usually) is no reason to
    # prefer one of them; the person's languages are in their order of preference.
    everywhere = set.intersection(*(languages for _, languages in spoken))
    wanted = [language.lower() for language in beneficiary.languages or ()]
    for language in wanted:
        for office, languages in spoken:
            if language in languages and language not in everywhere:
                return Route(office=office)
    if everywhere.intersection(wanted):
        return Route(office=covering[0])
    # No office speaks the person's languages: the core's fallback picks by place alone.
    return None


@hookimpl
def referral_hub_messages():
    return list(MESSAGES)


@hookimpl
def referral_hub_veto_transition(referral, service, to_status, data):
    if service.kind != KIND or to_status != "completed":
        return None
    registered_on = data.get("registered_on")
    if service.code == "job_seeker_registration" and referral.sent_at and registered_on:
        sent_on = referral.sent_at.date()
        if registered_on < sent_on:
            return REGISTERED_BEFORE_SENT
    return None


@hookimpl
def referral_hub_referral_status_changed(service, event, outcome, timeline):
    if service.kind != KIND or event.to_status != "completed":
        return
    if service.code == "vocational_training":
        ends_on = outcome["ends_on"]
        follow_up_on = ends_on + timedelta(days=TRAINING_FOLLOW_UP_DAYS)
        timeline.record(
            "training_scheduled",
            {
                "course_name": outcome["course_name"],
                "starts_on": outcome["starts_on"].isoformat(),
                "ends_on": ends_on.isoformat(),
                "follow_up_on": follow_up_on.isoformat(),
            },
            note=f"Course ends on {ends_on.isoformat()}; check job mediation on "
            f"{follow_up_on.isoformat()}.",
        )
    elif service.code == "job_seeker_registration":
        registered_on = outcome["registered_on"]
        review_on = registered_on + timedelta(days=FILE_REVIEW_DAYS)
        timeline.record(
            "job_seeker_registered",
            {
                "file_number": outcome["file_number"],
                "registered_on": registered_on.isoformat(),
                "review_on": review_on.isoformat(),
            },
            note=f"AJOFM reviews the job-seeker file on {review_on.isoformat()}.",
        )
