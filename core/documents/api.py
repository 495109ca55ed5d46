"""Document endpoints: upload to a referral, list a referral's, download one."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Response, request, send_file

from core.access import check_referral
from core.api import blueprint
from core.api.helpers import load_args, principal
from core.api.pagination import PageArgsSchema, paginate
from core.app import hub
from core.catalogue.types import Service
from core.db import db
from core.documents import service
from core.documents.models import Document
from core.documents.schemas import DocumentSchema
from core.errors import N_, Invalid
from core.referrals.models import Referral

_SCHEMA = DocumentSchema()
#: the parts of an upload
FILE, CODE = "file", "document_code"


@blueprint.post("/referrals/<referral_id>/documents")
def upload_document(referral_id: str):
    """Attach a document (a scan) to the referral: either side, while it is open.
    ---
    post:
      tags: [documents]
      description: >-
        ``file`` must be a PDF, JPEG or PNG by its content (415 otherwise, whatever its
        name), at most ``max_document_bytes`` (413), not empty (422). ``document_code`` is
        one of the service's ``required_documents`` or ``other`` (422 otherwise, with
        ``known_codes``). A closed referral takes no more documents (409).
      parameters: [{in: path, name: referral_id, required: true, schema: {type: string}}]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, document_code]
              properties:
                file: {type: string, format: binary}
                document_code: {type: string}
      responses:
        201: {content: {application/json: {schema: DocumentSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        413: {$ref: "#/components/responses/Problem"}
        415: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    if request.mimetype != "multipart/form-data":
        request.get_data()  # a body over max_body_bytes is a 413, as everywhere
        raise service.UnsupportedType(
            N_("Send the document as multipart/form-data with the parts file and document_code.")
        )
    _refuse_unknown_parts()
    referral = check_referral(caller, db.session.get(Referral, referral_id))
    service.check_open(referral)
    code = service.check_code(_service_of(referral), request.form.get(CODE))
    upload = request.files.get(FILE)
    checked = service.read_upload(upload and upload.stream, upload and upload.filename)
    document = service.add_document(caller, referral, code, checked)
    db.session.commit()
    return _SCHEMA.dump(document), 201


def _refuse_unknown_parts() -> None:
    unknown = (set(request.form) - {CODE}) | (set(request.files) - {FILE})
    if unknown:
        raise Invalid(
            N_("Some fields are missing or invalid."),
            errors={name: [N_("Unknown field.")] for name in sorted(unknown)},
        )
    if len(request.files.getlist(FILE)) > 1 or len(request.form.getlist(CODE)) > 1:
        raise Invalid(
            N_("Send one document per request."),
            errors={FILE: [N_("Send one document per request.")]},
        )


def _service_of(referral: Referral) -> Service | None:
    return hub().catalogue.services.get(referral.service_code)


@blueprint.get("/referrals/<referral_id>/documents")
def list_documents(referral_id: str):
    """The referral's documents, oldest first (metadata; the bytes are at ``…/content``).
    ---
    get:
      tags: [documents]
      parameters:
        - {in: path, name: referral_id, required: true, schema: {type: string}}
        - {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 200}}
        - {in: query, name: cursor, schema: {type: string}}
      responses:
        200: {description: "{items: [Document], next_cursor}"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    args = load_args(PageArgsSchema())
    referral = check_referral(caller, db.session.get(Referral, referral_id))
    listed: list[Document] = []

    def dump(document: Document) -> dict[str, Any]:
        listed.append(document)
        return _SCHEMA.dump(document)

    response = paginate(
        service.documents_of(caller, referral), Document.id, descending=False, dump=dump, args=args
    )
    service.audit_listed(caller, referral, listed)
    db.session.commit()
    return response


@blueprint.get("/documents/<document_id>/content")
def document_content(document_id: str):
    """The document's bytes, as an attachment (either side of its referral).
    ---
    get:
      tags: [documents]
      parameters: [{in: path, name: document_id, required: true, schema: {type: string}}]
      responses:
        200:
          description: The file, with Content-Disposition attachment
          content:
            application/pdf: {schema: {type: string, format: binary}}
            image/jpeg: {schema: {type: string, format: binary}}
            image/png: {schema: {type: string, format: binary}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    document = service.get_document(caller, document_id)
    content = service.read_content(caller, document)
    db.session.commit()
    return attachment(document, content)


def attachment(document: Document, content: bytes) -> Response:
    """The file as a download that no browser renders or sniffs (the API and the web)."""
    response = send_file(
        BytesIO(content),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=service.download_name(document),
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
