"""Documents on a referral: the checks of an upload, storing it, reading it.

An upload is refused before anything is written when it is empty (422), over
``max_document_bytes`` (413) or not a PDF, JPEG or PNG by its content (415),
whatever its name says. The file is written first and the row after it; if
the transaction then rolls back, the file is deleted with it (see
:func:`_forget_written`), so a refused request leaves neither.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import filetype
from sqlalchemy import Select, event, select, update
from sqlalchemy.orm import Session

from core import clock
from core.access import (
    Principal,
    check_referral,
    may_see_documents,
    referral_side,
    require_role,
)
from core.app import hub
from core.audit import audit
from core.catalogue.types import Service
from core.db import db
from core.documents.models import Document
from core.documents.storage import DocumentStorage, document_storage
from core.errors import N_, Conflict, Invalid, NotFound, Problem
from core.referrals.lifecycle import TERMINAL
from core.referrals.models import Referral

log = logging.getLogger(__name__)

#: what the hub accepts, by the type detected in the content, and its file extensions
ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
#: a document that is none of the service's required ones
OTHER = "other"
#: markup that has no business in a scan: a browser could run it as a page
_MARKUP = (b"<html", b"<script", b"<!doctype html", b"<body", b"<iframe", b"<svg")
#: how far from its end a PDF carries its end-of-file marker
_PDF_TAIL = 1024
MAX_FILENAME = 200

#: audited actions (the person's access log shows them)
ADD_DOCUMENT, READ_DOCUMENT, LIST_DOCUMENTS = "add_document", "read_document", "list_documents"

WRONG_TYPE = N_("Send a PDF, JPEG or PNG file: the content of this file is none of them.")
TOO_LARGE = N_("The file is too large; send a smaller scan.")
EMPTY = N_("The file is empty; choose the scan again.")
NO_FILE = N_("Choose a file to upload.")
UNKNOWN_CODE = N_("Choose one of the documents the service asks for, or “other”.")
CLOSED = N_("The referral is closed: documents can no longer be added.")


class UnsupportedType(Problem):
    status, title = 415, "Unsupported media type"


class TooLarge(Problem):
    status, title = 413, "Content too large"


@dataclass(frozen=True)
class Upload:
    """A file that passed the checks, ready to store."""

    filename: str
    content: bytes
    content_type: str


# --- the checks ------------------------------------------------------------------


def read_upload(stream: IO[bytes] | None, filename: str | None, field: str = "file") -> Upload:
    """Read and check one uploaded file: at most ``max_document_bytes`` + 1
    bytes are read. Errors name ``field``."""
    if stream is None:
        raise Invalid(NO_FILE, errors={field: [NO_FILE]})
    limit = hub().settings.max_document_bytes
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(TOO_LARGE, errors={field: [TOO_LARGE]}, max_bytes=limit)
    if not content:
        raise Invalid(EMPTY, errors={field: [EMPTY]})
    return Upload(clean_filename(filename), content, detect_type(content, field))


def detect_type(content: bytes, field: str = "file") -> str:
    """The content's type, if it is one the hub accepts and nothing else
    hides in it; 415 otherwise. The magic numbers decide (``filetype``), then
    a PDF must end like one, and no file may carry HTML or script."""
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    well_formed = mime in ALLOWED_TYPES and not any(m in content.lower() for m in _MARKUP)
    if mime == "application/pdf":
        well_formed = well_formed and b"%%EOF" in content[-_PDF_TAIL:]
    if not well_formed:
        raise UnsupportedType(WRONG_TYPE, errors={field: [WRONG_TYPE]})
    return str(mime)


def clean_filename(name: str | None) -> str:
    """The file's own name, for display: no folders, no control or
    direction-changing characters, at most ``MAX_FILENAME`` characters."""
    text = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C")).strip()
    return text[:MAX_FILENAME] or "document"


def download_name(document: Document) -> str:
    """The name to save the file under: ends in the extension of its real type."""
    suffixes = ALLOWED_TYPES.get(document.content_type, ())
    if PurePosixPath(document.filename).suffix.lower() in suffixes:
        return document.filename
    return document.filename + (suffixes[0] if suffixes else "")


def check_code(service: Service | None, code: str | None, field: str = "document_code") -> str:
    known = document_codes(service)
    if code not in known:
        raise Invalid(UNKNOWN_CODE, errors={field: [UNKNOWN_CODE]}, known_codes=list(known))
    return str(code)


def document_codes(service: Service | None) -> tuple[str, ...]:
    return (*(d.code for d in service.required_documents), OTHER) if service else (OTHER,)


def check_open(referral: Referral) -> None:
    if referral.status in TERMINAL:
        raise Conflict(CLOSED)


# --- writing -----------------------------------------------------------------------


def add_document(principal: Principal, referral: Referral, code: str, upload: Upload) -> Document:
    """Store ``upload`` on ``referral`` (either side, while it is open), in
    the caller's transaction; ``code`` was checked with :func:`check_code`."""
    check_referral(principal, referral)
    check_open(referral)
    storage = document_storage()
    key = secrets.token_hex(16)
    storage.put(key, upload.content)
    db.session.info.setdefault(_WRITTEN, []).append((storage, key))
    document = Document(
        referral_id=referral.id,
        document_code=code,
        filename=upload.filename,
        content_type=upload.content_type,
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        storage_key=key,
        uploaded_at=clock.now(),
        uploaded_by=principal.user_id,
        uploaded_by_institution_id=principal.institution_id,
    )
    db.session.add(document)
    db.session.flush()
    audit(principal, ADD_DOCUMENT, "referral", referral.id, beneficiary_id=referral.beneficiary_id)
    return document


