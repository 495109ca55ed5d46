"""What the referral page shows, for either side: the facts, the beneficiary as
the access policy lets the caller see them, the form and the outcome with the
plugin's labels, the timeline, the comments, and one form per move that the
lifecycle allows the caller.

Nothing here decides a rule: the visible fields come from
``core.access.visible_beneficiary_fields``, the moves from
``core.referrals.lifecycle.allowed_moves``, the reason codes from the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from core import clock
from core.access import Principal, referral_side, visible_beneficiary_fields
from core.app import hub
from core.catalogue.types import REASONED_STATUSES, Service
from core.db import db
from core.errors import Invalid
from core.institutions.models import Institution
from core.referrals.drafts import is_editable
from core.referrals.lifecycle import REASON_NEEDED, allowed_moves, due_on, is_overdue
from core.referrals.models import ASSIGNED, FORWARDED, Comment, Referral, ReferralEvent
from core.referrals.service import comments, events
from core.referrals.titles import status_title
from core.web.answers import Answer, answers, humanize, text
from core.web.forms import FormField, field_labels, form_fields
from core.web.i18n import localized
from core.web.labels import BENEFICIARY_LABELS, beneficiary_value
from core.web.responsibility_panel import (
    Panel,
    responsibility_names,
    responsibility_panel,
    responsibility_title,
)

#: the order in which a side's moves are offered: onward first, then the way out
MOVE_ORDER = (
    "requested",
    "received",
    "accepted",
    "in-progress",
    "completed",
    "on-hold",
    "failed",
    "rejected",
    "cancelled",
)
#: the button of each move (by target status)
BUTTONS = {
    "requested": _l("Send the referral"),
    "received": _l("Confirm receipt"),
    "accepted": _l("Accept"),
    "in-progress": _l("Start work"),
    "completed": _l("Complete"),
    "on-hold": _l("Put on hold"),
    "failed": _l("Close as failed"),
    "rejected": _l("Reject"),
    "cancelled": _l("Cancel the referral"),
}
#: moves out of "on-hold" resume the work rather than start it; the two say
#: where the referral goes back to, so an officer can tell them apart
RESUME_BUTTONS = {
    "accepted": _l("Resume as accepted (work not started yet)"),
    "in-progress": _l("Resume as in progress (work goes on)"),
}
RESUME_HINTS = {
    "accepted": _l("Back to accepted: your institution still has to start the work."),
    "in-progress": _l("Back to in progress: the work that was paused goes on."),
}
#: what each move means, said under its button
HINTS = {
    "requested": _l("The receiving institution sees the referral in its inbox."),
    "received": _l("Tell the centre that your institution has the referral; decide on it next."),
    "accepted": _l("Your institution takes the referral on."),
    "in-progress": _l("Work on the referral has started."),
    "completed": _l("Record the outcome your institution asks for."),
    "on-hold": _l("Work waits for something; say what."),
    "failed": _l("The service could not be given; say why."),
    "rejected": _l("Your institution will not take the referral on; say why."),
    "cancelled": _l("The referral is withdrawn; the institution stops working on it."),
}
#: moves that end the referral badly are shown as such
DANGER = frozenset({"rejected", "failed", "cancelled"})


@dataclass
class Failure:
    """A refused form: which one, what was posted, and why."""

    form: str  # a target status, or "comment"
    submitted: MultiDict
    errors: dict[str, list[str]]
    detail: str = ""


@dataclass
class Action:
    """One move the caller may make, as a form."""

    to: str
    button: str
    hint: str
    danger: bool
    reasons: list[tuple[str, str]]
    reason_required: bool
    outcome: list[FormField] = field(default_factory=list)
    reason: str = ""
    note: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    general_errors: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.general_errors or self.detail)


@dataclass
class Event:
    """One line of the timeline."""

    at: datetime
    title: str
    institution: str = ""
    reason: str = ""
    note: str = ""
    facts: list[Answer] = field(default_factory=list)
    source: str = ""


@dataclass
class Page:
    referral: Referral
    service: Service | None
    side: str
    service_title: str
    due: date | None
    overdue: bool
    beneficiary: list[tuple[str, str]]
    form: list[Answer]
    outcome: list[Answer]
    events: list[Event]
    comments: list[tuple[Comment, str]]
    actions: list[Action]
    editable: bool = False  # the sender may still correct the draft
    summary: dict[str, list[str]] = field(default_factory=dict)
    summary_labels: dict[str, str] = field(default_factory=dict)  # the summary's field names
    detail: str = ""
    comment_body: str = ""
    comment_errors: list[str] = field(default_factory=list)
    responsibility: Panel | None = None
    # the sender's: the rejected referral this one makes again, and this one's successors
    previous: Referral | None = None
    successors: list[Referral] = field(default_factory=list)
    refer_again: bool = False  # the sender may make this rejected referral again


def build_page(caller: Principal, referral: Referral, failure: Failure | None = None) -> Page:
    service = hub().catalogue.services.get(referral.service_code)
    side = referral_side(caller, referral) or ""
    history = list(db.session.scalars(events(referral).order_by(ReferralEvent.id)))
    notes = list(db.session.scalars(comments(referral).order_by(Comment.id)))
    names = _institution_names(
        {e.actor_institution_id for e in history} | {c.author_institution_id for c in notes}
    ) | responsibility_names(history)
    page = Page(
        referral=referral,
        service=service,
        side=side,
        service_title=localized(service.title) if service else referral.service_code,
        due=due_on(referral),
        overdue=is_overdue(referral, clock.today()),
        beneficiary=beneficiary_rows(caller, referral, service),
        form=answers(service.form_schema if service else None, referral.form),
        outcome=_outcome(service, history),
        events=[_event(e, service, names) for e in history],
        comments=[(c, names.get(c.author_institution_id, "")) for c in notes],
        actions=actions(referral, service, side, failure),
        editable=is_editable(referral, side or None),
        responsibility=responsibility_panel(caller, referral, side, failure),
    )
    if side == "sender":
        _referred_again(page)
    if failure is not None:
        _show_failure(page, failure)
        page.summary.update(page.responsibility.summary)
        page.summary_labels.update(page.responsibility.summary_labels)
    return page


def _referred_again(page: Page) -> None:
    """The sender's links between a rejected referral and the ones that make it
    again; the receiver may not see the others (they may have gone elsewhere)."""
    referral = page.referral
    page.previous = referral.previous_referral
    if referral.status == "rejected":
        page.refer_again = referral.beneficiary.erased_at is None  # no new referral then
        page.successors = list(
            db.session.scalars(
                select(Referral)
                .where(Referral.previous_referral_id == referral.id)
                .order_by(Referral.created_at, Referral.id)
            )
        )


# --- the beneficiary ----------------------------------------------------------


def beneficiary_rows(
    caller: Principal, referral: Referral, service: Service | None
) -> list[tuple[str, str]]:
    """(label, value) of each beneficiary field the policy lets the caller see."""
    visible = visible_beneficiary_fields(
        caller, referral, service.beneficiary_fields if service else ()
    )
    person = referral.beneficiary
    rows = []
    for name in visible:
        # The id is in the link; the registering centre is the sender, shown above.
        if name not in BENEFICIARY_LABELS:
            continue
        if name == "household_head_id":
            value = person.household_head.reference if person.household_head else ""
        else:
            value = beneficiary_value(name, getattr(person, name))
        rows.append((str(BENEFICIARY_LABELS[name]), value))
    return rows


# --- history ------------------------------------------------------------------


def _institution_names(ids: set[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    query = select(Institution.id, Institution.name).where(Institution.id.in_(wanted))
    return {row.id: row.name for row in db.session.execute(query)}


def _event(event: ReferralEvent, service: Service | None, names: dict[str, str]) -> Event:
    out = Event(
        at=event.at,
        title="",
        institution=names.get(event.actor_institution_id or "", ""),
        note=event.note or "",
        source=event.source,
    )
    if event.kind in (ASSIGNED, FORWARDED):
        out.title = responsibility_title(event, names)
        return out
    if event.kind == "plugin":
        # A plugin's fact: its code names it, its data are plain values.
        out.title = humanize(event.reason_code or "")
        out.facts = [Answer(humanize(k), text(v)) for k, v in event.data.items()]
        return out
    if event.from_status is None:
        out.title = (
            _("Created as a draft")
            if event.to_status == "draft"
            else status_title(event.to_status or "")
        )
    else:
        out.title = _(
            "%(before)s → %(after)s",
            before=status_title(event.from_status),
            after=status_title(event.to_status or ""),
        )
    out.reason = reason_title(service, event.reason_code)
    return out


def reason_title(service: Service | None, code: str | None) -> str:
    """A reason code's title from its service; a code the service no longer
    lists (a plugin updated or removed) is spelled out, not shown raw."""
    if not code:
        return ""
    for reason in service.reason_codes if service else ():
        if reason.code == code:
            return localized(reason.title)
    return humanize(code)


def _outcome(service: Service | None, history: list[ReferralEvent]) -> list[Answer]:
    done = [e for e in history if e.kind == "transition" and e.to_status == "completed"]
    if not done:
        return []
    return answers(service.outcome_schema if service else None, done[-1].data)


# --- actions ------------------------------------------------------------------


def actions(
    referral: Referral, service: Service | None, side: str, failure: Failure | None
) -> list[Action]:
    moves = sorted(allowed_moves(referral.status, side or None), key=_move_rank)
    return [
        _action(referral, service, to, failure if failure and failure.form == to else None)
        for to in moves
    ]


def _move_rank(to: str) -> int:
    return MOVE_ORDER.index(to) if to in MOVE_ORDER else len(MOVE_ORDER)


def _action(
    referral: Referral, service: Service | None, to: str, failure: Failure | None
) -> Action:
    submitted = failure.submitted if failure else MultiDict()
    errors = failure.errors if failure else {}
    resuming = referral.status == "on-hold"
    button = RESUME_BUTTONS.get(to) if resuming else None
    hint = RESUME_HINTS.get(to) if resuming else None
    codes = service.reasons_people_give(to) if service else ()
    action = Action(
        to=to,
        button=str(button or BUTTONS.get(to, status_title(to))),
        hint=str(hint or HINTS.get(to, "")),
        danger=to in DANGER,
        reasons=[(r.code, localized(r.title)) for r in codes],
        reason_required=to in REASONED_STATUSES,
        reason=submitted.get("reason_code", ""),
        note=submitted.get("note", ""),
        # Said once, next to the form, when no field carries the message (a plugin's veto).
        detail=failure.detail if failure and not failure.errors else "",
    )
    if to == "completed" and service and service.outcome_schema:
        action.outcome = form_fields(service.outcome_schema, "data", submitted, errors)
    for key, messages in errors.items():
        place = _place(action, key)
        if place in ("reason_code", "note"):
            action.errors[place] = list(messages)
        elif place is None:
            action.general_errors += messages
    return action


def titled_reasons(service: Service | None, to: str, exc: Invalid) -> tuple[dict, str]:
    """The errors and detail of a refused move as its form shows them: a reason
    named by its title, never by its code (the lifecycle lists the codes, the
    API's words, and says so in ``reason_codes``)."""
    errors = dict(exc.errors)
    if "reason_codes" not in exc.extra or "reason_code" not in errors:
        return errors, exc.detail
    titles = [localized(r.title) for r in (service.reasons_people_give(to) if service else ())]
    errors["reason_code"] = [
        _("Choose one of the reasons: %(reasons)s.", reasons=", ".join(titles))
        if titles
        else _("No reason code is expected here.")
    ]
    # "Unknown reason code 'x'." names the code posted; the field's message says it all
    detail = exc.detail if exc.detail == REASON_NEEDED else _("The form has errors.")
    return errors, detail


def _place(action: Action, key: str) -> str | None:
    """Where an error of ``action`` is shown: its reason or note input, an outcome
    field (which ``form_fields`` already placed), or None for the form as a whole."""
    if key in ("reason_code", "note"):
        return key
    if any(key == f.name or key.startswith(f.name + ".") for f in action.outcome):
        return key
    return None


def _show_failure(page: Page, failure: Failure) -> None:
    """The error summary at the top, each message linking to its field."""
    if failure.form == "comment":
        page.comment_body = failure.submitted.get("body", "")
        page.comment_errors = failure.errors.get("body", [])
        page.summary = {"comment.body": page.comment_errors}
        page.summary_labels = {"comment.body": _("Your comment")}
        page.detail = failure.detail
        return
    action = next((a for a in page.actions if a.to == failure.form), None)
    if action is None:
        page.detail = failure.detail
        return
    for key, messages in failure.errors.items():
        place = _place(action, key)
        # The ids of an action's own inputs carry its status: there is one form per move.
        anchor = (
            f"{action.to}.{place or 'errors'}" if place in (None, "reason_code", "note") else place
        )
        page.summary.setdefault(anchor, []).extend(messages)
    page.summary_labels = {
        f"{action.to}.reason_code": _("Reason"),
        f"{action.to}.note": _("Note"),
        **field_labels(action.outcome),
    }
    page.detail = failure.detail
