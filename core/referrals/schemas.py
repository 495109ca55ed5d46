"""Referral schemas (API input and output)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from core.api.pagination import PageArgsSchema
from core.referrals import caseload
from core.referrals.lifecycle import STATUSES
from core.referrals.models import PRIORITIES

_note = fields.String(allow_none=True, validate=validate.Length(max=2000))


class DraftFieldsSchema(Schema):
    """What the sending centre chooses for a referral, and may still change
    while it is a draft: declared once for creating and for editing."""

    form = fields.Dict(required=True)
    consent_id = fields.String(required=True)
    priority = fields.String(load_default="normal", validate=validate.OneOf(PRIORITIES))
    note = _note


class ReferralCreateSchema(DraftFieldsSchema):
    beneficiary_id = fields.String(required=True)
    service = fields.String(required=True)
    send = fields.Boolean(load_default=True)
    to_office_id = fields.String(
        allow_none=True,
        validate=validate.Length(max=36),
        metadata={
            "description": "An office of the service's kind in the centre's working groups,"
            " instead of the plugin's routing."
        },
    )
    previous_referral_id = fields.String(
        allow_none=True,
        validate=validate.Length(max=36),
        metadata={
            "description": "The centre's rejected referral of the same person that this one"
            " makes again; its office cannot be chosen again."
        },
    )


class DraftEditSchema(DraftFieldsSchema):
    """Any of a draft's fields, each checked as on creation; a field left out
    stays as it is (``partial``: nothing required, no defaults filled in)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


class TransitionSchema(Schema):
    to = fields.String(required=True, validate=validate.OneOf(STATUSES))
    reason_code = fields.String(allow_none=True, validate=validate.Length(max=80))
    note = _note
    data = fields.Dict(load_default=dict)


class AssignSchema(Schema):
    officer_id = fields.String(
        required=True,
        allow_none=True,
        validate=validate.Length(min=1, max=36),
        metadata={"description": "An active officer of the receiving institution; null unassigns."},
    )


class ForwardSchema(Schema):
    office_id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=36),
        metadata={"description": "Another active office of the receiving institution."},
    )
    note = _note


class AppointmentSchema(Schema):
    """The receiver's appointment with the person (``PUT …/appointment``)."""

    at = fields.AwareDateTime(
        required=True,
        metadata={
            "description": "When, ISO 8601 with the offset; in the future.",
            "examples": ["2026-11-05T10:00:00+02:00"],
        },
    )
    place = fields.String(
        allow_none=True,
        validate=validate.Length(max=300),
        metadata={"description": "Where; the receiving office's address when left out."},
    )
    note = fields.String(
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata={"description": "What to bring beyond the service's required documents."},
    )


class ReferralFilterSchema(PageArgsSchema):
    # "open" (every non-terminal status), "closed" (every terminal one) or one status
    status = fields.String(validate=validate.OneOf(caseload.STATUS_FILTERS))
    service = fields.String()
    overdue = fields.Boolean()
    beneficiary_id = fields.String()
    assigned_to = fields.String(validate=validate.OneOf(caseload.ASSIGNED_TO))
    office_id = fields.String()
    institution_id = fields.String()
    q = fields.String(validate=validate.Length(max=40))


class PartySchema(Schema):
    id = fields.String()
    name = fields.String()


class ContactSchema(Schema):
    kind = fields.String()
    value = fields.String()
    label = fields.String()


class OfficeSchema(Schema):
    id = fields.String()
    slug = fields.String()
    name = fields.String()
    county = fields.String()
    localities = fields.List(fields.String())
    address = fields.String()
    hours = fields.String()
    languages = fields.List(fields.String())
    contacts = fields.List(fields.Nested(ContactSchema))


class DueSchema(Schema):
    respond_by = fields.Date(allow_none=True)
    complete_by = fields.Date(allow_none=True)


class ReferralSchema(Schema):
    id = fields.String()
    reference = fields.String()
    service = fields.String(attribute="service_code")
    status = fields.String()
    priority = fields.String()
    note = fields.String(allow_none=True)
    form = fields.Dict()
    beneficiary = fields.Dict(metadata={"description": "Only the fields the caller may see."})
    consent_id = fields.String()
    from_institution = fields.Nested(PartySchema)
    to_institution = fields.Nested(PartySchema)
    to_office = fields.Nested(OfficeSchema)
    assigned_officer_id = fields.String(allow_none=True)
    previous_referral_id = fields.String(allow_none=True)
    assigned_officer = fields.Nested(
        PartySchema,
        allow_none=True,
        metadata={"description": "The officer responsible at the receiving institution."},
    )
    appointment = fields.Nested(AppointmentSchema, allow_none=True)
    due = fields.Nested(DueSchema)
    overdue = fields.Boolean()
    allowed_transitions = fields.List(fields.String())
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)
    responded_at = fields.AwareDateTime(allow_none=True)
    accepted_at = fields.AwareDateTime(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    version = fields.Integer()


class EventSchema(Schema):
    id = fields.String()
    kind = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    at = fields.AwareDateTime()
    actor_user_id = fields.String(allow_none=True)
    actor_institution_id = fields.String(allow_none=True)
    reason_code = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    data = fields.Dict()
    source = fields.String()


class CommentSchema(Schema):
    id = fields.String(dump_only=True)
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    # None when an institution's own system wrote it (an institution token)
    author_user_id = fields.String(dump_only=True, allow_none=True)
    author_institution_id = fields.String(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
