"""Builds the catalogue from the plugins' hooks and checks it at start-up."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pluggy
from marshmallow import Schema, ValidationError

from core.access import BENEFICIARY_FIELDS
from core.catalogue.prefill import SOURCES, unknown_sources
from core.catalogue.reasons import CORE_REASONS
from core.catalogue.types import REASONED_STATUSES, InstitutionKind, Service, Text
from core.errors import N_, Invalid
from core.institutions.models import CORE_KINDS
from core.plugins import PluginError

CORE_INSTITUTION_KINDS = (
    InstitutionKind(
        "integration_centre",
        {
            "en": "Integration centre",
            "ro": "Centru de integrare",
            "cs": "Integrační centrum",
            "uk": "Інтеграційний центр",
        },
    ),
    InstitutionKind(
        "prefecture",
        {
            "en": "Prefecture",
            "ro": "Instituția Prefectului",
            "cs": "Prefektura",
            "uk": "Префектура",
        },
    ),
)
assert {k.code for k in CORE_INSTITUTION_KINDS} == set(CORE_KINDS)


@dataclass
class Catalogue:
    kinds: dict[str, InstitutionKind] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    #: which plugin contributed each kind and service (for `plugins list`)
    owners: dict[str, str] = field(default_factory=dict)
    #: the plugins' validation and veto messages, by their English text
    messages: dict[str, Text] = field(default_factory=dict)

    def service(self, full_code: str) -> Service:
        """The service with this code, or a 422 naming the field to fix."""
        try:
            return self.services[full_code]
        except KeyError:
            raise Invalid(
                f"Unknown service {full_code!r}; see GET /api/v1/services.",
                errors={"service": [N_("Unknown service.")]},
            ) from None


def build_catalogue(pm: pluggy.PluginManager) -> Catalogue:
    catalogue = Catalogue()
    for kind in CORE_INSTITUTION_KINDS:
        catalogue.kinds[kind.code] = kind
        catalogue.owners[kind.code] = "core"
    for impl in pm.hook.referral_hub_institution_kinds.get_hookimpls():
        for kind in impl.function() or []:
            _claim(catalogue.owners, kind.code, impl.plugin_name, "institution kind")
            catalogue.kinds[kind.code] = kind
    for impl in pm.hook.referral_hub_services.get_hookimpls():
        for service in impl.function() or []:
            _check_service(catalogue, service, impl.plugin_name)
            _claim(catalogue.owners, service.full_code, impl.plugin_name, "service code")
            catalogue.services[service.full_code] = with_core_reasons(service)
    senders: dict[str, str] = {}  # who contributed each message first
    for impl in pm.hook.referral_hub_messages.get_hookimpls():
        for text in impl.function() or []:
            _add_message(catalogue, senders, text, impl.plugin_name)
    return catalogue


def with_core_reasons(service: Service) -> Service:
    """The service with the core's own reason codes added (after the plugin's),
    so that every service accepts them and the catalogue publishes them."""
    own = {reason.code for reason in service.reason_codes}
    missing = tuple(reason for reason in CORE_REASONS if reason.code not in own)
    return replace(service, reason_codes=(*service.reason_codes, *missing)) if missing else service


def _claim(owners: dict[str, str], code: str, plugin: str, what: str) -> None:
    if code in owners:
        raise PluginError(
            f"Plugin {plugin!r} contributes {what} {code!r}, "
            f"which plugin {owners[code]!r} already contributes."
        )
    owners[code] = plugin


def _add_message(catalogue: Catalogue, senders: dict[str, str], text: Text, plugin: str) -> None:
    english = text.get("en") if isinstance(text, Mapping) else None
    if not (isinstance(english, str) and english):
        raise PluginError(f"Plugin {plugin!r} contributes a message without English: {text!r}")
    known = catalogue.messages.get(english)
    if known is not None and dict(known) != dict(text):
        raise PluginError(
            f"Plugin {plugin!r} translates message {english!r} differently "
            f"from plugin {senders[english]!r}."
        )
    catalogue.messages[english] = text
    senders.setdefault(english, plugin)


def _check_service(catalogue: Catalogue, service: Service, plugin: str) -> None:
    def fail(why: str) -> None:
        raise PluginError(f"Plugin {plugin!r}, service {service.full_code!r}: {why}")

    if service.kind not in catalogue.kinds:
        fail(f"unknown institution kind {service.kind!r}")
    unknown = set(service.beneficiary_fields) - set(BENEFICIARY_FIELDS)
    if unknown:
        fail(f"unknown beneficiary fields {sorted(unknown)}")
    for schema in (service.form_schema, service.outcome_schema):
        if schema is not None and not (isinstance(schema, type) and issubclass(schema, Schema)):
            fail("form_schema and outcome_schema must be marshmallow Schema classes")
        if schema is not None and (unknown := unknown_sources(schema)):
            fail(f"unknown beneficiary_field {sorted(set(unknown))}; one of {list(SOURCES)}")
    if "en" not in service.title or "en" not in service.description:
        fail("title and description need at least an English text")
    _check_inbound_statuses(service, fail)


def _check_inbound_statuses(service: Service, fail: Callable[[str], None]) -> None:
    """Each inbound status code leads where the receiving institution may go,
    with a reason code the service has and outcome fields its schema knows."""
    # Imported here: the lifecycle imports the app, which imports this module.
    from core.referrals.lifecycle import MOVES, RECEIVER

    reachable = {to for moves in MOVES.values() for to, side in moves.items() if side == RECEIVER}
    codes = [status.code for status in service.inbound_statuses]
    if twice := sorted({code for code in codes if codes.count(code) > 1}):
        fail(f"inbound status codes listed twice: {twice}")
    for status in service.inbound_statuses:
        where = f"inbound status code {status.code!r}"
        if not (isinstance(status.code, str) and status.code):
            fail(f"{where} is not a non-empty string")
        if status.to_status not in reachable:
            fail(
                f"{where} leads to {status.to_status!r}, where the receiver cannot move a referral"
            )
        reasons = [reason.code for reason in service.reason_codes_for(status.to_status)]
        if status.reason_code is None and status.to_status in REASONED_STATUSES:
            fail(f"{where} needs a reason code for {status.to_status!r}")
        if status.reason_code is not None and status.reason_code not in reasons:
            fail(f"{where}: {status.reason_code!r} is not a reason code for {status.to_status!r}")
        if status.data:
            _check_settled_data(service, status.to_status, dict(status.data), where, fail)


def _check_settled_data(
    service: Service, to_status: str, data: dict, where: str, fail: Callable[[str], None]
) -> None:
    if to_status != "completed" or service.outcome_schema is None:
        fail(f"{where}: only a code that completes the referral may settle outcome data")
        return
    try:
        service.outcome_schema().load(data, partial=True)
    except ValidationError as exc:
        fail(f"{where}: its outcome data is invalid: {exc.messages}")
