"""The referral page's "Who is responsible" section, and the timeline's words
for assignments and forwards.

Nothing here decides a rule: who may assign or forward, and to whom, is
``core.referrals.responsibility``'s; this only offers the choices it accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select

from core.access import Principal
from core.auth.models import User
from core.db import db
from core.institutions.models import Office
from core.referrals.lifecycle import RECEIVER, TERMINAL
from core.referrals.models import ASSIGNED, FORWARDED, Referral, ReferralEvent
from core.referrals.responsibility import active_officers

if TYPE_CHECKING:
    from core.web.referral_page import Failure

#: the panel's forms, as :class:`~core.web.referral_page.Failure` names them
ASSIGN, FORWARD = "assign", "forward"


@dataclass
class Panel:
    officer: str  # the responsible officer's name, "" when nobody is
    me: str  # the caller's user id ("" for none): "Assign to me" posts it
    is_me: bool  # the caller is the responsible officer
    can_change: bool  # the caller's institution received the referral, and it is open
    officers: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    offices: list[tuple[str, str]] = field(default_factory=list)  # the other offices
    chosen_officer: str = ""
    chosen_office: str = ""
    note: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)  # "assign.officer_id": [...]
    summary: dict[str, list[str]] = field(default_factory=dict)
    summary_labels: dict[str, str] = field(default_factory=dict)


def responsibility_panel(
    caller: Principal, referral: Referral, side: str, failure: Failure | None
) -> Panel:
    officer = referral.assigned_officer
    panel = Panel(
        officer=officer.name if officer else "",
        me=caller.user_id or "",
        is_me=officer is not None and officer.id == caller.user_id,
        can_change=side == RECEIVER and referral.status not in TERMINAL,
        chosen_officer=referral.assigned_officer_id or "",
    )
    if not panel.can_change:
        return panel
    panel.officers = [
        (u.id, u.name) for u in db.session.scalars(active_officers(referral.to_institution_id))
    ]
    panel.offices = [
        (o.id, o.name)
        for o in db.session.scalars(
            select(Office)
            .where(
                Office.institution_id == referral.to_institution_id,
                Office.id != referral.to_office_id,
                Office.active,
            )
            .order_by(Office.name, Office.id)
        )
    ]
    if failure is not None and failure.form in (ASSIGN, FORWARD):
        _show_failure(panel, failure)
    return panel


def _show_failure(panel: Panel, failure: Failure) -> None:
    if failure.form == ASSIGN:
        panel.chosen_officer = failure.submitted.get("officer_id", "")
    else:
        panel.chosen_office = failure.submitted.get("office_id", "")
        panel.note = failure.submitted.get("note", "")
    for name, messages in failure.errors.items():
        key = f"{failure.form}.{name}"
        panel.errors[key] = list(messages)
        panel.summary[key] = list(messages)
    panel.summary_labels = {
        f"{ASSIGN}.officer_id": _("Assign to"),
        f"{FORWARD}.office_id": _("Forward to office"),
        f"{FORWARD}.note": _("Note for the office"),
    }


# --- the timeline ----------------------------------------------------------------


def responsibility_names(history: list[ReferralEvent]) -> dict[str, str]:
    """The names of the people and offices that assignments and forwards name,
    and of the people who made them, by id."""
    people: set[str | None] = set()
    offices: set[str | None] = set()
    for event in history:
        if event.kind == ASSIGNED:
            data = event.data
            people |= {data.get("officer_id"), data.get("previous_officer_id")}
            people.add(event.actor_user_id)
        elif event.kind == FORWARDED:
            people.add(event.actor_user_id)
            offices |= {event.data.get("from_office_id"), event.data.get("to_office_id")}
    people.discard(None)
    offices.discard(None)
    names: dict[str, str] = {}
    if people:
        query = select(User.id, User.name).where(User.id.in_(people))
        names |= {row.id: row.name for row in db.session.execute(query)}
    if offices:
        query = select(Office.id, Office.name).where(Office.id.in_(offices))
        names |= {row.id: row.name for row in db.session.execute(query)}
    return names


def responsibility_title(event: ReferralEvent, names: dict[str, str]) -> str:
    """ "Assigned to X by Y", "Forwarded from office A to office B by Y"; an
    institution's own system (its token) has no person: it is named as such."""
    actor = names.get(event.actor_user_id or "") or _("the institution's system")
    data = event.data
    if event.kind == FORWARDED:
        return _(
            "Forwarded from %(from_office)s to %(to_office)s by %(actor)s",
            from_office=names.get(data.get("from_office_id") or "", "?"),
            to_office=names.get(data.get("to_office_id") or "", "?"),
            actor=actor,
        )
    if data.get("officer_id") is None:
        return _(
            "%(actor)s removed %(officer)s as responsible officer",
            actor=actor,
            officer=names.get(data.get("previous_officer_id") or "", "?"),
        )
    return _(
        "Assigned to %(officer)s by %(actor)s",
        officer=names.get(data["officer_id"], "?"),
        actor=actor,
    )
