"""Fields of a plugin's form that default from the beneficiary's record.

A plugin marks a field with ``metadata={"beneficiary_field": "languages", ...}``
(or ``described(..., beneficiary_field="languages")``): the new-referral form
opens with the register's value in it, and the catalogue publishes the mark as
``"x-beneficiary-field"`` in the JSON Schema so that API clients can do the
same. Inside a list of records, a field whose source is a list (``languages``)
opens one row per item. A value the field would refuse (a document type the
institution does not list) is left out rather than shown wrong.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

#: the metadata key plugins set on a field that defaults from the register
BENEFICIARY_FIELD = "beneficiary_field"

#: what a field can default from: the record's fields, a residence document's parts
SOURCES = (
    "languages",
    "nationality",
    "residence_document.type",
    "residence_document.number",
    "residence_document.expires_on",
    "phone",
    "email",
    "county",
    "locality",
)
#: the sources that hold several values
LIST_SOURCES = frozenset({"languages"})


def source_of(field: fields.Field) -> str | None:
    return field.metadata.get(BENEFICIARY_FIELD)


def register_value(person: Any, source: str) -> Any:
    """The value of ``source`` on ``person`` (a beneficiary), None when not
    given: a list for a list source, else a text."""
    name, _, part = source.partition(".")
    value = getattr(person, name, None)
    if part:
        value = (value or {}).get(part)
    if source in LIST_SOURCES:
        return list(value or [])
    return None if value in (None, "") else str(value)


def unknown_sources(schema: Any) -> list[str]:
    """The sources named in ``schema`` (a marshmallow schema, nested ones
    included) that the register does not have, for the start-up check."""
    schema = schema() if isinstance(schema, type) else schema
    found: list[str] = []
    for field in schema.fields.values():
        inner = field.inner if isinstance(field, fields.List) else field
        for f in {field, inner}:
            if (source := source_of(f)) is not None and source not in SOURCES:
                found.append(source)
        if isinstance(inner, fields.Nested):
            found += unknown_sources(inner.schema)
    return found
