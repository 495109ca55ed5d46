"""Immigration plugin: the county office of the General Inspectorate for Immigration
(IGI, Serviciul pentru Imigrări al județului).

Referrals go to the office covering the beneficiary's county and locality (the
core's fallback routing). The plugin checks the outcomes that the law bounds
(a permit must still be valid, the integration programme lasts at most 12
months) and puts the renewal deadline on the timeline. The office's case
system reports progress in its status codes (``services.py``, ``*_CODES``:
"CERERE_INREGISTRATA", "PERMIS_EMIS", ...).
"""

from __future__ import annotations

from datetime import timedelta

from core import InstitutionKind, hookimpl
from core.calendar import add_months
from plugins.immigration.messages import (
    MESSAGES,
    PERMIT_EXPIRED,
    PROGRAMME_TOO_LONG,
    RENEWAL_DUE,
)
from plugins.immigration.services import (
    INTEGRATION_PROGRAMME_MAX_MONTHS,
    KIND,
    RENEWAL_DEADLINE_DAYS,
    SERVICES,
)

#: The centre is reminded two weeks before the renewal deadline.
RENEWAL_REMINDER_LEAD_DAYS = 14


@hookimpl
def referral_hub_institution_kinds():
    return [
        InstitutionKind(
            code=KIND,
            name={
                "en": "County immigration office (General Inspectorate for Immigration)",
                "ro": "Serviciul pentru Imigrări al județului (Inspectoratul General pentru "
                "Imigrări)",
                "cs": "Krajský odbor Generálního inspektorátu pro imigraci",
                "uk": "Повітовий відділ імміграції (Генеральний інспекторат з питань імміграції)",
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
def referral_hub_veto_transition(referral, service, to_status, data):
    if service.kind != KIND or to_status != "completed":
        return None
    if service.code == "residence_permit":
        # The hook has no clock: the day the referral was sent is the earliest
        # the permit can have been issued, so a permit must outlive it.
        sent_on = (referral.sent_at or referral.created_at).date()
        if data["valid_until"] <= sent_on:
            return PERMIT_EXPIRED
    if service.code == "integration_programme":
        start, end = data["programme_start"], data["programme_end"]
        if end > add_months(start, INTEGRATION_PROGRAMME_MAX_MONTHS):
            return PROGRAMME_TOO_LONG
    return None


@hookimpl
def referral_hub_referral_status_changed(referral, service, event, outcome, timeline, reminders):
    if service.kind != KIND or event.to_status != "completed":
        return
    if service.code == "residence_permit":
        valid_until = outcome["valid_until"]
        apply_by = valid_until - timedelta(days=RENEWAL_DEADLINE_DAYS)
        remind_on = apply_by - timedelta(days=RENEWAL_REMINDER_LEAD_DAYS)
        timeline.record(
            "permit_issued",
            {
                "valid_until": valid_until.isoformat(),
                "apply_for_renewal_by": apply_by.isoformat(),
                "remind_on": remind_on.isoformat(),
            },
            note=f"Apply for the renewal at least {RENEWAL_DEADLINE_DAYS} days before the "
            "permit expires.",
        )
        reminders.schedule("permit_renewal", on=remind_on, title=RENEWAL_DUE)
    elif service.code == "change_of_address":
        timeline.record(
            "address_changed",
            {
                "date_recorded": outcome["date_recorded"].isoformat(),
                "new_locality": referral.form.get("new_locality"),
            },
            note="Update the beneficiary's locality in the hub.",
        )
    elif service.code == "integration_programme":
        timeline.record(
            "integration_programme_enrolled",
            {
                "programme_start": outcome["programme_start"].isoformat(),
                "programme_end": outcome["programme_end"].isoformat(),
            },
        )
