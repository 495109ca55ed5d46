"""How a referral changes status: the graph, and the one function that moves it.

The graph follows FHIR R4 ``Task.status``. Every entry point (API, web UI,
inbound callbacks, CLI) calls :func:`transition`; nowhere else writes
``Referral.status``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import ColumnElement, and_, case
from sqlalchemy.orm.exc import StaleDataError

from core import clock
from core.access import Principal, referral_side
from core.app import hub
from core.audit import audit
from core.beneficiaries.service import check_referable
from core.catalogue.reasons import CONSENT_WITHDRAWN
from core.catalogue.types import REASONED_STATUSES, Service, localize
from core.db import db
from core.errors import (
    N_,
    Conflict,
    Invalid,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    flatten_errors,
)
from core.notifications.announce import announce
from core.notifications.reminders import Reminders, cancel_reminders
from core.referrals.models import Referral, ReferralEvent
from core.referrals.timeline import Timeline
from core.stats import rollup

SENDER, RECEIVER = "sender", "receiver"
#: The source of the moves the hub makes itself (e.g. cancelling on a withdrawn consent).
SYSTEM = "system"

#: from status -> {to status: the side that may make the move}
MOVES: dict[str, dict[str, str]] = {
    "draft": {"requested": SENDER, "cancelled": SENDER},
    # Accepting or rejecting a requested referral records its receipt first
    # (:func:`implied_receipt`): one step for the officer, both in the history.
    "requested": {
        "received": RECEIVER,
        "accepted": RECEIVER,
        "rejected": RECEIVER,
        "cancelled": SENDER,
    },
    "received": {"accepted": RECEIVER, "rejected": RECEIVER, "cancelled": SENDER},
    "accepted": {"in-progress": RECEIVER, "on-hold": RECEIVER, "cancelled": SENDER},
    "in-progress": {
        "on-hold": RECEIVER,
        "completed": RECEIVER,
        "failed": RECEIVER,
        "cancelled": SENDER,
    },
    "on-hold": {
        "accepted": RECEIVER,
        "in-progress": RECEIVER,
        "failed": RECEIVER,
        "cancelled": SENDER,
    },
}
STATUSES = (
    "draft",
    *[s for s in MOVES if s != "draft"],
    "completed",
    "failed",
    "rejected",
    "cancelled",
)
TERMINAL = frozenset({"completed", "failed", "rejected", "cancelled"})
ENDED_WITHOUT_SERVICE = TERMINAL - {"completed"}
OPEN = tuple(s for s in STATUSES if s not in TERMINAL)
#: waiting for the receiving institution's answer / in its hands until done
AWAITING_RESPONSE = ("requested", "received")
IN_HAND = ("accepted", "in-progress", "on-hold")


def allowed_moves(status: str, side: str | None) -> list[str]:
    return sorted(to for to, who in MOVES.get(status, {}).items() if who == side)


def implied_receipt(status: str, to_status: str) -> bool:
    """Whether the move is a decision made straight from ``requested``, which
    records the receipt (``requested`` → ``received``) before it."""
    return status == "requested" and to_status in MOVES["received"] and to_status != "cancelled"


# "Overdue" is derived, never stored: the same rule for one row and for a query.
# The query reads the stored next due date (``due_on``, kept by ``_apply``), which an
# index serves; the row's rule reads the dates it comes from.
def is_overdue(referral: Referral, today: date) -> bool:
    due = due_on(referral)
    return due is not None and due < today


def due_on(referral: Referral) -> date | None:
    """The date the next step is due: the response while awaiting it, the
    completion while in the institution's hands, none once closed."""
    if referral.status in AWAITING_RESPONSE:
        return referral.respond_by
    if referral.status in IN_HAND:
        return referral.complete_by
    return None


def due_expression() -> ColumnElement[date | None]:
    """:func:`due_on` computed in SQL from the row's status and dates, for loads
    that write referrals in bulk without ``transition()`` (the benchmarks)."""
    return case(
        (Referral.status.in_(AWAITING_RESPONSE), Referral.respond_by),
        (Referral.status.in_(IN_HAND), Referral.complete_by),
        else_=None,
    )


