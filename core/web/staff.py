"""The centre staff's pages: their referrals, the beneficiary register, consent,
the service catalogue and the new-referral form.

Views are thin: the beneficiary and referral services hold the rules (access,
consent, routing, the lifecycle); the API's schemas validate what is posted.
Names and other personal data never go in URLs: a search is a POST form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from core import clock, codes
from core.access import Principal
from core.api.helpers import load
from core.app import hub
from core.audit import audit, audit_each
from core.auth.models import User
from core.beneficiaries import service as beneficiaries
from core.beneficiaries.access_log import access_log, record_history
from core.beneficiaries.access_log import referral_id as logged_referral
from core.beneficiaries.duplicates import listed_duplicates
from core.beneficiaries.export import export_person, person_referrals
from core.beneficiaries.households import (
    Household,
    adults_of,
    household_of,
    household_referrals,
)
from core.beneficiaries.merge import merge_beneficiary
from core.beneficiaries.models import Beneficiary
from core.beneficiaries.names import suggest_latin
from core.beneficiaries.schemas import (
    BeneficiarySchema,
    ConsentSchema,
    NameSuggestionSchema,
    RestrictionSchema,
)
from core.beneficiaries.search import search
from core.catalogue.types import Route, Service
from core.db import db
from core.documents.service import ADD_DOCUMENT, LIST_DOCUMENTS, READ_DOCUMENT
from core.errors import Invalid, NotFound, PreconditionFailed, load_valid
from core.institutions.groups import groups_of, members_of
from core.institutions.models import Institution, Office
from core.referrals import service as referrals
from core.referrals.appointments import CLEAR_APPOINTMENT, SET_APPOINTMENT
from core.referrals.caseload import (
    REFERRAL_REFERENCE,
    STATUS_GROUPS,
    status_counts,
    statuses_of,
)
from core.referrals.caseload import count as caseload_count
from core.referrals.drafts import EDIT_DRAFT
from core.referrals.lifecycle import STATUSES, due_on, is_overdue
from core.referrals.models import Comment, Referral, ReferralEvent
from core.referrals.schemas import ReferralCreateSchema
from core.referrals.titles import status_title
from core.web import code_names, labels, list_filters, refer_again, referral_form
from core.web import documents as web_documents
from core.web import staff_forms as sf
from core.web.forms import prefilled
from core.web.i18n import localized, role_title
from core.web.referral_page import reason_title
from core.web.session import principal, roles_required

blueprint = Blueprint("staff", __name__)

#: how far back "recently" completed or rejected referrals go on the home page
RECENT_DAYS = 30
#: rows shown per group on the home page, and beneficiaries per list
GROUP_CAP = 20
LIST_CAP = 50
#: the form's input names for the API's beneficiary fields that differ
BENEFICIARY_INPUTS = {"languages": "languages", "household_head_id": "household_head"}
#: the error summary's names of the beneficiary form's inputs
BENEFICIARY_FORM_LABELS = {
    **labels.FORM_LABELS,
    "household_head": labels.FORM_LABELS["household_head_id"],
}
#: the input of the registration form that answers "none of them" to its possible duplicates
CONFIRM_NEW = "confirm_new"
#: inputs the "none of them" form does not copy: it sends its own
NOT_RETYPED = {"csrf_token", CONFIRM_NEW}


@blueprint.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "country_name": labels.country_name,
        "language_name": labels.language_name,
        "county_name": labels.county_name,
        "status_title": status_title,
        "title_of": labels.title_of,
        "labels": labels,
        "kind_name": referral_form.kind_name,
        "service_title": _service_title,
        "due_date": due_on,
        "as_date": date.fromisoformat,  # dates kept in JSON (the residence document's)
        "overdue": lambda referral: is_overdue(referral, clock.today()),
        "born": labels.born,
        "age": labels.age,
    }


def _service_title(code: str) -> str:
    service = hub().catalogue.services.get(code)
    return localized(service.title) if service else code


# --- home: the centre's referrals by what needs attention -------------------------------


@dataclass
class Group:
    key: str
    title: str
    empty: str
    count: int
    rows: list[Referral]


def _group(caller: Principal, key: str, title: Any, empty: Any, query: Any) -> Group:
    count = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(
        db.session.scalars(
            query.options(selectinload(Referral.beneficiary), selectinload(Referral.to_institution))
            .order_by(Referral.id.desc())
            .limit(GROUP_CAP)
        )
    )
    audit_each(caller, "list", "referral", ((r.id, r.beneficiary_id) for r in rows))
    return Group(key, str(title), str(empty), count or 0, rows)


@blueprint.get("/staff")
@roles_required("centre_staff")
def home():
    caller = principal()
    since = clock.now() - timedelta(days=RECENT_DAYS)

    def query(**filters: Any) -> Any:
        return referrals.list_query(caller, filters)

    groups = [
        _group(
            caller,
            "rejected",
            _l("Rejected in the last %(days)s days", days=RECENT_DAYS),
            _l("No referral was rejected."),
            query(status="rejected").where(Referral.closed_at >= since),
        ),
        _group(
            caller,
            "on-hold",
            _l("On hold: information requested"),
            _l("No referral is on hold."),
            query(status="on-hold"),
        ),
        _group(
            caller, "overdue", _l("Overdue"), _l("No referral is overdue."), query(overdue=True)
        ),
        _group(
            caller, "draft", _l("Drafts"), _l("No draft waits to be sent."), query(status="draft")
        ),
        _group(
            caller,
            "completed",
            _l("Completed in the last %(days)s days", days=RECENT_DAYS),
            _l("No referral was completed recently."),
            query(status="completed").where(Referral.closed_at >= since),
        ),
    ]
    # Rendered before the commit, from the objects in hand: the commit would expire them.
    page = render_template("staff/home.html", groups=groups, cap=GROUP_CAP)
    db.session.commit()
    return page


# --- the centre's caseload: every referral, filtered and counted ------------------------------

#: the caseload's remembered filters, under this name in ``users.list_filters``
CASELOAD = "caseload"
CASELOAD_DEFAULTS = {"status": "open", "sort": "newest"}
CASELOAD_PAGE = 50


@blueprint.route("/staff/referrals", methods=["GET", "POST"])
@roles_required("centre_staff")
def caseload() -> Any:
    """The centre's referrals, open ones by default, with counts per status.
    A search (a reference, or a person as the register finds them) is a POST
    and looks within the filters."""
    caller = principal()
    institutions = _receiving_institutions(caller)
    filters = _caseload_filters(caller, institutions)
    q = request.form.get("q", "").strip() if request.method == "POST" else ""
    found = _search_condition(caller, q)
    query = referrals.list_query(caller, filters.query).where(found)
    shown_statuses = statuses_of(filters.get("status"))
    # the counts: the same filters but the status, over the statuses of the chosen
    # group (the open ones by default: the work in hand, not the whole history)
    others = {k: v for k, v in filters.query.items() if k != "status"}
    counts = status_counts(
        referrals.list_query(caller, others).where(found, Referral.status.in_(shown_statuses))
    )
    total = caseload_count(query)
    page = 1 if q else _page_number(request.args)
    rows = list(
        db.session.scalars(
            list_filters.ordered(query, filters.get("sort"))
            .options(selectinload(Referral.to_institution))
            .offset((page - 1) * CASELOAD_PAGE)
            .limit(CASELOAD_PAGE + 1)
        )
    )
    listed = rows[:CASELOAD_PAGE]
    audit_each(caller, "list", "referral", ((r.id, r.beneficiary_id) for r in listed))
    # Rendered before the commit, from the objects in hand: the commit would expire them.
    page = render_template(
        "staff/referrals.html",
        rows=rows[:CASELOAD_PAGE],
        q=q,
        filters=filters,
        filters_args=filters.choice,
        search_args={"status": filters.get("status"), **filters.choice},
        counts=[(s, counts.get(s, 0)) for s in STATUSES if s in shown_statuses],
        total=total,
        page=page,
        has_next=len(rows) > CASELOAD_PAGE,
        status_choices=list_filters.status_choices(),
        service_choices=sorted(
            ((code, localized(s.title)) for code, s in hub().catalogue.services.items()),
            key=lambda c: c[1],
        ),
        institution_choices=[(i.id, i.name) for i in institutions],
        sort_choices=[(k, str(v)) for k, v in list_filters.SORTS.items()],
    )
    db.session.commit()
    return page


def _caseload_filters(
    caller: Principal, institutions: list[Institution]
) -> list_filters.ListFilters:
    """The filters asked for (a search's form, the query string) or remembered."""
    offered = {
        "status": [list_filters.ALL, *STATUS_GROUPS, *STATUSES],
        "service": hub().catalogue.services,
        "institution_id": {i.id for i in institutions},
        "assigned_to": ["me"],
        "overdue": ["1"],
        "sort": list_filters.SORTS,
    }
    if request.method == "GET":
        return list_filters.chosen(
            caller.user_id, CASELOAD, request.args, offered, CASELOAD_DEFAULTS
        )
    filters = list_filters.read(request.form, offered, CASELOAD_DEFAULTS)
    if not request.form.get("status"):
        filters.choice["status"] = list_filters.ALL  # a search posted without one: every status
    return filters


def _search_condition(caller: Principal, q: str) -> Any:
    """The referrals found by ``q``: a referral's reference, or the people the
    register's search finds (any spelling, a reference, a date of birth, a
    phone or a document number); everything when ``q`` is empty."""
    if not q:
        return true()
    if REFERRAL_REFERENCE.fullmatch(q):
        return Referral.reference == q.upper()
    found = search(caller, q)
    if found.ranked is not None:
        return Referral.beneficiary_id.in_([p.id for p in found.ranked])
    return Referral.beneficiary_id.in_(found.query.with_only_columns(Beneficiary.id).order_by(None))


def _receiving_institutions(caller: Principal) -> list[Institution]:
    """The institutions the centre may refer to: of its working groups, of a
    kind that offers services."""
    kinds = {s.kind for s in hub().catalogue.services.values()}
    query = select(Institution).where(
        Institution.id.in_(members_of(groups_of(caller.institution_id))),
        Institution.kind.in_(kinds),
    )
    return list(db.session.scalars(query.order_by(Institution.name)))


def _page_number(args: Any) -> int:
    try:
        return min(max(1, int(args.get("page", "1"))), 10_000)
    except ValueError:
        return 1


# --- the beneficiary register ---------------------------------------------------------------


# The endpoint is "staff.beneficiaries" (base.html links to it); the function's
# name leaves ``beneficiaries`` to the service module.
@blueprint.route("/staff/beneficiaries", methods=["GET", "POST"], endpoint="beneficiaries")
@roles_required("centre_staff")
def beneficiary_register():
    caller = principal()
    q = request.form.get("q", "").strip() if request.method == "POST" else ""
    found = search(caller, q)
    if found.ranked is not None:
        rows = found.ranked[: LIST_CAP + 1]
    else:
        query = found.query.order_by(Beneficiary.id.desc())
        rows = list(db.session.scalars(query.limit(LIST_CAP + 1)))
    more = len(rows) > LIST_CAP
    rows = rows[:LIST_CAP]
    for beneficiary in rows:
        audit(caller, "list", "beneficiary", beneficiary.id, beneficiary_id=beneficiary.id)
    db.session.commit()
    return render_template("staff/beneficiaries.html", rows=rows, q=q, more=more, cap=LIST_CAP)


@blueprint.route("/staff/beneficiaries/new", methods=["GET", "POST"])
@roles_required("centre_staff")
def new_beneficiary():
    caller = principal()
    if request.method == "GET":
        if parent_id := request.args.get("household_of"):
            return _child_form(caller, parent_id)
        return _beneficiary_form(MultiDict(), {})
    try:
        data = _load_beneficiary(caller, request.form)
        if duplicates := _asked_duplicates(caller, request.form, data):
            page = _beneficiary_form(request.form, {}, duplicates=duplicates)
            db.session.commit()  # the listing's audit rows: it showed these people
            return page
        beneficiary = beneficiaries.register_beneficiary(caller, data)
    except Invalid as exc:
        db.session.rollback()
        errors = sf.input_errors(exc.errors, BENEFICIARY_INPUTS)
        return _beneficiary_form(request.form, errors, exc.detail), 422
    db.session.commit()
    flash(_("Beneficiary %(reference)s is registered.", reference=beneficiary.reference), "success")
    return redirect(url_for("staff.beneficiary", beneficiary_id=beneficiary.id))


@blueprint.route("/staff/beneficiaries/latin-name", methods=["POST"])
@roles_required("centre_staff")
def latin_name_suggestion():
    """The Latin spelling the hub proposes for the names being typed: the
    forms' script fills the Latin-name input with it while staff type. A POST
    (with the form's CSRF token) so that names stay out of URLs and logs;
    nothing is stored, nothing is read from the register."""
    try:
        names = load_valid(NameSuggestionSchema(), request.form.to_dict())
    except Invalid as exc:
        errors = {path: [_(m) for m in messages] for path, messages in exc.errors.items()}
        return jsonify(message=_(exc.detail), errors=errors), 422
    return jsonify(name_latin=suggest_latin(**names))


def _child_form(caller: Principal, parent_id: str):
    """The registration form of a child of the parent's household, filled in
    here from the parent's record (only the parent's opaque id is in the URL)."""
    parent = _correctable(caller, parent_id)
    page = _beneficiary_form(sf.child_values(parent), {}, household_of=parent)
    db.session.commit()  # the parent's read
    return page


def _beneficiary_form(
    values: MultiDict,
    errors: dict[str, list[str]],
    detail: str | None = None,
    duplicates: Sequence[tuple[Beneficiary, float]] = (),
    household_of: Beneficiary | None = None,
):
    values = _with_latin_suggestion(values)
    return render_template(
        "staff/new_beneficiary.html",
        values=values,
        errors=errors,
        detail=detail,
        duplicates=duplicates,
        household_of=household_of,
        # what the "none of them" form posts again: the values as typed, with a fresh token
        typed=[(k, v) for k, v in values.items(multi=True) if k not in NOT_RETYPED],
        **_form_choices(),
    )


def _with_latin_suggestion(values: MultiDict) -> MultiDict:
    """A registration form shown again (a question or an error) proposes the
    Latin spelling the hub would store, so that staff see it and can correct
    it from the passport even where no script runs."""
    # both names: a child's form opens with the family name alone
    if values.get("name_latin", "").strip() or not (
        values.get("given_name", "").strip() and values.get("family_name", "").strip()
    ):
        return values
    values = MultiDict(values)
    nationality = (
        values.get("nationality") if values.get("nationality") in codes.countries() else None
    )
    values["name_latin"] = suggest_latin(
        values.get("given_name", "")[:200], values.get("family_name", "")[:200], nationality
    )
    return values


def _form_choices() -> dict[str, Any]:
    """The choices of the beneficiary form's selects (registration and correction)."""
    return {
        "countries": code_names.country_choices(),
        "languages": code_names.language_choices(),
        "counties": code_names.county_groups(),
        "localities": code_names.locality_suggestions(),
        "summary_labels": BENEFICIARY_FORM_LABELS,
    }


def _asked_duplicates(
    caller: Principal, form: MultiDict, data: dict[str, Any]
) -> list[tuple[Beneficiary, float]]:
    """The centre's records that may be this person, unless the user already
    answered "none of them" (then the person is registered as new)."""
    if form.get(CONFIRM_NEW) == "1":
        return []
    return listed_duplicates(caller, data)


def _load_beneficiary(
    caller: Principal, form: MultiDict, person: Beneficiary | None = None
) -> dict[str, Any]:
    """The beneficiary form loaded with the API's schema, every error at once;
    ``person`` is the record being corrected (None on registration)."""
    data = sf.beneficiary_data(form)
    errors: dict[str, list[str]] = {}
    if reference := form.get("household_head", "").strip():
        head = _head_by_reference(caller, reference, person)
        if head is None:
            errors["household_head_id"] = [_("No beneficiary of your centre has this reference.")]
        else:
            data["household_head_id"] = head.id
        if not data.get("household_relationship"):
            errors["household_relationship"] = [
                _("Choose how the person is related to the head of the household.")
            ]
    try:
        loaded = load(BeneficiarySchema(), data)
    except Invalid as exc:
        errors = {**exc.errors, **errors}
    if errors:
        raise Invalid("Some fields are missing or invalid.", errors=errors)
    return loaded


def _head_by_reference(
    caller: Principal, reference: str, person: Beneficiary | None
) -> Beneficiary | None:
    current = person.household_head if person is not None else None
    if current is not None and current.reference == reference.upper():
        # The present head stays, even one restricted since (searches leave them out).
        return current
    return _by_reference(caller, reference)


def _by_reference(caller: Principal, reference: str) -> Beneficiary | None:
    """The centre's beneficiary with this reference code (the search decides
    what a reference looks like; a name that happens to match is not one)."""
    found = search(caller, reference)
    if found.query is None:
        return None
    matches = db.session.scalars(found.query.limit(2)).all()
    matches = [b for b in matches if b.reference == reference.upper()]
    return matches[0] if len(matches) == 1 else None


# --- correcting a beneficiary's record ------------------------------------------------------

#: What an emptied input means on a correction: the field is cleared (on
#: registration an empty input is a value not given).
CLEARED_WHEN_EMPTY = dict.fromkeys(
    ("phone", "email", "residence_document", "household_head_id", "household_relationship")
)


@blueprint.route("/staff/beneficiaries/<beneficiary_id>/edit", methods=["GET", "POST"])
@roles_required("centre_staff")
def edit_beneficiary(beneficiary_id: str):
    """The registration form, filled in from the record, saved over it at the
    version it was opened at."""
    caller = principal()
    person = _correctable(caller, beneficiary_id)
    if request.method == "GET":
        return _edit_form(person, sf.beneficiary_values(person))
    version = sf.posted_version(request.form)
    if version is None:
        # Without the version we cannot tell what the input was based on: start again.
        detail = _(
            "The form did not say which version of the record you changed. Here is the"
            " current record; make your change again."
        )
        return _edit_form(person, sf.beneficiary_values(person), detail=detail, status=422)
    try:
        data = _load_beneficiary(caller, request.form, person)
        beneficiaries.update_beneficiary(
            caller, person, {**CLEARED_WHEN_EMPTY, **data}, if_match=version
        )
    except Invalid as exc:
        db.session.rollback()
        errors = sf.input_errors(exc.errors, BENEFICIARY_INPUTS)
        return _edit_form(
            _correctable(caller, beneficiary_id), request.form, errors, exc.detail, 422
        )
    except PreconditionFailed:
        return _changed_meanwhile(caller, beneficiary_id)
    db.session.commit()
    flash(_("The record is saved."), "success")
    return redirect(url_for("staff.beneficiary", beneficiary_id=person.id))


def _correctable(caller: Principal, beneficiary_id: str) -> Beneficiary:
    """The centre's person (404 otherwise); an erased record has nothing left to correct (422)."""
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    beneficiaries.ensure_not_erased(person, "id")
    return person


def _changed_meanwhile(caller: Principal, beneficiary_id: str):
    """409: the form shows the record as it is now, at its current version."""
    db.session.rollback()
    person = _correctable(caller, beneficiary_id)
    detail = _(
        "Someone changed this record since you opened it. Here is the current record;"
        " make your change again."
    )
    return _edit_form(person, sf.beneficiary_values(person), detail=detail, status=409)


def _edit_form(
    person: Beneficiary,
    values: MultiDict,
    errors: dict[str, list[str]] | None = None,
    detail: str | None = None,
    status: int = 200,
):
    page = render_template(
        "staff/edit_beneficiary.html",
        person=person,
        values=values,
        errors=errors or {},
        detail=detail,
        **_form_choices(),
    )
    db.session.commit()  # the read's audit row
    return page, status


# --- one beneficiary: record, household, consents, referrals -------------------------------


@blueprint.get("/staff/beneficiaries/<beneficiary_id>")
@roles_required("centre_staff")
def beneficiary(beneficiary_id: str):
    caller = principal()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    return _beneficiary_page(caller, person, MultiDict(), {})


def _beneficiary_page(
    caller: Principal,
    person: Beneficiary,
    consent_values: MultiDict,
    consent_errors: dict[str, list[str]],
    detail: str | None = None,
    restriction_errors: dict[str, list[str]] | None = None,
):
    history = list(
        db.session.scalars(
            referrals.list_query(caller, {"beneficiary_id": person.id})
            .options(selectinload(Referral.to_institution))
            .order_by(Referral.id.desc())
        )
    )
    timelines = {
        r.id: list(db.session.scalars(referrals.events(r).order_by(ReferralEvent.id)))
        for r in history
    }
    for referral in history:
        audit(caller, "list", "referral", referral.id, beneficiary_id=referral.beneficiary_id)
    actors = _institution_names(
        {e.actor_institution_id for events in timelines.values() for e in events}
    )
    seen_by, more_seen = _access_rows(person, 1)
    changes, more_changes = _history(person)
    household = _household(caller, person)
    page = render_template(
        "staff/beneficiary.html",
        person=person,
        household=household,
        guardians=_guardian_choices(household, person),
        referrals=history,
        timelines=timelines,
        actors=actors,
        reason_title=_reason_title,
        kinds=_referral_kinds(),
        consent_values=consent_values,
        consent_errors=consent_errors,
        detail=detail,
        given_at_default=sf.local_input(clock.now()),
        seen_by=seen_by,
        more_seen=more_seen,
        changes=changes,
        more_changes=more_changes,
        restriction_errors=restriction_errors or {},
    )
    db.session.commit()
    return page, 422 if consent_errors or detail or restriction_errors else 200


def _household(caller: Principal, person: Beneficiary) -> Household:
    """The person's household, each person shown audited as listed."""
    household = household_of(caller, person)
    for member in household.people:
        if member.id != person.id:
            audit(caller, "list", "beneficiary", member.id, beneficiary_id=member.id)
    return household


def _guardian_choices(household: Household, person: Beneficiary) -> list[tuple[str, str]]:
    """The household's adults, who may consent for a child: (id, name and reference)."""
    return [
        (adult.id, f"{' '.join(labels.person_names(adult, NAMES))} ({adult.reference})".strip())
        for adult in adults_of(household, clock.today(), but=person)
    ]


#: the name fields a centre sees of its own people (labels.person_names)
NAMES = ("given_name", "family_name", "name_latin")


@blueprint.get("/staff/beneficiaries/<beneficiary_id>/household")
@roles_required("centre_staff")
def household(beneficiary_id: str):
    """The person's household: its head and members, each with their referrals."""
    caller = principal()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    found = _household(caller, person)
    rows, more = household_referrals(caller, found)
    by_person: dict[str, list[Referral]] = defaultdict(list)
    for referral in rows:
        audit(caller, "list", "referral", referral.id, beneficiary_id=referral.beneficiary_id)
        by_person[referral.beneficiary_id].append(referral)
    page = render_template(
        "staff/household.html",
        person=person,
        household=found,
        referrals=by_person,
        more_referrals=more,
        names=lambda p: labels.person_names(p, NAMES),
    )
    db.session.commit()
    return page


@blueprint.post("/staff/beneficiaries/<beneficiary_id>/restriction")
@roles_required("centre_staff")
def restrict(beneficiary_id: str):
    """Restrict the processing of the person's data (Art. 18); the reason is required."""
    caller = principal()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    try:
        data = load(RestrictionSchema(), {"reason": request.form.get("reason", "")})
    except Invalid as exc:
        return _beneficiary_page(caller, person, MultiDict(), {}, restriction_errors=exc.errors)
    beneficiaries.restrict(caller, person, data["reason"].strip())
    db.session.commit()
    flash(_("The processing of this person's data is restricted."), "success")
    return redirect(url_for("staff.beneficiary", beneficiary_id=person.id, _anchor="restriction"))


@blueprint.post("/staff/beneficiaries/<beneficiary_id>/restriction/lift")
@roles_required("centre_staff")
def lift_restriction(beneficiary_id: str):
    caller = principal()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    beneficiaries.lift_restriction(caller, person)
    db.session.commit()
    flash(_("The restriction is lifted."), "success")
    return redirect(url_for("staff.beneficiary", beneficiary_id=person.id, _anchor="restriction"))


# --- merging a duplicate record into the one the centre keeps ---------------------------


@blueprint.route("/staff/beneficiaries/<beneficiary_id>/merge", methods=["GET", "POST"])
@roles_required("centre_staff")
def merge(beneficiary_id: str):
    caller = principal()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    if request.method == "GET":
        return _merge_page(caller, person)
    try:
        kept = merge_beneficiary(caller, person, *_merge_choice(request.form))
    except PreconditionFailed:
        stale = _("This record changed since you opened this page; check it and merge again.")
        return _refused_merge(caller, beneficiary_id, 409, stale)
    except (Invalid, NotFound) as exc:  # NotFound: the chosen record is not the centre's
        return _refused_merge(caller, beneficiary_id, 422, exc.detail, exc.errors)
    db.session.commit()
    flash(
        _("%(merged)s is merged into %(kept)s.", merged=person.reference, kept=kept.reference),
        "success",
    )
    return redirect(url_for("staff.beneficiary", beneficiary_id=kept.id))


def _refused_merge(
    caller: Principal,
    beneficiary_id: str,
    status: int,
    detail: str,
    errors: dict[str, list[str]] | None = None,
):
    """The page again with what to do. A merge may be refused after it moved
    household links, so nothing of it is kept; the record's read is audited again."""
    db.session.rollback()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    return _merge_page(caller, person, detail, errors, status)


def _merge_choice(form: MultiDict) -> tuple[str, int]:
    """The record chosen and the version the page showed. Only a page that
    was tampered with or cut short lacks the version."""
    try:
        version = int(form.get("version", ""))
    except ValueError:
        raise Invalid(_("Reload the page and try again.")) from None
    if not (into := form.get("into", "").strip()):
        choose = _("Choose the record to keep.")
        raise Invalid(choose, errors={"into": [choose]})
    return into, version


def _merge_page(
    caller: Principal,
    person: Beneficiary,
    detail: str | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
):
    duplicates = listed_duplicates(caller, person, exclude_id=person.id)
    page = render_template(
        "staff/merge.html",
        person=person,
        duplicates=duplicates,
        detail=detail,
        errors=errors or {},
        chosen=request.form.get("into"),
    )
    db.session.commit()  # the reads' and the listing's audit rows
    return page, status


#: what the access log calls each audited action
ACTION_TITLES = {
    "read": _l("opened"),
    "list": _l("listed"),
    "create": _l("created"),
    "update": _l("changed"),
    "transition": _l("moved on"),
    "comment": _l("commented"),
    "withdraw": _l("withdrew"),
    "export": _l("exported"),
    "restrict": _l("restricted"),
    "lift_restriction": _l("lifted the restriction"),
    "merge": _l("merged"),
    "erase": _l("erased"),
    EDIT_DRAFT: _l("edited (draft)"),
    ADD_DOCUMENT: _l("added a document"),
    LIST_DOCUMENTS: _l("listed the documents"),
    READ_DOCUMENT: _l("opened a document"),
    SET_APPOINTMENT: _l("made an appointment"),
    CLEAR_APPOINTMENT: _l("cancelled the appointment"),
}
OBJECT_TITLES = {
    "beneficiary": _l("the record"),
    "consent": _l("a consent"),
    "referral": _l("a referral"),
}


@dataclass
class Seen:
    at: Any
    what: str
    user: str
    institution: str
    role: str
    referral: Referral | None


def _access_rows(person: Beneficiary, page: int) -> tuple[list[Seen], bool]:
    """One page (LIST_CAP rows) of the person's access log, and whether more follow."""
    found = list(
        db.session.scalars(access_log(person.id).offset((page - 1) * LIST_CAP).limit(LIST_CAP + 1))
    )
    return _seen(found[:LIST_CAP]), len(found) > LIST_CAP


def _seen(rows: list[Any]) -> list[Seen]:
    """Audit rows as the access log shows them: names of users, institutions, referrals."""
    users = dict(
        db.session.execute(
            select(User.id, User.name).where(User.id.in_({r.actor_user_id for r in rows}))
        ).all()
    )
    institutions = _institution_names({r.actor_institution_id for r in rows})
    referral_ids = {i for r in rows if (i := logged_referral(r))}
    referrals_by_id = {
        r.id: r for r in db.session.scalars(select(Referral).where(Referral.id.in_(referral_ids)))
    }
    return [
        Seen(
            at=row.at,
            what=_what(row),
            user=users.get(row.actor_user_id) or _("institution token"),
            institution=institutions.get(row.actor_institution_id or "", ""),
            role=role_title(row.actor_role) if row.actor_role else "",
            referral=referrals_by_id.get(logged_referral(row) or ""),
        )
        for row in rows
    ]


def _what(row: Any) -> str:
    return (
        f"{labels.title_of(ACTION_TITLES, row.action)} · "
        f"{labels.title_of(OBJECT_TITLES, row.object_type)}"
    )


# --- the record's history: who changed it when, and which fields ---------------------------

#: entries of the record's history on the person's page (the access log has them all)
HISTORY_CAP = 20


@dataclass
class Change:
    at: Any
    what: str
    user: str
    institution: str
    # the changed fields of an update or a draft edit by their labels; None for other changes
    # and for updates logged before the audit log kept their fields
    fields: list[str] | None


def _history(person: Beneficiary) -> tuple[list[Change], bool]:
    """The latest HISTORY_CAP changes of the record, and whether older ones exist."""
    rows = list(db.session.scalars(record_history(person.id).limit(HISTORY_CAP + 1)))
    return _changes(rows[:HISTORY_CAP]), len(rows) > HISTORY_CAP


def _changes(rows: list[Any]) -> list[Change]:
    users = _user_names({r.actor_user_id for r in rows})
    institutions = _institution_names({r.actor_institution_id for r in rows})
    drafts = _references({r.object_id for r in rows if r.action == EDIT_DRAFT})
    return [
        Change(
            at=row.at,
            what=_change_title(row, drafts),
            user=users.get(row.actor_user_id) or _actor_without_user(row),
            institution=institutions.get(row.actor_institution_id or "", ""),
            fields=_changed_labels(row),
        )
        for row in rows
    ]


def _references(referral_ids: set[str]) -> dict[str, str]:
    if not referral_ids:
        return {}
    query = select(Referral.id, Referral.reference).where(Referral.id.in_(referral_ids))
    return dict(db.session.execute(query).all())


def _change_title(row: Any, drafts: dict[str, str]) -> str:
    if row.action == EDIT_DRAFT:
        return _("Draft referral %(reference)s edited", reference=drafts.get(row.object_id, ""))
    return _what(row)


def _changed_labels(row: Any) -> list[str] | None:
    if row.action == EDIT_DRAFT:
        return [labels.title_of(labels.DRAFT_LABELS, name) for name in row.changed_fields or ()]
    return _field_labels(row.changed_fields) if row.action == "update" else None


def _user_names(ids: set[str | None]) -> dict[str, str]:
    """Each user's name, or their e-mail where they gave no name."""
    ids.discard(None)
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name, User.email).where(User.id.in_(ids)))
    return {id_: name or email for id_, name, email in rows}


