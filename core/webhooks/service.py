"""Webhook endpoints: who sets them up, who approves them, and what they hear.

An agency officer (or their institution's token) proposes, changes or
removes the address of an office of their own institution; an admin approves
or refuses it. A new or changed address is ``pending`` until approved, so the
hub never sends to an address that no admin has seen. The secret is made by
the hub and shown once, when the endpoint is made and on each rotation.

Every change writes an audit row (ids only); the caller commits.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from core import clock
from core.access import Principal, check_own_office, require_role
from core.app import hub
from core.audit import audit
from core.db import db
from core.errors import N_, Conflict, NotFound, load_valid
from core.institutions.models import Office
from core.referrals.models import Referral, ReferralEvent
from core.webhooks.models import URL_MAX_LENGTH, WebhookEndpoint

#: The one event type so far: a referral of the office moved.
STATUS_CHANGED = "referral.status_changed"
#: After a rotation, messages carry a signature with the old secret too for this
#: long (Standard Webhooks allows several signatures), so that the
#: institution's system can switch to the new secret without losing any.
ROTATION_OVERLAP = timedelta(hours=24)
#: Environments where an http:// address is accepted (a developer's own machine, tests).
HTTP_ALLOWED_ENVS = ("development", "test")

_NOT_A_URL = N_(
    "Enter the full address of your system's endpoint, starting with https://,"
    " e.g. https://cases.example.org/referral-hub."
)
_NO_CREDENTIALS = N_(
    "Leave the user name and password out of the address: the hub signs every message instead."
)
_HTTPS_ONLY = N_("Use an https:// address: webhooks are sent only over HTTPS.")


def _check_url(value: str) -> None:
    if any(c.isspace() or not c.isprintable() for c in value):
        raise ValidationError(_NOT_A_URL)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise ValidationError(_NOT_A_URL) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_NOT_A_URL)
    if parts.username is not None or parts.password is not None:
        raise ValidationError(_NO_CREDENTIALS)
    if parts.scheme == "http" and hub().settings.env not in HTTP_ALLOWED_ENVS:
        raise ValidationError(_HTTPS_ONLY)


class WebhookUrlSchema(Schema):
    """What an institution sends to set its office's endpoint."""

    url = fields.String(required=True, validate=[validate.Length(max=URL_MAX_LENGTH), _check_url])


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


# --- the institution's side -----------------------------------------------------------------


def own_office(principal: Principal, office_id: str) -> Office:
    """An office of the caller's institution; 404 for any other."""
    return check_own_office(principal, db.session.get(Office, office_id))


def endpoint_of(office: Office) -> WebhookEndpoint | None:
    return db.session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.office_id == office.id))


def existing_endpoint(office: Office) -> WebhookEndpoint:
    endpoint = endpoint_of(office)
    if endpoint is None:
        raise NotFound(N_("This office has no webhook."))
    return endpoint


def propose(
    principal: Principal, office: Office, data: Mapping[str, Any]
) -> tuple[WebhookEndpoint, str | None]:
    """Set the address of ``office``'s endpoint; returns the endpoint and, when
    it is new, its secret (to show once).

    The address already approved or waiting changes nothing; a new address,
    or asking again after a refusal, waits for an admin (``pending``).
    """
    check_own_office(principal, office)
    url = load_valid(WebhookUrlSchema(), data)["url"]
    now = clock.now()
    endpoint = endpoint_of(office)
    if endpoint is None:
        secret = new_secret()
        endpoint = WebhookEndpoint(
            office_id=office.id, url=url, secret=secret, created_at=now, requested_at=now
        )
        _request(principal, endpoint, url, now)
        try:
            with db.session.begin_nested():
                db.session.add(endpoint)
        except IntegrityError:  # another request made it at the same moment
            raise Conflict(
                N_("The webhook was changed at the same time; reload and retry.")
            ) from None
        audit(principal, "request", "webhook_endpoint", endpoint.id)
        return endpoint, secret
    if url == endpoint.url and endpoint.status != "refused":
        return endpoint, None
    _request(principal, endpoint, url, now)
    audit(principal, "request", "webhook_endpoint", endpoint.id)
    return endpoint, None


