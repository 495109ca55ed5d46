"""E-mail: the texts, in the recipient's language, and the bytes of the message.

A message says only what the recipient needs to open the referral in the
hub: its reference, the service, the new status and a link. Names, dates of
birth and document numbers never leave the hub by e-mail.

:class:`Letters` writes a batch's e-mails as the bytes sent over SMTP;
delivering them is :mod:`core.notifications.smtp`'s.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from datetime import date, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

from flask_babel import force_locale, format_date, format_decimal, format_time, ngettext
from flask_babel import format_datetime as format_moment
from flask_babel import gettext as _
from markupsafe import Markup, escape

from core import clock
from core.app import hub
from core.catalogue.types import localize
from core.notifications.alerts import (
    LOGIN_REFUSED,
    NOT_APPROVED,
    RECIPIENT_REFUSED,
    SERVER_REFUSED,
    UNREACHABLE,
)
from core.notifications.announce import (
    APPOINTMENT_CLEARED,
    APPOINTMENT_SET,
    REFERRAL_ASSIGNED,
    REFERRAL_CANCELLED,
    REFERRAL_ESCALATED,
    REFERRAL_FORWARDED,
    REFERRAL_OVERDUE,
    REFERRAL_SENT,
    REMINDER,
    STATUS_CHANGED,
)
from core.notifications.digest import DIGEST
from core.notifications.models import OutboxMessage
from core.notifications.outbox import MESSAGE_DEAD
from core.notifications.titles import news_title
from core.notifications.worker import DeliveryError
from core.referrals.titles import status_title
from core.settings import Settings

#: what a referral's news is rendered with in place of the values that differ
#: from one message to the next (:class:`Letters`); letters and digits, which
#: no escaping changes (the link's mark is a path, as the link is)
_MARKS = {
    "reference": f"RHMARK{secrets.token_hex(8)}",
    "link": f"/RHMARK{secrets.token_hex(8)}",
}


class Rendered:
    """A message's subject and its plain-text and HTML bodies."""

    def __init__(
        self,
        subject: str,
        paragraphs: list[str],
        facts: list[tuple[str, str]],
        link_text: str | None = None,
    ) -> None:
        self.subject = subject
        self.paragraphs = paragraphs  # the first comes before the facts and the link
        self.facts = facts
        self.link_text = link_text  # None: "Open the referral in Referral Hub"

    def text(self, link: str | None, link_text: str) -> str:
        blocks = [self.paragraphs[0]]
        if self.facts:
            blocks.append("\n".join(f"{label}: {value}" for label, value in self.facts))
        if link:
            blocks.append(f"{link_text}: {link}")
        blocks += self.paragraphs[1:]
        return "\n\n".join(blocks) + "\n"

    def html(self, language: str, link: str | None, link_text: str) -> str:
        rows = Markup("").join(
            Markup('<tr><th align="left" style="padding-right:1em">{}</th><td>{}</td></tr>').format(
                label, value
            )
            for label, value in self.facts
        )
        parts = [Markup("<p>{}</p>").format(self.paragraphs[0])]
        if rows:
            parts.append(Markup("<table>{}</table>").format(rows))
        if link:
            parts.append(Markup('<p><a href="{}">{}</a></p>').format(link, link_text))
        parts += [Markup('<p style="color:#555">{}</p>').format(p) for p in self.paragraphs[1:]]
        return str(
            Markup('<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8">').format(language)
            + Markup("<title>{}</title></head><body>").format(self.subject)
            + Markup("").join(parts)
            + Markup("</body></html>\n")
        )


def render(payload: dict, settings: Settings) -> tuple[str, str, str, str]:
    """An outbox payload's e-mail in its language: the subject, the plain text,
    the HTML and the language."""
    language = payload.get("language") or settings.default_language
    link = f"{settings.public_url.rstrip('/')}{payload['link']}" if payload.get("link") else None
    with force_locale(language):
        rendered = _render(payload, language)
        link_text = rendered.link_text or _("Open the referral in Referral Hub")
        text = rendered.text(link, link_text)
        html = rendered.html(language, link, link_text)
    return rendered.subject, text, html, language


