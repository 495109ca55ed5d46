"""The request body limit of the views that take documents.

Every other request stays within ``max_body_bytes`` (``MAX_CONTENT_LENGTH``);
a multipart body to one of these views may also carry its files, each up to
``max_document_bytes``. Set before any part of the hub reads the form (the
CSRF check does), so it is registered ahead of the web UI.
"""

from __future__ import annotations

from flask import request

from core.app import hub

#: the views that take documents, and how many files at most (None: one per
#: required document of the service that asks for most)
UPLOAD_VIEWS: dict[str, int | None] = {
    "api.upload_document": 1,
    "documents.upload": 1,
    "staff.new_referral": None,
}


def widen_body_limit() -> None:
    if request.endpoint not in UPLOAD_VIEWS or request.mimetype != "multipart/form-data":
        return
    settings = hub().settings
    files = UPLOAD_VIEWS[request.endpoint] or most_documents()
    request.max_content_length = settings.max_body_bytes + files * settings.max_document_bytes


def most_documents() -> int:
    services = hub().catalogue.services.values()
    return max((len(s.required_documents) for s in services), default=0) or 1
