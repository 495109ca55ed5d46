"""The things a plugin contributes to the catalogue: institution kinds and services.

They are plain frozen dataclasses so that a plugin can declare them at import
time and the core can hand them around without touching the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

#: A text in several UI languages: ``{"en": "...", "ro": "...", "cs": "...", "uk": "..."}``.
#: English is required; it is the fallback for a language a plugin does not ship.
Text = Mapping[str, str]

#: The statuses that need a reason code when a referral moves into them.
REASONED_STATUSES = frozenset({"rejected", "on-hold", "failed"})


def localize(text: Text, lang: str) -> str:
    """Return ``text`` in ``lang``, falling back to English."""
    return text.get(lang) or text["en"]


@dataclass(frozen=True)
class InstitutionKind:
    """A type of member institution, e.g. the county employment agency."""

    code: str
    name: Text


@dataclass(frozen=True)
class SLA:
    """Service level: calendar days to respond and to complete, from sending."""

    respond_days: int
    complete_days: int


@dataclass(frozen=True)
class ReasonCode:
    """Why a referral was rejected, put on hold, failed or was cancelled.

    ``by_system``: only the hub itself gives this reason (e.g. a cancellation
    because the consent was withdrawn); a person cannot choose it.
    """

    code: str
    title: Text
    applies_to: frozenset[str] = REASONED_STATUSES
    by_system: bool = False


@dataclass(frozen=True)
class Document:
    """A document the receiving institution needs to see (brought by the person)."""

    code: str
    title: Text


@dataclass(frozen=True)
class InboundStatus:
    """What one status code of an institution's own system means in the hub.

    ``code`` is the institution's code as its system sends it (e.g. AJOFM's
    ``"INREGISTRAT"``); ``to_status`` the lifecycle status it moves the referral
    to; ``reason_code`` one of the service's reason codes for that status (needed
    for ``rejected``, ``on-hold`` and ``failed``); ``data`` outcome fields that
    the code itself settles (e.g. ``{"decision": "refused"}``), completed by the
    ``data`` the institution's system sends.
    """

    code: str
    to_status: str
    reason_code: str | None = None
    data: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Service:
    """A service an institution kind offers and that centre staff can refer to.

    ``form_schema`` validates the referral form and ``outcome_schema`` the data
    an officer records when completing it. ``beneficiary_fields`` is the data
    minimisation rule: the receiving officer sees only these fields of the
    beneficiary (see ``core.access.BENEFICIARY_FIELDS`` for the names).
    ``inbound_statuses`` lists the status codes that the receiving institution's
    own system may send (``POST /api/v1/inbound/status-updates``) and what each
    one means; the catalogue publishes them.
    """

    kind: str
    code: str
    title: Text
    description: Text
    form_schema: type[Schema]
    sla: SLA
    beneficiary_fields: tuple[str, ...]
    outcome_schema: type[Schema] | None = None
    required_documents: tuple[Document, ...] = ()
    reason_codes: tuple[ReasonCode, ...] = ()
    inbound_statuses: tuple[InboundStatus, ...] = ()

    @property
    def full_code(self) -> str:
        """The catalogue-wide code, ``<kind>.<code>``."""
        return f"{self.kind}.{self.code}"

    def reason_codes_for(self, status: str) -> tuple[ReasonCode, ...]:
        return tuple(r for r in self.reason_codes if status in r.applies_to)

    def reasons_people_give(self, status: str) -> tuple[ReasonCode, ...]:
        """The reasons a person may choose for ``status`` (not the hub's own)."""
        return tuple(r for r in self.reason_codes_for(status) if not r.by_system)

    def inbound_status(self, code: str) -> InboundStatus | None:
        """What the institution's status ``code`` means for this service, or None."""
        return next((s for s in self.inbound_statuses if s.code == code), None)


@dataclass(frozen=True)
class Route:
    """Where a referral goes: the receiving office, and whom to notify there.

    ``notify`` holds contact points (e-mail addresses) of that office; an
    empty tuple means "the office's default referral contacts".
    """

    office: object  # core.institutions.models.Office; kept loose to avoid an import cycle
    notify: tuple[str, ...] = ()
