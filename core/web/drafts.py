"""Correcting a draft referral: the new-referral form, filled in from the draft
and saved over it at the version it was opened at.

The rules are those of ``PATCH /api/v1/referrals/{id}``
(:func:`core.referrals.drafts.edit_draft`): only the sending centre, only
while it is a draft, each field checked as on creation.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from core.access import Principal
from core.app import hub
from core.db import db
from core.errors import Conflict, Invalid, PreconditionFailed, PreconditionRequired
from core.referrals.drafts import check_editable, edit_draft
from core.referrals.models import Referral
from core.referrals.schemas import DraftEditSchema
from core.referrals.service import get_referral
from core.web import referral_form
from core.web import staff_forms as sf
from core.web.messages import translate_message
from core.web.referrals import render_page
from core.web.session import principal, roles_required

blueprint = Blueprint("drafts", __name__)

#: what an emptied input means on an edit: the note is removed, no consent is
#: no consent (refused), rather than "leave it as it was"
CLEARED_WHEN_EMPTY = {"note": None, "consent_id": ""}


@blueprint.route("/referrals/<referral_id>/edit", methods=["GET", "POST"])
@roles_required("centre_staff", "agency_officer")
def edit(referral_id: str) -> Any:
    caller = principal()
    try:
        draft = _editable(caller, referral_id)
    except Conflict as exc:
        return _not_a_draft(caller, referral_id, exc)
    if request.method == "GET":
        return _form(draft, referral_form.draft_values(draft, _service(draft)))
    version = sf.posted_version(request.form)
    if version is None:
        # Without the version we cannot tell what the input was based on: start again.
        detail = _(
            "The form did not say which version of the draft you changed. Here is the"
            " current draft; make your change again."
        )
        return _form(draft, referral_form.draft_values(draft, _service(draft)), {}, detail, 422)
    service = _service(draft)
    raw = {**CLEARED_WHEN_EMPTY, **referral_form.posted(service, request.form)}
    changes, errors = referral_form.check(draft.beneficiary, service, raw, DraftEditSchema())
    try:
        if errors:
            raise Invalid(_("The form has errors."), errors=errors)
        edit_draft(caller, draft, changes, version)
    except Invalid as exc:
        db.session.rollback()
        return _form(_editable(caller, referral_id), request.form, exc.errors, exc.detail, 422)
    except (PreconditionFailed, PreconditionRequired):
        return _changed_meanwhile(caller, referral_id)
    except Conflict as exc:  # sent or cancelled between opening and saving
        return _not_a_draft(caller, referral_id, exc)
    db.session.commit()
    flash(_("The draft %(reference)s is saved.", reference=draft.reference), "success")
    return redirect(url_for("referrals.referral", referral_id=draft.id))


def _editable(caller: Principal, referral_id: str) -> Referral:
    """The centre's draft (404 and 403 as the service says); reading it is audited."""
    return check_editable(caller, get_referral(caller, referral_id))


def _service(draft: Referral) -> Any:
    return hub().catalogue.service(draft.service_code)


def _changed_meanwhile(caller: Principal, referral_id: str) -> Any:
    """409: the form shows the draft as it is now, at its current version."""
    db.session.rollback()
    try:
        draft = _editable(caller, referral_id)
    except Conflict as exc:
        return _not_a_draft(caller, referral_id, exc)
    detail = _(
        "Someone changed this draft since you opened it. Here is the current draft;"
        " make your change again."
    )
    values = referral_form.draft_values(draft, _service(draft))
    return _form(draft, values, {}, detail, 409)


def _not_a_draft(caller: Principal, referral_id: str, exc: Conflict) -> Any:
    """409: the referral page as it is now, with the reason nothing was saved."""
    db.session.rollback()
    return render_page(caller, referral_id, status=exc.status, notice=translate_message(exc.detail))


def _form(
    draft: Referral,
    values: MultiDict,
    errors: dict[str, list[str]] | None = None,
    detail: str | None = None,
    status: int = 200,
) -> Any:
    service = _service(draft)
    page = render_template(
        "referrals/edit_draft.html",
        referral=draft,
        # a refused input keeps the version it was opened at; a fresh form has the draft's
        version=values.get("version") or draft.version,
        **referral_form.context(draft.beneficiary, service, values, errors or {}),
        detail=detail,
    )
    db.session.commit()  # the read's audit row
    return page, status
