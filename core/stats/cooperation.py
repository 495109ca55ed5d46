"""How well the working group cooperates: volumes, response times, outcomes.

Only counts and durations leave this module, never a beneficiary. The figures
come from the referral's milestone columns (never from replaying history),
so that a later rollup table can replace the query without changing them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import select

from core import clock
from core.app import hub
from core.catalogue.types import localize
from core.db import db, for_reports
from core.institutions.models import Institution
from core.referrals.lifecycle import OPEN, is_overdue
from core.referrals.models import Referral

GROUPINGS = ("institution", "service", "month")
COUNTS = (
    "sent",
    "received",
    "accepted",
    "rejected",
    "completed",
    "failed",
    "cancelled",
    "open",
    "overdue",
)


def cooperation(
    scope: list[str] | None, *, start: date, end: date, county: str | None, group_by: str
) -> dict[str, Any]:
    """The figures of referrals sent between ``start`` and ``end`` (both included)
    to the institutions in ``scope`` (from ``core.access.stats_scope``; None: all)."""
    return cooperation_by(scope, start=start, end=end, county=county, groupings=(group_by,))[
        group_by
    ]


def cooperation_by(
    scope: list[str] | None,
    *,
    start: date,
    end: date,
    county: str | None,
    groupings: tuple[str, ...] = GROUPINGS,
) -> dict[str, dict[str, Any]]:
    """:func:`cooperation` in several groupings at once, from one read of the rows."""
    rows = _sent_between(scope, start, end, county)
    today = clock.today()
    totals = figures(rows, today)
    result = {}
    for group_by in groupings:
        groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for row in rows:
            groups[_group_key(row, group_by)].append(row)
        result[group_by] = {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "county": county,
            "group_by": group_by,
            "items": [
                {"key": key, "label": label, **figures(members, today)}
                for (key, label), members in sorted(groups.items())
            ],
            "totals": totals,
        }
    return result


def _sent_between(scope: list[str] | None, start: date, end: date, county: str | None) -> list[Any]:
    query = (
        select(
            Referral.to_institution_id,
            Institution.name.label("institution_name"),
            Referral.service_code,
            Referral.status,
            Referral.sent_at,
            Referral.received_at,
            Referral.responded_at,
            Referral.accepted_at,
            Referral.closed_at,
            Referral.respond_by,
            Referral.complete_by,
        )
        .join(Institution, Institution.id == Referral.to_institution_id)
        .where(
            Referral.sent_at >= datetime.combine(start, time(), tzinfo=clock.now().tzinfo),
            Referral.sent_at
            < datetime.combine(end + timedelta(days=1), time(), tzinfo=clock.now().tzinfo),
        )
    )
    if county:
        query = query.where(Institution.county == county)
    if scope is not None:
        query = query.where(Referral.to_institution_id.in_(scope))
    return list(db.session.execute(query, bind_arguments=for_reports()).all())


def _group_key(row: Any, group_by: str) -> tuple[str, str]:
    if group_by == "institution":
        return row.to_institution_id, row.institution_name
    if group_by == "service":
        service = hub().catalogue.services.get(row.service_code)
        return row.service_code, localize(service.title, "en") if service else row.service_code
    month = row.sent_at.strftime("%Y-%m")
    return month, month


def figures(rows: list[Any], today: date) -> dict[str, Any]:
    """The cooperation figures of a group of sent referrals."""
    count = {name: 0 for name in COUNTS}
    hours_to_response: list[float] = []
    days_to_completion: list[float] = []
    for row in rows:
        count["sent"] += 1
        count["received"] += row.received_at is not None
        count["accepted"] += row.accepted_at is not None
        if row.status in ("rejected", "completed", "failed", "cancelled"):
            count[row.status] += 1
        count["open"] += row.status in OPEN
        count["overdue"] += is_overdue(row, today)
        if row.responded_at is not None:
            hours_to_response.append((row.responded_at - row.sent_at).total_seconds() / 3600)
        if row.status == "completed":
            days_to_completion.append((row.closed_at - row.sent_at).total_seconds() / 86400)
    decided = count["accepted"] + count["rejected"]
    return {
        **count,
        "acceptance_rate": round(count["accepted"] / decided, 3) if decided else None,
        "median_hours_to_response": round(median(hours_to_response), 1)
        if hours_to_response
        else None,
        "median_days_to_completion": round(median(days_to_completion), 1)
        if days_to_completion
        else None,
    }
