"""Document schemas (API output; an upload is multipart, checked in the service)."""

from __future__ import annotations

from marshmallow import Schema, fields


class DocumentSchema(Schema):
    id = fields.String(dump_only=True)
    referral_id = fields.String(dump_only=True)
    filename = fields.String(dump_only=True)
    content_type = fields.String(dump_only=True)
    size = fields.Integer(dump_only=True)
    document_code = fields.String(dump_only=True)
    uploaded_at = fields.AwareDateTime(dump_only=True)
    # None when an institution's own system sent it (an institution token)
    uploaded_by = fields.String(dump_only=True, allow_none=True)
    uploaded_by_institution_id = fields.String(dump_only=True, allow_none=True)


class DocumentExportSchema(DocumentSchema):
    """What the person's export lists: the metadata, never the bytes."""

    erased_at = fields.AwareDateTime(dump_only=True, allow_none=True)
