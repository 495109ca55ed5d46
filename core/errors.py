"""The one error type that service functions raise, rendered by every entry point.

The API renders it as ``application/problem+json`` (RFC 9457); the CLI prints
its detail. ``errors`` maps a dotted field path to messages, e.g.
``{"form.occupation": ["Missing data for required field."]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a fixed message for the UI's catalogues (``make messages``).

    Service functions speak English, the API's language; the web UI looks the
    message up in the user's language where it is shown.
    """
    return message


class Problem(Exception):
    status = 400
    title = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: Mapping[str, list[str]] | None = None,
        status: int | None = None,
        title: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = dict(errors or {})
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        self.extra = extra


class Unauthorized(Problem):
    status, title = 401, "Unauthorized"


class Forbidden(Problem):
    status, title = 403, "Forbidden"


class NotFound(Problem):
    status, title = 404, "Not found"


class Conflict(Problem):
    status, title = 409, "Conflict"


class PreconditionFailed(Problem):
    status, title = 412, "Precondition failed"


class PreconditionRequired(Problem):
    status, title = 428, "Precondition required"


class Invalid(Problem):
    status, title = 422, "Unprocessable content"


class TooManyRequests(Problem):
    """429: wait ``retry_after`` seconds (sent as the ``Retry-After`` header)."""

    status, title = 429, "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error dict into ``{"a.b.0": [...]}``."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": messages}
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_errors(value, path))
        return flat
    return {prefix or "_schema": [str(messages)]}


def load_valid(schema: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """``schema.load(data)``, or a 422 with each field's messages (service
    functions that take a form's or a body's data use it)."""
    from marshmallow import ValidationError

    try:
        return schema.load(data)
    except ValidationError as exc:
        raise Invalid(
            N_("Some fields are missing or invalid."), errors=flatten_errors(exc.messages)
        ) from None
