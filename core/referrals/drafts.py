"""Correcting a draft referral before it is sent: its form, priority, note and consent.

Once sent, the receiving institution works from what it received, so a
referral is editable only while it is a draft, and only by its sending
centre. The rules are those of creation (the plugin's form schema, the
consent that covers the service, the API schema's limits) and of every other
change of a referral (the version read).
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from core.access import Principal, check_referral, referral_side
from core.app import hub
from core.audit import audit
from core.beneficiaries.models import Consent
from core.beneficiaries.service import check_referable, ensure_not_erased
from core.db import db
from core.errors import N_, Conflict, Forbidden
from core.referrals.lifecycle import SENDER, check_version, flush_change
from core.referrals.models import Referral
from core.referrals.service import covering_consent, validate_form

#: the audit action of an edit (its ``changed_fields`` name what changed)
EDIT_DRAFT = "edit_draft"
#: what an edit may change, in the order the history names them
EDITABLE = ("form", "priority", "note", "consent_id")


def is_editable(referral: Referral, side: str | None) -> bool:
    return side == SENDER and referral.status == "draft"


def check_editable(principal: Principal, referral: Referral | None) -> Referral:
    """The caller's centre's draft: 404 where they may not see the referral
    (as reading it), 403 for its receiver, 409 once it is no longer a draft."""
    referral = check_referral(principal, referral)
    if referral_side(principal, referral) != SENDER:
        raise Forbidden(N_("Only the centre that wrote the draft may edit it."))
    if referral.status != "draft":
        raise Conflict(_not_a_draft(referral))
    return referral


def edit_draft(
    principal: Principal, referral: Referral | None, changes: dict[str, Any], version: int | None
) -> list[str]:
    """Apply ``changes`` (loaded by ``DraftEditSchema``) to a draft at
    ``version``; returns the names of the fields that changed.

    Checks, in order: who may see it (404, as reading it), who may edit it
    (403), that it is still a draft (409), the version (428, 412), the form
    and the consent (422). Nothing is changed unless every check passes. The
    caller commits.
    """
    referral = check_editable(principal, referral)
    check_version(referral, version)
    beneficiary = referral.beneficiary
    ensure_not_erased(beneficiary, "beneficiary_id")
    check_referable(beneficiary)
    new = _checked(referral, changes)
    changed = [name for name in EDITABLE if name in new and new[name] != _current(referral, name)]
    if not changed:
        return []
    for name in changed:
        setattr(referral, name, new[name])
    if "consent_id" in changed:
        referral.consent = db.session.get(Consent, new["consent_id"])
    flush_change()  # the UPDATE bumps ``version``
    audit(
        principal,
        EDIT_DRAFT,
        "referral",
        referral.id,
        beneficiary_id=referral.beneficiary_id,
        changed_fields=changed,
    )
    return changed


def _not_a_draft(referral: Referral) -> str:
    if referral.sent_at is None:  # a draft cancelled before it was ever sent
        return N_("This draft was cancelled; it can no longer be edited.")
    return N_("This referral has been sent; it can no longer be edited.")


def _checked(referral: Referral, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as they would be stored, each checked as on creation."""
    service = hub().catalogue.service(referral.service_code)
    new = dict(changes)
    if "form" in new:
        new["form"] = validate_form(service, new["form"])
    if "consent_id" in new:
        new["consent_id"] = covering_consent(referral.beneficiary, service, new["consent_id"]).id
    return new


def _current(referral: Referral, name: str) -> Any:
    # A copy: the stored form is a JSON value that must not change under the comparison.
    return deepcopy(getattr(referral, name))
