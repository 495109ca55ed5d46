"""What API views share: the caller, the body, pagination, versions."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Response, request
from marshmallow import Schema, ValidationError
from sqlalchemy.exc import IntegrityError

from core.access import Principal
from core.auth.service import principal_for_token
from core.db import db
from core.errors import Invalid, Problem, Unauthorized, flatten_errors
from core.idempotency import remember, replayed_id


def principal() -> Principal:
    """The caller behind the bearer token; 401 without a valid one."""
    cached = request.environ.get("referral_hub.principal")
    if cached is None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send a bearer token: Authorization: Bearer <token>.")
        cached = request.environ["referral_hub.principal"] = principal_for_token(token.strip())
    return cached


def json_body() -> Any:
    if not request.is_json:
        raise Problem(
            "Send a JSON body with Content-Type: application/json.",
            status=415,
            title="Unsupported media type",
        )
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the JSON parser goes
        body = None
    if body is None:
        if request.get_data().strip() == b"null":
            raise Invalid(
                "The body must be a JSON object.", errors={"_schema": ["Expected an object."]}
            )
        raise Problem("The body is not valid JSON.", title="Malformed JSON")
    if unstorable := _unstorable_text(body):
        raise Invalid(
            "Text must not contain NUL characters or unpaired surrogates.",
            errors={path: ["Contains a character that cannot be stored."] for path in unstorable},
        )
    return body


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable_text(body: Any) -> list[str]:
    """The paths of strings (keys included) that no database stores: NUL
    characters (PostgreSQL refuses them) and unpaired surrogates (not UTF-8)."""
    found, stack = [], [("", body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and _UNSTORABLE.search(value):
            found.append(path or "_schema")
        elif isinstance(value, dict | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and _UNSTORABLE.search(key):
                    found.append(child)
                stack.append((child, item))
    return sorted(found)


def refuse_unstorable_request() -> None:
    """Before every API view: path segments, query parameters and the
    Idempotency-Key reach the database, which refuses NUL characters."""
    texts = [
        *(request.view_args or {}).items(),
        *request.args.items(multi=True),
        ("Idempotency-Key", request.headers.get("Idempotency-Key", "")),
    ]
    bad = sorted({k for k, v in texts if isinstance(v, str) and _UNSTORABLE.search(v)})
    if bad:
        raise Invalid(
            "The request contains a NUL character.",
            errors={k: ["Contains a character that cannot be stored."] for k in bad},
        )


def load(schema: Schema, body: Any = None, *, partial: bool = False) -> dict[str, Any]:
    """Validate a body (default: the request's JSON) against a schema; 422 with
    per-field messages, unknown fields included."""
    body = json_body() if body is None else body
    if not isinstance(body, dict):
        raise Invalid(
            "The body must be a JSON object.", errors={"_schema": ["Expected an object."]}
        )
    try:
        return schema.load(body, partial=partial)
    except ValidationError as exc:
        raise Invalid(
            "Some fields are missing or invalid.", errors=flatten_errors(exc.messages)
        ) from None


def load_args(schema: Schema) -> dict[str, Any]:
    try:
        return schema.load(request.args.to_dict())
    except ValidationError as exc:
        raise Invalid(
            "Some query parameters are invalid.", errors=flatten_errors(exc.messages)
        ) from None


def if_match() -> int | None:
    """The version in ``If-Match: "<n>"``, or None when the header is absent."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not (value.isascii() and value.isdigit()):
        raise Invalid(
            'If-Match must be a version in quotes, e.g. "3".',
            errors={"If-Match": ["Not a version."]},
        )
    return int(value)


def with_etag(response: Response, version: int) -> Response:
    response.headers["ETag"] = f'"{version}"'
    return response


def create_idempotently(
    endpoint: str, body: Any, create: Callable[[], str], render: Callable[[str], Any]
) -> tuple[Any, int]:
    """Run ``create`` (which returns the new id) once per ``Idempotency-Key``:
    a retry with the same key and body gets the first object back, 201."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 200:
        raise Invalid("Bad Idempotency-Key.", errors={"Idempotency-Key": ["1 to 200 characters."]})
    caller = principal().key
    if key and (existing := replayed_id(caller, endpoint, key, body)):
        return render(existing), 201
    resource_id = create()
    if key:
        remember(caller, endpoint, key, body, resource_id)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its object.
        db.session.rollback()
        existing = replayed_id(caller, endpoint, key, body) if key else None
        if existing is None:
            raise
        return render(existing), 201
    return render(resource_id), 201
