"""The demo mailbox in the web UI (development only): the e-mails the worker
sent to the demo's mail sink (``referral-hub mail-sink`` / ``demo-serve``).

Each signed-in user reads the mail delivered to their own address and, for a
member of an institution, to its offices' e-mail addresses (so the demo
officer sees the new-referral e-mail sent to the office's inbox); an admin
reads all. Outside ``env = "development"`` every page here is a 404. Only the
plain-text part is shown, escaped; the HTML part is never rendered.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template
from flask_login import current_user

from core.app import hub
from core.notifications.demo_mail import (
    mailbox_dir,
    read_mail,
    read_mailbox,
    readable_addresses,
)
from core.web.session import HOMES, principal, roles_required

blueprint = Blueprint("demo_mail", __name__, url_prefix="/demo-mail")

PAGE_SIZE = 200


def demo_mail_enabled() -> bool:
    """The demo mailbox exists in development only."""
    return hub().settings.env == "development"


@blueprint.app_context_processor
def _link() -> dict[str, Any]:
    """``demo_mail_link`` for the header: in development, for signed-in users."""
    signed_in = bool(current_user and current_user.is_authenticated)
    return {"demo_mail_link": signed_in and demo_mail_enabled()}


@blueprint.get("")
@roles_required(*HOMES)
def mailbox() -> str:
    if not demo_mail_enabled():
        abort(404)
    addresses = readable_addresses(principal())
    mails = read_mailbox(mailbox_dir(), addresses, limit=PAGE_SIZE)
    return render_template(
        "demo_mail/mailbox.html",
        mails=mails,
        addresses=sorted(addresses) if addresses is not None else None,
        page_size=PAGE_SIZE,
    )


@blueprint.get("/<key>")
@roles_required(*HOMES)
def message(key: str) -> str:
    if not demo_mail_enabled():
        abort(404)
    mail = read_mail(mailbox_dir(), key, readable_addresses(principal()))
    if mail is None:
        abort(404)
    return render_template("demo_mail/message.html", mail=mail)
