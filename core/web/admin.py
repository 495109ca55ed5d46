"""The admin area: the directory (institutions, offices, contact points), users,
institution API tokens, the institutions' webhooks, the plugins and the mail
(the notification outbox, and in development the demo mailbox).

Views only turn forms into data and call the service functions
(``core.institutions.service``, ``core.auth.service``), which hold the rules
and write the audit rows. A secret (a generated password, a new token) is
rendered once, directly in the answer to the POST that made it: never in a
URL, a flash message or a log, and the answer is not cached.
"""

from __future__ import annotations

import re
from typing import Any

import pycountry
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from core.app import hub
from core.auth import service as accounts
from core.auth.models import ROLES
from core.beneficiaries import service as beneficiaries
from core.db import db
from core.errors import Invalid, NotFound
from core.institutions import service as directory
from core.institutions.models import Institution, Office
from core.notifications import outbox
from core.notifications.demo_mail import mailbox_dir, read_mailbox
from core.plugins import plugin_overview
from core.web.demo_mail import demo_mail_enabled
from core.web.i18n import localized, role_title
from core.web.session import SessionUser, principal, roles_required, safe_next
from core.webhooks import service as webhooks_service

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

Page = str | tuple[str, int] | Response


@blueprint.context_processor
def _helpers() -> dict[str, Any]:
    return {"kind_title": kind_title, "county_name": county_name}


def kind_title(code: str) -> str:
    """An institution kind's name in the UI language (its code when no enabled plugin has it)."""
    kind = hub().catalogue.kinds.get(code)
    return localized(kind.name) if kind else code


def county_name(code: str) -> str:
    subdivision = pycountry.subdivisions.get(code=code)
    return subdivision.name if subdivision else code


# --- people's requests (GDPR Art. 15) ---------------------------------------------------


@blueprint.route("/people", methods=["GET", "POST"])
@roles_required("admin")
def people() -> Page:
    """Find a person by reference, in a form (never in the URL), for their
    access log and export."""
    if request.method == "GET":
        return render_template("admin/people.html", reference="", errors={})
    reference = request.form.get("reference", "")
    try:
        person = beneficiaries.find_by_reference(principal(), reference)
    except NotFound as exc:
        errors = {"reference": [exc.detail]}
        return render_template("admin/people.html", reference=reference, errors=errors), 404
    return redirect(url_for("staff.access_log_page", beneficiary_id=person.id))


# --- institutions -------------------------------------------------------------------------


@blueprint.get("")
@roles_required("admin")
def home() -> Page:
    return render_template("admin/institutions.html", institutions=directory.institutions())


@blueprint.route("/institutions/new", methods=["GET", "POST"])
@roles_required("admin")
def new_institution() -> Page:
    values: dict[str, Any] = {"working_groups": []}
    if request.method == "POST":
        values = {
            **_texts(request.form, "slug", "name", "kind", "county"),
            "working_groups": request.form.getlist("working_groups"),
        }
        try:
            institution = directory.create_institution(principal(), values)
        except Invalid as exc:
            return _invalid("admin/new_institution.html", exc, values=values, **_kinds_and_groups())
        db.session.commit()
        flash(_("The institution is created. Add its offices now."), "success")
        return redirect(url_for("admin.institution", institution_id=institution.id))
    return render_template(
        "admin/new_institution.html", values=values, errors={}, **_kinds_and_groups()
    )


def _kinds_and_groups() -> dict[str, Any]:
    kinds = sorted(((code, kind_title(code)) for code in hub().catalogue.kinds), key=lambda c: c[1])
    groups = [(g.id, g.name) for g in directory.working_groups()]
    return {"kinds": kinds, "groups": groups}


