"""School inspectorate plugin: the county school inspectorate (ISJ) and the county
resource and educational assistance centre (CJRAE).

Both are institutions of kind ``schools``. Counselling goes to the CJRAE, every
other service to the ISJ; an institution is taken for a CJRAE when its slug
contains "cjrae" (e.g. ``cjrae-timis``). Where a county has only one of them,
the other's services go to it too (the core's fallback), and it forwards them.
"""

from __future__ import annotations

from datetime import date

from core import InstitutionKind, Route, hookimpl
from core.routing import offices_covering
from plugins.schools.services import CHILD_SERVICES, CJRAE_SERVICES, KIND, SERVICES

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
    wants_cjrae = service.code in CJRAE_SERVICES
    # Match coverage within the right institution first: a locality office of
    # the ISJ must not beat the county-wide CJRAE office for counselling.
    own = [o for o in offices if _is_cjrae(o) == wants_cjrae]
    covering = offices_covering(own, beneficiary.county, beneficiary.locality)
    return Route(office=covering[0]) if covering else None


@hookimpl
def referral_hub_veto_transition(referral, service, beneficiary, to_status):
    if service.kind != KIND or to_status != "requested":
        return None
    if service.code in CHILD_SERVICES:
        on = referral.created_at.date()
        if age_on(beneficiary.date_of_birth, on) >= ADULT_AGE:
            return (
                f"This service is for children, and the beneficiary was {ADULT_AGE} or older on "
                f"{on.isoformat()}. Refer adults to adult education or the labour agency instead."
            )
    if service.code == "school_enrolment" and beneficiary.household_head_id is None:
        return (
            "Link the child to the household head first: the school needs the parent or "
            "guardian who enrols the child."
        )
    return None


@hookimpl
def referral_hub_referral_status_changed(service, event, timeline):
    if service.kind != KIND or event.to_status != "completed":
        return
    outcome = event.data
    if service.code == "school_enrolment":
        timeline.record(
            "enrolled",
            {
                "school_name": outcome["school_name"],
                "grade": outcome["grade"],
                "class_start_date": as_date(outcome["class_start_date"]).isoformat(),
            },
        )
    elif service.code == "romanian_preparatory_course":
        start = as_date(outcome["start_date"])
        # The course lasts one school year; then the child should join a regular class.
        timeline.record(
            "preparatory_course_started",
            {
                "course_group": outcome["course_group"],
                "start_date": start.isoformat(),
                "enrolment_check_on": _add_years(start, 1).isoformat(),
            },
            note="Check that the child moves on to a regular class after the course.",
        )


def as_date(value) -> date:
    """A date from outcome data, which may come as an ISO string or already loaded."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years of age on ``day``."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _is_cjrae(office) -> bool:
    return "cjrae" in office.institution.slug.casefold()
