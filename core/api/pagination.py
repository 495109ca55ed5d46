"""The one pagination of the API: keyset on a unique, time-ordered column.

``?limit=`` (1 to 200, default 50) and ``?cursor=`` (the previous page's
``next_cursor``); the response is ``{"items": [...], "next_cursor": ...}``.
A list's filter schema extends :class:`PageArgsSchema`, so that unknown
parameters are refused like unknown body fields.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from flask import Response, jsonify
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import Select

from core.db import db
from core.errors import N_

DEFAULT_LIMIT, MAX_LIMIT = 50, 200
#: written out for the catalogues (``N_`` takes a fixed text): it follows MAX_LIMIT
_LIMIT_ERROR = N_("A whole number from 1 to 200.")
assert _LIMIT_ERROR.endswith(f" {MAX_LIMIT}.")


class Cursor(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            (key,) = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            if not isinstance(key, str):
                raise ValueError
        except (ValueError, TypeError):
            raise ValidationError(N_("Use next_cursor from the previous page.")) from None
        return key


class PageArgsSchema(Schema):
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        strict=False,
        validate=validate.Range(1, MAX_LIMIT, error=_LIMIT_ERROR),
    )
    cursor = Cursor()


def paginate(
    query: Select,
    key: Any,
    *,
    descending: bool,
    dump: Callable[[Any], Any],
    args: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Response:
    """One page of ``query`` ordered by ``key``; ``args`` loaded by a PageArgsSchema.
    ``extra`` adds members to the response (e.g. a list's ``total``)."""
    limit = args["limit"]
    if "cursor" in args:
        query = query.where(key < args["cursor"] if descending else key > args["cursor"])
    query = query.order_by(key.desc() if descending else key.asc()).limit(limit + 1)
    rows = list(db.session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode_cursor(getattr(rows[-1], key.key)) if more else None
    return jsonify({"items": [dump(r) for r in rows], "next_cursor": next_cursor, **(extra or {})})


def _encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([value]).encode()).decode().rstrip("=")
