"""The agency officer's integration pages: the webhooks of their institution's
offices, which tell the institution's own system of its referrals' moves.

An officer proposes, changes or removes an office's address and rotates its
secret; an admin approves the address (``core/web/admin.py``). The rules are
in :mod:`core.webhooks.service`, shared with the API. A secret is shown once,
in the answer to the POST that made it, and that answer is not cached.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from core.db import db
from core.errors import Invalid
from core.institutions.models import Office
from core.web.session import principal, roles_required
from core.webhooks import service
from core.webhooks.models import URL_MAX_LENGTH, WebhookEndpoint

blueprint = Blueprint("integration", __name__, url_prefix="/webhooks")

Page = str | tuple[str, int] | Response


@blueprint.get("")
@roles_required("agency_officer")
def webhooks() -> Page:
    """The offices of the officer's institution, each with its webhook's state."""
    offices = db.session.scalars(
        select(Office)
        .where(Office.institution_id == principal().institution_id)
        .order_by(Office.name, Office.slug)
    )
    rows = [(office, service.endpoint_of(office)) for office in offices]
    return render_template("webhooks/list.html", rows=rows)


@blueprint.route("/<office_id>", methods=["GET", "POST"])
@roles_required("agency_officer")
def office_webhook(office_id: str) -> Page:
    """One office's webhook: propose or change its address."""
    office = service.own_office(principal(), office_id)
    endpoint = service.endpoint_of(office)
    values: dict[str, Any] = {"url": endpoint.url if endpoint else ""}
    if request.method == "POST":
        url = request.form.get("url", "").strip()
        values = {"url": url}
        try:
            endpoint, secret = service.propose(principal(), office, {"url": url} if url else {})
        except Invalid as exc:
            db.session.rollback()
            return _page(office, service.endpoint_of(office), values, exc.errors, exc.detail), 422
        db.session.commit()
        if secret:
            return _secret_page(office, endpoint, secret)
        flash(_page_message(endpoint), "success")
        return redirect(url_for(".office_webhook", office_id=office.id))
    return _page(office, endpoint, values)


def _page_message(endpoint: WebhookEndpoint) -> str:
    if endpoint.status == "pending":
        return _("The address is saved. An administrator must approve it before messages are sent.")
    return _("The address is unchanged.")


@blueprint.post("/<office_id>/remove")
@roles_required("agency_officer")
def remove(office_id: str) -> Page:
    office = service.own_office(principal(), office_id)
    service.remove(principal(), office)
    db.session.commit()
    flash(_("The webhook is removed; no more messages are sent to it."), "success")
    return redirect(url_for(".office_webhook", office_id=office.id))


@blueprint.post("/<office_id>/secret")
@roles_required("agency_officer")
def rotate_secret(office_id: str) -> Page:
    office = service.own_office(principal(), office_id)
    secret = service.rotate_secret(principal(), office)
    db.session.commit()
    return _secret_page(office, service.existing_endpoint(office), secret)


def _page(
    office: Office,
    endpoint: WebhookEndpoint | None,
    values: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    detail: str | None = None,
) -> str:
    return render_template(
        "webhooks/office.html",
        office=office,
        endpoint=endpoint,
        values=values,
        errors=errors or {},
        detail=detail,
        max_length=URL_MAX_LENGTH,
    )


def _secret_page(office: Office, endpoint: WebhookEndpoint, secret: str) -> Response:
    """The secret, once: never stored by the browser or a proxy."""
    response = make_response(
        render_template(
            "webhooks/secret_once.html", office=office, endpoint=endpoint, secret=secret
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response
