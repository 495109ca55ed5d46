"""The referral page's responsibility forms: assign (to me, or to a colleague)
and forward to another office. They call the functions the API calls
(``core.referrals.responsibility``); a refusal re-renders the referral page
with the message next to the field, as a refused move does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from core.access import Principal
from core.db import db
from core.errors import (
    Conflict,
    Invalid,
    PreconditionFailed,
    PreconditionRequired,
    flatten_errors,
)
from core.referrals.models import Referral
from core.referrals.responsibility import assign, forward
from core.referrals.schemas import ForwardSchema
from core.referrals.service import get_referral
from core.web.referral_page import Failure
from core.web.referrals import refused_change, render_page
from core.web.responsibility_panel import ASSIGN, FORWARD
from core.web.session import principal, roles_required

blueprint = Blueprint("responsibility", __name__)


@blueprint.post("/referrals/<referral_id>/assign", endpoint="assign")
@roles_required("agency_officer")
def assign_view(referral_id: str) -> Any:
    """``officer_id`` empty unassigns; "Assign to me" posts the caller's own id."""
    caller = principal()
    found = get_referral(caller, referral_id)
    officer_id = request.form.get("officer_id", "").strip() or None

    def change() -> str:
        event = assign(caller, found, officer_id, expected_version=_version())
        if event is None:
            return _("Nothing changed: that officer is already responsible.")
        if officer_id is None:
            return _("Nobody is responsible for the referral now.")
        if officer_id == caller.user_id:
            return _("You are now responsible for the referral.")
        return _("The officer you chose is now responsible and was told.")

    return _apply(caller, referral_id, found, ASSIGN, change)


@blueprint.post("/referrals/<referral_id>/forward", endpoint="forward")
@roles_required("agency_officer")
def forward_view(referral_id: str) -> Any:
    caller = principal()
    found = get_referral(caller, referral_id)

    def change() -> str:
        body = _forward_body(request.form)
        forward(caller, found, body["office_id"], body.get("note"), expected_version=_version())
        return _("The referral was forwarded; the office was told.")

    return _apply(caller, referral_id, found, FORWARD, change)


def _apply(
    caller: Principal, referral_id: str, found: Referral, form: str, change: Callable[[], str]
) -> Any:
    try:
        message = change()
    except Invalid as exc:
        db.session.rollback()
        failure = Failure(form, request.form, exc.errors, exc.detail)
        return render_page(caller, referral_id, failure, 422)
    except (PreconditionFailed, PreconditionRequired, Conflict) as exc:
        db.session.rollback()
        return refused_change(caller, found, exc)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("referrals.referral", referral_id=referral_id))


def _forward_body(form: MultiDict) -> dict[str, Any]:
    """The posted forward in the API's shape, checked by the API's own schema."""
    body = {"office_id": form.get("office_id", ""), "note": form.get("note", "").strip() or None}
    try:
        return ForwardSchema().load(body)
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        if "office_id" in errors and not body["office_id"]:
            errors["office_id"] = [_("Choose the office.")]
        raise Invalid(_("The form has errors."), errors=errors) from None


def _version() -> int | None:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        return None