@blueprint.route("/institutions/<institution_id>", methods=["GET", "POST"])
@roles_required("admin")
def institution(institution_id: str) -> Page:
    item = directory.get_institution(institution_id)
    values: dict[str, Any] = {
        "name": item.name,
        "county": item.county,
        "active": item.active,
        "working_groups": [g.id for g in item.working_groups],
    }
    if request.method == "POST":
        values = {
            **_texts(request.form, "name", "county"),
            "active": "active" in request.form,
            "working_groups": request.form.getlist("working_groups"),
        }
        try:
            directory.update_institution(principal(), item, values)
        except Invalid as exc:
            return _invalid(
                "admin/institution.html",
                exc,
                institution=item,
                values=values,
                **_kinds_and_groups(),
            )
        db.session.commit()
        flash(_("The institution is saved."), "success")
        return redirect(url_for("admin.institution", institution_id=item.id))
    return render_template(
        "admin/institution.html", institution=item, values=values, errors={}, **_kinds_and_groups()
    )


@blueprint.route("/institutions/<institution_id>/offices/new", methods=["GET", "POST"])
@roles_required("admin")
def new_office(institution_id: str) -> Page:
    item = directory.get_institution(institution_id)
    values: dict[str, Any] = {"county": item.county, "active": True}
    if request.method == "POST":
        values = _office_values(request.form, with_slug=True)
        try:
            office = directory.add_office(principal(), item, values)
        except Invalid as exc:
            return _invalid("admin/new_office.html", exc, institution=item, values=values)
        db.session.commit()
        flash(_("The office is added. Add its contact points now."), "success")
        return redirect(url_for("admin.office", institution_id=item.id, office_id=office.id))
    return render_template("admin/new_office.html", institution=item, values=values, errors={})


@blueprint.route("/institutions/<institution_id>/offices/<office_id>", methods=["GET", "POST"])
@roles_required("admin")
def office(institution_id: str, office_id: str) -> Page:
    item = directory.get_institution(institution_id)
    place = directory.get_office(item, office_id)
    values = _office_form_of(place)
    if request.method == "POST":
        values = _office_values(request.form, with_slug=False)
        try:
            directory.update_office(principal(), place, values)
        except Invalid as exc:
            return _invalid("admin/office.html", exc, **_office_page(item, place, values))
        db.session.commit()
        flash(_("The office is saved."), "success")
        return redirect(url_for("admin.office", institution_id=item.id, office_id=place.id))
    return render_template("admin/office.html", errors={}, **_office_page(item, place, values))


def _office_page(
    item: Institution, place: Office, values: dict[str, Any], contact: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "institution": item,
        "office": place,
        "values": values,
        "contact": contact or {"kind": "email"},
        "contact_errors": {},
        "webhook": webhooks_service.endpoint_of(place),
    }


def _office_values(form: MultiDict, *, with_slug: bool) -> dict[str, Any]:
    names = (
        ("slug", "name", "county", "address", "hours")
        if with_slug
        else ("name", "county", "address", "hours")
    )
    return {
        **_texts(form, *names),
        "localities": _split(form.get("localities", "")),
        "languages": [code.lower() for code in _split(form.get("languages", ""))],
        "active": "active" in form,
    }


@blueprint.post("/institutions/<institution_id>/offices/<office_id>/contacts")
@roles_required("admin")
def add_contact(institution_id: str, office_id: str) -> Page:
    item = directory.get_institution(institution_id)
    place = directory.get_office(item, office_id)
    contact = {
        **_texts(request.form, "kind", "value", "label"),
        "receives_referrals": "receives_referrals" in request.form,
    }
    try:
        directory.add_contact(principal(), place, contact)
    except Invalid as exc:
        db.session.rollback()
        page = _office_page(item, place, _office_form_of(place), contact)
        page["contact_errors"], page["contact_detail"] = _fold(exc.errors), exc.detail
        return render_template("admin/office.html", errors={}, **page), 422
    db.session.commit()
    flash(_("The contact point is added."), "success")
    return redirect(url_for("admin.office", institution_id=item.id, office_id=place.id))


def _office_form_of(place: Office) -> dict[str, Any]:
    names = ("name", "county", "localities", "address", "hours", "languages", "active")
    return {name: getattr(place, name) for name in names}