def due_clause() -> ColumnElement[date | None]:
    """:func:`due_on` as a column, to sort lists by what is due first."""
    return Referral.next_due_on


def overdue_clause(today: date) -> ColumnElement[bool]:
    """:func:`is_overdue` as a condition: only open referrals have a next due date.
    Never NULL, so that its negation holds for the referrals without one."""
    return and_(Referral.next_due_on.is_not(None), Referral.next_due_on < today)


def transition(
    principal: Principal,
    referral: Referral,
    to_status: str,
    *,
    expected_version: int | None,
    reason_code: str | None = None,
    note: str | None = None,
    data: dict[str, Any] | None = None,
    source: str | None = None,
) -> ReferralEvent:
    """Move ``referral`` to ``to_status`` on behalf of ``principal``.

    Checks, in order: the caller's side, the graph (409 with the allowed
    moves), the version (428 missing, 412 stale), the reason code and the
    outcome data (422), the plugins' veto (422). Then writes the change, the
    event, the plugins' timeline facts and reminders, the audit row and the
    notifications (the outbox) in the caller's transaction; the caller commits.

    A decision straight from ``requested`` (:func:`implied_receipt`) first
    records the receipt as a move of its own (event, version, announcement),
    so the history reads ``received`` and then the decision.
    """
    side = referral_side(principal, referral)
    if side is None:
        raise NotFound(N_("No such referral."))
    allowed = allowed_moves(referral.status, side)
    if to_status not in allowed:
        raise Conflict(
            N_(
                "You cannot make this move from the referral's current status;"
                " reload it to see the moves you can make."
            ),
            allowed=allowed,
        )
    check_version(referral, expected_version)
    service = hub().catalogue.service(referral.service_code)
    source = source or principal.source
    _check_reason(service, to_status, reason_code, source)
    data = _validated_data(service, to_status, data or {})
    beneficiary = referral.beneficiary
    if to_status == "requested":  # sending a draft refers the person
        check_referable(beneficiary)
    receipt = implied_receipt(referral.status, to_status)
    for step in ("received", to_status) if receipt else (to_status,):
        veto = hub().plugins.hook.referral_hub_veto_transition(
            referral=referral, service=service, beneficiary=beneficiary, to_status=step, data=data
        )
        if veto:
            raise Invalid(veto)

    # Everything is checked: from here on the change is written.
    if receipt:
        _record(principal, referral, service, "received", source=source)
    return _record(
        principal,
        referral,
        service,
        to_status,
        source=source,
        reason_code=reason_code,
        note=note,
        data=data,
    )


def _record(
    principal: Principal,
    referral: Referral,
    service: Service,
    to_status: str,
    *,
    source: str,
    reason_code: str | None = None,
    note: str | None = None,
    data: dict[str, Any] | None = None,
) -> ReferralEvent:
    """Write one checked move: the change, its event (a version of its own), the
    plugins' facts and reminders, the audit row and the announcements."""
    beneficiary = referral.beneficiary
    now = clock.now()
    event = ReferralEvent(
        referral_id=referral.id,
        kind="transition",
        from_status=referral.status,
        to_status=to_status,
        at=now,
        actor_user_id=principal.user_id,
        actor_institution_id=principal.institution_id,
        reason_code=reason_code,
        note=note,
        data=service.outcome_schema().dump(data) if data else {},
        source=source,
    )
    before = rollup.snapshot(referral)
    _apply(referral, principal, to_status, service, now)
    if reason_code == CONSENT_WITHDRAWN.code:
        referral.consent_withdrawn_at = now
    db.session.add(event)
    # before the flush: its row goes in the same INSERT as the other audit rows pending
    audit(principal, "transition", "referral", referral.id, beneficiary_id=referral.beneficiary_id)
    flush_change()
    rollup.record(db.session, before, rollup.snapshot(referral))
    hub().plugins.hook.referral_hub_referral_status_changed(
        referral=referral,
        service=service,
        beneficiary=beneficiary,
        event=event,
        outcome=data or None,
        timeline=Timeline(referral, clock.now, f"plugin:{service.kind}"),
        reminders=Reminders(referral, service.kind),
    )
    if to_status in ENDED_WITHOUT_SERVICE:
        cancel_reminders(referral)
    announce(referral, event)
    return event


