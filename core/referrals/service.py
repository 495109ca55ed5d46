"""Creating referrals (form, consent, routing) and reading them."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import contains_eager, joinedload

from core import clock
from core.access import (
    Principal,
    check_beneficiary,
    check_referral,
    referrals_visible_to,
    require_role,
)
from core.app import hub
from core.audit import audit
from core.beneficiaries.models import Beneficiary, Consent
from core.beneficiaries.service import check_referable, ensure_not_erased
from core.catalogue.types import Route, Service
from core.db import db
from core.errors import N_, Invalid, flatten_errors
from core.institutions.models import Institution, Office, working_group_members
from core.referrals.caseload import apply_filters
from core.referrals.lifecycle import transition
from core.referrals.models import Comment, Referral, ReferralEvent
from core.refs import new_reference


def create_referral(principal: Principal, data: dict[str, Any]) -> Referral:
    """Create a referral as a draft and, when ``data["send"]``, send it through
    the lifecycle. The caller commits."""
    require_role(principal, "centre_staff")
    beneficiary, consent, sender = person_and_consent(data["beneficiary_id"], data["consent_id"])
    beneficiary = check_beneficiary(principal, beneficiary)
    ensure_not_erased(beneficiary, "beneficiary_id")
    check_referable(beneficiary)
    service = hub().catalogue.service(data["service"])
    form = validate_form(service, data["form"])
    check_covering(beneficiary, service, consent)
    previous = rejected_referral(principal, beneficiary, data.get("previous_referral_id"))
    if data.get("to_office_id"):
        route = chosen_route(principal, service, data["to_office_id"], previous)
    else:
        route = route_referral(principal, service, beneficiary)
    notify = list(route.notify or route.office.referral_emails)
    # The parties as objects in hand, not ids: the answer names them without reading them.
    referral = Referral(
        reference=new_reference("R"),
        beneficiary=beneficiary,
        service_code=service.full_code,
        form=form,
        consent=consent,
        priority=data["priority"],
        status="draft",
        note=data.get("note"),
        from_institution=sender,
        created_by=principal.user_id,
        to_institution=route.office.institution,
        to_office=route.office,
        previous_referral_id=previous.id if previous else None,
        created_at=clock.now(),
    )
    referral.routed = (route.office.id, tuple(notify))
    db.session.add(referral)
    # The draft alone: its event and audit row go with the send's, one INSERT per table.
    db.session.flush()
    db.session.add(
        ReferralEvent(
            referral_id=referral.id,
            kind="transition",
            to_status="draft",
            at=referral.created_at,
            actor_user_id=principal.user_id,
            actor_institution_id=principal.institution_id,
            data={"notify": notify},
            source=principal.source,
        )
    )
    audit(principal, "create", "referral", referral.id, beneficiary_id=beneficiary.id)
    if data["send"]:
        transition(principal, referral, "requested", expected_version=referral.version)
    return referral


def person_and_consent(
    beneficiary_id: str, consent_id: str
) -> tuple[Beneficiary | None, Consent | None, Institution | None]:
    """The person, their consent ``consent_id`` (None when it is not theirs) and
    the centre that registered them, in one statement; the caller checks them."""
    row = db.session.execute(
        select(Beneficiary, Consent, Institution)
        .join(Institution, Institution.id == Beneficiary.registered_by)
        .outerjoin(
            Consent, and_(Consent.id == consent_id, Consent.beneficiary_id == Beneficiary.id)
        )
        .where(Beneficiary.id == beneficiary_id)
    ).first()
    return (row[0], row[1], row[2]) if row else (None, None, None)


def validate_form(service: Service, form: dict[str, Any]) -> dict[str, Any]:
    schema = service.form_schema()
    try:
        return schema.dump(schema.load(form))
    except ValidationError as exc:
        raise Invalid(
            N_("The referral form is incomplete or invalid."),
            errors=flatten_errors(exc.messages, "form"),
        ) from None


def covering_consent(beneficiary: Beneficiary, service: Service, consent_id: str) -> Consent:
    """The person's consent ``consent_id`` if it covers the service's kind; 422 otherwise."""
    consent = db.session.get(Consent, consent_id)
    if consent is not None and consent.beneficiary_id != beneficiary.id:
        consent = None
    return check_covering(beneficiary, service, consent)


def check_covering(beneficiary: Beneficiary, service: Service, consent: Consent | None) -> Consent:
    """``consent`` (the person's own, or None) if it covers the service's kind; 422 otherwise."""
    if consent is None or consent.beneficiary_id != beneficiary.id:
        raise Invalid(
            N_("No such consent for this beneficiary."),
            errors={"consent_id": [N_("Unknown consent.")]},
        )
    if not consent.covers(service.kind):
        if consent.withdrawn_at:
            detail = N_(
                "The consent was withdrawn; record a consent that covers this service first."
            )
            message = N_("The consent was withdrawn.")
        else:
            detail = N_("The consent does not cover this service; record one that covers it first.")
            message = N_("The consent does not cover this service.")
        raise Invalid(detail, errors={"consent_id": [message]})
    return consent


def route_referral(principal: Principal, service: Service, beneficiary: Beneficiary) -> Route:
    """Ask the plugins which office receives the referral, among the offices of
    the sender's working groups that offer the service's institution kind."""
    offices = list(
        db.session.scalars(candidate_offices(principal.institution_id, service.kind)).unique()
    )
    route = hub().plugins.hook.referral_hub_route_referral(
        service=service, beneficiary=beneficiary, offices=offices
    )
    if route is None or route.office not in offices:
        place = f"{beneficiary.locality}, {beneficiary.county}"
        raise Invalid(
            f"No {service.kind} office in your working group covers {place}.",
            errors={
                "beneficiary.county": [N_("No office offering this service covers this county.")]
            },
        )
    return route


def rejected_referral(
    principal: Principal, beneficiary: Beneficiary, referral_id: str | None
) -> Referral | None:
    """The rejected referral that a new one makes again: the caller's centre's,
    of the same person; 422 otherwise."""
    if referral_id is None:
        return None
    previous = db.session.get(Referral, referral_id)
    if (
        previous is None
        or previous.from_institution_id != principal.institution_id
        or previous.beneficiary_id != beneficiary.id
    ):
        raise Invalid(
            N_("No such referral of this person from your centre."),
            errors={"previous_referral_id": [N_("Unknown referral.")]},
        )
    if previous.status != "rejected":
        raise Invalid(
            N_("Only a rejected referral is made again; this one was not rejected."),
            errors={"previous_referral_id": [N_("Not a rejected referral.")]},
        )
    return previous


def chosen_route(
    principal: Principal, service: Service, office_id: str, previous: Referral | None
) -> Route:
    """The office the sender chose instead of the plugin's routing: one the
    routing could have chosen (an active office of the service's kind in the
    sender's working groups), and not the one that rejected the person."""
    offices = db.session.scalars(candidate_offices(principal.institution_id, service.kind)).unique()
    office = next((o for o in offices if o.id == office_id), None)
    if office is None:
        raise Invalid(
            N_("Choose an office that offers this service in your working group."),
            errors={"to_office_id": [N_("This office does not receive this service.")]},
        )
    if previous is not None and previous.to_office_id == office.id:
        raise Invalid(
            N_("This office rejected the referral; choose another office."),
            errors={"to_office_id": [N_("The office that rejected the referral.")]},
        )
    return Route(office=office)


def candidate_offices(sender_institution_id: str | None, kind: str) -> Select:
    sender_groups = select(working_group_members.c.working_group_id).where(
        working_group_members.c.institution_id == sender_institution_id
    )
    peers = select(working_group_members.c.institution_id).where(
        working_group_members.c.working_group_id.in_(sender_groups)
    )
    return (
        select(Office)
        .join(Office.institution)
        .where(
            Institution.kind == kind, Institution.active, Office.active, Institution.id.in_(peers)
        )
        # in the same statement: the institution names the answer shows, and the
        # contact points the routing reads (call ``.unique()`` on the result)
        .options(contains_eager(Office.institution), joinedload(Office.contacts))
        .order_by(Office.id)
    )


# --- reading -------------------------------------------------------------------


def get_referral(principal: Principal, referral_id: str) -> Referral:
    referral = check_referral(principal, db.session.get(Referral, referral_id))
    audit(principal, "read", "referral", referral.id, beneficiary_id=referral.beneficiary_id)
    return referral


def list_query(principal: Principal, filters: dict[str, Any]) -> Select:
    """The caller's referrals narrowed by ``filters`` (:mod:`core.referrals.caseload`)."""
    return apply_filters(principal, referrals_visible_to(principal, select(Referral)), filters)


def events(referral: Referral) -> Select:
    return select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)


def comments(referral: Referral) -> Select:
    return select(Comment).where(Comment.referral_id == referral.id)


def add_comment(principal: Principal, referral: Referral, body: str) -> Comment:
    comment = Comment(
        referral_id=referral.id,
        author_user_id=principal.user_id,
        author_institution_id=principal.institution_id,
        body=body,
        created_at=clock.now(),
    )
    db.session.add(comment)
    db.session.flush()
    audit(principal, "comment", "referral", referral.id, beneficiary_id=referral.beneficiary_id)
    return comment
