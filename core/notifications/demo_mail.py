"""The demo's mailbox: a local SMTP sink that keeps every e-mail the worker
sends, and the reading of what it kept.

``referral-hub mail-sink`` (and ``referral-hub demo-serve``, which runs it
beside the worker and the web server) accepts mail for any address on any
domain, stores one copy per recipient in a Maildir (``mail_sink_dir``, by
default ``instance/demo-mail``) with a ``Delivered-To`` header, and prints
one line per mail: the recipient and the subject (subjects carry a referral's
reference and service, never personal data). The web UI reads the same folder
in development only (``core/web/demo_mail.py``, the admin's Mail page).

It is a development tool: it refuses to start when ``env`` is ``production``,
and the pages that read it answer 404 outside development.
"""

from __future__ import annotations

import email
import mailbox
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import select

from core.access import Principal
from core.app import hub
from core.db import db
from core.settings import Settings

if TYPE_CHECKING:
    from aiosmtpd.controller import Controller

#: A Maildir key as mailbox.Maildir makes them (time, unique part, host name).
_KEY = re.compile(r"^[A-Za-z0-9._-]{1,200}$")


class SinkRefused(RuntimeError):
    """The sink may not run here (production, or aiosmtpd is not installed)."""


def mailbox_dir(settings: Settings | None = None) -> Path:
    """The sink's folder: ``mail_sink_dir``, else ``demo-mail`` in the instance folder."""
    settings = settings or hub().settings
    if settings.mail_sink_dir:
        return Path(settings.mail_sink_dir)
    return Path(current_app.instance_path) / "demo-mail"


def refuse_in_production(settings: Settings) -> None:
    """A mail sink swallows every e-mail: never where real people wait for them."""
    if settings.env == "production":
        raise SinkRefused(
            "The mail sink is for the demo and development: it keeps every e-mail instead of"
            " delivering it, so it does not run when env is production."
        )


# --- receiving ---------------------------------------------------------------------------


class MaildirHandler:
    """aiosmtpd handler: accept any recipient, keep one copy per recipient."""

    def __init__(self, folder: Path, echo: Callable[[str], Any] = print) -> None:
        self.maildir = mailbox.Maildir(folder, create=True)
        self.echo = echo

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content: bytes = envelope.content
        subject = email.message_from_bytes(content, policy=default_policy).get("Subject", "")
        for recipient in envelope.rcpt_tos:
            # As a local delivery agent does: the envelope recipient, first.
            self.maildir.add(f"Delivered-To: {recipient}\r\n".encode() + content)
            self.echo(f"Mail to {recipient}: {subject}")
        return "250 Message accepted for delivery"


@contextmanager
def running_sink(
    folder: Path, host: str, port: int, echo: Callable[[str], Any] = print
) -> Iterator[Controller]:
    """An SMTP server on ``host:port`` storing into ``folder``, for the ``with`` block.

    Raises :class:`SinkRefused` without aiosmtpd and ``OSError`` when the port
    is taken.
    """
    try:
        from aiosmtpd.controller import Controller
    except ImportError:  # an installation without the demo extra
        raise SinkRefused(
            "The mail sink needs aiosmtpd: pip install 'referral-hub[demo]'."
        ) from None
    controller = Controller(MaildirHandler(folder, echo), hostname=host, port=port)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


# --- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoMail:
    key: str
    to: str
    subject: str
    received_at: datetime
    text: str  # the plain-text part ("" when the mail has none)


def read_mailbox(
    folder: Path, addresses: set[str] | None = None, limit: int = 200
) -> list[DemoMail]:
    """The mails in ``folder``, newest first; only those delivered to one of
    ``addresses`` when given (compared without case)."""
    if not folder.is_dir():
        return []
    wanted = _lower(addresses) if addresses is not None else None
    found = []
    box = mailbox.Maildir(folder, create=False)
    for key in box.iterkeys():  # (iterating a mailbox gives messages, not keys)
        mail = _read(box, key)
        if mail is not None and (wanted is None or mail.to.lower() in wanted):
            found.append(mail)
    found.sort(key=lambda m: (m.received_at, m.key), reverse=True)
    return found[:limit]


def read_mail(folder: Path, key: str, addresses: set[str] | None = None) -> DemoMail | None:
    """One mail by its key; None when there is no such mail or it was not
    delivered to one of ``addresses`` (when given)."""
    if not _KEY.match(key) or not folder.is_dir():
        return None
    mail = _read(mailbox.Maildir(folder, create=False), key)
    if mail is None or (addresses is not None and mail.to.lower() not in _lower(addresses)):
        return None
    return mail


def _read(box: mailbox.Maildir, key: str) -> DemoMail | None:
    try:
        with box.get_file(key) as fh:
            message: EmailMessage = email.message_from_binary_file(fh, policy=default_policy)
        received = box.get_message(key).get_date()
    except (KeyError, FileNotFoundError):  # gone since the listing
        return None
    body = message.get_body(("plain",))
    return DemoMail(
        key=key,
        to=str(message.get("Delivered-To", message.get("To", ""))),
        subject=str(message.get("Subject", "")),
        received_at=datetime.fromtimestamp(received, UTC),
        text=body.get_content() if body is not None else "",
    )


def _lower(addresses: set[str]) -> set[str]:
    return {a.lower() for a in addresses}


# --- who reads what ----------------------------------------------------------------------


def readable_addresses(principal: Principal) -> set[str] | None:
    """The addresses whose demo mail ``principal`` may read; None: all (admins).

    Everyone reads mail to their own address; a member of an institution also
    reads its offices' e-mail contact points (where a new referral is announced).
    """
    from core.auth.models import User
    from core.institutions.models import ContactPoint, Office

    if principal.role == "admin":
        return None
    addresses: set[str] = set()
    if principal.user_id:
        user = db.session.get(User, principal.user_id)
        if user is not None:
            addresses.add(user.email)
    if principal.institution_id:
        addresses.update(
            db.session.scalars(
                select(ContactPoint.value)
                .join(Office, ContactPoint.office_id == Office.id)
                .where(Office.institution_id == principal.institution_id)
                .where(ContactPoint.kind == "email")
            )
        )
    return addresses
