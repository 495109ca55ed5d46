"""HTML forms generated from a plugin's marshmallow schema, and back.

:func:`form_fields` describes each field of a schema as a :class:`FormField`
that the ``fields`` macro (``templates/macros.html``) renders with the proper
input: a select or checkboxes for an enumeration, a date picker for a date, a
number input, a textarea for a list of texts, rows for a list of records.
:func:`form_data` turns the posted form back into the dict the schema loads,
so the schema's own messages are shown next to the field they concern.

Input names are dotted paths (``form.languages.0.code``), the same paths the
service functions use in ``Invalid.errors``. The rows of a list of records are
numbered as :func:`form_data` sends them: the rows left empty are dropped and
the others renumbered, so that an error about row 2 is shown on the row the
user sees second.

A field validated as a standard code (:func:`core.validators.language`,
``country``, ``subdivision``) is a select of names in the UI language that
posts the code; a plain select, so it works without JavaScript (browsers jump
to an option by its first letters). :func:`prefilled` is what a form opens
with from the beneficiary's record (:mod:`core.catalogue.prefill`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.datastructures import MultiDict

from core import validators
from core.catalogue.prefill import LIST_SOURCES, register_value, source_of
from core.web import code_names
from core.web import staff_forms as sf
from core.web.i18n import localized

#: blank rows offered under the filled ones of a list of records
SPARE_ROWS = 2


@dataclass
class FormField:
    """One input (or group of inputs) of a generated form."""

    name: str  # dotted path, also the input's name
    label: str
    help: str
    # text, email, number, date, datetime, select, selects (a list of codes), checkbox,
    # checkboxes, lines, rows, group
    widget: str
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: Any = None
    errors: list[str] = field(default_factory=list)
    children: list[FormField] = field(default_factory=list)  # a group's fields
    rows: list[list[FormField]] = field(default_factory=list)  # a list of records
    attrs: dict[str, Any] = field(default_factory=dict)  # min, max, step, maxlength, pattern
    groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # optgroups
    suggestions: list[str] = field(default_factory=list)  # a text input's datalist
    spare: int = 0  # blank selects offered under the chosen ones (widget "selects")

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
            posted = _posted_rows(name, submitted)
            shown = _renumbered(name, submitted, posted)
            out.rows = [
                form_fields(sub_schema, f"{name}.{i}", shown, errors)
                for i in range(len(posted) + SPARE_ROWS)
            ]
            out.errors += _nested_errors(name, errors, out.rows)
        else:
            out.widget = "group"
            out.children = form_fields(sub_schema, name, submitted, errors)
        return out
    if isinstance(f, fields.List):
        choices = _choices(f.inner)
        if _code_list(f.inner):
            out.widget, out.spare = "selects", SPARE_ROWS
            out.choices, out.groups = _code_choices(f.inner)
            out.value = [v for v in submitted.getlist(name) if v.strip()]
        elif choices:
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
    if _code_list(f):
        out.widget = "select"
        out.choices, out.groups = _code_choices(f)
    elif choices:
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
    if source_of(f) == "locality" and out.widget == "text":
        out.suggestions = code_names.locality_suggestions()
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


#: the validators of standard codes, and the list each one's select offers
_CODE_LISTS = {
    validators.language: "language",
    validators.country: "country",
    validators.subdivision: "county",
}


def _code_list(f: fields.Field) -> str | None:
    return next((_CODE_LISTS[v] for v in f.validators if v in _CODE_LISTS), None)


def _code_choices(
    f: fields.Field,
) -> tuple[list[tuple[str, str]], list[tuple[str, list[tuple[str, str]]]]]:
    """(choices, groups) of the select of a standard code, by name in the UI language."""
    kind = _code_list(f)
    if kind == "county":
        return [], code_names.county_groups()
    if kind == "country":
        return code_names.country_choices(), []
    return code_names.language_choices(), []


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


def _posted_rows(name: str, submitted: MultiDict) -> list[int]:
    """The indexes of the rows of the list ``name`` posted with something in
    them, in order: a row left blank (a spare one) is no row."""
    start = name + "."
    filled = {
        int(head)
        for key, value in submitted.items(multi=True)
        if key.startswith(start)
        and (head := key[len(start) :].split(".", 1)[0]).isdigit()
        and value.strip()
    }
    return sorted(filled)


def _renumbered(name: str, submitted: MultiDict, posted: list[int]) -> MultiDict:
    """``submitted`` with the rows ``posted`` of the list ``name`` numbered 0, 1, …
    (as :func:`form_data` sends them) and the blank rows left out."""
    start = name + "."
    out = MultiDict([(k, v) for k, v in submitted.items(multi=True) if not k.startswith(start)])
    for shown, index in enumerate(posted):
        old = f"{start}{index}."
        for key, value in submitted.items(multi=True):
            if key.startswith(old):
                out.add(f"{start}{shown}.{key[len(old) :]}", value)
    return out


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
            form_data(f.schema, f"{name}.{i}", submitted) for i in _posted_rows(name, submitted)
        ]
        return rows or ([] if f.required else None)
    if isinstance(f, fields.List):
        if _choices(f.inner) or _code_list(f.inner):
            items = [v for v in submitted.getlist(name) if v]
        else:
            items = [line.strip() for line in submitted.get(name, "").splitlines() if line.strip()]
        return items or ([] if f.required else None)
    if isinstance(f, fields.Boolean):
        return name in submitted and submitted.get(name) not in ("", "0", "false")
    value = submitted.get(name, "").strip()
    return value or None


def form_values(
    schema: Schema | type[Schema], prefix: str, data: dict[str, Any] | None
) -> MultiDict:
    """The inputs that post ``data`` (as the schema dumps it) back: the
    inverse of :func:`core.web.forms.form_data`, by the same input names."""
    schema = schema() if isinstance(schema, type) else schema
    values: MultiDict = MultiDict()
    for name, f in schema.fields.items():
        key = f.data_key or name
        if f.dump_only or (data or {}).get(key) is None:
            continue
        for input_name, value in _inputs(f"{prefix}.{key}", f, data[key]):
            values.add(input_name, value)
    return values


def _inputs(name: str, f: fields.Field, value: Any) -> list[tuple[str, str]]:
    if isinstance(f, fields.Nested):
        rows = value if f.many else [value]
        return [
            item
            for i, row in enumerate(rows)
            for item in form_values(f.schema, f"{name}.{i}" if f.many else name, row).items(
                multi=True
            )
        ]
    if isinstance(f, fields.List):
        if _choices(f.inner) or _code_list(f.inner):  # one input per item, as posted
            return [(name, str(item)) for item in value]
        return [(name, "\n".join(str(item) for item in value))]  # one line per item
    if isinstance(f, fields.Boolean):
        return [(name, "1")] if value else []
    if isinstance(f, fields.DateTime) and isinstance(value, str):
        return [(name, sf.local_input(datetime.fromisoformat(value)))]
    return [(name, str(value))]


# --- what a form opens with from the register ---------------------------------------


def prefilled(schema: Schema | type[Schema], prefix: str, person: Any) -> MultiDict:
    """The inputs of ``schema`` under ``prefix`` filled in from ``person``'s
    record where a field names a ``beneficiary_field``, as the form would post
    them; a value the field refuses is left out."""
    schema = schema() if isinstance(schema, type) else schema
    out = MultiDict()
    for name, f in schema.fields.items():
        if f.dump_only:
            continue
        path = f"{prefix}.{f.data_key or name}"
        if isinstance(f, fields.Nested):
            if f.many:
                _prefill_rows(out, path, f.schema, person)
            else:
                out.update(prefilled(f.schema, path, person))
            continue
        inner = f.inner if isinstance(f, fields.List) else None
        source = source_of(inner if inner is not None else f) or source_of(f)
        if source is None:
            continue
        values = _accepted(inner or f, _as_list(register_value(person, source)))
        if inner is None:
            values = values[:1]  # one value from a list: the first, the preferred one
        elif not (_choices(inner) or _code_list(inner)):
            values = ["\n".join(values)] if values else []  # a list of texts: one per line
        for value in values:
            out.add(path, value)
    return out


def _prefill_rows(out: MultiDict, path: str, schema: Schema, person: Any) -> None:
    """One row per item of the first list source among the row's fields."""
    schema = schema() if isinstance(schema, type) else schema
    for name, f in schema.fields.items():
        source = source_of(f)
        if source in LIST_SOURCES:
            items = _accepted(f, register_value(person, source))
            for i, item in enumerate(items):
                out.add(f"{path}.{i}.{f.data_key or name}", item)
            return


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _accepted(f: fields.Field, values: list[str]) -> list[str]:
    kept = []
    for value in values:
        try:
            f.deserialize(value)
        except ValidationError:
            continue
        kept.append(value)
    return kept


