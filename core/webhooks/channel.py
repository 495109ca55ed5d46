"""Delivering webhooks: one signed HTTP POST per outbox row.

Each attempt signs the body afresh per Standard Webhooks: ``webhook-id`` is
the row's ``message_id`` (the same on every retry and replay, so that the
receiver can drop repeats), ``webhook-timestamp`` the hub's clock, and
``webhook-signature`` ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``.

The receiver's answer decides what the worker does next:

- 2xx: sent;
- 408, 429, 5xx, a refused or dropped connection, a timeout, a TLS error:
  retried later (after ``Retry-After`` when the receiver sends one);
- 3xx and every other 4xx: permanent (the message is dead, admins are told).
  Redirects are never followed: the approved address is the destination.

An endpoint that is no longer approved (its address changed, it was refused
or removed) gets nothing: the message is dead. Bodies are never logged.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from standardwebhooks import Webhook

from core import clock
from core.db import db
from core.notifications.alerts import NOT_APPROVED, UNREACHABLE
from core.notifications.models import OutboxMessage
from core.notifications.worker import DeliveryError
from core.settings import Settings
from core.webhooks.models import WebhookEndpoint
from core.webhooks.service import signing_secrets

#: Statuses that say "try again later" rather than "this will never work".
RETRY_STATUSES = frozenset({408, 429})
#: A receiver's Retry-After beyond this is capped: the message stays in line.
MAX_RETRY_AFTER_SECONDS = 24 * 3600
USER_AGENT = "ReferralHub-Webhooks/1"


def body_of(message: OutboxMessage) -> str:
    """The JSON text that is sent and signed (compact; the same on every attempt)."""
    return json.dumps(message.payload["event"], separators=(",", ":"), sort_keys=True)


def signed_headers(message_id: str, body: str, secrets: list[str], now: datetime) -> dict[str, str]:
    """The Standard Webhooks headers; one ``v1,…`` signature per secret."""
    signatures = " ".join(Webhook(secret).sign(message_id, now, body) for secret in secrets)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(math.floor(now.timestamp())),
        "webhook-signature": signatures,
    }


class WebhookChannel:
    """Sends outbox webhooks with ``requests``, one session (its connection pool) per pass."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._session: requests.Session | None = None

    def deliver(self, message: OutboxMessage) -> None:
        endpoint = db.session.get(WebhookEndpoint, message.recipient)
        if endpoint is None or endpoint.status != "approved":
            raise DeliveryError(
                "webhook endpoint removed or not approved", permanent=True, failure=NOT_APPROVED
            )
        now = clock.now()
        body = body_of(message)
        headers = {
            **signed_headers(message.message_id, body, signing_secrets(endpoint, now), now),
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
        }
        timeouts = (
            self.settings.webhook_connect_timeout_seconds,
            self.settings.webhook_timeout_seconds,
        )
        try:
            # stream: the answer's body is never read (nor downloaded), only its status.
            response = self._http().post(
                endpoint.url,
                data=body.encode("utf-8"),
                headers=headers,
                timeout=timeouts,
                allow_redirects=False,
                stream=True,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:  # TLS errors included
            # The exception's text names the address, which may carry a token: the type only.
            raise DeliveryError(
                f"webhook connection: {type(exc).__name__}", failure=UNREACHABLE
            ) from None
        except requests.RequestException as exc:
            raise DeliveryError(
                f"webhook request: {type(exc).__name__}", permanent=True, failure="request-failed"
            ) from None
        with response:
            _check(response)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def _http(self) -> requests.Session:
        if self._session is None:
            self._session = requests.Session()
        return self._session


def _check(response: requests.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    reason, failure = f"webhook HTTP {status}", f"http-{status // 100}xx"
    if status in RETRY_STATUSES or 500 <= status < 600:
        wait = retry_after(response.headers.get("Retry-After"))
        raise DeliveryError(reason, retry_after=wait, failure=failure)
    raise DeliveryError(reason, permanent=True, failure=failure)


def retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds from now: delay-seconds or an HTTP-date
    (RFC 9110, 10.2.3); None when absent or unreadable (the backoff applies)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # "-0000" means UTC too (RFC 5322)
            when = when.replace(tzinfo=UTC)
        seconds = (when - clock.now()).total_seconds()
    return min(max(0.0, seconds), MAX_RETRY_AFTER_SECONDS)
