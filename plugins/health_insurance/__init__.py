"""The county health insurance house (CJAS, Casa Județeană de Asigurări de Sănătate).

Enrolment as an insured person, health insurance contributions paid by the
integration project (six months at most) and family-doctor registration.
Referrals go to the house of the person's county through the core's routing.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from core import InstitutionKind, hookimpl
from plugins.health_insurance.schemas import MAX_PAID_MONTHS
from plugins.health_insurance.services import SERVICES

KIND = "health_insurance"

#: Remind the centre two weeks before project-paid coverage runs out, so that
#: the person can move to another insurance category without a gap.
REMIND_DAYS_BEFORE_END = 14


def _as_date(value: date | str | None) -> date | None:
    """Outcome dates arrive as ``date`` objects or ISO strings, depending on the caller."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@hookimpl
def referral_hub_institution_kinds():
    return [
        InstitutionKind(
            code=KIND,
            name={
                "en": "County health insurance house (CJAS)",
                "ro": "Casa Județeană de Asigurări de Sănătate (CJAS)",
                "cs": "Zdravotní pojišťovna (CJAS)",
            },
        )
    ]


@hookimpl
def referral_hub_services():
    return list(SERVICES)


@hookimpl
def referral_hub_veto_transition(service, to_status, data):
    if service.kind != KIND or to_status != "completed":
        return None
    if service.code == "project_paid_contributions":
        paid_from, paid_until = _as_date(data.get("paid_from")), _as_date(data.get("paid_until"))
        if paid_from is None or paid_until is None:
            return None  # the outcome schema already reports the missing dates
        latest = add_months(paid_from, MAX_PAID_MONTHS)
        if paid_until > latest:
            return (
                f"Project-paid coverage is capped at {MAX_PAID_MONTHS} months: a period "
                f"starting on {paid_from.isoformat()} must end by {latest.isoformat()}, "
                f"not {paid_until.isoformat()}. Correct the paid-until date."
            )
    return None


@hookimpl
def referral_hub_referral_status_changed(service, event, timeline):
    if service.kind != KIND or event.to_status != "completed":
        return
    data = event.data or {}
    if service.code == "project_paid_contributions":
        ends_on = _as_date(data["paid_until"])
        remind_on = ends_on - timedelta(days=REMIND_DAYS_BEFORE_END)
        timeline.record(
            "paid_coverage_ends",
            {"coverage_ends_on": ends_on.isoformat(), "remind_on": remind_on.isoformat()},
            note=f"Project-paid health insurance ends on {ends_on.isoformat()}; "
            f"remind on {remind_on.isoformat()}.",
        )
    elif service.code == "insured_enrolment":
        insured_from = _as_date(data["insured_from"])
        insured_until = _as_date(data.get("insured_until"))
        timeline.record(
            "insured",
            {"insured_from": _iso(insured_from), "insured_until": _iso(insured_until)},
            note=f"Insured from {insured_from.isoformat()}"
            + (f" until {insured_until.isoformat()}." if insured_until else "."),
        )
