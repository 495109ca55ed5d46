"""The caseload lists' filters: one reading of them for the API, the officer's
inbox and the centre staff's list, the counts per status, and each user's
remembered choices.

Every filter narrows :func:`core.access.referrals_visible_to`, so no filter can
reach another institution's referrals. The open statuses and one institution
are served by the ``(institution, status)`` indexes: the lists and their
counts read the work in hand, not the whole history, unless closed referrals
are asked for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, func, select

from core import clock
from core.access import Principal
from core.auth.models import User
from core.beneficiaries.models import Beneficiary
from core.db import db
from core.errors import N_, Invalid
from core.institutions.models import Office
from core.referrals.lifecycle import OPEN, STATUSES, TERMINAL, overdue_clause
from core.referrals.models import Referral
from core.stats.models import MONTH, CooperationCount

#: the status filter's groupings, beside each single status
STATUS_GROUPS: dict[str, tuple[str, ...]] = {"open": OPEN, "closed": tuple(sorted(TERMINAL))}
STATUS_FILTERS = (*STATUS_GROUPS, *STATUSES)
#: ``assigned_to``: the caller ("me": for centre staff, the referrals they created) or nobody
ASSIGNED_TO = ("me", "none")
REFERRAL_REFERENCE = re.compile(r"[Rr]-[0-9A-Za-z]{8}")
BENEFICIARY_REFERENCE = re.compile(r"[Bb]-[0-9A-Za-z]{8}")
#: the keys a list remembers per user: choices, never a searched text
REMEMBERED = ("status", "service", "overdue", "assigned_to", "office_id", "institution_id", "sort")


def statuses_of(value: str) -> tuple[str, ...]:
    """The statuses a status filter stands for: a grouping's, or the one status."""
    return STATUS_GROUPS.get(value, (value,))


def apply_filters(principal: Principal, query: Select, filters: Mapping[str, Any]) -> Select:
    """``query`` (the caller's visible referrals) narrowed by ``filters``;
    an office of another institution, or "me" without a person, is a 422."""
    if "status" in filters:
        query = query.where(Referral.status.in_(statuses_of(filters["status"])))
    if "service" in filters:
        query = query.where(Referral.service_code == filters["service"])
    if "beneficiary_id" in filters:
        query = query.where(Referral.beneficiary_id == filters["beneficiary_id"])
    if "institution_id" in filters:
        query = query.where(Referral.to_institution_id == filters["institution_id"])
    if "overdue" in filters:
        clause = overdue_clause(clock.today())
        query = query.where(clause if filters["overdue"] else ~clause)
    if "assigned_to" in filters:
        query = query.where(_assigned(principal, filters["assigned_to"]))
    if "office_id" in filters:
        query = query.where(Referral.to_office_id == _own_office(principal, filters["office_id"]))
    if "q" in filters:
        query = query.where(_reference(filters["q"]))
    return query


def _assigned(principal: Principal, value: str) -> Any:
    if value == "none":
        return Referral.assigned_officer_id.is_(None)
    if principal.user_id is None:
        raise Invalid(
            N_("An institution token is no person; use assigned_to=none or leave it out."),
            errors={"assigned_to": [N_("Only a person's token can ask for their own.")]},
        )
    # Centre staff are assigned nothing: their own are the referrals they created.
    if principal.role == "centre_staff":
        return Referral.created_by == principal.user_id
    return Referral.assigned_officer_id == principal.user_id


def _own_office(principal: Principal, office_id: str) -> str:
    office = db.session.get(Office, office_id)
    # Only the receiving side has offices that referrals go to.
    if (
        principal.role != "agency_officer"
        or office is None
        or office.institution_id != principal.institution_id
    ):
        raise Invalid(
            N_("Filter by an office of your own institution, as GET /api/v1/institutions lists."),
            errors={"office_id": [N_("Not an office of your institution.")]},
        )
    return office.id


