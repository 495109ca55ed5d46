"""In-app notification endpoints: the caller's own notifications, marked read."""

from __future__ import annotations

from typing import Any

from flask import Response
from marshmallow import Schema, fields
from sqlalchemy.orm import selectinload

from core.access import Principal
from core.api import blueprint
from core.api.helpers import load_args, principal
from core.api.pagination import PageArgsSchema, paginate
from core.db import db
from core.errors import N_, Forbidden, NotFound
from core.notifications import inapp
from core.notifications.models import Notification


class NotificationFilterSchema(PageArgsSchema):
    unread = fields.Boolean()


class ReminderSchema(Schema):
    code = fields.String()
    due_on = fields.Date()
    title = fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True)


class NotificationSchema(Schema):
    id = fields.String()
    kind = fields.String()
    referral_id = fields.String()
    referral_reference = fields.String()
    service = fields.String()
    status = fields.String()
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)
    reminder = fields.Nested(ReminderSchema, allow_none=True)


_SCHEMA = NotificationSchema()


def _user(caller: Principal) -> str:
    """Notifications belong to people: an institution token has none."""
    if caller.user_id is None:
        raise Forbidden(
            N_("Notifications belong to a person; use a personal token, not an institution token.")
        )
    return caller.user_id


def dump(notification: Notification) -> dict[str, Any]:
    return _SCHEMA.dump(
        {
            "id": notification.id,
            "kind": notification.kind,
            "referral_id": notification.referral_id,
            "referral_reference": notification.referral.reference,
            "service": notification.referral.service_code,
            "status": notification.status,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
            "reminder": notification.reminder,
        }
    )


@blueprint.get("/notifications")
def list_notifications():
    """The caller's notifications, newest first; ``unread=true`` for the unread ones only.
    ---
    get:
      tags: [notifications]
      parameters:
        - {in: query, name: unread, schema: {type: boolean}}
        - {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 200}}
        - {in: query, name: cursor, schema: {type: string}}
      responses:
        200: {description: "{items: [Notification], next_cursor}"}
        403: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    user_id = _user(principal())
    args = load_args(NotificationFilterSchema())
    query = inapp.for_user(user_id, unread=args.get("unread", False)).options(
        selectinload(Notification.referral), selectinload(Notification.reminder)
    )
    return paginate(query, Notification.id, descending=True, dump=dump, args=args)


@blueprint.post("/notifications/<notification_id>/read")
def read_notification(notification_id: str):
    """Mark one of the caller's notifications read.
    ---
    post:
      tags: [notifications]
      parameters: [{in: path, name: notification_id, required: true, schema: {type: string}}]
      responses:
        204: {description: Marked read}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    if not inapp.mark_read(_user(principal()), notification_id):
        raise NotFound(N_("No such notification."))
    db.session.commit()
    return Response(status=204)


@blueprint.post("/notifications/read-all")
def read_all_notifications():
    """Mark all the caller's notifications read.
    ---
    post:
      tags: [notifications]
      responses:
        204: {description: Marked read}
        403: {$ref: "#/components/responses/Problem"}
    """
    inapp.mark_all_read(_user(principal()))
    db.session.commit()
    return Response(status=204)