def _actor_without_user(row: Any) -> str:
    # The retention job erases as the hub itself; any other change without a user is a token's.
    return _("the hub") if row.actor_role == "system" else _("institution token")


def _field_labels(names: list[str] | None) -> list[str] | None:
    if names is None:
        return None
    return [labels.title_of(labels.FORM_LABELS, name) for name in names]


@blueprint.get("/staff/beneficiaries/<beneficiary_id>/access-log")
@roles_required("centre_staff", "admin")
def access_log_page(beneficiary_id: str):
    """The person's access log, LIST_CAP entries a page, newest first (the
    registering centre's staff, or an admin who found the person by reference)."""
    caller = principal()
    person = beneficiaries.get_for_rights_request(caller, beneficiary_id)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    seen_by, more_seen = _access_rows(person, page)
    html = render_template(
        "staff/access_log.html", person=person, seen_by=seen_by, more_seen=more_seen, page=page
    )
    db.session.commit()
    return html


@blueprint.get("/staff/beneficiaries/<beneficiary_id>/export")
@roles_required("centre_staff", "admin")
def export_page(beneficiary_id: str):
    """The Art. 15 export as a printable page, in the person's language where
    the hub has it (the first of their languages it offers)."""
    caller = principal()
    export_person(caller, beneficiary_id)  # the access check and the audit row
    person = db.session.get(Beneficiary, beneficiary_id)
    offered = hub().settings.languages
    language = next((code for code in person.languages if code in offered), None)
    with force_locale(language or hub().settings.default_language):
        html = render_template(
            "staff/export.html",
            person=person,
            consents=person.consents,
            referrals=[
                (
                    r,
                    list(db.session.scalars(referrals.events(r).order_by(ReferralEvent.id))),
                    list(db.session.scalars(referrals.comments(r).order_by(Comment.id))),
                )
                for r in person_referrals(person)
            ],
            seen_by=_seen(list(db.session.scalars(access_log(person.id)))),
            language=language or hub().settings.default_language,
        )
    db.session.commit()
    return html


