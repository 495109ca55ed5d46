"""What API views share: the caller, the body, pagination, versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, request
from marshmallow import Schema, ValidationError
from sqlalchemy.exc import IntegrityError

from core.access import Principal
from core.auth.service import principal_for_token
from core.db import db
from core.errors import N_, Invalid, Problem, Unauthorized, flatten_errors
from core.idempotency import remember, replayed_id
from core.validators import UNSTORABLE, unstorable_paths


def principal() -> Principal:
    """The caller behind the bearer token; 401 without a valid one."""
    cached = request.environ.get("referral_hub.principal")
    if cached is None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(N_("Send a bearer token: Authorization: Bearer <token>."))
        cached = request.environ["referral_hub.principal"] = principal_for_token(token.strip())
    return cached


def json_body() -> Any:
    if not request.is_json:
        raise Problem(
            N_("Send a JSON body with Content-Type: application/json."),
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
                N_("The body must be a JSON object."),
                errors={"_schema": [N_("Expected an object.")]},
            )
        raise Problem(N_("The body is not valid JSON."), title="Malformed JSON")
    if unstorable := unstorable_paths(body):
        raise Invalid(
            N_("Text must not contain NUL characters or unpaired surrogates."),
            errors={
                path: [N_("Contains a character that cannot be stored.")] for path in unstorable
            },
        )
    return body


def refuse_unstorable_request() -> None:
    """Before every API view: path segments, query parameters and the
    Idempotency-Key reach the database, which refuses NUL characters."""
    texts = [
        *(request.view_args or {}).items(),
        *request.args.items(multi=True),
        ("Idempotency-Key", request.headers.get("Idempotency-Key", "")),
    ]
    bad = sorted({k for k, v in texts if isinstance(v, str) and UNSTORABLE.search(v)})
    if bad:
        raise Invalid(
            N_("The request contains a NUL character."),
            errors={k: [N_("Contains a character that cannot be stored.")] for k in bad},
        )


def load(schema: Schema, body: Any = None, *, partial: bool = False) -> dict[str, Any]:
    """Validate a body (default: the request's JSON) against a schema; 422 with
    per-field messages, unknown fields included."""
    body = json_body() if body is None else body
    if not isinstance(body, dict):
        raise Invalid(
            N_("The body must be a JSON object."), errors={"_schema": [N_("Expected an object.")]}
        )
    try:
        return schema.load(body, partial=partial)
    except ValidationError as exc:
        raise Invalid(
            N_("Some fields are missing or invalid."), errors=flatten_errors(exc.messages)
        ) from None


def load_args(schema: Schema) -> dict[str, Any]:
    try:
        return schema.load(request.args.to_dict())
    except ValidationError as exc:
        raise Invalid(
            N_("Some query parameters are invalid."), errors=flatten_errors(exc.messages)
        ) from None


def if_match() -> int | None:
    """The version in ``If-Match: "<n>"``, or None when the header is absent."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not (value.isascii() and value.isdigit()):
        raise Invalid(
            N_('If-Match must be a version in quotes, e.g. "3".'),
            errors={"If-Match": [N_("Not a version.")]},
        )
    return int(value)


def with_etag(response: Response, version: int) -> Response:
    response.headers["ETag"] = f'"{version}"'
    return response


def create_idempotently(
    endpoint: str, body: Any, create: Callable[[], Any], render: Callable[[str], Any]
) -> tuple[Any, int]:
    """Run ``create`` (which returns the new object) once per ``Idempotency-Key``:
    a retry with the same key and body gets the first object back, 201."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 200:
        raise Invalid(
            N_("Bad Idempotency-Key."), errors={"Idempotency-Key": [N_("1 to 200 characters.")]}
        )
    caller = principal().key
    if key and (existing := replayed_id(caller, endpoint, key, body)):
        return render(existing), 201
    # Held while rendering: the session keeps clean objects only while someone does.
    created = create()
    if key:
        remember(caller, endpoint, key, body, created.id)
    # Rendered from the objects in hand, before the commit expires them all (half a
    # dozen re-reads otherwise); the answer is sent only if the commit succeeds.
    response = render(created.id)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its object.
        db.session.rollback()
        existing = replayed_id(caller, endpoint, key, body) if key else None
        if existing is None:
            raise
        return render(existing), 201
    return response, 201
