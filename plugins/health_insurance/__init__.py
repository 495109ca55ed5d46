"""The county health insurance house (CJAS, Casa Județeană de Asigurări de Sănătate).

Enrolment as an insured person, health insurance contributions paid by the
integration project (six months at most) and family-doctor registration.
Referrals go to the house of the person's county through the core's routing.
The house's registry (SIUI) reports progress in its status codes
(``services.py``, ``*_CODES``: "CERERE_INREGISTRATA", "ASIGURAT", ...).
"""

from __future__ import annotations

from datetime import timedelta

from core import InstitutionKind, hookimpl
from core.calendar import add_months
from plugins.health_insurance.messages import COVERAGE_ENDING, COVERAGE_TOO_LONG, MESSAGES
from plugins.health_insurance.schemas import MAX_PAID_MONTHS
from plugins.health_insurance.services import SERVICES

KIND = "health_insurance"

#: Remind the centre two weeks before project-paid coverage runs out, so that
#: the person can move to another insurance category without a gap.
REMIND_DAYS_BEFORE_END = 14


@hookimpl
def referral_hub_institution_kinds():
    return [
        InstitutionKind(
            code=KIND,
            name={
                "en": "County health insurance house (CJAS)",
                "ro": "Casa Județeană de Asigurări de Sănătate (CJAS)",
                "cs": "Krajská zdravotní pojišťovna (CJAS)",
                "uk": "Повітова каса медичного страхування (CJAS)",
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
def referral_hub_veto_transition(service, to_status, data):
    if service.kind != KIND or to_status != "completed":
        return None
    if service.code == "project_paid_contributions":
        paid_from, paid_until = data.get("paid_from"), data.get("paid_until")
        if paid_from is None or paid_until is None:
            return None  # the outcome schema already reports the missing dates
        if paid_until > add_months(paid_from, MAX_PAID_MONTHS):
            return COVERAGE_TOO_LONG
    return None


@hookimpl
def referral_hub_referral_status_changed(service, event, outcome, timeline, reminders):
    if service.kind != KIND or event.to_status != "completed":
        return
    if service.code == "project_paid_contributions":
        ends_on = outcome["paid_until"]
        remind_on = ends_on - timedelta(days=REMIND_DAYS_BEFORE_END)
        timeline.record(
            "paid_coverage_ends",
            {"coverage_ends_on": ends_on.isoformat(), "remind_on": remind_on.isoformat()},
            note=f"Project-paid health insurance ends on {ends_on.isoformat()}; "
            f"remind on {remind_on.isoformat()}.",
        )
        reminders.schedule("coverage_ends", on=remind_on, title=COVERAGE_ENDING)
    elif service.code == "insured_enrolment":
        insured_from, insured_until = outcome["insured_from"], outcome.get("insured_until")
        timeline.record(
            "insured",
            {
                "insured_from": insured_from.isoformat(),
                "insured_until": insured_until.isoformat() if insured_until else None,
            },
            note=f"Insured from {insured_from.isoformat()}"
            + (f" until {insured_until.isoformat()}." if insured_until else "."),
        )
