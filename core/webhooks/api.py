"""``/api/v1/offices/{id}/webhook``: an institution's system sets up its own webhook.

For an agency officer's personal token or the institution's token; another
institution's office is a 404. The secret appears in an answer only when it
is made (the endpoint's creation, a rotation), and that answer is not cached.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from marshmallow import Schema, fields

from core.api import blueprint
from core.api.helpers import load, principal
from core.db import db
from core.webhooks import service
from core.webhooks.models import WebhookEndpoint
from core.webhooks.service import WebhookUrlSchema


class WebhookSchema(Schema):
    office_id = fields.String()
    url = fields.String()
    status = fields.String(metadata={"enum": ["pending", "approved", "refused"]})
    requested_at = fields.AwareDateTime()
    reviewed_at = fields.AwareDateTime(allow_none=True)
    secret_rotated_at = fields.AwareDateTime(allow_none=True)


class WebhookWithSecretSchema(WebhookSchema):
    secret = fields.String(metadata={"description": "Shown once: store it now."})


def _answer(endpoint: WebhookEndpoint, status: int = 200, secret: str | None = None) -> Response:
    body: dict[str, Any] = WebhookSchema().dump(endpoint)
    response = jsonify({**body, "secret": secret} if secret else body)
    response.status_code = status
    if secret:
        response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/offices/<office_id>/webhook")
def get_webhook(office_id: str):
    """The office's webhook: its address and whether an admin approved it.
    ---
    get:
      tags: [webhooks]
      parameters: [{in: path, name: office_id, required: true, schema: {type: string}}]
      responses:
        200:
          content:
            application/json:
              schema: WebhookSchema
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    office = service.own_office(principal(), office_id)
    return _answer(service.existing_endpoint(office))


@blueprint.put("/offices/<office_id>/webhook")
def put_webhook(office_id: str):
    """Set the address of the office's webhook; a new or changed address waits
    for an admin's approval (``pending``). The first answer (201) carries the
    signing secret, once.
    ---
    put:
      tags: [webhooks]
      parameters: [{in: path, name: office_id, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema: WebhookUrlSchema
      responses:
        200:
          content:
            application/json:
              schema: WebhookSchema
        201:
          content:
            application/json:
              schema: WebhookWithSecretSchema
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    office = service.own_office(caller, office_id)
    endpoint, secret = service.propose(caller, office, load(WebhookUrlSchema()))
    db.session.commit()
    return _answer(endpoint, 201 if secret else 200, secret)


@blueprint.delete("/offices/<office_id>/webhook")
def delete_webhook(office_id: str):
    """Remove the office's webhook; messages not yet delivered are not sent.
    ---
    delete:
      tags: [webhooks]
      parameters: [{in: path, name: office_id, required: true, schema: {type: string}}]
      responses:
        204: {description: Removed}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    service.remove(caller, service.own_office(caller, office_id))
    db.session.commit()
    return Response(status=204)


@blueprint.post("/offices/<office_id>/webhook/secret")
def rotate_webhook_secret(office_id: str):
    """Replace the signing secret; the answer carries the new one, once. For
    24 hours messages are signed with the old secret too.
    ---
    post:
      tags: [webhooks]
      parameters: [{in: path, name: office_id, required: true, schema: {type: string}}]
      responses:
        200:
          content:
            application/json:
              schema: WebhookWithSecretSchema
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    office = service.own_office(caller, office_id)
    secret = service.rotate_secret(caller, office)
    db.session.commit()
    return _answer(service.existing_endpoint(office), secret=secret)