REASON_NEEDED = N_("This move needs a reason; give a reason code.")


def check_version(referral: Referral, expected_version: int | None) -> None:
    """Every change of a referral is made at the version its author read:
    428 when they did not say which, 412 when it changed since."""
    if expected_version is None:
        raise PreconditionRequired(
            N_('Send the referral\'s version in If-Match, e.g. If-Match: "3".')
        )
    if expected_version != referral.version:
        raise PreconditionFailed(N_("The referral changed since you read it; reload it."))


def flush_change() -> None:
    """Flush the change; a concurrent save of the same version (the row's
    ``version_id_col``) is the same 412 as a stale ``If-Match``."""
    try:
        db.session.flush()
    except StaleDataError:
        raise PreconditionFailed(
            N_("The referral changed while you were saving; reload it.")
        ) from None


def _check_reason(service: Service, to_status: str, reason_code: str | None, source: str) -> None:
    every = service.reason_codes_for(to_status)
    reasons = every if source == SYSTEM else service.reasons_people_give(to_status)
    if reason_code in {r.code for r in every} - {r.code for r in reasons}:
        raise Invalid(
            N_("Only the hub gives this reason; withdraw the consent instead."),
            errors={"reason_code": [N_("Given by the hub itself.")]},
        )
    # the codes a client may send, with their titles: in the message for a person
    # reading it, and as data (``reason_codes``) for a program and for the web UI
    allowed = [{"code": r.code, "title": localize(r.title, "en")} for r in reasons]
    listed = "; ".join(f"{r['code']} ({r['title']})" for r in allowed)
    if reason_code is None and to_status in REASONED_STATUSES:
        raise Invalid(
            REASON_NEEDED,
            errors={"reason_code": [f"Required; one of: {listed}."]},
            reason_codes=allowed,
        )
    if reason_code is not None and reason_code not in {r.code for r in reasons}:
        hint = f"One of: {listed}." if allowed else N_("No reason code is expected here.")
        raise Invalid(
            f"Unknown reason code {reason_code!r}.",
            errors={"reason_code": [hint]},
            reason_codes=allowed,
        )


def _validated_data(service: Service, to_status: str, data: dict[str, Any]) -> dict[str, Any]:
    """The transition's data loaded by the outcome schema (dates as ``date``)."""
    if to_status != "completed" or service.outcome_schema is None:
        if data:
            raise Invalid(
                N_("This transition carries no data."), errors={"data": [N_("Leave it empty.")]}
            )
        return {}
    schema = service.outcome_schema()
    try:
        loaded = schema.load(data)
    except ValidationError as exc:
        raise Invalid(
            N_("The outcome is incomplete or invalid."), errors=flatten_errors(exc.messages, "data")
        ) from None
    return loaded


def _apply(
    referral: Referral, principal: Principal, to_status: str, service: Service, now: Any
) -> None:
    if to_status == "requested":
        referral.sent_at = now
        referral.respond_by = now.date() + timedelta(days=service.sla.respond_days)
        referral.complete_by = now.date() + timedelta(days=service.sla.complete_days)
    # The institution's response is its decision; acknowledging receipt is not one.
    if to_status in ("accepted", "rejected") and referral.responded_at is None:
        referral.responded_at = now
    if to_status == "received":
        referral.received_at = now
    if to_status == "accepted" and referral.accepted_at is None:
        referral.accepted_at = now
        # The officer who accepts is responsible, unless a colleague already was.
        if referral.assigned_officer_id is None and principal.user_id is not None:
            referral.assigned_officer_id = principal.user_id
    if to_status in TERMINAL:
        referral.closed_at = now
    referral.status = to_status
    referral.next_due_on = due_on(referral)
