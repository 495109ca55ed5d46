"""How well the working group cooperates: volumes, response times, outcomes.

Only counts and durations leave this module, never a beneficiary. The figures
are sums over the rollup (``core.stats.rollup``), never over the referrals: a
period reads its whole months and the days at its edges, so a figure costs the
same at a thousand referrals and at ten million.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, select

from core import clock
from core.app import hub
from core.catalogue.types import localize
from core.db import db, for_reports
from core.institutions.models import Institution
from core.stats.models import CooperationCount, CooperationDue, CooperationDuration
from core.stats.rollup import COUNTED, period_clause

GROUPINGS = ("institution", "service", "month")
COUNTS = (*COUNTED, "overdue")
#: the rollup's column each grouping sums by; the totals sum everything
_GROUP_COLUMN = {"institution": "to_institution_id", "service": "service_code", "month": "month"}
#: the figure each measure's median is given as (buckets are tenths of its unit)
_MEDIANS = {"response": "median_hours_to_response", "completion": "median_days_to_completion"}


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
    """:func:`cooperation` in several groupings at once."""
    where = _Where(scope, start, end, county)
    counts = _counts(where, clock.today())
    totals = _figures(sum(counts.values(), Counter()), _durations(where, None).get(None, {}))
    labels = _Labels({cell.institution for cell in counts})
    result = {}
    for group_by in groupings:
        groups: dict[str, Counter[str]] = defaultdict(Counter)
        for cell, count in counts.items():
            groups[getattr(cell, group_by)] += count
        durations = _durations(where, group_by)
        items = [
            {"key": key, "label": labels(group_by, key), **_figures(count, durations.get(key, {}))}
            for key, count in groups.items()
        ]
        result[group_by] = {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "county": county,
            "group_by": group_by,
            "items": sorted(items, key=lambda item: (item["key"], item["label"])),
            "totals": totals,
        }
    return result


def empty_figures() -> dict[str, Any]:
    """The figures of no referral at all."""
    return _figures(Counter(), {})


class _Where:
    """The rows of one request: the period, the scope and the county."""

    def __init__(self, scope: list[str] | None, start: date, end: date, county: str | None):
        self.scope, self.start, self.end, self.county = scope, start, end, county

    def __call__(self, model: type) -> list[Any]:
        conditions = [period_clause(model, self.start, self.end)]
        if self.scope is not None:
            conditions.append(model.to_institution_id.in_(self.scope))
        if self.county:
            in_county = select(Institution.id).where(Institution.county == self.county)
            conditions.append(model.to_institution_id.in_(in_county))
        return conditions


def _read(query: Any) -> list[Any]:
    return list(db.session.execute(query, bind_arguments=for_reports()).all())


class _Cell(NamedTuple):
    """The finest group the figures are read in; every grouping sums these."""

    institution: str
    service: str
    month: str

    @classmethod
    def of(cls, row: Any) -> _Cell:
        return cls(row.to_institution_id, row.service_code, row.month.strftime("%Y-%m"))


def _counts(where: _Where, today: date) -> dict[_Cell, Counter[str]]:
    """The counts per (institution, service, month) cell, overdue included."""
    cells = (
        CooperationCount.to_institution_id,
        CooperationCount.service_code,
        CooperationCount.month,
    )
    sums = [func.sum(getattr(CooperationCount, name)).label(name) for name in COUNTED]
    counts: dict[_Cell, Counter[str]] = {}
    for row in _read(select(*cells, *sums).where(*where(CooperationCount)).group_by(*cells)):
        counts[_Cell.of(row)] = Counter({name: getattr(row, name) or 0 for name in COUNTED})
    due = (CooperationDue.to_institution_id, CooperationDue.service_code, CooperationDue.month)
    overdue = (
        select(*due, func.sum(CooperationDue.count).label("overdue"))
        .where(*where(CooperationDue), CooperationDue.due_on < today)
        .group_by(*due)
    )
    for row in _read(overdue):
        counts.setdefault(_Cell.of(row), Counter())["overdue"] += row.overdue
    return counts


def _durations(where: _Where, group_by: str | None) -> dict[Any, dict[str, list[tuple[int, int]]]]:
    """Per group (``None`` for the totals), per measure: the (bucket, count) pairs."""
    model = CooperationDuration
    group = [getattr(model, _GROUP_COLUMN[group_by])] if group_by else []
    query = (
        select(*group, model.measure, model.bucket, func.sum(model.count).label("count"))
        .where(*where(model))
        .group_by(*group, model.measure, model.bucket)
    )
    result: dict[Any, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for row in _read(query):
        key = _group_key(group_by, row[0]) if group_by else None
        result[key][row.measure].append((row.bucket, row.count))
    return result


def _group_key(group_by: str, value: Any) -> str:
    return value.strftime("%Y-%m") if group_by == "month" else value


class _Labels:
    """What a group is called: the institution's name, the service's English title.

    Only the institutions that have figures are read: a national directory has
    thousands, a period's figures name a few."""

    def __init__(self, institution_ids: set[str]) -> None:
        self._institution_ids = institution_ids
        self._names: dict[str, str] | None = None

    def __call__(self, group_by: str, key: str) -> str:
        if group_by == "institution":
            if self._names is None:
                named = select(Institution.id, Institution.name).where(
                    Institution.id.in_(self._institution_ids)
                )
                self._names = dict(db.session.execute(named).all())
            return self._names.get(key, key)
        if group_by == "service":
            service = hub().catalogue.services.get(key)
            return localize(service.title, "en") if service else key
        return key


def _figures(count: Counter[str], durations: dict[str, list[tuple[int, int]]]) -> dict[str, Any]:
    """The cooperation figures of a group from its counts and duration buckets."""
    decided = count["accepted"] + count["rejected"]
    return {
        **{name: count[name] for name in COUNTS},
        "acceptance_rate": round(count["accepted"] / decided, 3) if decided else None,
        **{figure: _median(durations.get(measure, [])) for measure, figure in _MEDIANS.items()},
    }


def _median(buckets: list[tuple[int, int]]) -> float | None:
    """The median of the bucketed durations, in the measure's unit (the middle
    one, or the mean of the two middle ones, as ``statistics.median``)."""
    n = sum(count for _, count in buckets)
    if not n:
        return None
    middle = _nth(buckets, (n - 1) // 2), _nth(buckets, n // 2)
    return round(sum(middle) / 2 / 10, 1)


def _nth(buckets: list[tuple[int, int]], index: int) -> int:
    seen = 0
    for value, count in sorted(buckets):
        seen += count
        if index < seen:
            return value
    raise IndexError(index)
