"""The referral pages: the officer's inbox, and the referral page of both sides
with its status changes and comments.

Every change goes through the service functions the API calls
(``core.referrals.lifecycle.transition``, ``core.referrals.service``), so the
graph, the version check, the reason codes, the outcome schema and the
plugins' veto are the same here as there.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import Select, select
from werkzeug.datastructures import MultiDict

from core import clock
from core.access import Principal, visible_beneficiary_fields
from core.app import hub
from core.audit import audit_each
from core.auth.models import User
from core.catalogue.types import Service
from core.db import db
from core.errors import (
    Conflict,
    Invalid,
    PreconditionFailed,
    PreconditionRequired,
    Problem,
    flatten_errors,
)
from core.institutions.models import Institution, Office
from core.notifications.inapp import mark_read_for_referral
from core.referrals import bulk
from core.referrals.caseload import ASSIGNED_TO, STATUS_GROUPS, list_total
from core.referrals.lifecycle import STATUSES, due_on, is_overdue, transition
from core.referrals.models import Referral
from core.referrals.responsibility import active_officers
from core.referrals.schemas import CommentSchema, TransitionSchema
from core.referrals.search import search_received
from core.referrals.service import add_comment, get_referral, list_query
from core.referrals.titles import priority_title, status_title
from core.web import list_filters
from core.web.forms import form_data
from core.web.i18n import localized
from core.web.labels import person_names
from core.web.messages import translate_message
from core.web.referral_page import Failure, build_page, titled_reasons
from core.web.session import principal, roles_required

blueprint = Blueprint("referrals", __name__)

PAGE_SIZE, MAX_PAGE = 50, 10_000
#: the longest search the inbox reads (a name, a reference or a number)
MAX_SEARCH = 200


@blueprint.app_template_global()
def referral_status(status: str) -> str:
    return status_title(status)


@blueprint.app_template_global()
def referral_priority(priority: str) -> str:
    return priority_title(priority)


# --- the inbox ----------------------------------------------------------------


@dataclass
class InboxRow:
    referral: Referral
    service_title: str
    person: str  # the name in Latin letters, or "" where the service lists no names
    person_as_written: str  # the names in their own script, when that is not Latin
    due: date | None
    overdue: bool
    officer: str  # the assigned officer's name, or ""


#: the inbox's remembered filters, under this name in ``users.list_filters``
INBOX = "inbox"
INBOX_DEFAULTS = {"status": "open", "sort": "due"}
#: what the bulk buttons say, per action of :data:`core.referrals.bulk.ACTIONS`
BULK_TITLES = {
    "received": _l("Mark the selected as received"),
    "accepted": _l("Accept the selected"),
    "assign_to_me": _l("Assign the selected to me"),
    "assign": _l("Assign the selected to the chosen officer"),
}


@blueprint.route("/inbox", methods=["GET", "POST"])
@roles_required("agency_officer")
def inbox() -> Any:
    """Referrals sent to the officer's institution, open ones by default, most
    urgent first. A search is a POST (names stay out of URLs) and shows its
    best matches on one page, within the filters."""
    caller = principal()
    services = _receivable_services(caller)
    offices = _offices(caller)
    searching = request.method == "POST"
    offered = _inbox_offered(services, offices)
    if searching:
        filters = list_filters.read(request.form, offered, INBOX_DEFAULTS)
        # The page's search form says which statuses it searches; a search posted
        # without one looks at every status (a reference may be of a closed one).
        if not request.form.get("status"):
            filters.choice["status"] = list_filters.ALL
    else:
        filters = list_filters.chosen(caller.user_id, INBOX, request.args, offered, INBOX_DEFAULTS)
    q = request.form.get("q", "").strip() if searching else ""
    if len(q) > MAX_SEARCH:
        error = _("Type at most %(count)s characters.", count=MAX_SEARCH)
        return _inbox_page([], filters, services, offices, q=q, search_error=error), 422
    today = clock.today()
    query = list_query(caller, filters.query)
    if q:
        found = _searched(query, q, services, filters.get("sort"))
        page, has_next, total = 1, False, len(found)
    else:
        total = list_total(caller, query, filters.query)
        page = _page_number(request.args)
        query = list_filters.ordered(query, filters.get("sort"))
        found = list(db.session.scalars(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
        has_next = len(found) > PAGE_SIZE
    rows = _inbox_rows(caller, found[:PAGE_SIZE], today)
    audit_each(caller, "list", "referral", ((r.id, r.beneficiary_id) for r in found[:PAGE_SIZE]))
    # Rendered before the commit, from the objects in hand: the commit would expire
    # them, and the template would read each row again.
    html = _inbox_page(
        rows, filters, services, offices, q=q, page=page, has_next=has_next, total=total
    )
    db.session.commit()
    return html


def _inbox_offered(
    services: dict[str, Service], offices: list[Office]
) -> dict[str, Collection[str]]:
    return {
        "status": [list_filters.ALL, *STATUS_GROUPS, *(s for s in STATUSES if s != "draft")],
        "service": services,
        "office_id": {o.id for o in offices},
        "assigned_to": ASSIGNED_TO,
        "overdue": ["1"],
        "sort": list_filters.SORTS,
    }


def _inbox_page(
    rows: list[InboxRow],
    filters: list_filters.ListFilters,
    services: dict[str, Service],
    offices: list[Office],
    *,
    q: str = "",
    page: int = 1,
    has_next: bool = False,
    total: int = 0,
    search_error: str | None = None,
) -> str:
    return render_template(
        "referrals/inbox.html",
        rows=rows,
        q=q,
        search_error=search_error,
        filters=filters,
        filters_args=filters.choice,
        search_args={"status": filters.get("status"), **filters.choice},
        page=page,
        has_next=has_next,
        total=total,
        status_choices=list_filters.status_choices(exclude=("draft",)),
        service_choices=sorted(
            ((code, localized(s.title)) for code, s in services.items()), key=lambda c: c[1]
        ),
        office_choices=[(o.id, o.name) for o in offices],
        assigned_choices=[
            ("", _("Anyone or nobody")),
            ("me", _("Assigned to me")),
            ("none", _("Assigned to nobody")),
        ],
        sort_choices=[(k, str(v)) for k, v in list_filters.SORTS.items()],
        bulk_actions=[(a, str(BULK_TITLES.get(a, a))) for a in bulk.ACTIONS],
        officer_choices=[
            (u.id, u.name)
            for u in db.session.scalars(active_officers(principal().institution_id or ""))
        ],
    )


def _searched(query: Select, q: str, services: dict[str, Service], sort: str) -> list[Referral]:
    """The inbox's referrals whose person answers ``q``: best match first for
    names, in the chosen order for an exact answer; one page of them."""
    fields = {code: tuple(s.beneficiary_fields) for code, s in services.items()}
    found = search_received(query, q, fields)
    if found.ranked is not None:
        return found.ranked[:PAGE_SIZE]
    return list(db.session.scalars(list_filters.ordered(found.query, sort).limit(PAGE_SIZE)))


def _receivable_services(caller: Principal) -> dict[str, Service]:
    """The catalogue's services of the officer's institution kind."""
    institution = db.session.get(Institution, caller.institution_id)
    kind = institution.kind if institution else None
    return {code: s for code, s in hub().catalogue.services.items() if s.kind == kind}


def _offices(caller: Principal) -> list[Office]:
    """The offices of the officer's institution (closed ones too: they still hold referrals)."""
    query = select(Office).where(Office.institution_id == caller.institution_id)
    return list(db.session.scalars(query.order_by(Office.name)))


