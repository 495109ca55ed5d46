"""The appointment on the referral page: shown to both sides, set and cleared
by the receiver with the rules of the API (``core.referrals.appointments``).

The form asks for a date and a time in the hub's time zone (as every time in
the UI is shown in it) and turns them into the API's aware timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from core.app import hub
from core.db import db
from core.errors import (
    Conflict,
    Invalid,
    PreconditionFailed,
    PreconditionRequired,
    Problem,
    flatten_errors,
)
from core.referrals.appointments import (
    APPOINTABLE,
    clear_appointment,
    set_appointment,
)
from core.referrals.lifecycle import RECEIVER
from core.referrals.models import Referral
from core.referrals.schemas import AppointmentSchema
from core.referrals.service import get_referral
from core.referrals.titles import status_title
from core.web.i18n import localized
from core.web.referral_page import Failure, build_page
from core.web.referrals import refused_change
from core.web.session import principal, roles_required

blueprint = Blueprint("appointments", __name__)

#: the form's inputs (``appointment.<name>``) and their labels, for the error summary
LABELS = {
    "date": _l("Date"),
    "time": _l("Time"),
    "place": _l("Place"),
    "note": _l("What else to bring"),
}
FAILURE = "appointment"  # the Failure.form of this form


@dataclass
class Panel:
    """The partial ``referrals/_appointment.html``: the appointment, and the form."""

    referral: Referral
    at: datetime | None
    place: str
    note: str
    documents: list[str]
    editable: bool
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)


@blueprint.app_template_global()
def appointment_panel(page: Any) -> Panel:
    """What the partial shows, for the referral page being rendered."""
    referral: Referral = page.referral
    service = page.service
    failure: Failure | None = g.get("appointment_failure")
    local = _local(referral.appointment_at)
    values = {
        "date": local.date().isoformat() if local else "",
        "time": local.strftime("%H:%M") if local else "",
        "place": referral.appointment_place or "",
        "note": referral.appointment_note or "",
    }
    if failure is not None:
        values = {name: failure.submitted.get(f"appointment.{name}", "") for name in LABELS}
    return Panel(
        referral=referral,
        at=referral.appointment_at,
        place=referral.appointment_place or referral.to_office.address,
        note=referral.appointment_note or "",
        documents=[localized(d.title) for d in (service.required_documents if service else ())],
        editable=page.side == RECEIVER and referral.status in APPOINTABLE,
        values=values,
        errors=failure.errors if failure else {},
    )


@blueprint.post("/referrals/<referral_id>/appointment", endpoint="set")
@roles_required("centre_staff", "agency_officer")
def set_view(referral_id: str) -> Any:
    caller = principal()
    found = get_referral(caller, referral_id)
    try:
        body = _posted(request.form)
        set_appointment(caller, found, version=_version(request.form), **body)
    except Invalid as exc:
        db.session.rollback()
        return _refused(caller, referral_id, exc)
    except (PreconditionFailed, PreconditionRequired, Conflict) as exc:
        db.session.rollback()
        return _stale(caller, found, exc)
    db.session.commit()
    flash(_("The appointment is saved; the centre is told."), "success")
    return redirect(url_for("referrals.referral", referral_id=referral_id, _anchor="appointment"))


@blueprint.post("/referrals/<referral_id>/appointment/clear", endpoint="clear")
@roles_required("centre_staff", "agency_officer")
def clear_view(referral_id: str) -> Any:
    caller = principal()
    found = get_referral(caller, referral_id)
    try:
        clear_appointment(caller, found, version=_version(request.form))
    except (PreconditionFailed, PreconditionRequired, Conflict) as exc:
        db.session.rollback()
        return _stale(caller, found, exc)
    db.session.commit()
    flash(_("The appointment is cancelled; the centre is told."), "success")
    return redirect(url_for("referrals.referral", referral_id=referral_id, _anchor="appointment"))


def _posted(form: MultiDict) -> dict[str, Any]:
    """The posted date and time (in the hub's time zone), place and note,
    checked by the API's schema; errors keyed by the form's inputs."""
    day, hour = (form.get(f"appointment.{n}", "").strip() for n in ("date", "time"))
    errors: dict[str, list[str]] = {}
    if not day:
        errors["date"] = [_("Give the date.")]
    if not hour:
        errors["time"] = [_("Give the time.")]
    at = _aware(day, hour, errors)
    body = {
        "at": at.isoformat() if at else "",
        "place": form.get("appointment.place", "").strip() or None,
        "note": form.get("appointment.note", "").strip() or None,
    }
    try:
        loaded = AppointmentSchema().load(body)
    except ValidationError as exc:
        for key, messages in flatten_errors(exc.messages).items():
            errors.setdefault("date" if key == "at" else key, messages)
    if errors:
        raise Invalid(_("The form has errors."), errors=errors)
    return loaded


def _aware(day: str, hour: str, errors: dict[str, list[str]]) -> datetime | None:
    try:
        parsed_day = date.fromisoformat(day) if day else None
    except ValueError:
        errors["date"] = [_("Give a date such as 2026-11-05.")]
        parsed_day = None
    try:
        parsed_hour = time.fromisoformat(hour) if hour else None
    except ValueError:
        errors["time"] = [_("Give a time such as 10:30.")]
        parsed_hour = None
    if parsed_day is None or parsed_hour is None:
        return None
    return datetime.combine(parsed_day, parsed_hour, tzinfo=ZoneInfo(hub().settings.timezone))


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(ZoneInfo(hub().settings.timezone)) if moment else None


def _version(form: MultiDict) -> int | None:
    try:
        return int(form.get("version", ""))
    except ValueError:
        return None


def _refused(caller: Any, referral_id: str, exc: Invalid) -> tuple[str, int]:
    """The page again, with the form as posted and each message by its input
    (the service's ``at`` is the date's)."""
    errors = {("date" if k == "at" else k): v for k, v in exc.errors.items()}
    failure = Failure(FAILURE, request.form, errors, exc.detail)
    g.appointment_failure = failure
    found = get_referral(caller, referral_id)
    page = build_page(caller, found, failure)
    page.summary = {f"appointment.{k}": v for k, v in errors.items()}
    page.summary_labels = {f"appointment.{k}": str(v) for k, v in LABELS.items()}
    body = render_template("referrals/referral.html", page=page, notice="")
    db.session.commit()  # the read's audit row
    return body, 422


def _stale(caller: Any, found: Referral, exc: Problem) -> tuple[str, int]:
    conflict = _(
        "The appointment cannot change while the referral is “%(status)s”; here is its"
        " current state. Nothing was changed.",
        status=status_title(found.status),
    )
    return refused_change(caller, found, exc, conflict)