def _request(principal: Principal, endpoint: WebhookEndpoint, url: str, now: datetime) -> None:
    endpoint.url = url
    endpoint.status = "pending"
    endpoint.requested_by = principal.user_id
    endpoint.requested_at = now
    endpoint.reviewed_by = None
    endpoint.reviewed_at = None


def remove(principal: Principal, office: Office) -> None:
    """Delete the office's endpoint; messages not yet sent to it die unsent."""
    check_own_office(principal, office)
    endpoint = existing_endpoint(office)
    audit(principal, "remove", "webhook_endpoint", endpoint.id)
    db.session.delete(endpoint)


def rotate_secret(principal: Principal, office: Office) -> str:
    """A new secret for the office's endpoint, returned to show once. The old one
    still signs for :data:`ROTATION_OVERLAP`, beside the new one."""
    check_own_office(principal, office)
    endpoint = existing_endpoint(office)
    endpoint.previous_secret = endpoint.secret
    endpoint.secret = new_secret()
    endpoint.secret_rotated_at = clock.now()
    audit(principal, "rotate_secret", "webhook_endpoint", endpoint.id)
    return endpoint.secret


# --- the admin's side -----------------------------------------------------------------------


def endpoints() -> list[WebhookEndpoint]:
    """Every endpoint, those waiting for an admin first, then by request time."""
    waiting_first = case((WebhookEndpoint.status == "pending", 0), else_=1)
    query = select(WebhookEndpoint).options(
        selectinload(WebhookEndpoint.office).selectinload(Office.institution)
    )
    return list(db.session.scalars(query.order_by(waiting_first, WebhookEndpoint.requested_at)))


def get_endpoint(endpoint_id: str) -> WebhookEndpoint:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(N_("This office has no webhook."))
    return endpoint


def review(principal: Principal, endpoint: WebhookEndpoint, url_seen: str, approve: bool) -> None:
    """Approve or refuse the endpoint's address (refusing an approved one
    disables it). ``url_seen`` is the address the admin looked at: if the
    institution changed it since, nothing happens (409), so that no admin
    approves an address they have not seen."""
    require_role(principal, "admin")
    if url_seen != endpoint.url:
        raise Conflict(N_("The address changed since you opened the page; check the new one."))
    endpoint.status = "approved" if approve else "refused"
    endpoint.reviewed_by = principal.user_id
    endpoint.reviewed_at = clock.now()
    audit(principal, "approve" if approve else "refuse", "webhook_endpoint", endpoint.id)


# --- what the office's system hears -----------------------------------------------------------


def approved_endpoint(office_id: str) -> WebhookEndpoint | None:
    endpoint = db.session.scalar(
        select(WebhookEndpoint).where(WebhookEndpoint.office_id == office_id)
    )
    return endpoint if endpoint is not None and endpoint.status == "approved" else None


def office_hears_of(event: ReferralEvent) -> bool:
    """Every move once the referral is sent; a draft is the sender's alone, so
    cancelling one tells the receiving office nothing."""
    return event.from_status != "draft" or event.to_status == "requested"


def event_body(referral: Referral, event: ReferralEvent) -> dict[str, Any]:
    """The webhook's JSON body (Standard Webhooks' ``type``/``timestamp``/``data``):
    codes and ids only. No names, dates of birth or notes: free text may hold
    personal data, and the institution reads the rest through the API."""
    occurred_at = event.at.isoformat()
    return {
        "type": STATUS_CHANGED,
        "timestamp": occurred_at,
        "data": {
            "referral_id": referral.id,
            "reference": referral.reference,
            "service": referral.service_code,
            "office_id": referral.to_office_id,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "reason_code": event.reason_code,
            "version": referral.version,
            "occurred_at": occurred_at,
        },
    }


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The secrets a message is signed with now: the current one, and the
    previous one during the overlap after a rotation."""
    keys = [endpoint.secret]
    rotated = endpoint.secret_rotated_at
    if endpoint.previous_secret and rotated is not None and now < rotated + ROTATION_OVERLAP:
        keys.append(endpoint.previous_secret)
    return keys