def _institution_names(ids: set[str | None]) -> dict[str, str]:
    ids.discard(None)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Institution.id, Institution.name).where(Institution.id.in_(ids))
    )
    return {id_: name for id_, name in rows}


def _reason_title(service_code: str, code: str | None) -> str:
    return reason_title(hub().catalogue.services.get(service_code), code)


def _referral_kinds() -> list[tuple[str, str]]:
    """The institution kinds that offer services: what a consent can cover."""
    catalogue = hub().catalogue
    offering = {s.kind for s in catalogue.services.values()}
    return [(code, localized(k.name)) for code, k in catalogue.kinds.items() if code in offering]


@blueprint.post("/staff/beneficiaries/<beneficiary_id>/consents")
@roles_required("centre_staff")
def record_consent(beneficiary_id: str):
    caller = principal()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    try:
        data = load(ConsentSchema(), sf.consent_data(request.form))
        beneficiaries.record_consent(caller, person, data)
    except Invalid as exc:
        db.session.rollback()
        person = beneficiaries.get_beneficiary(caller, beneficiary_id)
        errors = sf.input_errors(exc.errors, {"institution_kinds": "institution_kinds"})
        return _beneficiary_page(caller, person, request.form, errors, exc.detail)
    db.session.commit()
    flash(_("The consent is recorded."), "success")
    return redirect(url_for("staff.beneficiary", beneficiary_id=person.id, _anchor="consents"))


