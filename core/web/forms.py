"""HTML forms generated from a plugin's marshmallow schema, and back.

:func:`form_fields` describes each field of a schema as a :class:`FormField`
that the ``fields`` macro (``templates/macros.html``) renders with the proper
input: a select or checkboxes for an enumeration, a date picker for a date, a
number input, a textarea for a list of texts, rows for a list of records.
:func:`form_data` turns the posted form back into the dict the schema loads,
so the schema's own messages are shown next to the field they concern.

Input names are dotted paths (``form.languages.0.code``), the same paths the
service functions use in ``Invalid.errors``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, fields, validate
from werkzeug.datastructures import MultiDict

from core.web.i18n import localized

#: blank rows offered under the filled ones of a list of records
SPARE_ROWS = 2


@dataclass
class FormField:
    """One input (or group of inputs) of a generated form."""

    name: str  # dotted path, also the input's name
    label: str
    help: str
    widget: (
        str  # text, email, number, date, datetime, select, checkbox, checkboxes, lines, rows, group
    )
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: Any = None
    errors: list[str] = field(default_factory=list)
    children: list[FormField] = field(default_factory=list)  # a group's fields
    rows: list[list[FormField]] = field(default_factory=list)  # a list of records
    attrs: dict[str, Any] = field(default_factory=dict)  # min, max, step, maxlength, pattern

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")


def form_fields(
    schema: Schema | type[Schema],
    prefix: str,
    submitted: MultiDict | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[FormField]:
    """The fields of ``schema`` under ``prefix``, filled with what was
    ``submitted`` and the ``errors`` keyed by dotted path."""
    schema = schema() if isinstance(schema, type) else schema
    submitted = submitted or MultiDict()
    errors = errors or {}
    return [
        _field(f"{prefix}.{f.data_key or name}", f, submitted, errors)
        for name, f in schema.fields.items()
        if not f.dump_only
    ]


def _field(name: str, f: fields.Field, submitted: MultiDict, errors: Mapping) -> FormField:
    meta = f.metadata
    out = FormField(
        name=name,
        label=localized(meta.get("title"))
        or name.rsplit(".", 1)[-1].replace("_", " ").capitalize(),
        help=localized(meta.get("description")),
        widget="text",
        required=f.required,
        errors=list(errors.get(name, [])),
    )
    if isinstance(f, fields.Nested):
        sub_schema = f.schema
        if f.many:
            out.widget = "rows"
            count = _row_count(name, submitted) + SPARE_ROWS
            out.rows = [
                form_fields(sub_schema, f"{name}.{i}", submitted, errors) for i in range(count)
            ]
            out.errors += _nested_errors(name, errors, out.rows)
        else:
            out.widget = "group"
            out.children = form_fields(sub_schema, name, submitted, errors)
        return out
    if isinstance(f, fields.List):
        choices = _choices(f.inner)
        if choices:
            out.widget, out.choices = "checkboxes", choices
            out.value = submitted.getlist(name)
        else:
            out.widget = "lines"
            out.value = submitted.get(name, "")
        out.errors += [
            m for key, msgs in errors.items() if key.startswith(name + ".") for m in msgs
        ]
        return out
    choices = _choices(f)
    if choices:
        out.widget, out.choices = "select", choices
    elif isinstance(f, fields.Boolean):
        out.widget = "checkbox"
    elif isinstance(f, fields.Email):
        out.widget = "email"
    elif isinstance(f, fields.DateTime):
        out.widget = "datetime"
    elif isinstance(f, fields.Date):
        out.widget = "date"
    elif isinstance(f, fields.Number):
        out.widget = "number"
        out.attrs["step"] = "1" if isinstance(f, fields.Integer) else "any"
    out.attrs.update(_limits(f))
    out.value = submitted.get(name, "")
    return out


def error_anchor(path: str) -> str:
    """The id of the input that shows the error at ``path``, for the error
    summary's links: an item of a list of texts or choices ("form.codes.0") is
    shown on the list's one input, a record's own error on its fieldset."""
    parts = path.split(".")
    while len(parts) > 1 and (parts[-1].isdigit() or parts[-1] == "_schema"):
        parts.pop()
    return "f-" + "-".join(parts)


def _choices(f: fields.Field) -> list[tuple[str, str]]:
    one_of = next((v for v in f.validators if isinstance(v, validate.OneOf)), None)
    if one_of is None:
        return []
    titles = f.metadata.get("choice_titles", {})
    return [(str(c), localized(titles.get(c)) or str(c)) for c in one_of.choices]


def _limits(f: fields.Field) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for v in f.validators:
        if isinstance(v, validate.Range):
            if v.min is not None:
                attrs["min"] = v.min
            if v.max is not None:
                attrs["max"] = v.max
        elif isinstance(v, validate.Length) and v.max is not None:
            attrs["maxlength"] = v.max
    return attrs


def _row_count(name: str, submitted: MultiDict) -> int:
    indexes = {
        int(key[len(name) + 1 :].split(".", 1)[0])
        for key in submitted
        if key.startswith(name + ".") and key[len(name) + 1 :].split(".", 1)[0].isdigit()
    }
    return max(indexes) + 1 if indexes else 0


def _nested_errors(name: str, errors: Mapping, rows: list[list[FormField]]) -> list[str]:
    """Errors about the list itself or a row as a whole (not one of its inputs)."""
    inputs = {child.name for row in rows for child in row}
    return [
        message
        for key, messages in errors.items()
        if (key == name + "._schema" or key.startswith(name + "."))
        and key not in inputs
        and not any(key.startswith(i + ".") for i in inputs)
        for message in messages
    ]


# --- the posted form back into data -------------------------------------------------


def form_data(schema: Schema | type[Schema], prefix: str, submitted: MultiDict) -> dict[str, Any]:
    """What the user posted, shaped for ``schema.load``: empty inputs are left
    out, so the schema reports a missing required field in its own words."""
    schema = schema() if isinstance(schema, type) else schema
    data: dict[str, Any] = {}
    for name, f in schema.fields.items():
        if f.dump_only:
            continue
        key = f.data_key or name
        value = _value(f"{prefix}.{key}", f, submitted)
        if value is not None:
            data[key] = value
    return data


def _value(name: str, f: fields.Field, submitted: MultiDict) -> Any:
    if isinstance(f, fields.Nested):
        if not f.many:
            return form_data(f.schema, name, submitted) or None
        rows = [
            form_data(f.schema, f"{name}.{i}", submitted)
            for i in range(_row_count(name, submitted))
        ]
        rows = [row for row in rows if row]
        return rows or ([] if f.required else None)
    if isinstance(f, fields.List):
        if _choices(f.inner):
            items = [v for v in submitted.getlist(name) if v]
        else:
            items = [line.strip() for line in submitted.get(name, "").splitlines() if line.strip()]
        return items or ([] if f.required else None)
    if isinstance(f, fields.Boolean):
        return name in submitted and submitted.get(name) not in ("", "0", "false")
    value = submitted.get(name, "").strip()
    return value or None