def erase_documents(referral_ids: list[str]) -> int:
    """The retention job's part: the referrals' files are deleted once the
    transaction commits, their rows keep only what names no one. How many."""
    if not referral_ids:
        return 0
    rows = list(
        db.session.scalars(
            select(Document).where(
                Document.referral_id.in_(referral_ids), Document.erased_at.is_(None)
            )
        )
    )
    storage = document_storage()
    pending = db.session.info.setdefault(_TO_DELETE, [])
    pending += [(storage, row.storage_key) for row in rows if row.storage_key]
    db.session.execute(
        update(Document)
        .where(Document.id.in_([row.id for row in rows]))
        .values(filename="", sha256=None, storage_key=None, erased_at=clock.now())
        .execution_options(synchronize_session="fetch")
    )
    return len(rows)


# --- reading ------------------------------------------------------------------------


def documents_of(principal: Principal, referral: Referral) -> Select:
    """The referral's documents the caller may see (the caller may see the referral)."""
    query = select(Document).where(
        Document.referral_id == referral.id, Document.erased_at.is_(None)
    )
    if not may_see_documents(principal, referral):
        return query.where(False)
    return query


def audit_listed(principal: Principal, referral: Referral, documents: list[Document]) -> None:
    if documents:
        audit(
            principal,
            LIST_DOCUMENTS,
            "referral",
            referral.id,
            beneficiary_id=referral.beneficiary_id,
        )


def get_document(principal: Principal, document_id: str) -> Document:
    """A document of a referral the caller may see; 404 for anyone else."""
    require_role(principal, "centre_staff", "agency_officer")
    document = db.session.get(Document, document_id)
    referral = db.session.get(Referral, document.referral_id) if document else None
    if (
        document is None
        or document.erased_at is not None
        or referral is None
        or referral_side(principal, referral) is None
        or not may_see_documents(principal, referral)
    ):
        raise NotFound(N_("No such document."))
    return document


def read_content(principal: Principal, document: Document) -> bytes:
    """The document's bytes, audited as a read of the person's data."""
    try:
        content = document_storage().get(str(document.storage_key))
    except FileNotFoundError:
        log.error("document %s: its file is missing from the storage", document.id)
        raise NotFound(N_("The document's file is missing; ask the hub's administrator.")) from None
    referral = db.session.get(Referral, document.referral_id)
    audit(principal, READ_DOCUMENT, "referral", referral.id, beneficiary_id=referral.beneficiary_id)
    return content


# --- files follow the transaction -------------------------------------------------------

#: files written in the session's transaction: deleted if it rolls back
_WRITTEN = "referral_hub.documents_written"
#: files of erased documents: deleted once the transaction commits
_TO_DELETE = "referral_hub.documents_to_delete"


@event.listens_for(Session, "after_commit")
def _delete_erased(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    _delete(session.info.pop(_TO_DELETE, []))


@event.listens_for(Session, "after_rollback")
def _forget_written(session: Session) -> None:
    session.info.pop(_TO_DELETE, None)
    _delete(session.info.pop(_WRITTEN, []))


def _delete(files: list[tuple[DocumentStorage, str]]) -> None:
    for storage, key in files:
        try:
            storage.delete(key)
        except OSError:
            # The key only: it names no one. The file stays until someone removes it.
            log.error("documents: could not delete the file %s", key)
