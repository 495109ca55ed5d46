"""Applying an institution's status update: who may send one, what its code
means, and the one transition function that makes the move."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from core import clock
from core.access import Principal, check_referral, require_role
from core.app import hub
from core.catalogue.types import InboundStatus, Service
from core.db import db
from core.errors import N_, Forbidden, Invalid
from core.idempotency import body_hash, check_same_body
from core.inbound.models import InboundEvent
from core.inbound.schemas import StatusUpdateResultSchema
from core.referrals.lifecycle import implied_receipt, transition
from core.referrals.models import Referral, ReferralEvent

#: The source of the moves an institution's system makes (DESIGN.md's word).
SOURCE = "callback"

_RESULT = StatusUpdateResultSchema()


def check_caller(caller: Principal) -> Principal:
    """The institution's system, as the principal its moves are made by: an
    institution token of a receiving institution (never a person's token)."""
    if caller.user_id is not None:
        raise Forbidden(
            N_(
                "Status updates come from an institution's own system;"
                " use an institution token, not a personal token."
            )
        )
    require_role(caller, "agency_officer")
    return replace(caller, source=SOURCE)


def answered(institution_id: str, update: Mapping[str, Any], body: Any) -> InboundEvent | None:
    """The stored answer to an update this institution sent before, or None.
    The same event id with another body is a 422 (``core.idempotency``'s rule)."""
    record = db.session.scalar(
        select(InboundEvent).where(
            InboundEvent.institution_id == institution_id,
            InboundEvent.event_id == update["event_id"],
        )
    )
    if record is not None:
        check_same_body(
            record.body_hash,
            body,
            field="event_id",
            detail=N_("This event_id was sent before with a different body; use a new event_id."),
        )
    return record


def apply_update(caller: Principal, update: Mapping[str, Any], body: Any) -> InboundEvent:
    """Apply one update and return its record, whose response is the answer.

    The referral must have been sent to the caller's institution (else 404);
    the code is mapped by the plugins (unknown: 422 listing the known codes);
    the move goes through :func:`~core.referrals.lifecycle.transition` at the
    referral's current version. Everything is added to the caller's
    transaction; the caller commits.
    """
    referral = check_referral(caller, db.session.get(Referral, update["referral_id"]))
    service = hub().catalogue.service(referral.service_code)
    mapped = _mapped(service, referral, update["code"], update["data"])
    record = InboundEvent(
        institution_id=caller.institution_id,
        event_id=update["event_id"],
        body_hash=body_hash(body),
        referral_id=referral.id,
        code=update["code"],
        occurred_at=update.get("occurred_at"),
        response_status=200,
        response_body={},
        created_at=clock.now(),
    )
    db.session.add(record)
    # Claim the event id before touching the referral: a duplicate sent at the
    # same time then waits on this row and gets the stored answer, instead of
    # failing on the referral's version.
    db.session.flush()
    from_status = referral.status
    events = _move(caller, referral, mapped, update)
    record.response_body = _RESULT.dump(
        {
            "event_id": record.event_id,
            "referral_id": referral.id,
            "reference": referral.reference,
            "code": record.code,
            "from_status": from_status,
            "status": referral.status,
            "version": referral.version,
            "events": [event.id for event in events],
        }
    )
    return record


def _mapped(service: Service, referral: Referral, code: str, data: dict) -> InboundStatus:
    mapped = hub().plugins.hook.referral_hub_inbound_status(
        service=service, referral=referral, code=code, data=data
    )
    if mapped is not None:
        return mapped
    known = [status.code for status in service.inbound_statuses]
    if not known:
        raise Invalid(
            N_("This service takes no status updates from the institution's system."),
            errors={"code": [N_("No status code is known for this service.")]},
            known_codes=known,
        )
    # The known codes are the caller's answer; an API client reads them (English only).
    raise Invalid(
        f"Unknown status code {code!r} for service {service.full_code}; "
        f"known codes: {', '.join(known)}.",
        errors={"code": [f"One of: {', '.join(known)}."]},
        known_codes=known,
    )


def _move(
    caller: Principal, referral: Referral, mapped: InboundStatus, update: Mapping[str, Any]
) -> list[ReferralEvent]:
    """The transitions the update makes: none when the referral is already in
    the status, else through :func:`transition` (the caller does not know our
    version, so the current one is used)."""
    if referral.status == mapped.to_status:
        return []
    events = [
        transition(caller, referral, step, expected_version=referral.version)
        for step in _implied_steps(referral.status, mapped.to_status)
    ]
    events.append(
        transition(
            caller,
            referral,
            mapped.to_status,
            expected_version=referral.version,
            reason_code=mapped.reason_code,
            note=update.get("note"),
            data=_outcome(mapped, update["data"]),
        )
    )
    return events


def _implied_steps(status: str, to_status: str) -> list[str]:
    """An institution that decides on a referral has received it: the receipt
    that :func:`transition` would imply is made here as its own call, so that
    the answer lists both events. Nothing else is implied."""
    return ["received"] if implied_receipt(status, to_status) else []


def _outcome(mapped: InboundStatus, data: dict[str, Any]) -> dict[str, Any]:
    """The caller's data with the fields the code settles; a contradiction is a 422."""
    settled = dict(mapped.data or {})
    clashes = {
        f"data.{name}": [N_("The status code settles this field; leave it out.")]
        for name, value in settled.items()
        if name in data and data[name] != value
    }
    if clashes:
        raise Invalid(N_("The data contradicts the status code."), errors=clashes)
    return {**data, **settled}
