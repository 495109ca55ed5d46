"""Registering, finding and updating beneficiaries; recording consent."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from core import clock
from core.access import (
    Principal,
    check_beneficiary,
    check_export,
    require_role,
)
from core.app import hub
from core.audit import audit
from core.beneficiaries.households import is_minor_on
from core.beneficiaries.keys import document_key, phone_key
from core.beneficiaries.models import RECORD_FIELDS, Beneficiary, BeneficiaryNameKey, Consent
from core.beneficiaries.names import name_keys, suggest_latin
from core.catalogue.reasons import CONSENT_WITHDRAWN
from core.db import db
from core.errors import N_, Invalid, NotFound, PreconditionFailed
from core.refs import new_reference

if TYPE_CHECKING:
    from core.referrals.models import Referral


def get_beneficiary(principal: Principal, beneficiary_id: str) -> Beneficiary:
    beneficiary = check_beneficiary(principal, db.session.get(Beneficiary, beneficiary_id))
    audit(principal, "read", "beneficiary", beneficiary.id, beneficiary_id=beneficiary.id)
    return beneficiary


def get_for_rights_request(principal: Principal, beneficiary_id: str) -> Beneficiary:
    """The person, for whoever answers their rights request (the registering
    centre's staff, or an admin): their access log and export. Audited."""
    beneficiary = check_export(principal, db.session.get(Beneficiary, beneficiary_id))
    audit(principal, "read", "beneficiary", beneficiary.id, beneficiary_id=beneficiary.id)
    return beneficiary


def find_by_reference(principal: Principal, reference: str) -> Beneficiary:
    """An admin's way to a person (admins see no register): by reference code only."""
    require_role(principal, "admin")
    beneficiary = db.session.scalar(
        select(Beneficiary).where(Beneficiary.reference == reference.strip().upper())
    )
    if beneficiary is None:
        raise NotFound(N_("No person has this reference."))
    return beneficiary


def register_beneficiary(principal: Principal, data: dict[str, Any]) -> Beneficiary:
    require_role(principal, "centre_staff")
    now = clock.now()
    beneficiary = Beneficiary(
        reference=new_reference("B"),
        registered_by=principal.institution_id,
        created_at=now,
        updated_at=now,
    )
    _apply(principal, beneficiary, data)
    db.session.add(beneficiary)
    db.session.flush()
    audit(principal, "create", "beneficiary", beneficiary.id, beneficiary_id=beneficiary.id)
    return beneficiary


def ensure_not_erased(beneficiary: Beneficiary, field: str) -> None:
    """An erased person's record is closed: nothing can be added to it, and
    they cannot be referred (register them anew if they come back)."""
    if beneficiary.erased_at is not None:
        raise Invalid(
            N_("This person's data were erased; register them again if they come back."),
            errors={field: [N_("Erased beneficiary.")]},
        )


def update_beneficiary(
    principal: Principal, beneficiary: Beneficiary, data: dict[str, Any], if_match: int | None
) -> Beneficiary:
    ensure_not_erased(beneficiary, "id")
    if if_match is not None:
        check_version(beneficiary, if_match)
    before = _record(beneficiary)
    _apply(principal, beneficiary, data)
    beneficiary.updated_at = clock.now()
    try:
        db.session.flush()
    except StaleDataError:  # saved by someone else between our read and this write
        raise _changed_meanwhile() from None
    after = _record(beneficiary)
    audit(
        principal,
        "update",
        "beneficiary",
        beneficiary.id,
        beneficiary_id=beneficiary.id,
        changed_fields=[name for name in RECORD_FIELDS if before[name] != after[name]],
    )
    return beneficiary


def _record(beneficiary: Beneficiary) -> dict[str, Any]:
    # Copies: _apply replaces the JSON values, but a copy stays right if it ever mutates them.
    return {name: deepcopy(getattr(beneficiary, name)) for name in RECORD_FIELDS}


def check_version(beneficiary: Beneficiary, expected_version: int) -> None:
    """412 when the record changed since the caller read it (``If-Match``)."""
    if expected_version != beneficiary.version:
        raise _changed_meanwhile()


def _changed_meanwhile() -> PreconditionFailed:
    return PreconditionFailed(N_("The beneficiary changed since you read it; reload it."))


def _apply(principal: Principal, beneficiary: Beneficiary, data: dict[str, Any]) -> None:
    data = dict(data)
    if "household_head_id" in data:
        beneficiary.household_head_id = _household_head(
            principal, beneficiary, data.pop("household_head_id")
        )
    if "household_relationship" in data:
        beneficiary.household_relationship = data.pop("household_relationship")
        _check_relationship(beneficiary)
    beneficiary.household_relationship = _relationship(beneficiary)
    if (doc := data.get("residence_document")) is not None:
        data["residence_document"] = {**doc, "expires_on": doc["expires_on"].isoformat()}
    for key, value in data.items():
        setattr(beneficiary, key, value)
    if not data.get("name_latin") and ("given_name" in data or "family_name" in data):
        beneficiary.name_latin = suggest_latin(
            beneficiary.given_name, beneficiary.family_name, beneficiary.nationality
        )
    index_names(beneficiary)
    beneficiary.document_key = document_key((beneficiary.residence_document or {}).get("number"))
    beneficiary.phone_key = phone_key(beneficiary.phone)


def index_names(beneficiary: Beneficiary) -> None:
    """Keep the person's search keys (``beneficiary_name_keys``) in step with
    their names; erased people have none."""
    wanted = set()
    if beneficiary.erased_at is None:
        wanted = name_keys(beneficiary.given_name, beneficiary.family_name, beneficiary.name_latin)
    with db.session.no_autoflush:  # one UPDATE of the person, one version
        kept = [k for k in beneficiary.name_keys if k.key in wanted]
    beneficiary.name_keys = kept + [
        BeneficiaryNameKey(key=k, registered_by=beneficiary.registered_by)
        for k in sorted(wanted - {k.key for k in kept})
    ]


def _centre_person(principal: Principal, person_id: str, field: str, hint: str) -> Beneficiary:
    """A living record of the caller's centre that another record points to
    (a household head, a guardian); 422 on ``field`` otherwise: the record
    being changed is the caller's, so the other one is an invalid value."""
    person = db.session.get(Beneficiary, person_id)
    if (
        person is None
        or person.registered_by != principal.institution_id
        or person.erased_at
        or person.merged_into_id
    ):
        raise Invalid(N_("No such beneficiary in your centre."), errors={field: [hint]})
    return person


def _household_head(
    principal: Principal, beneficiary: Beneficiary, head_id: str | None
) -> str | None:
    if head_id is None:
        return None
    head = _centre_person(principal, head_id, "household_head_id", N_("Unknown beneficiary."))
    if head.id == beneficiary.id or head.household_head_id is not None:
        raise Invalid(
            N_("A household head must be a beneficiary who heads their own household."),
            errors={"household_head_id": [N_("Choose the head of the household.")]},
        )
    return head.id


def _check_relationship(beneficiary: Beneficiary) -> None:
    """A relationship given is to a head: 422 for a person without one."""
    if beneficiary.household_relationship is not None and beneficiary.household_head_id is None:
        raise Invalid(
            N_("A relationship is to the head of a household: give the household head too."),
            errors={"household_relationship": [N_("Give the household head, or leave this out.")]},
        )


def _relationship(beneficiary: Beneficiary) -> str | None:
    """None without a head (leaving a household ends the relationship); with a
    head and none given, "other", so a v1 client that does not know the field
    still links a member (see DECISIONS)."""
    if beneficiary.household_head_id is None:
        return None
    return beneficiary.household_relationship or "other"


# --- restriction of processing (GDPR Art. 18) -------------------------------------


def restrict(principal: Principal, beneficiary: Beneficiary, reason: str) -> Beneficiary:
    """Restrict the processing of the person's data: kept, but not referred
    and not found by searches. Restricting again updates the reason only."""
    now = clock.now()
    if beneficiary.restricted_at is None:
        beneficiary.restricted_at = now
    beneficiary.restriction_reason = reason
    beneficiary.updated_at = now
    db.session.flush()
    audit(principal, "restrict", "beneficiary", beneficiary.id, beneficiary_id=beneficiary.id)
    return beneficiary


def lift_restriction(principal: Principal, beneficiary: Beneficiary) -> Beneficiary:
    if beneficiary.restricted_at is not None:
        beneficiary.restricted_at = None
        beneficiary.restriction_reason = None
        beneficiary.updated_at = clock.now()
        db.session.flush()
    audit(
        principal, "lift_restriction", "beneficiary", beneficiary.id, beneficiary_id=beneficiary.id
    )
    return beneficiary


def check_referable(beneficiary: Beneficiary) -> None:
    """A restricted person is not referred (created or sent): 422."""
    if beneficiary.restricted_at is not None:
        raise Invalid(
            N_(
                "The processing of this person's data is restricted; lift the restriction"
                " before referring them."
            ),
            errors={"beneficiary_id": [N_("The person's data is restricted.")]},
        )


# --- consent -------------------------------------------------------------------


def record_consent(principal: Principal, beneficiary: Beneficiary, data: dict[str, Any]) -> Consent:
    ensure_not_erased(beneficiary, "beneficiary_id")
    now = clock.now()
    known = hub().catalogue.kinds
    unknown = [k for k in data["institution_kinds"] if k not in known]
    if unknown:
        raise Invalid(
            f"Unknown institution kinds: {', '.join(unknown)}.",
            errors={"institution_kinds": [f"Choose from: {', '.join(sorted(known))}."]},
        )
    if data["given_at"] > now:
        raise Invalid(
            N_("Consent cannot be given in the future."),
            errors={"given_at": [N_("Date is in the future.")]},
        )
    data = {**data, **_guardian(principal, beneficiary, data)}
    consent = Consent(
        beneficiary_id=beneficiary.id, recorded_by=principal.user_id, recorded_at=now, **data
    )
    db.session.add(consent)
    db.session.flush()
    audit(principal, "create", "consent", consent.id, beneficiary_id=beneficiary.id)
    return consent


#: a person who consents for themselves needs no guardian; a law's basis needs no consent
NEEDS_CONSENT = ("written", "oral")
_GUARDIAN_REQUIRED = N_(
    "A child's consent is given by a parent or guardian: choose them or write their name."
)


def _guardian(principal: Principal, person: Beneficiary, data: dict[str, Any]) -> dict[str, Any]:
    """Who consented for the person: checked, and the name as written without the
    spaces around it. A child (under 18 on the day) needs one for a consent; an
    adult may have one (a legal guardian)."""
    day = data["given_at"].astimezone(ZoneInfo(hub().settings.timezone)).date()
    guardian_id, name = data.get("guardian_id"), (data.get("guardian_name") or "").strip()
    if guardian_id:
        _check_guardian(principal, person, guardian_id, day)
    elif not name and data["method"] in NEEDS_CONSENT and is_minor_on(person, day):
        raise Invalid(_GUARDIAN_REQUIRED, errors={"guardian_id": [_GUARDIAN_REQUIRED]})
    return {"guardian_id": guardian_id or None, "guardian_name": name or None}


def _check_guardian(principal: Principal, person: Beneficiary, guardian_id: str, day: date) -> None:
    guardian = _centre_person(
        principal,
        guardian_id,
        "guardian_id",
        N_("Choose a person of your centre, or write their name."),
    )
    if guardian.id == person.id:
        raise Invalid(
            N_("A person does not consent for themselves as their own guardian."),
            errors={"guardian_id": [N_("Choose someone else, or leave this out.")]},
        )
    if is_minor_on(guardian, day):
        raise Invalid(
            N_("A parent or guardian who consents for someone must be an adult."),
            errors={"guardian_id": [N_("Choose an adult.")]},
        )
    if guardian.restricted_at is not None:
        raise Invalid(
            N_("The processing of the chosen guardian's data is restricted; write their name."),
            errors={"guardian_id": [N_("The person's data is restricted.")]},
        )


@dataclass
class Withdrawal:
    """What withdrawing a consent did: the consent, the open referrals the hub
    cancelled, and those that stay open because another consent covers them."""

    consent: Consent
    cancelled: list[Referral] = field(default_factory=list)
    still_covered: list[Referral] = field(default_factory=list)


def withdraw_consent(principal: Principal, consent_id: str) -> Withdrawal:
    """Withdraw a consent and stop what relied on it, in the caller's transaction.

    Each open referral that relied on it moves to another valid consent (or
    legal basis) of the person that covers its institution kind, or, when
    there is none, is cancelled by the hub (source ``system``, reason
    ``consent_withdrawn``) through the lifecycle, which tells the receiving
    office. Withdrawing again changes nothing more.
    """
    from core.referrals.lifecycle import OPEN, SYSTEM, transition
    from core.referrals.models import Referral

    consent = db.session.get(Consent, consent_id)
    beneficiary = check_beneficiary(principal, consent.beneficiary if consent else None)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = clock.now()
    audit(principal, "withdraw", "consent", consent.id, beneficiary_id=beneficiary.id)
    result = Withdrawal(consent)
    relying = db.session.scalars(
        select(Referral)
        .where(
            Referral.consent_id == consent.id,
            Referral.beneficiary_id == beneficiary.id,
            Referral.status.in_(OPEN),
        )
        .order_by(Referral.id)
    ).all()
    for referral in relying:
        kind = referral.to_institution.kind
        other = next((c for c in beneficiary.consents if c.covers(kind)), None)
        if other is not None:
            referral.consent = other
            db.session.flush()
            audit(principal, "update", "referral", referral.id, beneficiary_id=beneficiary.id)
            result.still_covered.append(referral)
            continue
        # The staff member's withdrawal, the hub's move: the event says "system",
        # the audit log who asked and how.
        transition(
            principal,
            referral,
            "cancelled",
            expected_version=referral.version,
            reason_code=CONSENT_WITHDRAWN.code,
            source=SYSTEM,
        )
        result.cancelled.append(referral)
    return result
