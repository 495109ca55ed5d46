"""One action on several referrals at once (the inbox's checkboxes).

Each referral is changed in its own SAVEPOINT through the same function a
single change uses (:func:`core.referrals.lifecycle.transition`), at the
version the officer saw: one that fails (changed since, not possible from its
status, vetoed) rolls back alone and is reported with its reason, the others
stay done. The caller commits once.

An action is one line of :data:`ACTIONS`: a function of the caller, the
referral, the version the caller read and the form's options.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.access import Principal, check_referral
from core.db import db
from core.errors import N_, Invalid, Problem
from core.referrals.lifecycle import transition
from core.referrals.models import Referral
from core.referrals.responsibility import assign

Action = Callable[[Principal, Referral, int, Mapping[str, Any]], Any]


def _move(to_status: str) -> Action:
    def move(principal: Principal, referral: Referral, version: int, _: Mapping[str, Any]) -> Any:
        return transition(principal, referral, to_status, expected_version=version)

    return move


def _assign_to_me(principal: Principal, referral: Referral, version: int, _: Any) -> Any:
    return assign(principal, referral, principal.user_id, expected_version=version)


def _assign(principal: Principal, referral: Referral, version: int, options: Any) -> Any:
    return assign(principal, referral, options["officer_id"], expected_version=version)


#: action name -> what it does to one referral
ACTIONS: dict[str, Action] = {
    "received": _move("received"),
    "accepted": _move("accepted"),
    "assign_to_me": _assign_to_me,
    "assign": _assign,
}
#: the options an action needs, checked once before any referral is changed
NEEDS: dict[str, tuple[str, ...]] = {"assign": ("officer_id",)}
#: at most this many referrals in one action (one inbox page holds fewer)
MAX_ITEMS = 200


@dataclass
class Failed:
    referral_id: str
    reference: str | None  # None when the referral is not the caller's to see
    detail: str


@dataclass
class Outcome:
    done: list[Referral] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)


def apply(
    principal: Principal,
    action: str,
    items: Sequence[tuple[str, int]],
    options: Mapping[str, Any] | None = None,
) -> Outcome:
    """Apply ``action`` to each ``(referral id, version read)``; the caller commits."""
    if action not in ACTIONS:
        raise Invalid(N_("Choose one of the actions offered."), errors={"action": sorted(ACTIONS)})
    options = options or {}
    missing = [name for name in NEEDS.get(action, ()) if not options.get(name)]
    if missing:
        raise Invalid(
            N_("Choose the officer to assign the selected referrals to."),
            errors={name: [N_("Required for this action.")] for name in missing},
        )
    if not items:
        raise Invalid(
            N_("Select at least one referral first."),
            errors={"referral": [N_("Nothing selected.")]},
        )
    if len(items) > MAX_ITEMS:
        raise Invalid(
            N_("Select fewer referrals: at most 200 at once."),
            errors={"referral": [N_("Too many selected.")]},
        )
    outcome = Outcome()
    for referral_id, version in dict(items).items():  # each once, whatever was posted
        referral = db.session.get(Referral, referral_id)
        try:
            with db.session.begin_nested():
                check_referral(principal, referral)
                ACTIONS[action](principal, referral, version, options)
        except Problem as exc:
            seen = referral is not None and exc.status != 404
            outcome.failed.append(
                Failed(referral_id, referral.reference if seen else None, exc.detail)
            )
        else:
            outcome.done.append(referral)
    return outcome
