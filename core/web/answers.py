"""A plugin's form data read back with the plugin's labels: the counterpart of
:mod:`core.web.forms` for pages that show what was filled in.

A referral's form and its outcome are stored as the schema dumped them (dates
as ISO strings); each :class:`Answer` carries the field's localized title and
its value as text, with enumerations shown by their choice titles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from core.web.i18n import localized


@dataclass
class Answer:
    """One answered field: a value, a group of answers, or rows of answers."""

    label: str
    value: str = ""
    children: list[Answer] = field(default_factory=list)
    rows: list[list[Answer]] = field(default_factory=list)


def answers(schema: Schema | type[Schema] | None, data: Mapping[str, Any] | None) -> list[Answer]:
    """The answered fields of ``data`` in the order of ``schema``; keys the
    schema no longer knows are shown too, so that nothing recorded is hidden."""
    data = data or {}
    if schema is None:
        return [Answer(humanize(k), text(v)) for k, v in data.items() if not _empty(v)]
    schema = schema() if isinstance(schema, type) else schema
    out: list[Answer] = []
    known: set[str] = set()
    for name, f in schema.fields.items():
        key = f.data_key or name
        known.add(key)
        if f.load_only or _empty(data.get(key)):
            continue
        out.append(_answer(f, data[key]))
    out += [
        Answer(humanize(k), text(v)) for k, v in data.items() if k not in known and not _empty(v)
    ]
    return out


def _answer(f: fields.Field, value: Any) -> Answer:
    label = localized(f.metadata.get("title")) or humanize(f.name or "")
    if isinstance(f, fields.Nested):
        if f.many:
            return Answer(label, rows=[answers(f.schema, row) for row in value])
        return Answer(label, children=answers(f.schema, value))
    if isinstance(f, fields.List):
        return Answer(label, ", ".join(_value(f.inner, item) for item in value))
    return Answer(label, _value(f, value))


def _value(f: fields.Field, value: Any) -> str:
    titles = f.metadata.get("choice_titles", {})
    if any(isinstance(v, validate.OneOf) for v in f.validators):
        return localized(titles.get(value)) or str(value)
    if isinstance(f, fields.Boolean):
        return _("Yes") if value else _("No")
    if isinstance(f, fields.Date):
        return _date(value)
    if isinstance(f, fields.DateTime):
        return _datetime(value)
    if isinstance(f, fields.Number) and not isinstance(value, bool):
        return format_decimal(value)
    return str(value)


def text(value: Any) -> str:
    """A value without a schema (a plugin's timeline fact): dates shown as dates."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    if isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value)) if len(value) == 10 else value
        except ValueError:
            return value
    return str(value)


def humanize(key: str) -> str:
    """``file_number`` → "File number" (for keys a plugin gave no title)."""
    return key.replace("_", " ").strip().capitalize()


def _date(value: Any) -> str:
    try:
        return format_date(value if isinstance(value, date) else date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def _datetime(value: Any) -> str:
    try:
        return format_datetime(
            value if isinstance(value, datetime) else datetime.fromisoformat(value)
        )
    except (TypeError, ValueError):
        return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}