class Letters:
    """Writes the e-mails of one batch as the bytes that go over SMTP.

    An e-mail is multipart/alternative (plain text and HTML, both UTF-8 in
    quoted-printable: 7-bit safe for any server, still readable in the raw)
    with ``Subject``, ``From``, ``To``, ``Date``, a ``Message-ID`` derived from
    the row's ``message_id`` (the same on every attempt), ``Auto-Submitted``
    (RFC 3834: no auto-replies, please) and ``Content-Language``.

    The bytes are written directly rather than through
    :class:`email.message.EmailMessage`, whose header objects parse and refold
    every header of every message (most of the cost of an e-mail before
    this). Within a batch:

    - a referral's news is rendered once per kind, language and everything
      else it says (service, status, dates…) with marks in place of the
      referral's reference and link, which are filled in for each message
      (escaped in the HTML);
    - the subject and the bodies (quoted-printable) are written once per
      distinct payload (an event told to several addresses);
    - ``From`` is folded once; only ``To``, ``Date`` and ``Message-ID`` are
      written for each message.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._from = _folded("From", settings.mail_from)
        self._domain = message_id_domain(settings.mail_from)
        # quoted-printable never writes "==" (a literal "=" is "=3D"): no body holds it
        self._boundary = f"=={secrets.token_hex(12)}=="
        self._content: dict[str, tuple[bytes, bytes]] = {}  # payload -> (Subject, the rest)
        self._news: dict[str, tuple[str, str, str, str]] = {}  # marked payload -> rendering

    def compose(self, message: OutboxMessage) -> bytes:
        """The e-mail of an outbox row, CRLF line ends; :class:`DeliveryError`
        (permanent) when its template is unknown or its address cannot be
        written in a plain SMTP header."""
        recipient = message.recipient
        if not (recipient.isascii() and recipient.isprintable()) or " " in recipient:
            raise DeliveryError(
                "the recipient's address is not plain ASCII",
                permanent=True,
                failure=RECIPIENT_REFUSED,
            )
        key = json.dumps(message.payload, sort_keys=True, separators=(",", ":"))
        content = self._content.get(key)
        if content is None:
            content = self._content[key] = self._content_of(message.payload)
        subject, rest = content
        head = (
            f"To: {recipient}\r\n"
            f"Date: {format_datetime(clock.now())}\r\n"
            f"Message-ID: <{message.message_id}@{self._domain}>\r\n"
        )
        return b"".join((subject, self._from, head.encode("ascii"), rest))

    def _content_of(self, payload: dict) -> tuple[bytes, bytes]:
        """The ``Subject`` line, and the headers and bodies after ``Message-ID``."""
        subject, text, html, language = self._rendered(payload)
        boundary = self._boundary
        head = (
            "Auto-Submitted: auto-generated\r\n"
            "MIME-Version: 1.0\r\n"
            f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n'
            f"Content-Language: {language}\r\n"
            "\r\n"
        )
        parts = [head.encode("ascii")]
        for subtype, body in (("plain", text), ("html", html)):
            part_head = (
                f"--{boundary}\r\n"
                f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: quoted-printable\r\n"
                "\r\n"
            )
            # the line end before a boundary is the boundary's: one more keeps the body's last
            parts += [part_head.encode("ascii"), _quoted_printable(body), b"\r\n"]
        parts.append(f"--{boundary}--\r\n".encode("ascii"))
        return _subject(subject), b"".join(parts)

    def _rendered(self, payload: dict) -> tuple[str, str, str, str]:
        """:func:`render`; a referral's news from the batch's rendering of the
        same news with the marks, the reference and the link filled in."""
        if _TEMPLATES.get(payload.get("template")) is not _referral_news:
            return render(payload, self.settings)
        marks = {name: mark for name, mark in _MARKS.items() if payload.get(name)}
        marked = {**payload, **marks}
        key = json.dumps(marked, sort_keys=True, separators=(",", ":"))
        news = self._news.get(key)
        if news is None:
            news = self._news[key] = render(marked, self.settings)
        subject, text, html, language = news
        for name, mark in marks.items():
            value = str(payload[name])
            subject, text = subject.replace(mark, value), text.replace(mark, value)
            html = html.replace(mark, str(escape(value)))
        return subject, text, html, language


def build_email(message: OutboxMessage, settings: Settings) -> EmailMessage:
    """The e-mail of an outbox row as an :class:`~email.message.EmailMessage`
    (for tools and benchmarks; the worker sends :meth:`Letters.compose`'s bytes)."""
    raw = Letters(settings).compose(message)
    return message_from_bytes(raw, _class=EmailMessage, policy=SMTP)  # type: ignore[return-value]


def message_id_domain(mail_from: str) -> str:
    """The domain of every ``Message-ID`` (``<msg_…@domain>``, the same on every
    attempt): ``mail_from``'s."""
    return parseaddr(mail_from)[1].rpartition("@")[2] or "referral-hub.invalid"


def _folded(name: str, value: str) -> bytes:
    """A structured header (an address) as the standard library folds it for SMTP."""
    return SMTP.header_factory(name, value).fold(policy=SMTP).encode("ascii")


def _subject(text: str) -> bytes:
    """``Subject:`` on one line when it is short printable ASCII, else as RFC 2047
    encoded words (UTF-8, base64), one per line of at most 75 characters."""
    text = text.replace("\r", " ").replace("\n", " ")
    if text.isascii() and text.isprintable() and "=?" not in text and len(text) <= 68:
        return f"Subject: {text}\r\n".encode("ascii")
    data, words, start = text.encode("utf-8"), [], 0
    while start < len(data):
        end = min(start + 45, len(data))  # 45 bytes: 60 characters of base64, 72 in all
        while end < len(data) and data[end] & 0xC0 == 0x80:  # not inside a character
            end -= 1
        words.append(b"=?utf-8?b?" + base64.b64encode(data[start:end]) + b"?=")
        start = end
    return b"Subject: " + b"\r\n ".join(words) + b"\r\n"


def _quoted_printable(text: str) -> bytes:
    """A text body in UTF-8, quoted-printable, CRLF line ends, ending with a line end."""
    lines = text.replace("\r\n", "\n").rstrip("\n").replace("\n", "\r\n") + "\r\n"
    return binascii.b2a_qp(lines.encode("utf-8"), istext=True)


def _render(payload: dict, language: str) -> Rendered:
    render = _TEMPLATES.get(payload["template"])
    if render is None:
        raise DeliveryError(
            f"unknown e-mail template {payload['template']!r}",
            permanent=True,
            failure="bad-message",
        )
    rendered = render(payload, language)
    rendered.paragraphs.append(
        _("This message was sent automatically by Referral Hub; replies are not read.")
    )
    return rendered


def _message_dead(payload: dict, language: str) -> Rendered:
    """The admins' alert: how many messages died of one cause since the last
    alert, the cause, and where to send them again."""
    count = payload.get("dead_count", 1)
    message_id = payload["dead_message_id"]
    command = f"referral-hub outbox replay {message_id}"
    if count == 1:
        subject = _("A notification could not be delivered")
        intro = _(
            "Referral Hub gave up delivering the notification %(message_id)s.",
            message_id=message_id,
        )
    else:
        subject = ngettext(
            "%(num)s notification could not be delivered",
            "%(num)s notifications could not be delivered",
            count,
        )
        intro = ngettext(
            "Referral Hub gave up delivering %(num)s notification of the same cause since"
            " the last alert about it; the latest is %(message_id)s.",
            "Referral Hub gave up delivering %(num)s notifications of the same cause since"
            " the last alert about it; the latest is %(message_id)s."
            " The Mail page lists them all.",
            count,
            message_id=message_id,
        )
    facts = [(_("Cause"), _cause(payload))]
    if payload.get("since"):
        since = datetime.fromisoformat(payload["since"])
        facts.append((_("Previous alert"), format_moment(since, "short")))
    return Rendered(
        subject,
        [intro, _dead_advice(payload.get("dead_channel"), command)],
        facts,
        _("Open the Mail page in Referral Hub"),
    )


def _cause(payload: dict) -> str:
    """What went wrong, in the admin's words."""
    failure, endpoint = payload.get("dead_failure"), payload.get("endpoint", "")
    if payload.get("dead_channel") == "webhook":
        if failure == NOT_APPROVED:
            return _("the webhook of %(office)s is no longer approved", office=endpoint)
        if failure == UNREACHABLE:
            return _("the webhook of %(office)s could not be reached", office=endpoint)
        if failure and failure.startswith("http-"):
            return _(
                "the webhook of %(office)s answered HTTP %(status)s",
                office=endpoint,
                status=failure.removeprefix("http-"),
            )
        return _("the webhook of %(office)s failed (see the worker's log)", office=endpoint)
    causes = {
        RECIPIENT_REFUSED: _("the mail server refused the recipient's address"),
        SERVER_REFUSED: _("the mail server refused the message"),
        LOGIN_REFUSED: _("the mail server refused the hub's login"),
        UNREACHABLE: _("the mail server could not be reached"),
    }
    return causes.get(failure, _("an error in the hub (see the worker's log)"))


def _referral_news(payload: dict, language: str) -> Rendered:
    """One referral's news: what happened, then its reference, service and status."""
    template = payload["template"]
    reference = payload["reference"]
    service = _service_title(payload["service"], language)
    status = status_title(payload["status"])
    due = _date(payload.get("due_on"))
    respond_by = _date(payload.get("respond_by"))
    facts = [(_("Reference"), reference), (_("Service"), service), (_("Status"), status)]
    if template == REFERRAL_SENT:
        subject = _("New referral %(reference)s: %(service)s", reference=reference, service=service)
        intro = _("A new referral was sent to your institution in Referral Hub.")
    elif template == STATUS_CHANGED:
        subject = _("Referral %(reference)s: %(status)s", reference=reference, status=status)
        intro = _("A referral that you sent has a new status.")
    elif template == REFERRAL_CANCELLED:
        subject = _("Referral %(reference)s was cancelled", reference=reference)
        intro = _("The centre that sent this referral cancelled it; no more work is needed on it.")
    elif template == REFERRAL_ASSIGNED:
        subject = _("Referral %(reference)s is assigned to you", reference=reference)
        intro = _("You are now responsible for this referral at your institution.")
    elif template == REFERRAL_FORWARDED:
        subject = _(
            "Referral %(reference)s was forwarded to your office: %(service)s",
            reference=reference,
            service=service,
        )
        intro = _("Another office of your institution forwarded this referral to your office.")
    elif template == REFERRAL_OVERDUE:
        subject = _("Referral %(reference)s is waiting for your answer", reference=reference)
        intro = _(
            "This referral was to be answered by %(date)s. Accept or reject it in Referral Hub.",
            date=respond_by,
        )
    elif template == REFERRAL_ESCALATED:
        subject = _(
            "Referral %(reference)s is unanswered at %(institution)s",
            reference=reference,
            institution=payload["institution"],
        )
        intro = _(
            "%(institution)s has not answered this referral, which was to be answered by"
            " %(date)s. It is flagged to the working group's coordinators.",
            institution=payload["institution"],
            date=respond_by,
        )
        facts.insert(2, (_("Institution"), payload["institution"]))
        return Rendered(subject, [intro], facts, _("Open the list of overdue referrals"))
    elif template == APPOINTMENT_SET:
        subject = _("Referral %(reference)s: appointment made", reference=reference)
        intro = _(
            "The institution made an appointment for the person you referred."
            " Open the referral for the place and what to bring, and print the person's slip."
        )
        facts.append((_("Appointment"), _moment(payload.get("appointment_at"))))
    elif template == APPOINTMENT_CLEARED:
        subject = _("Referral %(reference)s: appointment cancelled", reference=reference)
        intro = _(
            "The institution cancelled the appointment for the person you referred;"
            " it will make a new one or tell you why not."
        )
    else:  # REMINDER: the plugin's text says what it is about
        title = localize(payload["title"], language)
        subject = _(
            "Reminder for referral %(reference)s: %(title)s", reference=reference, title=title
        )
        intro = title
        facts.append((_("Reminder date"), due))
    return Rendered(subject, [intro], facts)


def _date(iso: str | None) -> str:
    return format_date(date.fromisoformat(iso)) if iso else ""


def _moment(iso: str | None) -> str:
    """A time in the recipient's language, in the hub's time zone (Flask-Babel's)."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso)
    return f"{format_date(moment, 'full')}, {format_time(moment, 'short')}"


def _digest(payload: dict, language: str) -> Rendered:
    items = payload["items"]
    facts = [
        (
            item["reference"],
            " · ".join(
                (
                    localize(item["title"], language)
                    if "title" in item
                    else news_title(item["kind"]),
                    _service_title(item["service"], language),
                    status_title(item["status"]),
                )
            ),
        )
        for item in items
    ]
    paragraphs = [_("What is new for you in Referral Hub since your last digest:")]
    if payload["total"] > len(items):
        paragraphs.append(
            _(
                "… and %(count)s more in the hub.",
                count=format_decimal(payload["total"] - len(items)),
            )
        )
    subject = ngettext(
        "Referral Hub: %(num)s new item for you",
        "Referral Hub: %(num)s new items for you",
        payload["total"],
    )
    return Rendered(subject, paragraphs, facts, _("Open your notifications in Referral Hub"))


_TEMPLATES = {
    MESSAGE_DEAD: _message_dead,
    REFERRAL_SENT: _referral_news,
    STATUS_CHANGED: _referral_news,
    REFERRAL_CANCELLED: _referral_news,
    REFERRAL_OVERDUE: _referral_news,
    REFERRAL_ESCALATED: _referral_news,
    REMINDER: _referral_news,
    REFERRAL_ASSIGNED: _referral_news,
    REFERRAL_FORWARDED: _referral_news,
    APPOINTMENT_SET: _referral_news,
    APPOINTMENT_CLEARED: _referral_news,
    DIGEST: _digest,
}


def _dead_advice(channel: str | None, command: str) -> str:
    """What an admin checks before replaying: the mail settings, or the webhook."""
    if channel == "webhook":
        return _(
            "Check the webhook's address and the institution's system (the worker's log"
            " has the HTTP status), then send it again with: %(command)s",
            command=command,
        )
    return _(
        "Check the mail settings and the worker's log, then send it again with: %(command)s",
        command=command,
    )


def _service_title(code: str, language: str) -> str:
    service = hub().catalogue.services.get(code)
    return localize(service.title, language) if service else code
