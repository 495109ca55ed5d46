"""The coordinator's area: the cooperation dashboard, its exports (CSV, XLSX),
the printable report for the working group's meeting, and the list of overdue
referrals to follow up (where escalations lead).

Only counts and durations appear here, never a beneficiary. The figures come
from ``core.stats`` (the function behind ``GET /api/v1/stats/cooperation``) for
the institutions that ``core.access.stats_scope`` allows; these views read the
filters, put the group labels in the UI language and render.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pycountry
from babel.numbers import get_decimal_symbol
from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import format_date, get_locale, pgettext
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from core import clock
from core.access import stats_scope
from core.app import hub
from core.db import db
from core.errors import Invalid
from core.referrals.titles import status_title
from core.stats.export import Table, Titles, to_csv, to_xlsx
from core.stats.overdue import FILTERS as OVERDUE_FILTERS
from core.stats.overdue import (
    OverduePage,
    load_overdue_filters,
    overdue_page,
    receiving_institutions,
)
from core.stats.report import Filters, Report, counties, load_filters, report, working_group_names
from core.web.chart import Chart, Column, line_chart
from core.web.i18n import localized
from core.web.messages import N_
from core.web.session import principal, roles_required

blueprint = Blueprint("coordinator", __name__, url_prefix="/cooperation")

#: the roles that may see the figures (as for the API)
ROLES = ("coordinator", "admin")
#: which tables the dashboard shows
VIEWS = ("both", "institution", "service")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The English messages of the filters (core.stats.report speaks the API's language),
# marked here so that extraction puts them in the catalogues; the pages translate them.
FILTER_MESSAGES = (
    N_("Check the filters of the figures."),
    N_("Choose one of the counties of your working group."),
    N_("The period starts after it ends."),
    N_("The period must start today or earlier."),
    N_("Choose a period of at most ten years."),
    N_("Check the filters of the list."),
    N_("Choose one of the institutions of your working group."),
    N_("Choose one of the services from the list."),
)


@blueprint.get("", endpoint="dashboard")
@roles_required(*ROLES)
def dashboard():
    scope = stats_scope(principal())
    form = _form(request.args)
    try:
        filters, view = _filters_and_view(request.args, scope)
    except Invalid as exc:
        return _invalid(exc, "coordinator/dashboard.html", scope, form, request.path)
    figures = _labelled(report(scope, filters))
    db.session.commit()
    return render_template(
        "coordinator/dashboard.html",
        **_page(scope, form, filters),
        figures=figures,
        chart=_trend(figures),
        view=view,
    )


@blueprint.get("/report", endpoint="report")
@roles_required(*ROLES)
def meeting_report():
    caller = principal()
    scope = stats_scope(caller)
    form = _form(request.args)
    try:
        filters = load_filters(request.args, scope)
    except Invalid as exc:
        return _invalid(exc, "coordinator/invalid.html", scope, form, url_for("coordinator.report"))
    figures = _labelled(report(scope, filters))
    groups = working_group_names(caller)
    db.session.commit()
    return render_template(
        "coordinator/report.html",
        **_page(scope, form, filters),
        figures=figures,
        chart=_trend(figures),
        groups=groups,
        generated_on=clock.today(),
    )


@blueprint.get("/export.<any(csv, xlsx):fmt>", endpoint="export")
@roles_required(*ROLES)
def export(fmt: str):
    scope = stats_scope(principal())
    try:
        filters = load_filters(request.args, scope)
    except Invalid as exc:
        form = _form(request.args)
        action = url_for("coordinator.export", fmt=fmt)
        return _invalid(exc, "coordinator/invalid.html", scope, form, action)
    # The CSV leaves the months out; neither file compares with the period before.
    figures = report(scope, filters, with_months=fmt != "csv", with_changes=False)
    tables = _tables(_labelled(figures))
    db.session.commit()
    if fmt == "csv":
        # The months stay out of the CSV: one flat list of institutions and services.
        body, mimetype = to_csv(tables[:2], _titles(), **csv_dialect()), "text/csv; charset=utf-8"
    else:
        body, mimetype = to_xlsx(tables, _titles()), XLSX
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(filters, fmt)}"'
    response.headers["Cache-Control"] = "private, no-store"  # the working group's, not a proxy's
    return response


@blueprint.get("/overdue", endpoint="overdue")
@roles_required(*ROLES)
def overdue():
    """The referrals overdue now, most overdue first: what escalations link to."""
    scope = stats_scope(principal())
    form = {name: request.args.get(name, "").strip() for name in OVERDUE_FILTERS}
    choices = _overdue_choices(scope)
    try:
        filters = load_overdue_filters(request.args, scope)
    except Invalid as exc:
        db.session.rollback()
        html = render_template(
            "coordinator/overdue.html",
            **choices,
            form=form,
            errors=exc.errors,
            detail=exc.detail,
            found=None,
            query={},
        )
        return html, 422
    found = overdue_page(scope, filters, _page_number(request.args))
    rows = _overdue_rows(found)
    db.session.commit()
    return render_template(
        "coordinator/overdue.html",
        **choices,
        form=form,
        errors={},
        found=found,
        rows=rows,
        query=filters.query(),
        filtered=bool(filters.query()),
    )


# --- filters ------------------------------------------------------------------


def _form(args: MultiDict[str, str]) -> dict[str, str]:
    """What the user asked for, to show in the filter form as typed."""
    return {name: args.get(name, "").strip() for name in ("from", "to", "county", "view")}


def _filters_and_view(args: MultiDict[str, str], scope: list[str] | None) -> tuple[Filters, str]:
    """The filters and the dashboard's choice of tables, every mistake reported at once."""
    errors: dict[str, list[str]] = {}
    try:
        filters = load_filters(args, scope)
    except Invalid as exc:
        errors.update(exc.errors)
    view = args.get("view", "").strip() or "both"
    if view not in VIEWS:
        errors["view"] = [N_("Choose which tables to show from the list.")]
    if errors:
        raise Invalid("Check the filters of the figures.", errors=errors)
    return filters, view


