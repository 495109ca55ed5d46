"""Inbound status update schemas (API input and output)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class StatusUpdateSchema(Schema):
    event_id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The sender's unique id of this update; a retry sends it again."},
    )
    referral_id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=80),
        metadata={
            "description": "The institution's status code (GET /services: inbound_statuses)."
        },
    )
    data = fields.Dict(
        load_default=dict,
        metadata={"description": "The outcome, when the code completes the referral."},
    )
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))
    occurred_at = fields.AwareDateTime(
        allow_none=True,
        metadata={"description": "When it happened in the institution's system (kept, not used)."},
    )


class StatusUpdateResultSchema(Schema):
    event_id = fields.String()
    referral_id = fields.String()
    reference = fields.String()
    code = fields.String()
    from_status = fields.String(metadata={"description": "The status before the update."})
    status = fields.String(metadata={"description": "The referral's status now."})
    version = fields.Integer()
    events = fields.List(
        fields.String(),
        metadata={"description": "Ids of the history events written; empty when nothing changed."},
    )
