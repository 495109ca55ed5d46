"""What the institution plugins' tests share: the checks every service and
form must pass, example forms, stand-ins for the objects the hooks receive,
and a plugin manager with the core's fallbacks."""

from __future__ import annotations

import inspect
import json
import re
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pluggy
import pytest
from marshmallow import Schema, ValidationError, fields

from core import hookspecs, routing
from core.access import BENEFICIARY_FIELDS
from core.catalogue.types import REASONED_STATUSES, InboundStatus
from core.inbound import mapping as inbound_mapping


def service_schemas(services) -> list:
    """The form and outcome schemas of ``services``, as pytest parameters."""
    return [
        pytest.param(schema, id=f"{service.code}.{schema.__name__}")
        for service in services
        for schema in (service.form_schema, service.outcome_schema)
    ]


def assert_declared(service) -> None:
    """What every service declares: texts in English and Romanian, known
    beneficiary fields, an outcome, and a reason code for each status that needs one."""
    assert {"en", "ro"} <= service.title.keys() and {"en", "ro"} <= service.description.keys()
    assert set(service.beneficiary_fields) <= set(BENEFICIARY_FIELDS)
    assert service.outcome_schema is not None
    for status in REASONED_STATUSES:
        assert service.reason_codes_for(status), status


def assert_described(schema: type[Schema], *, items: bool = True) -> None:
    """Every field of ``schema`` (see ``all_fields``) has English and Romanian
    titles and descriptions, and an example."""
    for name, field in all_fields(schema, items=items):
        meta = field.metadata
        assert {"en", "ro"} <= meta["title"].keys(), name
        assert {"en", "ro"} <= meta["description"].keys(), name
        assert meta["examples"], name


def example(schema: type[Schema], **changes: Any) -> dict[str, Any]:
    """The form made of each field's first example, with ``changes`` applied
    (``...`` leaves a field out)."""
    form = {name: f.metadata["examples"][0] for name, f in schema().fields.items()}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not ...}


def load_errors(schema: type[Schema], **changes: Any) -> dict[str, Any]:
    """The messages of loading ``example(schema, **changes)``, which must fail."""
    with pytest.raises(ValidationError) as caught:
        schema().load(example(schema, **changes))
    return caught.value.messages


def all_fields(schema: type[Schema], *, items: bool = True):
    """``(name, field)`` of every field, nested schemas included, and of the
    items of lists unless ``items`` is false."""
    for name, field in schema().fields.items():
        yield name, field
        if items and isinstance(field, fields.List):
            yield f"{name}[]", field.inner
        if isinstance(field, fields.Nested):
            yield from all_fields(type(field.schema), items=items)


def referral(
    *, created_on: date | None = None, sent_on: date | None = None, form: dict | None = None
) -> SimpleNamespace:
    """A referral as the hooks read it, created (and sent, if ``sent_on``) at
    09:00 UTC on those days; created when sent unless ``created_on`` is given."""

    def at(day: date | None) -> datetime | None:
        return day and datetime(day.year, day.month, day.day, 9, tzinfo=UTC)

    return SimpleNamespace(
        created_at=at(created_on or sent_on), sent_at=at(sent_on), form=form or {}
    )


class Recorder:
    """Stands in for ``core.referrals.timeline.Timeline``: keeps what is recorded."""

    def __init__(self):
        self.calls = []

    def record(self, code, data, note=None):
        json.dumps(data)  # the timeline stores JSON: a date left as ``date`` fails here
        self.calls.append((code, data, note))


class ReminderRecorder:
    """Stands in for ``core.notifications.reminders.Reminders``: keeps what is scheduled."""

    def __init__(self):
        self.scheduled = {}

    def schedule(self, code, on, *, title, to="sender"):
        assert isinstance(on, date) and set(title) >= {"en", "ro", "cs", "uk"}
        self.scheduled[code] = (on, to, title)

    def cancel(self, code):
        self.scheduled.pop(code, None)


def status_changed(
    plugin,
    *,
    to_status: str,
    outcome: dict | None = None,
    reminders: ReminderRecorder | None = None,
    **arguments,
) -> list:
    """Call ``plugin.referral_hub_referral_status_changed`` as the core does
    (``outcome`` holds the loaded outcome on completion, else ``None``) and
    return the ``(code, data, note)`` it recorded; what it schedules goes to
    ``reminders``."""
    timeline = Recorder()
    hook = plugin.referral_hub_referral_status_changed
    offered = {
        "event": SimpleNamespace(to_status=to_status),
        "outcome": outcome,
        "timeline": timeline,
        "reminders": reminders or ReminderRecorder(),
        **arguments,
    }
    # Like pluggy: the implementation gets only the arguments it names.
    hook(**{name: offered[name] for name in inspect.signature(hook).parameters})
    return timeline.calls


def plugin_manager(plugin, name: str) -> pluggy.PluginManager:
    """A manager with only the core's fallbacks (routing, inbound codes) and
    ``plugin``; registering checks every hook implementation against its spec."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(routing, name="core.routing")
    pm.register(inbound_mapping, name="core.inbound")
    pm.register(plugin, name=name)
    pm.check_pending()
    return pm


#: every move of the receiving institution, which its own system must be able to report
RECEIVER_MOVES = frozenset(
    {"received", "accepted", "in-progress", "on-hold", "completed", "failed", "rejected"}
)


def assert_inbound_codes(service) -> None:
    """The institution's own status codes for ``service``: one at least for
    every move the receiver makes, each written as such systems write them."""
    assert {status.to_status for status in service.inbound_statuses} == RECEIVER_MOVES
    for status in service.inbound_statuses:
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", status.code), status.code


def inbound_status(pm: pluggy.PluginManager, service, code: str, **data: Any) -> InboundStatus:
    """What ``code`` means for a referral of ``service`` sent today, as the hub asks."""
    return pm.hook.referral_hub_inbound_status(
        service=service, referral=referral(sent_on=date(2026, 11, 2)), code=code, data=data
    )
