"""Who may see and do what. The one access policy of the hub.

Every entry point turns its caller into a :class:`Principal` and asks this
module. Objects of another institution are reported as not found, so that
their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, and_, select

from core.beneficiaries.models import RECORD_FIELDS
from core.errors import N_, Forbidden, NotFound

if TYPE_CHECKING:
    from core.beneficiaries.models import Beneficiary
    from core.institutions.models import Office
    from core.referrals.models import Referral

#: Every beneficiary field a service may ask to see (API names).
BENEFICIARY_FIELDS = ("reference", *RECORD_FIELDS, "registered_by")
#: What only the registering centre sees, beside every field above: what the
#: retention job left of an erased record.
SENDER_ONLY_FIELDS = ("birth_year", "erased_at", "restriction")
#: What a receiving officer sees whatever the service: enough to tell referrals apart.
ALWAYS_VISIBLE_TO_RECEIVER = ("id", "reference")


@dataclass(frozen=True)
class Principal:
    """The caller: a user (web session or personal token) or an institution token."""

    role: str
    institution_id: str | None
    user_id: str | None = None
    token_id: str | None = None
    source: str = "api"

    @property
    def key(self) -> str:
        """A stable id for the caller (for idempotency keys)."""
        return self.user_id or f"token:{self.token_id}"


def require_role(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise Forbidden(N_("Your role does not allow this."))


# --- beneficiaries ----------------------------------------------------------


def beneficiaries_visible_to(principal: Principal, query: Select) -> Select:
    """Restrict a beneficiary query to those the caller's centre registered
    (a record merged into another is gone)."""
    from core.beneficiaries.models import Beneficiary

    require_role(principal, "centre_staff")
    return query.where(
        Beneficiary.registered_by == principal.institution_id, Beneficiary.merged_into_id.is_(None)
    )


def check_beneficiary(principal: Principal, beneficiary: Beneficiary | None) -> Beneficiary:
    """The caller's centre's beneficiary; a record merged into another is not
    found any more (only its export still answers, :func:`check_export`)."""
    beneficiary = _own_beneficiary(principal, beneficiary)
    if beneficiary.merged_into_id is not None:
        raise NotFound(N_("No such beneficiary."))
    return beneficiary


def _own_beneficiary(principal: Principal, beneficiary: Beneficiary | None) -> Beneficiary:
    require_role(principal, "centre_staff")
    if beneficiary is None or beneficiary.registered_by != principal.institution_id:
        raise NotFound(N_("No such beneficiary."))
    return beneficiary


def check_export(principal: Principal, beneficiary: Beneficiary | None) -> Beneficiary:
    """Everything held about a person (Art. 15): for the registering centre's
    staff, who answer the person's request, and for admins. A merged record's
    too: it shows where the person's data went."""
    require_role(principal, "centre_staff", "admin")
    if principal.role == "admin":
        if beneficiary is None:
            raise NotFound(N_("No such beneficiary."))
        return beneficiary
    return _own_beneficiary(principal, beneficiary)


# --- referrals ----------------------------------------------------------------


def referral_side(principal: Principal, referral: Referral) -> str | None:
    """ "sender", "receiver" or None: the caller's part in a referral."""
    if (
        principal.role == "centre_staff"
        and referral.from_institution_id == principal.institution_id
    ):
        return "sender"
    # A draft is the sender's alone until it is sent, even once cancelled.
    if (
        principal.role == "agency_officer"
        and referral.to_institution_id == principal.institution_id
        and referral.sent_at is not None
    ):
        return "receiver"
    return None


def referrals_visible_to(principal: Principal, query: Select) -> Select:
    from core.referrals.models import Referral

    require_role(principal, "centre_staff", "agency_officer")
    if principal.role == "centre_staff":
        return query.where(Referral.from_institution_id == principal.institution_id)
    return query.where(
        Referral.to_institution_id == principal.institution_id, Referral.sent_at.is_not(None)
    )


def check_referral(principal: Principal, referral: Referral | None) -> Referral:
    require_role(principal, "centre_staff", "agency_officer")
    if referral is None or referral_side(principal, referral) is None:
        raise NotFound(N_("No such referral."))
    return referral


def may_see_documents(principal: Principal, referral: Referral) -> bool:
    """Whether the caller may read the referral's documents (scans of the
    person's papers): the sender always; the receiver while it may see the
    person, that is not once the consent the referral relied on was withdrawn."""
    side = referral_side(principal, referral)
    return side == "sender" or (side == "receiver" and referral.consent_withdrawn_at is None)


def visible_beneficiary_fields(
    principal: Principal, referral: Referral, service_fields: tuple[str, ...]
) -> tuple[str, ...]:
    """The beneficiary fields the caller may see on this referral (data minimisation).

    Once the referral was cancelled because its consent was withdrawn, the
    receiver has no ground to see the person any more: only what tells the
    referral apart stays.
    """
    if referral_side(principal, referral) == "sender":
        return ("id", *BENEFICIARY_FIELDS, *SENDER_ONLY_FIELDS)
    if referral.consent_withdrawn_at is not None:
        return ALWAYS_VISIBLE_TO_RECEIVER
    return _receiver_fields(service_fields)


def _receiver_fields(service_fields: tuple[str, ...]) -> tuple[str, ...]:
    return (*ALWAYS_VISIBLE_TO_RECEIVER, *with_latin_name(service_fields))


def received_showing(field: str, services: Mapping[str, tuple[str, ...]]):
    """The condition on received referrals whose beneficiary's ``field`` the
    receiving officer may see: :func:`visible_beneficiary_fields` as SQL, so
    that a search over an inbox never matches what the officer may not read.
    ``services`` maps each service code to its ``beneficiary_fields``."""
    from core.referrals.models import Referral

    codes = [code for code, fields in services.items() if field in _receiver_fields(fields)]
    return and_(Referral.consent_withdrawn_at.is_(None), Referral.service_code.in_(codes))


def with_latin_name(fields: tuple[str, ...]) -> tuple[str, ...]:
    """A service that may see the name as written also sees its Latin
    spelling: an officer who cannot read Arabic or Cyrillic script must still
    be able to read, say and match the name to a passport."""
    if "name_latin" in fields or not {"given_name", "family_name"} & set(fields):
        return fields
    last_name = max(i for i, f in enumerate(fields) if f in ("given_name", "family_name"))
    return (*fields[: last_name + 1], "name_latin", *fields[last_name + 1 :])


# --- offices' integration (webhooks) -----------------------------------------------


def check_own_office(principal: Principal, office: Office | None) -> Office:
    """An office of the caller's own institution, whose link to the
    institution's system (its webhook) an agency officer or the institution's
    token manages."""
    require_role(principal, "agency_officer")
    if office is None or office.institution_id != principal.institution_id:
        raise NotFound(N_("No such office."))
    return office


# --- statistics ---------------------------------------------------------------


def stats_scope(principal: Principal) -> list[str] | None:
    """The institutions whose cooperation figures the caller may see; None for all.

    Coordinators see the institutions of the working groups that their own
    institution belongs to; admins see everything.
    """
    from core.db import db
    from core.institutions.models import working_group_members as members

    require_role(principal, "coordinator", "admin")
    if principal.role == "admin":
        return None
    my_groups = select(members.c.working_group_id).where(
        members.c.institution_id == principal.institution_id
    )
    query = select(members.c.institution_id).where(members.c.working_group_id.in_(my_groups))
    return list(db.session.scalars(query.distinct()))
