"""Which fields of a plugin's form or outcome hold personal data.

A plugin marks a field with ``metadata={"personal": True, ...}`` (beside its
title and description): names of family members, addresses, previous
employers, document numbers, free-text descriptions. The retention job
(:mod:`core.retention`) removes marked fields from erased people's referrals;
the catalogue publishes the mark as ``"x-personal": true`` in the JSON Schema.
A mark on a nested record or list removes all of it; a mark inside a record
removes that field of every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, fields

#: the metadata key plugins set on a field that holds personal data
PERSONAL = "personal"


def is_personal(field: fields.Field) -> bool:
    return bool(field.metadata.get(PERSONAL))


def without_personal(
    schema: Schema | type[Schema] | None, data: Mapping[str, Any] | None
) -> dict[str, Any]:
    """``data`` (as the schema dumps it) without the fields marked personal.

    Without a schema (the plugin is gone) nothing can be told apart, so
    nothing is kept; keys the schema does not know are dropped too.
    """
    if schema is None or not data:
        return {}
    schema = schema() if isinstance(schema, type) else schema
    by_key = {(f.data_key or name): f for name, f in schema.fields.items()}
    kept: dict[str, Any] = {}
    for key, value in data.items():
        field = by_key.get(key)
        if field is None or is_personal(field):
            continue
        kept[key] = _inner(field, value)
    return kept


def _inner(field: fields.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, fields.Nested):
        if field.many:
            return [without_personal(field.schema, row) for row in value]
        return without_personal(field.schema, value)
    if isinstance(field, fields.List) and isinstance(field.inner, fields.Nested):
        return [without_personal(field.inner.schema, row) for row in value]
    return value
