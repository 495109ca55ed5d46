"""Marshmallow schema -> JSON Schema (2020-12), for the catalogue and OpenAPI.

Plugins describe each field with ``metadata={"title", "description",
"examples", "choice_titles"}``; titles and descriptions are texts in several
languages and come out in the language asked for.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from core.catalogue.prefill import source_of
from core.catalogue.types import localize

_TYPES: list[tuple[type[fields.Field], dict[str, Any]]] = [
    (fields.Email, {"type": "string", "format": "email"}),
    (fields.DateTime, {"type": "string", "format": "date-time"}),
    (fields.Date, {"type": "string", "format": "date"}),
    (fields.Integer, {"type": "integer"}),
    (fields.Number, {"type": "number"}),
    (fields.Boolean, {"type": "boolean"}),
    (fields.String, {"type": "string"}),
    (fields.Dict, {"type": "object"}),
]


def schema_to_json_schema(schema: type[Schema] | Schema, lang: str = "en") -> dict[str, Any]:
    instance = schema() if isinstance(schema, type) else schema
    properties = {}
    required = []
    for name, field in instance.fields.items():
        if field.dump_only:
            continue
        key = field.data_key or name
        properties[key] = field_to_json_schema(field, lang)
        if field.required:
            required.append(key)
    result: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        result["required"] = required
    return result


def field_to_json_schema(field: fields.Field, lang: str = "en") -> dict[str, Any]:
    if isinstance(field, fields.Nested):
        nested = schema_to_json_schema(field.schema, lang)
        out = {"type": "array", "items": nested} if field.many else nested
    elif isinstance(field, fields.List):
        out = {"type": "array", "items": field_to_json_schema(field.inner, lang)}
    else:
        out = next((dict(t) for cls, t in _TYPES if isinstance(field, cls)), {})
    _apply_validators(out, field)
    if field.allow_none and "type" in out:
        out["type"] = [out["type"], "null"]
    meta = field.metadata
    for key in ("title", "description"):
        if key in meta:
            out[key] = localize(meta[key], lang) if isinstance(meta[key], dict) else meta[key]
    if "examples" in meta:
        out["examples"] = list(meta["examples"])
    if "choice_titles" in meta:
        out["x-choice-titles"] = {k: localize(v, lang) for k, v in meta["choice_titles"].items()}
    if meta.get("personal"):
        out["x-personal"] = True  # core.catalogue.personal: erased with the person
    if source := source_of(field):
        out["x-beneficiary-field"] = source  # core.catalogue.prefill: defaults from the record
    return out


def _apply_validators(out: dict[str, Any], field: fields.Field) -> None:
    is_array = out.get("type") == "array"
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            out["enum"] = list(v.choices)
        elif isinstance(v, validate.Range):
            if v.min is not None:
                out["minimum" if v.min_inclusive else "exclusiveMinimum"] = v.min
            if v.max is not None:
                out["maximum" if v.max_inclusive else "exclusiveMaximum"] = v.max
        elif isinstance(v, validate.Length):
            lo, hi = ("minItems", "maxItems") if is_array else ("minLength", "maxLength")
            if v.equal is not None:
                out[lo] = out[hi] = v.equal
            if v.min is not None:
                out[lo] = v.min
            if v.max is not None:
                out[hi] = v.max
        elif isinstance(v, validate.Regexp):
            out["pattern"] = v.regex.pattern
