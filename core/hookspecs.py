"""The plugin contract: every hook a Referral Hub plugin may implement.

A plugin is a module (or object) registered under the ``referral_hub``
entry-point group. It implements any of the hooks below with the
``hookimpl`` marker, taking only the arguments it needs::

    from core import hookimpl

    @hookimpl
    def referral_hub_services():
        return [...]

Hooks are always called with keyword arguments. New arguments may be added
to a hook in a later version; none is ever removed or renamed, so take only
what you use. Hooks that contribute things return lists; hooks that decide
are ``firstresult`` (the first non-``None`` answer wins); hooks that
announce return nothing.

Most hooks are called for every service in the catalogue, not only your
own: check ``service.kind`` and return ``None`` for services that are not
yours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from core.beneficiaries.models import Beneficiary
    from core.catalogue.types import InboundStatus, InstitutionKind, Route, Service, Text
    from core.institutions.models import Office
    from core.notifications.reminders import Reminders
    from core.referrals.models import Referral, ReferralEvent
    from core.referrals.timeline import Timeline

PROJECT = "referral_hub"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------------------
# Catalogue: called once, when the application starts
# ---------------------------------------------------------------------------


@hookspec
def referral_hub_institution_kinds() -> list[InstitutionKind]:
    """Contribute the institution kinds this plugin describes.

    Fires once per application, while the catalogue is built at start-up.

    Return a list of :class:`core.catalogue.types.InstitutionKind`. A kind
    code may be contributed by one plugin only; a duplicate stops the
    application with an error naming both plugins.
    """


@hookspec
def referral_hub_services() -> list[Service]:
    """Contribute the services that institutions of this plugin's kinds offer.

    Fires once per application, while the catalogue is built at start-up.

    Return a list of :class:`core.catalogue.types.Service`. Each service's
    ``kind`` must be a contributed institution kind, its
    ``beneficiary_fields`` must name known beneficiary fields, and its full
    code (``<kind>.<code>``) must be unique across all plugins; otherwise the
    application stops at start-up with an error naming the plugin.
    """


@hookspec
def referral_hub_messages() -> list[Text]:
    """Contribute the translations of the messages this plugin shows to users.

    Fires once per application, while the catalogue is built at start-up.

    The web UI shows a validation or veto message in the user's language: the
    core's through its gettext catalogue, a plugin's through this hook. List
    every message the plugin can produce: the custom ``error=`` of its schemas'
    validators, the messages of the ``ValidationError`` its schemas raise, and
    what ``referral_hub_veto_transition`` returns. The English text is the key,
    so keep each message constant: one with a date or a number filled in is
    never found and is shown in English.

    Return a list of texts (``{"en": ..., "ro": ..., "cs": ..., "uk": ...}``),
    each with the English message exactly as the plugin produces it. Several
    plugins may contribute the same English message with the same
    translations; with different ones, or without English, the application
    stops at start-up with an error naming the plugins.
    """


# ---------------------------------------------------------------------------
# Routing: called when a referral is created
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def referral_hub_route_referral(
    service: Service, beneficiary: Beneficiary, offices: list[Office]
) -> Route | None:
    """Choose the office that receives a new referral, and whom to notify.

    Fires when centre staff create a referral (draft or sent), before it is
    stored. A draft keeps the office chosen at its creation when it is sent.

    :param service: the service the referral asks for.
    :param beneficiary: the person referred (county and locality of residence,
        languages, ...).
    :param offices: every active office of an institution of
        ``service.kind``, with its ``institution`` loaded.

    Return a :class:`core.catalogue.types.Route` naming one of ``offices``,
    or ``None`` to leave the decision to the next plugin. Stops at the first
    non-``None`` result. The core's fallback (``core.routing``, ``trylast``)
    picks the office covering the beneficiary's county and locality; when
    nobody answers, the referral is refused with a 422 that names the county.
    """


# ---------------------------------------------------------------------------
# Lifecycle: called inside the one transition function (core.referrals)
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def referral_hub_veto_transition(
    referral: Referral,
    service: Service,
    beneficiary: Beneficiary,
    to_status: str,
    data: dict[str, Any],
) -> str | None:
    """Refuse a status change that the lifecycle graph alone would allow.

    Fires for every transition (sending a draft included), after the role,
    the graph, the version, the reason code and the outcome data have been
    checked, and before anything is written.

    :param referral: the referral, still in its old status.
    :param service: its service.
    :param beneficiary: the person referred.
    :param to_status: the status asked for.
    :param data: the outcome on completion, as loaded by the service's
        ``outcome_schema`` (dates are ``datetime.date``); ``{}`` otherwise.

    Return a message for the user saying what to fix (the transition is then
    refused with a 422 and nothing is written), or ``None`` to let it pass.
    Keep the message constant and contribute its translations through
    ``referral_hub_messages``. Stops at the first non-``None`` result.
    """


@hookspec
def referral_hub_referral_status_changed(
    referral: Referral,
    service: Service,
    beneficiary: Beneficiary,
    event: ReferralEvent,
    outcome: dict[str, Any] | None,
    timeline: Timeline,
    reminders: Reminders,
) -> None:
    """React to a referral's status change: derive follow-ups and reminders.

    Fires after a transition has been checked and its event row added, in the
    same database transaction: if the hook raises, the whole change is rolled
    back.

    :param referral: the referral, already in its new status.
    :param service: its service.
    :param beneficiary: the person referred.
    :param event: the transition's event (``from_status``, ``to_status``,
        ``reason_code``, ``source``; ``data`` holds the outcome as stored JSON).
    :param outcome: on completion, the outcome as loaded by the service's
        ``outcome_schema`` (dates are ``datetime.date``); otherwise ``None``.
    :param timeline: call ``timeline.record(code, data, note=...)`` to put a
        fact on the referral's timeline (e.g. "paid coverage ends on ...").
    :param reminders: call ``reminders.schedule(code, on=date, title=text,
        to="sender" | "receiver")`` to have the sending centre (the default) or
        the receiving office reminded on that day, by e-mail and in the hub
        (e.g. 14 days before paid coverage ends); scheduling the same code
        again moves the reminder, ``reminders.cancel(code)`` drops it. The
        title is a constant text in every UI language, without personal data.
        A referral that ends cancelled, rejected or failed drops its
        scheduled reminders.

    Returns nothing. Every implementation is called.
    """


# ---------------------------------------------------------------------------
# Inbound status updates: called when an institution's own system reports
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def referral_hub_inbound_status(
    service: Service, referral: Referral, code: str, data: dict[str, Any]
) -> InboundStatus | None:
    """Say what a status code sent by an institution's own system means.

    Fires when the receiving institution's system posts a status update
    (``POST /api/v1/inbound/status-updates`` with an institution token), after
    the token and the referral have been checked and before anything is
    written. The answer goes through the same ``transition()`` as a move made
    in the web UI (graph, reason code, outcome data, veto), with source
    ``"callback"``.

    :param service: the referral's service.
    :param referral: the referral, in its current status.
    :param code: the institution's status code, exactly as its system sent it.
    :param data: the ``data`` object the institution's system sent (JSON as
        received, not yet validated by the outcome schema).

    Return a :class:`core.catalogue.types.InboundStatus` (the lifecycle status,
    the reason code, outcome fields that the code settles), or ``None`` when the
    code is not yours. Stops at the first non-``None`` result. The core's
    fallback (``core.inbound.mapping``, ``trylast``) looks the code up in
    ``service.inbound_statuses``, so a plugin with a fixed table of codes
    declares them there and implements nothing; implement this hook only when
    the meaning depends on the referral or the data, and still list every code
    in ``service.inbound_statuses``: that table is what the catalogue
    publishes and what the 422 for an unknown code lists.
    """
