"""The centre staff's hand-written forms: the posted values shaped for the
API's own schemas (so the rules are the API's). The titles of codes come from
``core.web.labels``, the choices of standard codes from ``core.web.code_names``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.datastructures import MultiDict

from core.app import hub
from core.beneficiaries.models import Beneficiary

# --- dates and times in the hub's time zone ------------------------------------------


def _zone() -> ZoneInfo:
    return ZoneInfo(hub().settings.timezone)


def aware(value: str) -> str:
    """A ``datetime-local`` input ("2026-11-01T10:00") read in the hub's time
    zone, as ISO 8601 with the offset; anything else is left for the schema."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_zone())
    return parsed.isoformat()


def local_input(moment: datetime) -> str:
    """``moment`` as a ``datetime-local`` input value in the hub's time zone."""
    return moment.astimezone(_zone()).strftime("%Y-%m-%dT%H:%M")


# --- posted forms into the API's shapes ------------------------------------------------

BENEFICIARY_TEXTS = (
    "given_name",
    "family_name",
    "name_latin",
    "date_of_birth",
    "sex",
    "nationality",
    "protection_status",
    "employment_status",
    "phone",
    "email",
    "county",
    "locality",
    "household_relationship",
)
DOCUMENT_PARTS = ("type", "number", "expires_on")


def _filled(form: MultiDict, names: tuple[str, ...], prefix: str = "") -> dict[str, str]:
    """The non-empty inputs among ``names``: an empty input is a value not given,
    so the schema reports a missing required field in its own words."""
    return {name: value for name in names if (value := form.get(prefix + name, "").strip())}


def language_codes(texts: list[str]) -> list[str]:
    """The languages chosen, one per select (or typed "ar, en"), in the order
    of preference, each once."""
    found = [code.lower() for text in texts for code in re.split(r"[\s,;]+", text) if code]
    return list(dict.fromkeys(found))


def beneficiary_data(form: MultiDict) -> dict[str, Any]:
    data: dict[str, Any] = _filled(form, BENEFICIARY_TEXTS)
    data["languages"] = language_codes(form.getlist("languages"))
    document = _filled(form, DOCUMENT_PARTS, "residence_document.")
    if document:
        data["residence_document"] = document
    return data


def beneficiary_values(person: Beneficiary) -> MultiDict:
    """The record as its form posts it (the correction form opens filled in),
    with the version it was read at."""
    values = {
        name: "" if (v := getattr(person, name)) is None else str(v) for name in BENEFICIARY_TEXTS
    }
    document = person.residence_document or {}
    values.update({f"residence_document.{part}": document.get(part, "") for part in DOCUMENT_PARTS})
    values["household_head"] = person.household_head.reference if person.household_head else ""
    values["version"] = str(person.version)
    out = MultiDict(values)
    out.setlist("languages", list(person.languages))
    return out


def posted_version(form: MultiDict) -> int | None:
    """The version the form was opened at, or None when missing or not a number."""
    raw = form.get("version", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def child_values(parent: Beneficiary) -> MultiDict:
    """The registration form of a child of ``parent``'s household: its head
    (the parent's, or the parent), the family name and the place of residence.
    Contacts are not copied: the household is reached through its head."""
    head = parent.household_head or parent
    values = {
        "household_head": head.reference,
        "family_name": parent.family_name,
        "county": parent.county,
        "locality": parent.locality,
    }
    # the parent's child is the head's child when the parent heads the household
    # or is the head's partner; otherwise staff choose
    if parent is head or parent.household_relationship == "spouse":
        values["household_relationship"] = "child"
    return MultiDict(values)


def consent_data(form: MultiDict) -> dict[str, Any]:
    data: dict[str, Any] = _filled(
        form, ("method", "legal_basis", "note", "guardian_id", "guardian_name")
    )
    if kinds := [kind for kind in form.getlist("institution_kinds") if kind]:
        data["institution_kinds"] = kinds
    if given_at := form.get("given_at", "").strip():
        data["given_at"] = aware(given_at)
    return data


def input_errors(
    errors: Mapping[str, list[str]], renames: Mapping[str, str]
) -> dict[str, list[str]]:
    """Errors keyed by the form's input names: a list's items ("languages.1")
    go to the one input that holds the list, and API names to the form's."""
    out: dict[str, list[str]] = {}
    for path, messages in errors.items():
        name = renames.get(path, renames.get(path.split(".", 1)[0], path))
        out.setdefault(name, []).extend(m for m in messages if m not in out.get(name, []))
    return out
