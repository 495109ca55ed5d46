"""The coordinator's follow-up: the referrals that are overdue now, most overdue first.

A row names the referral (its reference), where it waits (institution, office),
the service, its status and how late it is; never the person. Overdue is the
lifecycle's one rule (``overdue_clause`` for the query, ``due_on`` for the
row). Only open referrals are read, a page at a time, so that the list costs
the same however long the history grows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields
from sqlalchemy import ColumnElement, func, select

from core import clock
from core.app import hub
from core.db import db, for_reports
from core.errors import Invalid, flatten_errors
from core.institutions.models import Institution, Office
from core.referrals.lifecycle import AWAITING_RESPONSE, IN_HAND, due_clause, due_on, overdue_clause
from core.referrals.models import Referral
from core.stats.report import counties

PAGE_SIZE = 50
#: a deeper page is no page anyone reads (and bounds the offset)
MAX_PAGE = 1_000
#: the statuses in which a referral can be overdue (the status index narrows the read)
WAITING = (*AWAITING_RESPONSE, *IN_HAND)
FILTERS = ("from", "to", "county", "institution", "service")


@dataclass(frozen=True)
class OverdueFilters:
    """Which overdue referrals to list; each one left out means all. The period
    (both days included) is when the referrals were sent, as on the dashboard."""

    start: date | None = None
    end: date | None = None
    county: str | None = None
    institution: str | None = None
    service: str | None = None

    def query(self) -> dict[str, str]:
        """The filters as query parameters, for links to the same list."""
        values = {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "county": self.county,
            "institution": self.institution,
            "service": self.service,
        }
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class OverdueRow:
    reference: str
    institution: str
    office: str
    service_code: str
    status: str
    due: date
    days_overdue: int


@dataclass(frozen=True)
class OverduePage:
    rows: list[OverdueRow]
    total: int
    page: int
    has_next: bool


class _FiltersSchema(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    county = fields.String()
    institution = fields.String()
    service = fields.String()


def load_overdue_filters(args: Mapping[str, str], scope: list[str] | None) -> OverdueFilters:
    """The filters from a query string (an empty value: any). Raises ``Invalid``
    with the messages keyed by parameter when a date does not parse, the period
    is upside down, or a county, institution or service is not one offered."""
    given = {k: v.strip() for k, v in args.items() if k in FILTERS and v.strip()}
    errors: dict[str, list[str]] = {}
    try:
        data = _FiltersSchema().load(given)
    except ValidationError as exc:
        errors.update(flatten_errors(exc.messages))
        data = exc.valid_data or {}
    start, end = data.get("from_"), data.get("to")
    if start and end and start > end:
        errors["from"] = ["The period starts after it ends."]
    county = data.get("county")
    if county and county not in counties(scope):
        errors["county"] = ["Choose one of the counties of your working group."]
    institution = data.get("institution")
    if institution and institution not in dict(receiving_institutions(scope)):
        errors["institution"] = ["Choose one of the institutions of your working group."]
    service = data.get("service")
    if service and service not in hub().catalogue.services:
        errors["service"] = ["Choose one of the services from the list."]
    if errors:
        raise Invalid("Check the filters of the list.", errors=errors)
    return OverdueFilters(start, end, county, institution, service)


def receiving_institutions(scope: list[str] | None) -> list[tuple[str, str]]:
    """(id, name) of the institutions in ``scope`` (None: all) that receive referrals:
    those of a kind that some service of the catalogue belongs to."""
    kinds = {service.kind for service in hub().catalogue.services.values()}
    query = select(Institution.id, Institution.name).where(Institution.kind.in_(kinds))
    if scope is not None:
        query = query.where(Institution.id.in_(scope))
    return [(row.id, row.name) for row in db.session.execute(query.order_by(Institution.name))]


def overdue_page(scope: list[str] | None, filters: OverdueFilters, page: int = 1) -> OverduePage:
    """One page of the overdue referrals between institutions in ``scope`` (from
    ``core.access.stats_scope``; None: all), the most overdue first."""
    today = clock.today()
    where = _where(scope, filters, today)
    total = db.session.scalar(
        select(func.count())
        .select_from(Referral)
        .join(Institution, Institution.id == Referral.to_institution_id)
        .where(*where),
        bind_arguments=for_reports(),
    )
    page = min(max(page, 1), MAX_PAGE)
    query = (
        select(
            Referral.reference,
            Referral.service_code,
            Referral.status,
            Referral.respond_by,
            Referral.complete_by,
            Institution.name.label("institution"),
            Office.name.label("office"),
        )
        .join(Institution, Institution.id == Referral.to_institution_id)
        .join(Office, Office.id == Referral.to_office_id)
        .where(*where)
        .order_by(due_clause(), Referral.reference)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )
    found = db.session.execute(query, bind_arguments=for_reports()).all()
    return OverduePage(
        rows=[_row(row, today) for row in found[:PAGE_SIZE]],
        total=total or 0,
        page=page,
        has_next=len(found) > PAGE_SIZE and page < MAX_PAGE,
    )


def _where(
    scope: list[str] | None, filters: OverdueFilters, today: date
) -> list[ColumnElement[bool]]:
    # The plain status condition besides the rule: the index on status can serve it.
    where = [Referral.status.in_(WAITING), overdue_clause(today)]
    if scope is not None:
        # Between institutions of the caller's working groups, on both sides.
        where += [Referral.to_institution_id.in_(scope), Referral.from_institution_id.in_(scope)]
    tz = clock.now().tzinfo
    if filters.start:
        where.append(Referral.sent_at >= datetime.combine(filters.start, time(), tzinfo=tz))
    if filters.end:
        next_day = filters.end + timedelta(days=1)
        where.append(Referral.sent_at < datetime.combine(next_day, time(), tzinfo=tz))
    if filters.county:
        where.append(Institution.county == filters.county)
    if filters.institution:
        where.append(Referral.to_institution_id == filters.institution)
    if filters.service:
        where.append(Referral.service_code == filters.service)
    return where


def _row(row: Any, today: date) -> OverdueRow:
    due = due_on(row)
    return OverdueRow(
        reference=row.reference,
        institution=row.institution,
        office=row.office,
        service_code=row.service_code,
        status=row.status,
        due=due,
        days_overdue=(today - due).days,
    )
