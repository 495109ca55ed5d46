"""Documents in the web UI: the referral page's checklist of the service's
required documents, uploading one (either side, while the referral is open),
downloading one, and the files sent with a new referral.

The checks and the writes are ``core.documents.service``'s, the API's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage, MultiDict

from core.access import Principal, check_referral, may_see_documents
from core.app import hub
from core.catalogue.types import Service
from core.db import db
from core.documents import service as documents
from core.documents.api import attachment
from core.documents.models import Document
from core.errors import Problem
from core.referrals.lifecycle import TERMINAL
from core.referrals.models import Referral
from core.web.i18n import localized
from core.web.referral_page import Failure
from core.web.referrals import render_page
from core.web.session import principal, roles_required

blueprint = Blueprint("documents", __name__)

#: the input of each required document on the new-referral form: ``document.<code>``
NEW_REFERRAL_PREFIX = "document."
OTHER_TITLE = _l("Other document")


@dataclass
class Required:
    """One line of the checklist: a document the service asks for, and what is attached."""

    code: str
    title: str
    attached: list[Document]


@dataclass
class Documents:
    """What ``referrals/_documents.html`` shows."""

    required: list[Required]
    others: list[Document]
    may_add: bool
    choices: list[tuple[str, str]]
    max_size: str
    errors: list[str] = field(default_factory=list)
    chosen: str = ""


@blueprint.app_template_filter("filesize")
def filesize(size: int) -> str:
    if size < 1024 * 1024:
        return _("%(count)s KB", count=max(1, round(size / 1024)))
    return _("%(count)s MB", count=f"{size / (1024 * 1024):.1f}")


@blueprint.app_template_global("hub_max_document_size")
def max_document_size() -> str:
    return filesize(hub().settings.max_document_bytes)


@blueprint.app_template_global("referral_documents")
def referral_documents(referral: Referral) -> Documents:
    """The referral's documents as the signed-in user may see them (the list
    is audited: the page commits after rendering)."""
    caller = principal()
    service = hub().catalogue.services.get(referral.service_code)
    found = list(db.session.scalars(documents.documents_of(caller, referral).order_by(Document.id)))
    documents.audit_listed(caller, referral, found)
    codes = [d.code for d in service.required_documents] if service else []
    failure = g.get("document_failure") or {}
    return Documents(
        required=[
            Required(d.code, localized(d.title), [x for x in found if x.document_code == d.code])
            for d in (service.required_documents if service else ())
        ],
        others=[x for x in found if x.document_code not in codes],
        may_add=referral.status not in TERMINAL and may_see_documents(caller, referral),
        choices=document_choices(service),
        max_size=max_document_size(),
        errors=failure.get("errors", []),
        chosen=failure.get("chosen", ""),
    )


def document_choices(service: Service | None) -> list[tuple[str, str]]:
    required = service.required_documents if service else ()
    return [(d.code, localized(d.title)) for d in required] + [(documents.OTHER, str(OTHER_TITLE))]


@blueprint.post("/referrals/<referral_id>/documents", endpoint="upload")
@roles_required("centre_staff", "agency_officer")
def upload(referral_id: str) -> Any:
    caller = principal()
    referral = check_referral(caller, db.session.get(Referral, referral_id))
    code = request.form.get("document_code", "")
    try:
        documents.check_open(referral)
        code = documents.check_code(hub().catalogue.services.get(referral.service_code), code)
        file = request.files.get("file")
        chosen = file if file and file.filename else None
        checked = documents.read_upload(chosen and chosen.stream, chosen and chosen.filename)
        document = documents.add_document(caller, referral, code, checked)
    except Problem as exc:
        db.session.rollback()
        g.document_failure = {
            "errors": [m for messages in exc.errors.values() for m in messages] or [exc.detail],
            "chosen": code,
        }
        failure = Failure("document", MultiDict(), {}, exc.detail)
        return render_page(caller, referral_id, failure, exc.status)
    db.session.commit()
    flash(_("The document “%(name)s” is attached.", name=document.filename), "success")
    return redirect(url_for("referrals.referral", referral_id=referral_id, _anchor="documents"))


@blueprint.get("/documents/<document_id>", endpoint="download")
@roles_required("centre_staff", "agency_officer")
def download(document_id: str) -> Any:
    caller = principal()
    document = documents.get_document(caller, document_id)
    content = documents.read_content(caller, document)
    db.session.commit()
    return attachment(document, content)


# --- the new-referral form ---------------------------------------------------------------


def posted_files(
    service: Service, files: MultiDict[str, FileStorage]
) -> tuple[list[tuple[str, documents.Upload]], dict[str, list[str]]]:
    """The scans chosen on the new-referral form, checked, and the errors of
    those refused (by input); an input left empty is no document."""
    uploads: list[tuple[str, documents.Upload]] = []
    errors: dict[str, list[str]] = {}
    for required in service.required_documents:
        name = NEW_REFERRAL_PREFIX + required.code
        chosen = files.get(name)
        if chosen is None or not chosen.filename:
            continue
        try:
            uploads.append(
                (required.code, documents.read_upload(chosen.stream, chosen.filename, name))
            )
        except Problem as exc:
            errors.update(exc.errors)
    return uploads, errors


def attach_all(
    caller: Principal, referral: Referral, uploads: list[tuple[str, documents.Upload]]
) -> None:
    """Store the new referral's scans in its transaction: a failure rolls both back."""
    for code, checked in uploads:
        documents.add_document(caller, referral, code, checked)


def document_labels(service: Service) -> dict[str, str]:
    """The error summary's name of each document input of the new-referral form."""
    return {NEW_REFERRAL_PREFIX + d.code: localized(d.title) for d in service.required_documents}