@blueprint.post("/institutions/<institution_id>/offices/<office_id>/contacts/<contact_id>/remove")
@roles_required("admin")
def remove_contact(institution_id: str, office_id: str, contact_id: str) -> Page:
    place = directory.get_office(directory.get_institution(institution_id), office_id)
    directory.remove_contact(principal(), directory.get_contact(place, contact_id))
    db.session.commit()
    flash(_("The contact point is removed."), "success")
    return redirect(url_for("admin.office", institution_id=institution_id, office_id=place.id))


# --- users -------------------------------------------------------------------------------


@blueprint.get("/users")
@roles_required("admin")
def users() -> Page:
    return render_template("admin/users.html", users=accounts.users())


@blueprint.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def new_user() -> Page:
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = _texts(request.form, "email", "name", "role", "institution")
        # Passwords are taken as typed: spaces are part of them.
        data = {**values, "password": request.form.get("password") or None}
        try:
            user, generated = accounts.add_user(principal(), data)
        except Invalid as exc:
            return _invalid("admin/new_user.html", exc, values=values, **_user_choices())
        db.session.commit()
        if generated:
            return _secret_page("admin/password_once.html", user=user, password=generated)
        flash(_("The user is created."), "success")
        return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/new_user.html", values=values, errors={}, **_user_choices())


def _user_choices() -> dict[str, Any]:
    institutions = [(i.id, f"{i.name} ({kind_title(i.kind)})") for i in directory.institutions()]
    return {"roles": [(r, role_title(r)) for r in ROLES], "institutions": institutions}


@blueprint.get("/users/<user_id>")
@roles_required("admin")
def user(user_id: str) -> Page:
    return render_template("admin/user.html", user=accounts.get_user(user_id), errors={})


@blueprint.post("/users/<user_id>/deactivate")
@roles_required("admin")
def deactivate_user(user_id: str) -> Page:
    return _set_active(user_id, False, _("The user is deactivated and signed out everywhere."))


@blueprint.post("/users/<user_id>/reactivate")
@roles_required("admin")
def reactivate_user(user_id: str) -> Page:
    return _set_active(user_id, True, _("The user is reactivated and can sign in again."))


def _set_active(user_id: str, active: bool, done: str) -> Page:
    account = accounts.get_user(user_id)
    try:
        accounts.set_user_active(principal(), account, active)
    except Invalid as exc:
        return _invalid("admin/user.html", exc, user=account)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.user", user_id=account.id))