# --- the error summary ----------------------------------------------------------------


@dataclass
class ErrorLine:
    """One line of an error summary: a field, its messages, the link to it."""

    anchor: str
    label: str
    messages: list[str]


def field_labels(shown: list[FormField]) -> dict[str, str]:
    """The label of each input of a generated form by its name, as an error
    summary names it: "Languages spoken, row 2, Level"."""
    out: dict[str, str] = {}
    for f in shown:
        out[f.name] = f.label
        for number, row in enumerate(f.rows, start=1):
            row_label = _("%(list)s, row %(number)s", list=f.label, number=number)
            out[f"{f.name}.{number - 1}"] = row_label
            out.update({k: f"{row_label}, {v}" for k, v in field_labels(row).items()})
        out.update({k: f"{f.label}, {v}" for k, v in field_labels(f.children).items()})
    return out


def error_lines(
    errors: Mapping[str, list[str]] | None, labels: Mapping[str, Any] | None = None
) -> list[ErrorLine]:
    """The error summary: one line per field, named by its label in ``labels``
    (the nearest labelled parent of a list's item or a record's part), each
    message once."""
    lines: dict[str, ErrorLine] = {}
    for path, messages in (errors or {}).items():
        anchor = error_anchor(path)
        line = lines.setdefault(anchor, ErrorLine(anchor, _label_of(path, labels or {}), []))
        line.messages += [m for m in dict.fromkeys(messages) if m not in line.messages]
    return [line for line in lines.values() if line.messages]


def _label_of(path: str, labels: Mapping[str, Any]) -> str:
    parts = path.split(".")
    while parts:
        if (label := labels.get(".".join(parts))) is not None:
            return str(label)
        parts.pop()
    return ""
