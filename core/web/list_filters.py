"""The filters of the web's referral lists (the officer's inbox, the centre's
caseload): read from the query string or a search form, remembered per user,
and turned into the filters of :func:`core.referrals.service.list_query`.

A value the page does not offer is dropped (and the page says so), never an
error page. Only choices are remembered, never a searched text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, nulls_last
from sqlalchemy.orm import selectinload

from core.referrals import caseload
from core.referrals.lifecycle import STATUSES, due_clause
from core.referrals.models import Referral
from core.referrals.titles import STATUS_TITLES

#: the status filter's value for every status
ALL = "all"
SORTS = {
    "due": _l("Most urgent first"),
    "newest": _l("Newest first"),
    "oldest": _l("Oldest first"),
}
#: the query string's key that goes back to the defaults (the "clear filters" link)
RESET = "reset"
#: what the query string may carry beside the filters
NOT_FILTERS = {"page", RESET}


@dataclass
class ListFilters:
    choice: dict[str, str]  # the values chosen that differ from the defaults, as typed
    defaults: dict[str, str]
    ignored: bool = False  # something was asked for that the page does not offer

    def get(self, key: str) -> str:
        return self.choice.get(key, self.defaults.get(key, ""))

    @property
    def query(self) -> dict[str, Any]:
        """The filters in the shape ``list_query`` reads."""
        values = {**self.defaults, **self.choice}
        filters: dict[str, Any] = {
            k: v for k, v in values.items() if k not in ("sort", "status", "overdue") and v
        }
        if values.get("status", ALL) != ALL:
            filters["status"] = values["status"]
        if values.get("overdue") == "1":
            filters["overdue"] = True
        return filters


def status_choices(exclude: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The status filter's options: the groupings, then each status."""
    return [
        ("open", _("Open (not closed)")),
        ("closed", _("Closed")),
        (ALL, _("All statuses")),
        *((s, str(STATUS_TITLES[s])) for s in STATUSES if s not in exclude),
    ]


def read(
    args: Mapping[str, Any], offered: Mapping[str, Collection[str]], defaults: Mapping[str, str]
) -> ListFilters:
    """The filters of ``args`` among the ``offered`` values of each key."""
    choice, ignored = {}, False
    for key, values in offered.items():
        value = str(args.get(key, "") or "")
        if not value:
            continue
        if value not in values:
            ignored = True
        elif value != defaults.get(key):
            choice[key] = value
    return ListFilters(choice, dict(defaults), ignored)


def chosen(
    user_id: str | None,
    page: str,
    args: Mapping[str, Any],
    offered: Mapping[str, Collection[str]],
    defaults: Mapping[str, str],
) -> ListFilters:
    """The filters of a list opened with ``args``: those asked for (then
    remembered), or, when none are, the ones this user chose last."""
    if RESET in args:
        caseload.remember(user_id, page, {})
        return ListFilters({}, dict(defaults))
    if not args:
        return read(caseload.remembered(user_id, page), offered, defaults)
    filters = read(args, offered, defaults)
    caseload.remember(user_id, page, filters.choice)
    return filters


def ordered(query: Select, sort: str) -> Select:
    """``query`` in the order chosen: most urgent first (overdue, then by the
    date the next step is due, closed last), newest or oldest first."""
    query = query.options(selectinload(Referral.beneficiary))
    if sort == "newest":
        return query.order_by(Referral.id.desc())
    if sort == "oldest":
        return query.order_by(Referral.id.asc())
    # Overdue means due before today, so the due date alone puts the overdue first;
    # closed referrals have none and come last. Among equal dates the one waiting
    # longer comes first. The (institution, next due date, id) indexes serve this.
    return query.order_by(nulls_last(due_clause()), Referral.id)