def _reference(q: str) -> Any:
    q = q.strip()
    if REFERRAL_REFERENCE.fullmatch(q):
        return Referral.reference == q.upper()
    if BENEFICIARY_REFERENCE.fullmatch(q):
        people = select(Beneficiary.id).where(Beneficiary.reference == q.upper())
        return Referral.beneficiary_id.in_(people)
    raise Invalid(
        N_("Search by a referral's reference (R-…) or a person's (B-…)."),
        errors={"q": [N_("Not a reference; names are searched with a POST, never in a URL.")]},
    )


def count(query: Select) -> int:
    """How many rows ``query`` has (its order and page ignored)."""
    counted = select(func.count()).select_from(query.order_by(None).limit(None).subquery())
    return db.session.scalar(counted) or 0


#: the status filters the cooperation counters answer for the receiving side,
#: each by the counters that add up to it (no status filter: every referral sent)
COUNTED_STATUSES: dict[str | None, tuple[str, ...]] = {
    None: ("sent",),
    "open": ("open",),
    "closed": tuple(sorted(TERMINAL)),
    **{status: (status,) for status in TERMINAL},
}
#: the filters besides the status that the counters are kept by
COUNTED_FILTERS = {"status", "service", "office_id", "institution_id"}


def list_total(principal: Principal, query: Select, filters: Mapping[str, Any]) -> int:
    """How many referrals a list holds: ``query``, the caller's referrals that
    :func:`apply_filters` narrowed by ``filters``.

    The receiving side's lists by status, service and office are summed from
    the cooperation counters (``core.stats.rollup``, kept in the transaction of
    every change): a referral counts there once it is sent, by the institution
    and office that receive it, its service, and whether it is open or how it
    ended; exactly what :func:`core.access.referrals_visible_to` shows an
    officer. So the total does not read the history, whose length it counts.
    Any other list is counted from its rows.
    """
    counted = _from_counters(principal, filters)
    return counted if counted is not None else count(query)


def _from_counters(principal: Principal, filters: Mapping[str, Any]) -> int | None:
    """The total from the cooperation counters, or None where they do not keep it."""
    columns = COUNTED_STATUSES.get(filters.get("status"))
    if (
        principal.role != "agency_officer"
        or principal.institution_id is None
        or columns is None
        or not COUNTED_FILTERS.issuperset(filters)
        or filters.get("institution_id", principal.institution_id) != principal.institution_id
    ):
        return None
    first, *others = (getattr(CooperationCount, c) for c in columns)
    summed = sum(others, first)
    query = select(func.coalesce(func.sum(summed), 0)).where(
        # every referral counts in its day and in its month: the months, once each
        CooperationCount.level == MONTH,
        CooperationCount.to_institution_id == principal.institution_id,
    )
    if "service" in filters:
        query = query.where(CooperationCount.service_code == filters["service"])
    if "office_id" in filters:
        query = query.where(
            CooperationCount.to_office_id == _own_office(principal, filters["office_id"])
        )
    return int(db.session.scalar(query) or 0)


def status_counts(query: Select) -> dict[str, int]:
    """``{status: count}`` of ``query`` in one GROUP BY."""
    inner = query.order_by(None).limit(None).subquery()
    rows = db.session.execute(select(inner.c.status, func.count()).group_by(inner.c.status))
    return {status: number for status, number in rows}


# --- remembered filters ---------------------------------------------------------


def remembered(user_id: str | None, page: str) -> dict[str, Any]:
    """The filters ``user_id`` last chose on ``page`` ({} when none)."""
    user = db.session.get(User, user_id) if user_id else None
    saved = (user.list_filters or {}).get(page, {}) if user else {}
    return {k: v for k, v in saved.items() if k in REMEMBERED}


def remember(user_id: str | None, page: str, filters: Mapping[str, Any]) -> None:
    """Keep ``filters`` as ``user_id``'s choice on ``page``; the caller commits."""
    user = db.session.get(User, user_id) if user_id else None
    if user is None:
        return
    choice = {k: v for k, v in filters.items() if k in REMEMBERED}
    saved = dict(user.list_filters or {})
    if saved.get(page) != choice:
        # a new dict: the JSON column notices an assignment, not a change inside
        user.list_filters = {**saved, page: choice}
