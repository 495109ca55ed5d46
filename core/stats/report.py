"""What the coordinator's pages and exports share: the filters (their defaults
and checks), the counties and working groups to offer, the figures of one
period in every grouping, and the totals of the period before it to compare.

The figures come from :func:`core.stats.cooperation.cooperation_by`, the function
behind ``GET /api/v1/stats/cooperation``, so a page, an export and the API
never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields
from sqlalchemy import select

from core import clock
from core.access import Principal, require_role
from core.db import db
from core.errors import Invalid, flatten_errors
from core.institutions.models import Institution, WorkingGroup
from core.institutions.models import working_group_members as members
from core.stats.cooperation import COUNTS, cooperation_by, cooperation_totals, empty_figures

#: a longer period makes an unreadable trend (and an endless query); ten years is plenty
MAX_PERIOD = timedelta(days=3660)


@dataclass(frozen=True)
class Filters:
    """The period (both days included) and, optionally, the receiving institutions' county."""

    start: date
    end: date
    county: str | None = None

    def query(self) -> dict[str, str]:
        """The filters as query parameters, for links to the same figures."""
        args = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.county:
            args["county"] = self.county
        return args

    def previous(self) -> Filters | None:
        """The period of equal length that ends the day before this one starts
        (None before the calendar's first day)."""
        length = self.end - self.start + timedelta(days=1)
        try:
            return Filters(self.start - length, self.start - timedelta(days=1), self.county)
        except OverflowError:
            return None


class _FiltersSchema(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    county = fields.String()


def default_period(end: date) -> tuple[date, date]:
    """Twelve calendar months up to ``end``: its month so far and the eleven before,
    so that the monthly trend has twelve points, the first one a whole month."""
    months = max(end.year * 12 + end.month - 1 - 11, 12)  # never before year 1
    return date(months // 12, months % 12 + 1, 1), end


def load_filters(args: Mapping[str, str], scope: list[str] | None) -> Filters:
    """The filters from a query string; an empty value means the default.

    Raises ``Invalid`` with the messages keyed by parameter (``from``, ``to``,
    ``county``) when a date does not parse, the period is upside down, too long
    or starts in the future, or the county has no institution in ``scope``.
    """
    # The pages' own parameters (e.g. the dashboard's view) are not filters.
    given = {k: v.strip() for k, v in args.items() if k in ("from", "to", "county") and v.strip()}
    errors: dict[str, list[str]] = {}
    try:
        data = _FiltersSchema().load(given)
    except ValidationError as exc:
        errors.update(flatten_errors(exc.messages))
        data = exc.valid_data or {}
    today = clock.today()
    end = data.get("to", today)
    start = data.get("from_", default_period(end)[0])
    county = data.get("county")
    if county and county not in counties(scope):
        errors["county"] = ["Choose one of the counties of your working group."]
    if not errors.keys() & {"from", "to"}:
        errors.update(period_errors(start, end, today))
    if errors:
        raise Invalid("Check the filters of the figures.", errors=errors)
    return Filters(start, end, county)


def period_errors(start: date, end: date, today: date) -> dict[str, list[str]]:
    """What is wrong with a period of figures (both days included), by parameter."""
    if start > end:
        return {"from": ["The period starts after it ends."]}
    if start > today:
        return {"from": ["The period must start today or earlier."]}
    if end - start > MAX_PERIOD:
        return {"from": ["Choose a period of at most ten years."]}
    return {}


def counties(scope: list[str] | None) -> list[str]:
    """The counties (ISO 3166-2 codes) of the institutions in ``scope`` (None: all)."""
    query = select(Institution.county).distinct()
    if scope is not None:
        query = query.where(Institution.id.in_(scope))
    return sorted(db.session.scalars(query))


def working_group_names(principal: Principal) -> list[str]:
    """The names of the working groups whose figures the caller sees: the groups of
    a coordinator's institution, every group for an admin (as ``stats_scope``)."""
    require_role(principal, "coordinator", "admin")
    query = select(WorkingGroup.name).order_by(WorkingGroup.name)
    if principal.role != "admin":
        query = query.join(members, members.c.working_group_id == WorkingGroup.id).where(
            members.c.institution_id == principal.institution_id
        )
    return list(db.session.scalars(query))


#: the statuses a sent referral is in, one at a time: ``sent`` is their sum
OUTCOMES = ("open", "completed", "failed", "rejected", "cancelled")
#: the headline figures that the pages compare with the previous period
HEADLINES = (
    "sent",
    "completed",
    "open",
    "overdue",
    "acceptance_rate",
    "median_hours_to_response",
    "median_days_to_completion",
)


@dataclass(frozen=True)
class Change:
    """A headline figure against the previous period's: ``delta`` is the
    difference (None when either is empty), ``relative`` the delta as a fraction
    of the previous count (counts only, None when the previous one is 0)."""

    previous: float | None
    delta: float | None
    relative: float | None


@dataclass(frozen=True)
class Report:
    """The figures of one period: per institution, per service, per month, and in
    total; and the totals of the previous period of equal length, to compare."""

    filters: Filters
    institutions: list[dict[str, Any]]
    services: list[dict[str, Any]]
    months: list[dict[str, Any]]
    totals: dict[str, Any]
    previous: Filters | None = None
    changes: dict[str, Change] | None = None


def report(
    scope: list[str] | None,
    filters: Filters,
    *,
    with_months: bool = True,
    with_changes: bool = True,
) -> Report:
    """Every grouping of the cooperation figures for ``filters`` within ``scope``,
    and the change of each headline figure since the period before. An export
    that needs no months or no comparison says so: neither is read then."""
    groupings = ("institution", "service", "month") if with_months else ("institution", "service")
    by = cooperation_by(
        scope, start=filters.start, end=filters.end, county=filters.county, groupings=groupings
    )
    totals = by["institution"]["totals"]
    previous = filters.previous() if with_changes else None
    changes = None
    if previous is not None:
        # Only the totals of the period before are compared: no grouping is read.
        before = cooperation_totals(
            scope, start=previous.start, end=previous.end, county=previous.county
        )
        changes = compare(totals, before)
    return Report(
        filters=filters,
        institutions=by["institution"]["items"],
        services=by["service"]["items"],
        months=every_month(by["month"]["items"], filters.start, filters.end) if with_months else [],
        totals=totals,
        previous=previous,
        changes=changes,
    )


def compare(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Change]:
    """Each headline figure of ``current`` against ``previous``."""
    changes = {}
    for name in HEADLINES:
        now, before = current[name], previous[name]
        delta = None if now is None or before is None else round(now - before, 3)
        relative = None
        if name in COUNTS and before:
            relative = round((now - before) / before, 3)
        changes[name] = Change(before, delta, relative)
    return changes


def month_keys(start: date, end: date) -> list[str]:
    """``YYYY-MM`` of every month from ``start`` to ``end``, both included."""
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1)]


def every_month(items: list[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    """The monthly figures with the months in which nothing was sent as zeros: a
    trend must not skip a quiet month."""
    found = {item["key"]: item for item in items}
    empty = empty_figures()
    return [found.get(key) or {"key": key, "label": key, **empty} for key in month_keys(start, end)]