def _page_number(args: MultiDict) -> int:
    try:
        # Bounded: a huge offset is no page anyone reads, and could overflow the database's.
        return min(max(1, int(args.get("page", "1"))), MAX_PAGE)
    except ValueError:
        return 1


def _inbox_rows(caller: Principal, referrals: list[Referral], today: date) -> list[InboxRow]:
    officer_ids = {r.assigned_officer_id for r in referrals if r.assigned_officer_id}
    found = db.session.execute(select(User.id, User.name).where(User.id.in_(officer_ids)))
    names = {user_id: name for user_id, name in found}
    return [_inbox_row(caller, r, today, names) for r in referrals]


def _inbox_row(
    caller: Principal, referral: Referral, today: date, officers: Mapping[str, str]
) -> InboxRow:
    service = hub().catalogue.services.get(referral.service_code)
    visible = visible_beneficiary_fields(
        caller, referral, service.beneficiary_fields if service else ()
    )
    latin, as_written = person_names(referral.beneficiary, visible)
    return InboxRow(
        referral=referral,
        service_title=localized(service.title) if service else referral.service_code,
        person=latin,
        person_as_written=as_written,
        due=due_on(referral),
        overdue=is_overdue(referral, today),
        officer=officers.get(referral.assigned_officer_id or "", ""),
    )


@blueprint.post("/inbox/bulk")
@roles_required("agency_officer")
def inbox_bulk() -> Any:
    """One action on the referrals ticked in the inbox, each at the version the
    page showed; those that fail are listed with their reason, the others done."""
    caller = principal()
    action = request.form.get("action", "")
    items = [_bulk_item(value) for value in request.form.getlist("referral")]
    try:
        outcome = bulk.apply(caller, action, items, {"officer_id": request.form.get("officer_id")})
    except Invalid as exc:
        db.session.rollback()
        flash(translate_message(exc.detail), "error")
        return redirect(url_for(".inbox"))
    db.session.commit()
    if outcome.done:
        references = ", ".join(r.reference for r in outcome.done)
        flash(
            _(
                "Done for %(count)s: %(references)s.",
                count=len(outcome.done),
                references=references,
            ),
            "success",
        )
    for failed in outcome.failed:
        flash(
            _(
                "Not done for %(reference)s: %(reason)s",
                reference=failed.reference or _("a referral you cannot see"),
                reason=translate_message(failed.detail),
            ),
            "error",
        )
    return redirect(url_for(".inbox"))


