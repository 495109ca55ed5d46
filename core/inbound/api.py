"""The inbound status update endpoint, for an institution's own system."""

from __future__ import annotations

from flask import jsonify
from sqlalchemy.exc import IntegrityError

from core.api import blueprint
from core.api.helpers import json_body, load, principal
from core.db import db
from core.inbound.schemas import StatusUpdateSchema
from core.inbound.service import answered, apply_update, check_caller


@blueprint.post("/inbound/status-updates")
def post_status_update():
    """An institution's own system reports a referral's status in its own codes.
    ---
    post:
      tags: [inbound]
      description: >
        Institution token only (a personal token gets 403). The referral must
        have been sent to the token's institution (else 404). The code is one of
        the service's `inbound_statuses` (GET /services; else 422 listing them)
        and moves the referral through the lifecycle at its current version
        (no If-Match), via `received` when a requested referral is accepted.
        Idempotent on `event_id`: the same id and body get the first answer and
        change nothing; the same id with another body is a 422. A refused
        update (4xx) is not kept, so it can be fixed and sent with the same id.
      requestBody: {content: {application/json: {schema: StatusUpdateSchema}}}
      responses:
        200: {content: {application/json: {schema: StatusUpdateResultSchema}}}
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = check_caller(principal())
    body = json_body()
    update = load(StatusUpdateSchema(), body)
    record = answered(caller.institution_id, update, body)
    if record is None:
        try:
            record = apply_update(caller, update, body)
            db.session.commit()
        except IntegrityError:
            # The same update, sent at the same time, was applied first: answer as it was.
            db.session.rollback()
            record = answered(caller.institution_id, update, body)
            if record is None:
                raise
    return jsonify(record.response_body), record.response_status