def _page(scope: list[str] | None, form: dict[str, str], filters: Filters | None) -> dict[str, Any]:
    """What every page of the area shows: the filter form and its choices."""
    if filters is not None:  # the form shows the dates in use, defaults included
        form = {**form, "from": filters.start.isoformat(), "to": filters.end.isoformat()}
    return {
        "form": form,
        "filters": filters,
        "query": filters.query() if filters else {},
        "county_name": _county_name(filters.county) if filters and filters.county else None,
        "counties": [(code, _county_name(code)) for code in counties(scope)],
        "columns": _column_titles(),
        "views": [
            ("both", _("Institutions and services")),
            ("institution", _("Per institution")),
            ("service", _("Per service")),
        ],
    }


def _invalid(
    exc: Invalid, template: str, scope: list[str] | None, form: dict[str, str], action: str
) -> tuple[str, int]:
    """The filter form again, with the messages next to the fields, and no figures."""
    db.session.rollback()
    page = _page(scope, form, None)
    html = render_template(template, **page, errors=exc.errors, detail=exc.detail, action=action)
    return html, 422


def _page_number(args: MultiDict[str, str]) -> int:
    try:
        return int(args.get("page", "1"))
    except ValueError:
        return 1


def _overdue_choices(scope: list[str] | None) -> dict[str, Any]:
    services = hub().catalogue.services
    return {
        "counties": [(code, _county_name(code)) for code in counties(scope)],
        "institutions": receiving_institutions(scope),
        "services": sorted(
            ((code, localized(s.title)) for code, s in services.items()), key=lambda c: c[1]
        ),
    }


def _overdue_rows(found: OverduePage) -> list[dict[str, Any]]:
    """The rows with the service and status titled in the UI language."""
    services = hub().catalogue.services
    return [
        {
            "row": row,
            "service": localized(services[row.service_code].title)
            if row.service_code in services
            else row.service_code,
            "status": status_title(row.status),
        }
        for row in found.rows
    ]


def _county_name(code: str) -> str:
    subdivision = pycountry.subdivisions.get(code=code)
    return f"{subdivision.name} ({code})" if subdivision else code


# --- labels in the UI language -----------------------------------------------------


def _labelled(figures: Report) -> Report:
    """The service titles and months in the UI language (the figures label them in English)."""
    services = hub().catalogue.services
    return replace(
        figures,
        services=[
            {**item, "label": localized(services[item["key"]].title)}
            if item["key"] in services
            else item
            for item in figures.services
        ],
        months=[{**item, "label": _month(item["key"])} for item in figures.months],
    )


def _month(key: str, pattern: str = "LLL yyyy") -> str:
    year, month = key.split("-")
    return format_date(date(int(year), int(month), 1), pattern)


def _trend(figures: Report) -> Chart:
    """Sent, completed and rejected referrals per month."""
    columns = [
        Column(
            m["key"],
            m["label"],
            _month(m["key"], "LLL"),
            m["key"][:4] if i == 0 or m["key"].endswith("-01") else "",
        )
        for i, m in enumerate(figures.months)
    ]
    series = [
        (name, title, [m[name] for m in figures.months])
        for name, title in (
            ("sent", pgettext("figures", "Sent")),
            ("completed", pgettext("figures", "Completed")),
            ("rejected", pgettext("figures", "Rejected")),
        )
    ]
    return line_chart(columns, series)


# --- exports ------------------------------------------------------------------------


def _tables(figures: Report) -> list[Table]:
    def rows(items: list[dict[str, Any]], label: str = "label") -> list[tuple[str, dict]]:
        return [(item[label], item) for item in items]

    return [
        Table(_("Institutions"), _("Institution"), rows(figures.institutions), figures.totals),
        Table(_("Services"), _("Service"), rows(figures.services), figures.totals),
        Table(_("Months"), _("Month"), rows(figures.months, "key"), figures.totals),
    ]


def csv_dialect() -> dict[str, str]:
    """The CSV's separator and decimal mark in the UI language, as a spreadsheet set
    to that language reads them: where the decimal mark is a comma (ro, cs, uk),
    the separator is a semicolon."""
    decimal = get_decimal_symbol(str(get_locale() or "en"))
    return {"delimiter": ";" if decimal == "," else ",", "decimal": decimal}


def _titles() -> Titles:
    return Titles(
        columns=_column_titles(),
        group=_("Group"),
        name=_("Name"),
        total=_("Total"),
    )


def _filename(filters: Filters, fmt: str) -> str:
    county = f"-{filters.county}" if filters.county else ""
    return f"cooperation{county}-{filters.start.isoformat()}-{filters.end.isoformat()}.{fmt}"


def _column_titles() -> dict[str, str]:
    # "figures": counts of referrals, which some languages word apart from a
    # referral's status (Romanian: "Acceptate" here, "Acceptată" as a status).
    return {
        "sent": pgettext("figures", "Sent"),
        "received": pgettext("figures", "Received"),
        "accepted": pgettext("figures", "Accepted"),
        "rejected": pgettext("figures", "Rejected"),
        "completed": pgettext("figures", "Completed"),
        "failed": pgettext("figures", "Failed"),
        "cancelled": pgettext("figures", "Cancelled"),
        "open": pgettext("figures", "Open"),
        "overdue": pgettext("figures", "Overdue"),
        "acceptance_rate": _("Acceptance rate"),
        "median_hours_to_response": _("Median time to response (hours)"),
        "median_days_to_completion": _("Median time to completion (days)"),
    }
