"""Every text of the catalogue ships in the four UI languages.

The catalogue the app builds (core kinds and every plugin's kinds and services)
is walked: institution kind names, service titles and descriptions, reason
codes, required documents, and the title, description and choice titles of
every form and outcome field, nested schemas and list items included. A text
without a non-empty entry for one of ``LANGUAGES`` is reported by plugin,
service, path and language, so that a translator knows what to add.

The same holds for the messages a plugin shows to users (its validators' custom
messages, the ``ValidationError`` its schemas raise, its veto): each must come
back from its ``referral_hub_messages`` in every language, and a message built
at run time, which no translation can match, is reported where it is built.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pluggy
import pytest
from marshmallow import Schema, fields, validate

from core import SLA, Document, InstitutionKind, ReasonCode, Service, described, one_of
from core.app import hub
from core.catalogue.registry import Catalogue, build_catalogue
from core.plugins import make_plugin_manager

#: The UI languages: Romanian, English, Czech, Ukrainian.
LANGUAGES = ("ro", "en", "cs", "uk")

#: ``(owner, where, path, text)``: ``where`` is a service code or ``kind:<code>``.
Found = tuple[str, str, str, Any]


def catalogue_texts(catalogue: Catalogue) -> Iterator[Found]:
    """Every text of ``catalogue``, with who contributed it and where it is."""
    for code, kind in catalogue.kinds.items():
        yield catalogue.owners.get(code, "?"), f"kind:{code}", "name", kind.name
    for code, service in catalogue.services.items():
        owner = catalogue.owners.get(code, "?")
        for path, text in service_texts(service):
            yield owner, code, path, text


def service_texts(service: Service) -> Iterator[tuple[str, Any]]:
    yield "title", service.title
    yield "description", service.description
    for reason in service.reason_codes:
        yield f"reason_codes.{reason.code}", reason.title
    for document in service.required_documents:
        yield f"required_documents.{document.code}", document.title
    for name, schema in (("form", service.form_schema), ("outcome", service.outcome_schema)):
        if schema is not None:
            yield from schema_texts(schema(), name)


def schema_texts(schema: Schema, prefix: str) -> Iterator[tuple[str, Any]]:
    for name, field in schema.fields.items():
        yield from field_texts(field, f"{prefix}.{field.data_key or name}", item=False)


def field_texts(field: fields.Field, path: str, *, item: bool) -> Iterator[tuple[str, Any]]:
    """The texts of ``field`` and of what it contains. A named field must have a
    title and a description; a list item only needs to translate what it has."""
    meta = field.metadata
    for key in ("title", "description"):
        if key in meta or not item:
            yield f"{path}:{key}", meta.get(key)
    choices = meta.get("choice_titles") or {}
    for value, text in choices.items():
        yield f"{path}:choice_titles.{value}", text
    if isinstance(field, fields.Nested):
        nested = field.schema
        if isinstance(nested, Schema):
            yield from schema_texts(nested, f"{path}[]" if field.many else path)
    elif isinstance(field, fields.List):
        yield from field_texts(field.inner, f"{path}[]", item=True)
    elif isinstance(field, fields.Tuple):
        for index, inner in enumerate(field.tuple_fields):
            yield from field_texts(inner, f"{path}[{index}]", item=True)
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        yield from field_texts(field.value_field, f"{path}{{}}", item=True)


def missing(found: Iterator[Found]) -> list[str]:
    """``owner / where / path [lang]`` of every text without one of ``LANGUAGES``."""
    problems = []
    for owner, where, path, text in found:
        if not isinstance(text, Mapping):
            problems.append(f"{owner} / {where} / {path}: not a text ({text!r})")
            continue
        for lang in LANGUAGES:
            value = text.get(lang)
            if not (isinstance(value, str) and value.strip()):
                problems.append(f"{owner} / {where} / {path} [{lang}]")
    return problems


def test_every_catalogue_text_is_in_every_ui_language(app):
    with app.app_context():
        catalogue = hub().catalogue
        found = list(catalogue_texts(catalogue))
    # the walk reaches every plugin, and into nested schemas and list items
    assert {owner for owner, *_ in found} >= {
        "core",
        "labour_agency",
        "health_insurance",
        "schools",
        "immigration",
    }
    assert any(":choice_titles." in path for *_, path, _ in found)
    assert any("[]." in path or "[]:" in path for *_, path, _ in found)
    problems = missing(iter(found))
    assert not problems, f"{len(problems)} texts lack a language:\n" + "\n".join(problems)


# --- the walk itself: it finds what is missing, and says where --------------------------

LEVELS = {"a": {"en": "A", "ro": "A", "cs": "A", "uk": "А"}, "b": {"en": "B", "ro": "B"}}


def _full(en: str) -> dict[str, str]:
    return {"en": en, "ro": en, "cs": en, "uk": en}


class _Item(Schema):
    level = fields.String(
        validate=one_of(LEVELS),
        metadata=described(_full("Level"), {"en": "L"}, "a", choices=LEVELS),
    )


class _Form(Schema):
    items = fields.Nested(
        _Item, many=True, metadata=described(_full("Items"), _full("Items."), [{"level": "a"}])
    )
    tags = fields.List(
        fields.String(metadata=described({"en": "Tag"}, _full("A tag."), "x")),
        metadata=described(_full("Tags"), _full("Tags."), ["x"]),
    )
    bare = fields.String()


def test_the_walk_reports_plugin_service_path_and_language():
    catalogue = Catalogue()
    catalogue.kinds["k"] = InstitutionKind("k", {"en": "Kind", "ro": "Tip", "cs": "Druh"})
    catalogue.owners["k"] = "demo"
    service = Service(
        kind="k",
        code="s",
        title=_full("Service"),
        description=_full("A service."),
        form_schema=_Form,
        sla=SLA(1, 2),
        beneficiary_fields=(),
        required_documents=(Document("passport", {"en": "Passport"}),),
        reason_codes=(ReasonCode("busy", _full("Busy")),),
    )
    catalogue.services[service.full_code] = service
    catalogue.owners[service.full_code] = "demo"

    problems = missing(catalogue_texts(catalogue))

    assert "demo / kind:k / name [uk]" in problems
    assert "demo / k.s / required_documents.passport [cs]" in problems
    assert "demo / k.s / form.items[].level:description [ro]" in problems
    assert "demo / k.s / form.items[].level:choice_titles.b [uk]" in problems
    assert "demo / k.s / form.tags[]:title [ro]" in problems
    assert "demo / k.s / form.bare:title: not a text (None)" in problems
    assert not [p for p in problems if "reason_codes" in p or "form.tags:" in p]


# --- the plugins' messages: every validation and veto message, in every language --------
#
# A plugin's messages are not in the core's gettext catalogue: it ships them through
# ``referral_hub_messages``, keyed by the English text. Its messages are found two ways:
# the custom messages of the validators of every form and outcome field (walked like the
# texts above), and, in the plugin's source, the message of every ``ValidationError`` it
# raises and every message its veto returns. A message built at run time (an f-string)
# cannot be looked up, so it is reported too.

PLUGINS = ("labour_agency", "health_insurance", "schools", "immigration")


def validator_messages(schema: Schema) -> Iterator[str]:
    """The custom messages of the validators (and ``error_messages``) of ``schema``'s
    fields, nested schemas and list items included."""
    for field in schema.fields.values():
        yield from field_messages(field)


def field_messages(field: fields.Field) -> Iterator[str]:
    defaults: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    for key, message in field.error_messages.items():
        if defaults.get(key) != message:
            yield message
    for validator in field.validators:
        yield from custom_messages(validator)
    if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
        yield from validator_messages(field.schema)
    elif isinstance(field, fields.List):
        yield from field_messages(field.inner)
    elif isinstance(field, fields.Tuple):
        for inner in field.tuple_fields:
            yield from field_messages(inner)
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        yield from field_messages(field.value_field)


def custom_messages(validator: Any) -> Iterator[str]:
    """``validator``'s ``error=`` when it is not marshmallow's own message, which the
    core translates (``core.web.messages``)."""
    for inner in getattr(validator, "validators", ()):  # validate.And
        yield from custom_messages(inner)
    error = getattr(validator, "error", None)
    if isinstance(error, str) and error != getattr(type(validator), "default_message", None):
        yield error


def source_messages(source: str, namespace: Mapping[str, Any], where: str) -> Iterator[str]:
    """The messages of every ``ValidationError(...)`` in ``source`` and of every
    ``return`` of its ``referral_hub_veto_transition``; ``namespace`` (the module's
    globals) resolves constants. A message that cannot be resolved to fixed strings
    fails with its place."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) == "ValidationError" and node.args:
            yield from _resolve(node.args[0], tree, namespace, where)
        elif isinstance(node, ast.FunctionDef) and node.name == "referral_hub_veto_transition":
            for returned in ast.walk(node):
                if isinstance(returned, ast.Return) and returned.value is not None:
                    yield from _resolve(returned.value, tree, namespace, where)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _resolve(node: ast.expr, tree: ast.Module, namespace: Mapping, where: str) -> Iterator[str]:
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        if node.value is not None:
            yield node.value
        return
    if isinstance(node, ast.Subscript):  # MESSAGES[key]: any of the mapping's messages
        node = node.value
        values = namespace.get(node.id) if isinstance(node, ast.Name) else None
        if isinstance(values, Mapping) and all(isinstance(v, str) for v in values.values()):
            yield from values.values()
            return
    elif isinstance(node, ast.Name):
        function = _enclosing_function(node)
        parameters = [a.arg for a in function.args.args] if function else []
        if node.id in parameters:  # a helper's argument: what its callers pass
            index = parameters.index(node.id)
            for call in ast.walk(tree):
                if isinstance(call, ast.Call) and _name(call.func) == function.name:
                    passed = [k.value for k in call.keywords if k.arg == node.id]
                    passed += call.args[index : index + 1]
                    for argument in passed:
                        yield from _resolve(argument, tree, namespace, where)
            return
        value = namespace.get(node.id)
        if isinstance(value, str):
            yield value
            return
    raise AssertionError(
        f"{where}:{node.lineno}: a message built at run time ({ast.unparse(node)}) cannot be "
        "translated; make it a constant and contribute it through referral_hub_messages"
    )