@blueprint.post("/staff/consents/<consent_id>/withdraw")
@roles_required("centre_staff")
def withdraw_consent(consent_id: str):
    withdrawal = beneficiaries.withdraw_consent(principal(), consent_id)
    db.session.commit()
    if withdrawal.cancelled:
        references = ", ".join(r.reference for r in withdrawal.cancelled)
        flash(
            ngettext(
                "The consent is withdrawn. %(num)s open referral relied on it and is now "
                "cancelled; the receiving office is told: %(references)s.",
                "The consent is withdrawn. %(num)s open referrals relied on it and are now "
                "cancelled; the receiving offices are told: %(references)s.",
                len(withdrawal.cancelled),
                references=references,
            ),
            "warning",
        )
    elif not withdrawal.still_covered:
        flash(_("The consent is withdrawn. No open referral relied on it."), "success")
    if withdrawal.still_covered:
        flash(
            ngettext(
                "%(num)s open referral continues under another consent that covers it: "
                "%(references)s.",
                "%(num)s open referrals continue under another consent that covers them: "
                "%(references)s.",
                len(withdrawal.still_covered),
                references=", ".join(r.reference for r in withdrawal.still_covered),
            ),
            "success",
        )
    return redirect(
        url_for(
            "staff.beneficiary",
            beneficiary_id=withdrawal.consent.beneficiary_id,
            _anchor="consents",
        )
    )


