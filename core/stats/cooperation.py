"""How well the working group cooperates: volumes, response times, outcomes.

Only counts and durations leave this module, never a beneficiary. The figures
are sums over the rollup (``core.stats.rollup``), never over the referrals: a
period reads its whole years, the whole months and the days at their edges, and
a duration's distribution has a bucket per 10 % step, so a figure costs about
the same at a hundred thousand referrals and at ten million.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select

from core import clock
from core.app import hub
from core.catalogue.types import localize
from core.db import db, for_reports
from core.institutions.models import Institution
from core.stats.models import DAY, CooperationCount, CooperationDue, CooperationDuration
from core.stats.rollup import COUNTED, period_clause, period_sign

GROUPINGS = ("institution", "service", "month")
COUNTS = (*COUNTED, "overdue")
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
    """:func:`cooperation` in several groupings at once. The rollup is read once per
    (institution, service) pair, its counts and buckets summed here into the
    totals and the institutions and services; and once per month if that grouping
    is asked for (a year's rows cannot say which month)."""
    where, today = _Where(scope, start, end, county), clock.today()
    pairs = _counts(where, today, _PAIR)
    pair_durations = _durations(where, _PAIR)
    groups: dict[str, dict[Any, Counter[str]]] = {g: defaultdict(Counter) for g in GROUPINGS}
    spread: dict[str, dict[Any, dict[str, Counter[int]]]] = {
        g: defaultdict(lambda: defaultdict(Counter)) for g in GROUPINGS
    }
    for (institution, service), count in pairs.items():
        groups["institution"][institution].update(count)
        groups["service"][service].update(count)
    total: dict[str, Counter[int]] = defaultdict(Counter)
    for (institution, service, measure), buckets in pair_durations.items():
        total[measure].update(buckets)
        spread["institution"][institution][measure].update(buckets)
        spread["service"][service][measure].update(buckets)
    if "month" in groupings:
        # per period (the months, and the days at the edges), summed per month here
        for (period,), count in _counts(where, today, ("period",)).items():
            groups["month"][period.strftime("%Y-%m")].update(count)
        for (period, measure), buckets in _durations(where, ("period",)).items():
            spread["month"][period.strftime("%Y-%m")][measure].update(buckets)
        # a month whose referrals were all sent in the days taken away sums to nothing
        groups["month"] = {key: c for key, c in groups["month"].items() if any(c.values())}
    totals = _figures(sum(groups["institution"].values(), Counter()), total)
    labels = _Labels(set(groups["institution"]))
    result = {}
    for group_by in groupings:
        items = [
            {
                "key": key,
                "label": labels(group_by, key),
                **_figures(count, spread[group_by].get(key, {})),
            }
            for key, count in groups[group_by].items()
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


def cooperation_totals(
    scope: list[str] | None, *, start: date, end: date, county: str | None
) -> dict[str, Any]:
    """The totals of :func:`cooperation` alone (e.g. of the period before, to compare)."""
    where = _Where(scope, start, end, county)
    counts = _counts(where, clock.today(), ()).get((), Counter())
    durations = {measure: buckets for (measure,), buckets in _durations(where, ()).items()}
    return _figures(counts, durations)


def empty_figures() -> dict[str, Any]:
    """The figures of no referral at all."""
    return _figures(Counter(), {})


class _Where:
    """The rows of one request: the period, the scope and the county.

    Days on which nothing at all was sent may join the period without changing a
    figure: a period that starts before the first referral sent starts on that
    year's 1 January, one that ends today or later, on or after the last
    referral sent, ends on that year's 31 December. So the usual periods (twelve
    months up to today, all time) read whole years and months, not days."""

    def __init__(self, scope: list[str] | None, start: date, end: date, county: str | None):
        self.scope, self.county = scope, county
        first, last = _sent_between()
        if first is not None and start <= first:
            start = min(start, first.replace(month=1, day=1))
        if last is not None and end >= max(last, clock.today()):
            end = max(end, last.replace(month=12, day=31))
        self.start, self.end = start, end

    def __call__(self, model: type, *, years: bool = True) -> list[Any]:
        conditions = [period_clause(model, self.start, self.end, years=years)]
        if self.scope is not None:
            conditions.append(model.to_institution_id.in_(self.scope))
        if self.county:
            in_county = select(Institution.id).where(Institution.county == self.county)
            conditions.append(model.to_institution_id.in_(in_county))
        return conditions

    def sum(self, model: type, column: Any, *, years: bool = True) -> Any:
        """The sum of ``column`` over the rows, those of the parts taken away subtracted."""
        return func.sum(column * period_sign(model, self.start, self.end, years=years))


def _sent_between() -> tuple[date | None, date | None]:
    """The first and the last day on which a referral was sent (by the rollup's
    days: two lookups in its primary key)."""
    days = select(CooperationCount.period).where(CooperationCount.level == DAY)
    first = days.order_by(CooperationCount.period).limit(1).scalar_subquery()
    last = days.order_by(CooperationCount.period.desc()).limit(1).scalar_subquery()
    return tuple(_read(select(first, last))[0])  # type: ignore[return-value]


def _read(query: Any) -> list[Any]:
    # On the session's connection, as plain rows: the ORM's loading costs more than
    # the query when a few thousand buckets come back.
    return db.session.connection(bind_arguments=for_reports()).execute(query).all()


#: the rollup's columns of the finest group but the month
_PAIR = ("to_institution_id", "service_code")


def _counts(
    where: _Where, today: date, group: tuple[str, ...]
) -> dict[tuple[Any, ...], Counter[str]]:
    """Per group (the values of the columns ``group``): the counts, overdue included.
    Grouped by ``period``, no year's rows are read (to group by month)."""
    counts: dict[tuple[Any, ...], Counter[str]] = {}
    for model, names in ((CooperationCount, COUNTED), (CooperationDue, ("overdue",))):
        columns = [getattr(model, name) for name in group]
        summed = [model.count] if model is CooperationDue else [getattr(model, n) for n in names]
        years = "period" not in group
        query = (
            select(*columns, *(where.sum(model, column, years=years) for column in summed))
            .where(*where(model, years=years))
            .group_by(*columns)
        )
        if model is CooperationDue:
            query = query.where(CooperationDue.due_on < today)
        for row in _read(query):
            count = counts.setdefault(tuple(row[: len(group)]), Counter())
            # no group: one row, of NULLs when nothing was sent
            count.update({n: v or 0 for n, v in zip(names, row[len(group) :], strict=True)})
    # a group whose referrals were all sent in the parts taken away sums to nothing
    return {key: count for key, count in counts.items() if any(count.values())}


def _durations(where: _Where, group: tuple[str, ...]) -> dict[tuple[Any, ...], Counter[int]]:
    """Per group (the values of the columns ``group``) and measure: the count per
    bucket. Grouped by ``period``, no year's rows are read (to group by month)."""
    model, years = CooperationDuration, "period" not in group
    columns = [getattr(model, name) for name in group]
    query = (
        select(*columns, model.measure, model.bucket, where.sum(model, model.count, years=years))
        .where(*where(model, years=years))
        .group_by(*columns, model.measure, model.bucket)
    )
    result: dict[tuple[Any, ...], Counter[int]] = defaultdict(Counter)
    for *key, bucket, count in _read(query):
        if count:
            result[tuple(key)][bucket] += count
    return result


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


def _figures(count: Counter[str], durations: Mapping[str, Counter[int]]) -> dict[str, Any]:
    """The cooperation figures of a group from its counts and duration buckets."""
    decided = count["accepted"] + count["rejected"]
    return {
        **{name: count[name] for name in COUNTS},
        "acceptance_rate": round(count["accepted"] / decided, 3) if decided else None,
        **{figure: _median(durations.get(measure)) for measure, figure in _MEDIANS.items()},
    }


def _median(buckets: Counter[int] | None) -> float | None:
    """The median of the bucketed durations, in the measure's unit (the middle
    one, or the mean of the two middle ones, as ``statistics.median``)."""
    n = sum(buckets.values()) if buckets else 0
    if not n:
        return None
    low, high, seen, values = (n - 1) // 2, n // 2, 0, []
    for value, count in sorted(buckets.items()):
        seen += count
        while len(values) < 2 and (low, high)[len(values)] < seen:
            values.append(value)
        if len(values) == 2:
            break
    return round(sum(values) / 2 / 10, 1)