def _enclosing_function(node: ast.AST) -> ast.FunctionDef | None:
    while (node := getattr(node, "parent", None)) is not None:
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def plugin_messages(pm: pluggy.PluginManager, catalogue: Catalogue, name: str) -> set[str]:
    """Every message plugin ``name`` can produce, found as described above."""
    found = {
        message
        for code, service in catalogue.services.items()
        if catalogue.owners[code] == name
        for schema in (service.form_schema, service.outcome_schema)
        if schema is not None
        for message in validator_messages(schema())
    }
    package = pm.get_plugin(name)
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        if path.stem == "messages":
            continue
        module = (
            package
            if path.stem == "__init__"
            else importlib.import_module(f"{package.__name__}.{path.stem}")
        )
        found.update(source_messages(path.read_text(encoding="utf-8"), vars(module), str(path)))
    return found


def contributed_messages(pm: pluggy.PluginManager, name: str) -> list[Any]:
    """What plugin ``name`` answers to ``referral_hub_messages``."""
    plugin = pm.get_plugin(name)
    hook = getattr(plugin, "referral_hub_messages", None)
    return list(hook() or []) if hook else []


@pytest.fixture(scope="module")
def plugin_manager() -> pluggy.PluginManager:
    return make_plugin_manager()


@pytest.mark.parametrize("name", PLUGINS)
def test_every_message_a_plugin_can_produce_is_translated_and_nothing_else(plugin_manager, name):
    catalogue = build_catalogue(plugin_manager)
    produced = plugin_messages(plugin_manager, catalogue, name)
    contributed = contributed_messages(plugin_manager, name)
    english = {text.get("en") for text in contributed}

    assert produced, f"{name}: no message found; is the walk still working?"
    untranslated = sorted(produced - english)
    assert not untranslated, (
        f"{name} does not contribute these messages through referral_hub_messages:\n"
        + "\n".join(untranslated)
    )
    stale = sorted(english - produced)
    assert not stale, f"{name} translates messages it never produces:\n" + "\n".join(stale)
    problems = missing((name, "messages", text.get("en"), text) for text in contributed)
    assert not problems, f"{len(problems)} messages lack a language:\n" + "\n".join(problems)