def _bulk_item(value: str) -> tuple[str, int | None]:
    """``"<referral id>:<version>"`` as the row's checkbox posts it; no version
    is the 428 of a change without If-Match."""
    referral_id, _sep, version = value.partition(":")
    return referral_id, int(version) if version.isdigit() else None


# --- the referral page ----------------------------------------------------------


@blueprint.get("/referrals/<referral_id>")
@roles_required("centre_staff", "agency_officer")
def referral(referral_id: str) -> Any:
    caller = principal()
    # Opening the referral is seeing what it notified this user of. Only the
    # user's own rows change, and a referral they may not see (404) rolls back.
    mark_read_for_referral(caller.user_id, referral_id)
    return render_page(caller, referral_id)


def render_page(
    caller: Principal,
    referral_id: str,
    failure: Failure | None = None,
    status: int = 200,
    notice: str = "",
) -> tuple[str, int]:
    """The page as it is now; reading it is audited, so it commits."""
    found = get_referral(caller, referral_id)
    page = build_page(caller, found, failure)
    body = render_template("referrals/referral.html", page=page, notice=notice)
    db.session.commit()
    return body, status


def refused_change(
    caller: Principal, found: Referral, exc: Problem, conflict: str | None = None
) -> tuple[str, int]:
    """The referral page as it is now, saying why a change of it was refused:
    changed since the form was opened (412/428), or not possible in its status
    (409; ``conflict`` words it for the change at hand). Nothing was written."""
    if isinstance(exc, Conflict):
        notice = conflict or _(
            "That is not possible while the referral is “%(status)s”; here is its current state. "
            "Nothing was changed.",
            status=status_title(found.status),
        )
    else:
        notice = _(
            "The referral changed since you opened it; here is its current state. "
            "Nothing was changed."
        )
    return render_page(caller, found.id, status=exc.status, notice=notice)


@blueprint.post("/referrals/<referral_id>/transitions", endpoint="transition")
@roles_required("centre_staff", "agency_officer")
def transition_view(referral_id: str) -> Any:
    """One move of the lifecycle; the hidden ``version`` is the form's If-Match."""
    caller = principal()
    found = get_referral(caller, referral_id)
    to = request.form.get("to", "")
    try:
        body = _transition_body(found, request.form)
        transition(
            caller,
            found,
            to,
            expected_version=_version(request.form),
            reason_code=body.get("reason_code"),
            note=body.get("note"),
            data=body["data"],
        )
    except Invalid as exc:
        db.session.rollback()
        service = hub().catalogue.services.get(found.service_code)
        errors, detail = titled_reasons(service, to, exc)
        return render_page(caller, referral_id, Failure(to, request.form, errors, detail), 422)
    except (PreconditionFailed, PreconditionRequired, Conflict) as exc:
        db.session.rollback()
        return refused_change(caller, found, exc)
    db.session.commit()
    flash(_("The referral is now “%(status)s”.", status=status_title(to)), "success")
    return redirect(url_for(".referral", referral_id=referral_id))


def _transition_body(referral: Referral, form: MultiDict) -> dict[str, Any]:
    """The posted move in the API's shape, checked by the API's own schema."""
    service = hub().catalogue.services.get(referral.service_code)
    data: dict[str, Any] = {}
    if form.get("to") == "completed" and service and service.outcome_schema:
        data = form_data(service.outcome_schema, "data", form)
    body = {
        "to": form.get("to", ""),
        "reason_code": form.get("reason_code") or None,
        "note": form.get("note", "").strip() or None,
        "data": data,
    }
    try:
        return TransitionSchema().load(body)
    except ValidationError as exc:
        raise Invalid(_("The form has errors."), errors=flatten_errors(exc.messages)) from None


def _version(form: MultiDict) -> int | None:
    try:
        return int(form.get("version", ""))
    except ValueError:
        return None


@blueprint.post("/referrals/<referral_id>/comments")
@roles_required("centre_staff", "agency_officer")
def comment(referral_id: str) -> Any:
    caller = principal()
    found = get_referral(caller, referral_id)
    text = request.form.get("body", "").strip()
    try:
        if not text:
            raise Invalid(
                _("The comment is empty."), errors={"body": [_("Write the comment first.")]}
            )
        try:
            CommentSchema().load({"body": text})
        except ValidationError as exc:
            raise Invalid(
                _("The comment is too long."), errors=flatten_errors(exc.messages)
            ) from None
        add_comment(caller, found, text)
    except Invalid as exc:
        db.session.rollback()
        return render_page(
            caller, referral_id, Failure("comment", request.form, exc.errors, exc.detail), 422
        )
    db.session.commit()
    flash(_("Your comment was added."), "success")
    return redirect(url_for(".referral", referral_id=referral_id, _anchor="comments"))
