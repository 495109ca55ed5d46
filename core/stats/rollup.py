"""The rollup behind the cooperation figures: what each referral adds to the
counters (``core.stats.models``), kept in the transaction of every change.

A referral's *contribution* is a function of its row alone: once sent, it
counts in its cohort (the day, the month and the year it was sent, the institution and
office that receive it, its service) as sent, received, accepted, …, open; its
response and completion times fall in one bucket each; while open, its next
due date is counted. Every change writes ``contribution(after) −
contribution(before)``, so a late transition corrects the month the referral
was sent in, and a forward moves it between offices. ``rebuild`` and ``check``
recompute everything from the referrals (``referral-hub stats rebuild``).

Durations are kept in buckets at most 10 % wide (:func:`bucket`): tenths of the
unit below one (hours for a response, days for a completion), then 29 steps a
decade (1, 1.1, 1.2, …, 2, 2.2, …, 8.6, 9.4, 10, 11, …), each at most 10 % above
the one before. A median is exact to its bucket, so less than 10 % under the
exact one (and less than a tenth of the unit below one unit).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, case, delete, insert, literal, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

# A module import, not names: lifecycle imports this module while it loads.
from core.referrals import lifecycle
from core.referrals.models import Referral
from core.stats.models import (
    DAY,
    MONTH,
    YEAR,
    CooperationCount,
    CooperationDue,
    CooperationDuration,
)

#: the buckets' finest unit, in seconds: a tenth of an hour, a tenth of a day
UNITS = {"response": 360, "completion": 8640}
#: the buckets of a decade in tenths, from one unit up: each is the one before plus
#: 10 % (rounded down), so that a bucket is at most 10 % wide
STEPS = (10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 24, 26, 28, 30, 33, 36, 39, 42, 46, 50)
STEPS = (*STEPS, 55, 60, 66, 72, 79, 86, 94)
#: the counts of a cohort; ``overdue`` comes from ``CooperationDue``
COUNTED = ("sent", "received", "accepted", "rejected", "completed", "failed", "cancelled", "open")
_ENDINGS = ("rejected", "completed", "failed", "cancelled")
MODELS = (CooperationCount, CooperationDuration, CooperationDue)

Key = tuple[Any, ...]
#: per table, per primary key: the columns to add to
Delta = dict[type, dict[Key, Counter[str]]]


class Snapshot(NamedTuple):
    """The columns of a referral that its contribution depends on."""

    status: str
    sent_at: datetime | None
    received_at: datetime | None
    responded_at: datetime | None
    accepted_at: datetime | None
    closed_at: datetime | None
    next_due_on: date | None
    to_institution_id: str
    to_office_id: str
    service_code: str


SNAPSHOT_COLUMNS = [getattr(Referral, name) for name in Snapshot._fields]


def snapshot(referral: Referral) -> Snapshot:
    """The referral as it counts now; take it before a change and after it."""
    return Snapshot(*(getattr(referral, name) for name in Snapshot._fields))


def bucket(seconds: float, measure: str) -> int:
    """The duration in tenths of the measure's unit, rounded down to its bucket:
    a tenth below ten tenths, then a step of :data:`STEPS` times a power of ten
    (``137`` tenths is bucket ``130``, ``99`` is ``94``). A duration below zero
    (a clock set back) counts as zero."""
    tenths = max(int(seconds // UNITS[measure]), 0)
    if tenths < 10:
        return tenths
    width = 1
    while tenths >= 100 * width:
        width *= 10
    return STEPS[bisect_right(STEPS, tenths // width) - 1] * width


def contribution(row: Snapshot | Any) -> Delta:
    """What one referral adds to the rollup (nothing while it is a draft)."""
    delta: Delta = {model: defaultdict(Counter) for model in MODELS}
    if row.sent_at is None:
        return delta
    day = row.sent_at.astimezone(UTC).date()
    month = day.replace(day=1)
    year = month.replace(month=1)
    counts = Counter(
        sent=1,
        received=row.received_at is not None,
        accepted=row.accepted_at is not None,
        open=row.status in lifecycle.OPEN,
    )
    if row.status in _ENDINGS:
        counts[row.status] = 1
    durations = []
    if row.responded_at is not None:
        durations.append(("response", row.responded_at))
    if row.status == "completed" and row.closed_at is not None:
        durations.append(("completion", row.closed_at))
    buckets = [(m, bucket((at - row.sent_at).total_seconds(), m)) for m, at in durations]
    # a year's rows have no month of their own: their ``month`` is the year's first
    for level, period, of in ((DAY, day, month), (MONTH, month, month), (YEAR, year, year)):
        cohort = (level, period, row.to_institution_id)
        delta[CooperationCount][(*cohort, row.to_office_id, row.service_code, of)] += counts
        for measure, value in buckets:
            key = (*cohort, row.service_code, measure, value, of)
            delta[CooperationDuration][key]["count"] += 1
        if row.status in lifecycle.OPEN and row.next_due_on is not None:
            key = (*cohort, row.service_code, row.next_due_on, of)
            delta[CooperationDue][key]["count"] += 1
    return delta


def difference(after: Delta, before: Delta) -> Delta:
    """``after − before``, without the keys and columns where they agree."""
    delta: Delta = {}
    for model in MODELS:
        changed = {}
        for key in after[model].keys() | before[model].keys():
            change = Counter(after[model].get(key, Counter()))
            change.subtract(before[model].get(key, Counter()))
            change = Counter({column: n for column, n in change.items() if n})
            if change:
                changed[key] = change
        delta[model] = changed
    return delta


def record(session: Session, before: Snapshot, after: Snapshot) -> None:
    """Write what a change of one referral changes in the rollup, in the
    caller's transaction. Keys go in one order, so that two transactions that
    touch the same counters on PostgreSQL wait for each other, never deadlock."""
    delta = difference(contribution(after), contribution(before))
    for model, changes in delta.items():
        if changes:
            _add(session, model, changes)
    gone = [key[:5] for key, change in delta[CooperationDue].items() if change["count"] < 0]
    if gone:
        session.execute(
            delete(CooperationDue).where(
                tuple_(*_primary_key(CooperationDue)).in_(gone), CooperationDue.count <= 0
            )
        )


def _primary_key(model: type) -> list[Any]:
    return list(model.__table__.primary_key.columns)


def _columns(model: type) -> list[str]:
    return [c.name for c in model.__table__.columns if not c.primary_key and c.name != "month"]


def _rows(model: type, changes: dict[Key, Counter[str]]) -> list[dict[str, Any]]:
    names = [c.name for c in _primary_key(model)] + ["month"]
    values = _columns(model)
    return [
        {**dict(zip(names, key, strict=True)), **{c: change.get(c, 0) for c in values}}
        for key, change in sorted(changes.items())
    ]


def _add(session: Session, model: type, changes: dict[Key, Counter[str]]) -> None:
    session.execute(_upsert(session.get_bind().dialect.name, model), _rows(model, changes))


@cache
def _upsert(dialect: str, model: type) -> Any:
    """The statement that adds to ``model``'s counters, built once per database kind
    (building it costs more than running it)."""
    table = model.__table__
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    return upsert.on_conflict_do_update(
        index_elements=_primary_key(model),
        set_={c: table.c[c] + upsert.excluded[c] for c in _columns(model)},
    )


# -- recomputation ---------------------------------------------------------------------


def recompute(connection: Connection | Session) -> Delta:
    """The whole rollup computed from the referrals, read in batches."""
    total: Delta = {model: defaultdict(Counter) for model in MODELS}
    query = select(*SNAPSHOT_COLUMNS).where(Referral.sent_at.is_not(None))
    result = connection.execute(query.execution_options(yield_per=5000))
    for row in result:
        for model, changes in contribution(row).items():
            for key, change in changes.items():
                total[model][key].update(change)
    return _without_zeros(total)


def stored(connection: Connection | Session) -> Delta:
    """The rollup as the tables hold it."""
    total: Delta = {}
    for model in MODELS:
        names = [c.name for c in _primary_key(model)] + ["month"]
        values = _columns(model)
        total[model] = {
            tuple(row[n] for n in names): Counter({c: row[c] for c in values})
            for row in connection.execute(select(model.__table__)).mappings()
        }
    return _without_zeros(total)


def _without_zeros(delta: Delta) -> Delta:
    return {
        model: {
            key: Counter({c: n for c, n in change.items() if n})
            for key, change in changes.items()
            if any(change.values())
        }
        for model, changes in delta.items()
    }


def check(connection: Connection | Session) -> list[str]:
    """The differences between the tables and a recomputation, one line each."""
    expected, actual = recompute(connection), stored(connection)
    return list(_describe(expected, actual))


def _describe(expected: Delta, actual: Delta) -> Iterator[str]:
    for model in MODELS:
        for key in sorted(expected[model].keys() | actual[model].keys()):
            want, have = expected[model].get(key, Counter()), actual[model].get(key, Counter())
            if want != have:
                shown = ", ".join(str(part) for part in key[:-1])
                yield f"{model.__tablename__} ({shown}): {dict(have)} instead of {dict(want)}"


def rebuild(connection: Connection | Session) -> int:
    """Replace the rollup by a recomputation; the number of rows that differed."""
    expected = recompute(connection)
    differing = sum(1 for _ in _describe(expected, stored(connection)))
    for model in MODELS:
        connection.execute(delete(model.__table__))
        for chunk in _chunks(_rows(model, expected[model]), 5000):
            connection.execute(insert(model.__table__), chunk)
    return differing


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


#: a period's part: rows of ``level`` from ``first`` to before ``after``, added (+1)
#: or taken away (-1)
Span = tuple[str, date, date, int]


def periods(start: date, end: date, *, years: bool = True) -> list[Span]:
    """The fewest rows that make up the days from ``start`` to ``end`` (both
    included): the whole months between and, with ``years``, the whole years
    between those; an edge is either added (the days from ``start`` to the next
    month) or taken away (the month from its first day, less the days before
    ``start``), whichever reads fewer days (months, at a year's edge)."""
    after = end + timedelta(days=1)
    first_month = start if start.day == 1 else _next_month(start)
    if first_month >= after.replace(day=1):  # no whole month
        return [(DAY, start, after, 1)]
    spans: list[Span] = []
    low = _edge(DAY, start, start.replace(day=1), first_month, spans, low=True)
    high = _edge(DAY, after, after.replace(day=1), _next_month(after), spans, low=False)
    months: list[Span] = []
    if years:
        first_year = low if low.month == 1 else date(low.year + 1, 1, 1)
        low_year = _edge(MONTH, low, low.replace(month=1), first_year, months, low=True)
        after_year = date(high.year + 1, 1, 1)
        high_year = _edge(MONTH, high, high.replace(month=1), after_year, months, low=False)
        # the years, if any, and only if their edges read fewer months than the months
        if low_year < high_year and sum(_units(*m[:3]) for m in months) < _units(MONTH, low, high):
            return [(YEAR, low_year, high_year, 1), *spans, *months]
    return [(MONTH, low, high, 1), *spans]


def _edge(level: str, at: date, before: date, after: date, spans: list[Span], *, low: bool) -> date:
    """Where the coarser rows start (``low``) or end, given the edge ``at`` between
    the unit's bounds ``before`` and ``after``; the finer rows it takes go to ``spans``."""
    if at == before:
        return at
    inside, outside = ((at, after), (before, at)) if low else ((before, at), (at, after))
    if _units(level, *outside) < _units(level, *inside):
        spans.append((level, *outside, -1))
        return before if low else after
    spans.append((level, *inside, 1))
    return after if low else before


def _units(level: str, first: date, after: date) -> int:
    if level == DAY:
        return (after - first).days
    return (after.year - first.year) * 12 + after.month - first.month


def period_clause(model: type, start: date, end: date, *, years: bool = True) -> Any:
    """The rows of the cohorts sent from ``start`` to ``end`` (both included), as
    :func:`periods` splits them; without ``years`` (to group by month), no year's rows."""
    return or_(*(_span(model, span) for span in periods(start, end, years=years)))


def period_sign(model: type, start: date, end: date, *, years: bool = True) -> Any:
    """What each row of :func:`period_clause` counts as: 1, or -1 where a part is
    taken away (multiply the columns summed by it)."""
    taken = [span for span in periods(start, end, years=years) if span[3] < 0]
    if not taken:
        return literal(1)
    return case((or_(*(_span(model, span) for span in taken)), -1), else_=1)


def _span(model: type, span: Span) -> Any:
    level, first, after, _ = span
    return and_(model.level == level, model.period >= first, model.period < after)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