@blueprint.post("/users/<user_id>/password")
@roles_required("admin")
def reset_password(user_id: str) -> Page:
    account = accounts.get_user(user_id)
    try:
        generated = accounts.reset_password(
            principal(), account, request.form.get("password") or None
        )
    except Invalid as exc:
        return _invalid("admin/user.html", exc, user=account)
    db.session.commit()
    if account.id == principal().user_id:
        login_user(SessionUser(account))  # an admin resetting their own keeps this session
    if generated:
        return _secret_page("admin/password_once.html", user=account, password=generated)
    flash(_("The password is reset. The user is signed out everywhere."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


# --- institution API tokens ------------------------------------------------------------------


@blueprint.route("/tokens", methods=["GET", "POST"])
@roles_required("admin")
def tokens() -> Page:
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = _texts(request.form, "institution", "name")
        try:
            token, record = accounts.add_institution_token(principal(), values)
        except Invalid as exc:
            return _invalid("admin/tokens.html", exc, values=values, **_token_list())
        db.session.commit()
        return _secret_page("admin/token_once.html", token=token, record=record)
    return render_template("admin/tokens.html", values=values, errors={}, **_token_list())


def _token_list() -> dict[str, Any]:
    choices = [(i.id, i.name) for i in directory.institutions() if i.active]
    return {"tokens": accounts.institution_tokens(), "institutions": choices}


@blueprint.post("/tokens/<token_id>/revoke")
@roles_required("admin")
def revoke_token(token_id: str) -> Page:
    accounts.revoke_institution_token(principal(), token_id)
    db.session.commit()
    flash(_("The token is revoked; it no longer works."), "success")
    return redirect(url_for("admin.tokens"))


# --- webhooks -----------------------------------------------------------------------------


@blueprint.get("/webhooks")
@roles_required("admin")
def webhooks() -> Page:
    """Every office's webhook, those waiting for approval first."""
    return render_template("admin/webhooks.html", endpoints=webhooks_service.endpoints())


@blueprint.post("/webhooks/<endpoint_id>/approve")
@roles_required("admin")
def approve_webhook(endpoint_id: str) -> Page:
    return _review_webhook(
        endpoint_id, True, _("The webhook is approved; messages are sent to it.")
    )


@blueprint.post("/webhooks/<endpoint_id>/refuse")
@roles_required("admin")
def refuse_webhook(endpoint_id: str) -> Page:
    return _review_webhook(endpoint_id, False, _("The webhook is refused; nothing is sent to it."))


def _review_webhook(endpoint_id: str, approve: bool, done: str) -> Page:
    """The form carries the address the admin saw: a changed one is not approved unseen."""
    endpoint = webhooks_service.get_endpoint(endpoint_id)
    webhooks_service.review(principal(), endpoint, request.form.get("url", ""), approve)
    db.session.commit()
    flash(done, "success")
    return redirect(safe_next(url_for("admin.webhooks")))


# --- plugins -------------------------------------------------------------------------------


@blueprint.get("/plugins")
@roles_required("admin")
def plugins() -> Page:
    state = hub()
    return render_template(
        "admin/plugins.html",
        plugins=plugin_overview(state.plugins, state.catalogue),
        catalogue=state.catalogue,
    )


# --- mail: the outbox and the demo mailbox ---------------------------------------------------

#: how many dead and pending messages, and demo mails, the Mail page lists
MAIL_LIST = 50


@blueprint.get("/mail")
@roles_required("admin")
def mail() -> Page:
    return render_template("admin/mail.html", errors={}, **_mail_page())


@blueprint.post("/mail/<message_id>/replay")
@roles_required("admin")
def replay_message(message_id: str) -> Page:
    """Send a dead message again, with the same message id (as ``outbox replay``)."""
    try:
        message = outbox.replay(message_id)
    except Invalid as exc:  # not dead (any more): say so on the page
        return _invalid("admin/mail.html", exc, **_mail_page())
    db.session.commit()
    flash(
        _(
            "Message %(message_id)s is waiting to be sent again.",
            message_id=message.message_id,
        ),
        "success",
    )
    return redirect(url_for("admin.mail"))


def _mail_page() -> dict[str, Any]:
    demo = demo_mail_enabled()
    return {
        "counts": outbox.counts_by_status(),
        "dead": outbox.latest("dead", MAIL_LIST),
        "pending": outbox.latest("pending", MAIL_LIST),
        "list_size": MAIL_LIST,
        "demo_mail": read_mailbox(mailbox_dir(), limit=MAIL_LIST) if demo else None,
    }


# --- helpers -------------------------------------------------------------------------------


def _texts(form: MultiDict, *names: str) -> dict[str, str]:
    """The named inputs, trimmed; empty ones left out so that the schema
    reports a missing required field in its own words."""
    values = {name: form.get(name, "").strip() for name in names}
    return {name: value for name, value in values.items() if value}


def _split(text: str) -> list[str]:
    """Items typed one per line or separated by commas or semicolons."""
    return [item.strip() for item in re.split(r"[,;\n]", text) if item.strip()]


def _fold(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Errors about one item of a list ("languages.2") shown at the list's input."""
    folded: dict[str, list[str]] = {}
    for path, messages in errors.items():
        head, _, rest = path.partition(".")
        shown = folded.setdefault(head if rest.split(".", 1)[0].isdigit() else path, [])
        for message in messages:
            if message not in shown:
                shown.append(message)
    return folded


def _invalid(template: str, exc: Invalid, **context: Any) -> tuple[str, int]:
    """The form again, with what the user typed and the messages next to the fields."""
    db.session.rollback()
    context.setdefault("values", {})
    return render_template(template, errors=_fold(exc.errors), detail=exc.detail, **context), 422


def _secret_page(template: str, **context: Any) -> Response:
    """A page showing a secret once: never stored by the browser or a proxy."""
    response = make_response(render_template(template, **context))
    response.headers["Cache-Control"] = "no-store"
    return response
