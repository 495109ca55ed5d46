"""Delivering e-mail over SMTP: one connection per batch.

The worker opens :meth:`EmailChannel.batch` for a batch of messages and
delivers each through it: one connection (connect, TLS, login) for the whole
batch, the e-mails written by one :class:`~core.notifications.email.Letters`
(which renders a payload once per batch), and ``QUIT`` at the end.

What the server answers decides what the worker does next:

- a reply to one message (``MAIL``, ``RCPT`` or ``DATA`` refused) concerns
  that message only: 4xx is retried, 5xx is permanent (the message is dead);
  the connection goes on with the next message;
- a connection that the server drops in the middle of the batch (closed,
  reset, timed out, ``421``) is opened again once and the message sent on the
  new one; if that fails too, or the very first connection does, the server
  is taken as unreachable for the rest of the batch: this message and every
  one after it fail at once with the same error (retried with backoff),
  none marked sent, none tried against a server that is not there;
- a refused login is retried too: it is the hub's configuration, not the
  message, that is wrong.

A message whose ``DATA`` the server took but whose answer was lost is sent
again on the new connection, with the same ``Message-ID``: at least once.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Iterator
from email.utils import parseaddr
from urllib.parse import urlsplit

from core.notifications.alerts import LOGIN_REFUSED, RECIPIENT_REFUSED, SERVER_REFUSED, UNREACHABLE
from core.notifications.email import Letters
from core.notifications.models import OutboxMessage
from core.notifications.worker import DeliveryError
from core.settings import Settings

#: The reply of a server that is closing the connection (RFC 5321, 3.8).
CLOSING = 421


class EmailChannel:
    """Sends outbox e-mail over SMTP, one connection per batch (:meth:`batch`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @contextlib.contextmanager
    def batch(self) -> Iterator[SmtpBatch]:
        """A batch's delivery: one connection, opened at the first message and
        closed (``QUIT``) when the batch ends."""
        batch = SmtpBatch(self.settings)
        try:
            yield batch
        finally:
            batch.close()

    def deliver(self, message: OutboxMessage) -> None:
        """Deliver one message on a connection of its own."""
        with self.batch() as batch:
            batch.deliver(message)

    def close(self) -> None:
        """Nothing to release: a batch closes its own connection."""


class _Unusable(Exception):
    """The connection failed (or could not be made); ``error`` is the message's."""

    def __init__(self, error: DeliveryError) -> None:
        super().__init__(error.reason)
        self.error = error


class SmtpBatch:
    """The messages of one batch over one SMTP connection (see the module's text)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.letters = Letters(settings)
        self.sender = parseaddr(settings.mail_from)[1] or settings.mail_from
        self._smtp: smtplib.SMTP | None = None
        self._down: DeliveryError | None = None  # the server failed earlier in this batch

    def deliver(self, message: OutboxMessage) -> None:
        """Send one message or raise :class:`DeliveryError`."""
        if self._down is not None:
            down = self._down
            raise DeliveryError(down.reason, permanent=down.permanent, failure=down.failure)
        mail = self.letters.compose(message)
        try:
            reused = self._smtp is not None
            try:
                self._send(mail, message.recipient)
            except _Unusable:
                if not reused:
                    raise
                # The server dropped the connection of the messages before: once
                # more, on a new one.
                self._send(mail, message.recipient)
        except _Unusable as exc:
            self._down = exc.error
            raise exc.error from None

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):  # smtplib's errors are OSErrors too
                self._smtp.quit()
            self._drop()

    def _send(self, mail: bytes, recipient: str) -> None:
        smtp = self._connection()
        try:
            smtp.sendmail(self.sender, [recipient], mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            error = _reply_error(code, reply, "recipient refused", RECIPIENT_REFUSED)
            self._lost_if_closing(code, error)
            raise error from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            error = _reply_error(exc.smtp_code, exc.smtp_error, "refused", SERVER_REFUSED)
            self._lost_if_closing(exc.smtp_code, error)
            raise error from None
        except smtplib.SMTPResponseException as exc:  # e.g. EHLO refused
            self._drop()
            raise _reply_error(exc.smtp_code, exc.smtp_error, "refused", SERVER_REFUSED) from None
        except OSError as exc:  # dropped, reset, timed out; smtplib's errors are OSErrors too
            self._drop()
            raise _Unusable(_connection_error(exc)) from None

    def _lost_if_closing(self, code: int, error: DeliveryError) -> None:
        """A 421 reply closes the connection (smtplib has closed it already)."""
        if code == CLOSING:
            self._drop()
            raise _Unusable(error)

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            try:
                self._smtp = connect(self.settings)
            except smtplib.SMTPAuthenticationError as exc:
                raise _Unusable(
                    DeliveryError(f"SMTP {exc.smtp_code}: login refused", failure=LOGIN_REFUSED)
                ) from None
            except smtplib.SMTPResponseException as exc:  # e.g. a 554 greeting
                raise _Unusable(
                    _reply_error(exc.smtp_code, exc.smtp_error, "refused", SERVER_REFUSED)
                ) from None
            except OSError as exc:  # refused, timed out, TLS
                raise _Unusable(_connection_error(exc)) from None
        return self._smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
        self._smtp = None


def connect(settings: Settings) -> smtplib.SMTP:
    """A connection to the mail server, with TLS and login as the settings say."""
    s = settings
    helo = urlsplit(s.public_url).hostname or "localhost"
    if s.smtp_security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            s.smtp_host,
            s.smtp_port,
            local_hostname=helo,
            timeout=s.smtp_timeout_seconds,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(
            s.smtp_host, s.smtp_port, local_hostname=helo, timeout=s.smtp_timeout_seconds
        )
    try:
        if s.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if s.smtp_username:
            smtp.login(s.smtp_username, s.smtp_password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _connection_error(exc: OSError) -> DeliveryError:
    return DeliveryError(f"SMTP connection: {type(exc).__name__}: {exc}", failure=UNREACHABLE)


def _reply_error(code: int, reply: bytes | str, what: str, failure: str) -> DeliveryError:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return DeliveryError(
        f"SMTP {code} ({what}): {text}", permanent=500 <= code < 600, failure=failure
    )