# --- the catalogue ----------------------------------------------------------------------------


def service_groups() -> list[tuple[str, list[Service]]]:
    """The services by institution kind (kind name in the UI language)."""
    catalogue = hub().catalogue
    by_kind: dict[str, list[Service]] = defaultdict(list)
    for service in catalogue.services.values():
        by_kind[service.kind].append(service)
    return [
        (localized(kind.name), sorted(by_kind[code], key=lambda s: localized(s.title)))
        for code, kind in catalogue.kinds.items()
        if by_kind.get(code)
    ]


@blueprint.get("/staff/services")
@roles_required("centre_staff")
def catalogue():
    caller = principal()
    person = None
    if beneficiary_id := request.args.get("beneficiary"):
        person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    db.session.commit()
    return render_template("staff/catalogue.html", groups=service_groups(), person=person)


# --- a new referral ---------------------------------------------------------------------------


@blueprint.route("/staff/beneficiaries/<beneficiary_id>/referrals/new", methods=["GET", "POST"])
@roles_required("centre_staff")
def new_referral(beneficiary_id: str):
    caller = principal()
    person = beneficiaries.get_beneficiary(caller, beneficiary_id)
    # ?again=<id>: made again after that rejected referral of the person (404 otherwise)
    again_id = request.args.get("again")
    previous = refer_again.rejected_of(caller, person, again_id) if again_id else None
    code = request.args.get("service")
    if not code:
        db.session.commit()
        return render_template(
            "staff/choose_service.html", groups=service_groups(), person=person, previous=previous
        )
    service = hub().catalogue.services.get(code)
    if service is None:
        abort(404)
    if request.method == "GET":
        # what the register (or the rejected referral) knows; once the user posts, what they posted
        if previous is not None:
            values = refer_again.values(person, previous, service)
        else:
            values = prefilled(service.form_schema, "form", person)
        page = _referral_form(caller, person, service, values, {}, previous=previous)
        db.session.commit()
        return page
    action = request.form.get("action", "preview")
    data, route, errors = _check_referral(caller, person, service, request.form, action, previous)
    uploads, file_errors = web_documents.posted_files(service, request.files)
    errors = {**errors, **file_errors}
    if errors or action == "preview":
        page = _referral_form(
            caller, person, service, request.form, errors, route=route, previous=previous
        )
        db.session.commit()  # the reads' audit rows
        return page
    try:
        referral = referrals.create_referral(caller, data)
        web_documents.attach_all(caller, referral, uploads)
    except Invalid as exc:
        db.session.rollback()
        person = beneficiaries.get_beneficiary(caller, beneficiary_id)
        previous = refer_again.rejected_of(caller, person, again_id) if again_id else None
        page = _referral_form(
            caller, person, service, request.form, exc.errors, exc.detail, previous=previous
        )
        db.session.commit()
        return page
    db.session.commit()
    if referral.status == "draft":
        flash(
            _("Referral %(reference)s is saved as a draft.", reference=referral.reference),
            "success",
        )
    else:
        flash(_("Referral %(reference)s is sent.", reference=referral.reference), "success")
    return redirect(url_for("referrals.referral", referral_id=referral.id))