def test_the_catalogue_gathers_every_plugins_messages(app):
    with app.app_context():
        messages = hub().catalogue.messages
    assert messages["Name at least one occupation sought."]["cs"]  # labour_agency
    assert messages["A CNP has 13 digits and does not start with 0."]["uk"]  # health_insurance
    # the core's own validators (ISO codes) are translated by the core, not repeated here
    assert "Use an ISO 639-1 language code, e.g. ar or uk." not in messages


# --- the message search itself: it finds what is untranslatable, and says where -----------


class _Validated(Schema):
    code = fields.String(validate=validate.Regexp(r"^\d+$", error="Digits only."))
    name = fields.String(validate=validate.Length(max=5))  # marshmallow's message
    tags = fields.List(
        fields.String(validate=validate.OneOf(["a"], error="Pick a.")),
        validate=validate.Length(min=1, error="At least one tag."),
        error_messages={"required": "Give the tags."},
    )
    items = fields.Nested(_Item, many=True, validate=validate.Length(max=3, error="Too many."))


SOURCE = """
from marshmallow import ValidationError
TOO_LATE = "Too late."
BY_LEVEL = {"a": "Wrong for a.", "b": "Wrong for b."}

def _in_order(data, start, end, message):
    raise ValidationError(message, end)

def check(data, level):
    _in_order(data, "from", "until", "Ends before it starts.")
    _in_order(data, "a", "b", message="Also in order.")
    raise ValidationError(BY_LEVEL[level], "grade")

def referral_hub_veto_transition(service):
    if service:
        return TOO_LATE
    return None
"""


def test_the_search_finds_validator_source_and_veto_messages():
    found = set(validator_messages(_Validated()))
    assert found == {"Digits only.", "Pick a.", "At least one tag.", "Give the tags.", "Too many."}

    namespace: dict[str, Any] = {}
    exec(compile(SOURCE, "demo", "exec"), namespace)  # noqa: S102 - our own text
    assert set(source_messages(SOURCE, namespace, "demo.py")) == {
        "Too late.",
        "Wrong for a.",
        "Wrong for b.",
        "Ends before it starts.",
        "Also in order.",
    }


@pytest.mark.parametrize(
    "statement",
    [
        'raise ValidationError(f"Must end by {end}.")',
        'raise ValidationError("Must end by " + str(end))',
        'return f"Born on {day}."',
    ],
)
def test_the_search_fails_on_a_message_built_at_run_time(statement):
    source = f"def referral_hub_veto_transition(end, day):\n    {statement}\n"
    with pytest.raises(AssertionError, match=r"demo\.py:2: a message built at run time"):
        list(source_messages(source, {}, "demo.py"))
