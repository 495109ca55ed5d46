"""Referring a person again after a rejection: the new-referral form opened
from the rejected referral, with its answers filled in, the rejection's reason
shown above and a choice of the office to send it to.

The rules are the API's (``core.referrals.service.rejected_referral`` and
``chosen_route``); only ids travel in the URL (``?again=<referral id>``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from core.access import Principal
from core.app import hub
from core.audit import audit
from core.beneficiaries.models import Beneficiary
from core.catalogue.types import Service
from core.db import db
from core.errors import N_, Invalid, NotFound
from core.institutions.models import Office
from core.referrals import service as referrals
from core.referrals.models import Referral, ReferralEvent
from core.web import referral_form
from core.web.forms import form_values, prefilled
from core.web.referral_page import reason_title

#: the input of the office chosen instead of the routing (named as the API's field)
OFFICE_INPUT = "to_office_id"
#: the error summary's names of the inputs this adds
LABELS = {
    OFFICE_INPUT: _l("Send to office"),
    "previous_referral_id": _l("Referred again after"),
}


@dataclass
class Again:
    """What the form shows of the rejected referral it makes again."""

    previous: Referral
    rejected_by: str  # "institution — office"
    reason: str
    note: str
    offices: list[tuple[str, str]]  # (office id, "institution — office"), not the rejecting one


def rejected_of(caller: Principal, person: Beneficiary, referral_id: str) -> Referral:
    """The caller's centre's rejected referral of ``person``; 404 otherwise
    (the id comes from a URL: a wrong one is a page that does not exist)."""
    try:
        previous = referrals.rejected_referral(caller, person, referral_id)
    except Invalid:
        raise NotFound(N_("No such rejected referral of this person from your centre.")) from None
    audit(caller, "read", "referral", previous.id, beneficiary_id=person.id)
    return previous


def values(person: Beneficiary, previous: Referral, service: Service) -> MultiDict:
    """The form as the rejected referral fills it: its answers when the service
    is the same (another service's form starts from the register), its
    priority, and its consent while that still covers the service."""
    if service.full_code == previous.service_code:
        out = form_values(service.form_schema, "form", previous.form)
    else:
        out = prefilled(service.form_schema, "form", person)
    out["priority"] = previous.priority
    if previous.consent_id in {c.id for c in referral_form.consents(person, service)}:
        out["consent_id"] = previous.consent_id
    return out


def again(caller: Principal, previous: Referral, service: Service, chosen: str = "") -> Again:
    """The rejection and the offices that may receive the new referral."""
    rejection = db.session.scalar(
        select(ReferralEvent)
        .where(
            ReferralEvent.referral_id == previous.id,
            ReferralEvent.kind == "transition",
            ReferralEvent.to_status == "rejected",
        )
        .order_by(ReferralEvent.id.desc())
        .limit(1)
    )
    query = referrals.candidate_offices(caller.institution_id, service.kind)
    offices = [
        (office.id, _office_name(office))
        for office in db.session.scalars(query).unique()
        if office.id != previous.to_office_id
    ]
    if chosen == previous.to_office_id:
        # posted anyway: kept, by its name, with the error next to it
        offices.append((chosen, _office_name(previous.to_office)))
    previous_service = hub().catalogue.services.get(previous.service_code)
    return Again(
        previous=previous,
        rejected_by=_office_name(previous.to_office),
        reason=reason_title(previous_service, rejection.reason_code if rejection else None),
        note=(rejection.note or "") if rejection else "",
        offices=offices,
    )


def _office_name(office: Office) -> str:
    return f"{office.institution.name} — {office.name}"