def _check_referral(
    caller: Principal,
    person: Beneficiary,
    service: Service,
    form: MultiDict,
    action: str,
    previous: Referral | None = None,
) -> tuple[dict[str, Any], Route | None, dict[str, list[str]]]:
    """What the API would check before creating, with every error at once:
    the request, the plugin's form, the consent (``referral_form.check``) and the
    routing, or the office chosen instead of it."""
    office_id = form.get(refer_again.OFFICE_INPUT, "").strip()
    raw = {
        "beneficiary_id": person.id,
        "service": service.full_code,
        "send": action == "send",
        **referral_form.posted(service, form),
        **({refer_again.OFFICE_INPUT: office_id} if office_id else {}),
        **({"previous_referral_id": previous.id} if previous else {}),
    }
    data, errors = referral_form.check(person, service, raw, ReferralCreateSchema())
    route = None
    try:
        if office_id:
            route = referrals.chosen_route(caller, service, office_id, previous)
        else:
            route = referrals.route_referral(caller, service, person)
    except Invalid as exc:
        errors.update(exc.errors)
    return data, route, errors


def _referral_form(
    caller: Principal,
    person: Beneficiary,
    service: Service,
    values: MultiDict,
    errors: dict[str, list[str]],
    detail: str | None = None,
    route: Route | None = None,
    previous: Referral | None = None,
):
    context = referral_form.context(person, service, values, errors)
    context["summary_labels"].update(web_documents.document_labels(service))
    again = None
    if previous is not None:
        chosen = values.get(refer_again.OFFICE_INPUT, "")
        again = refer_again.again(caller, previous, service, chosen)
        context["summary_labels"].update(refer_again.LABELS)
    page = render_template(
        "staff/new_referral.html",
        **context,
        detail=detail,
        route=route,
        office=_office(route),
        again=again,
    )
    return page, 422 if errors or detail else 200


def _office(route: Route | None) -> dict[str, Any] | None:
    """The receiving office and the contact points the referral goes to."""
    if route is None:
        return None
    office: Office = route.office  # type: ignore[assignment]
    return {
        "office": office,
        "institution": office.institution,
        "emails": list(route.notify or office.referral_emails),
        "phones": [c for c in office.contacts if c.kind == "phone"],
    }
