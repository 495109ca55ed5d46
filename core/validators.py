"""Field validators shared by the hub's schemas."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, validate

from core import codes
from core.errors import N_


def country(value: str) -> None:
    if value not in codes.countries():
        raise ValidationError(N_("Use an ISO 3166-1 alpha-2 country code, e.g. SY or UA."))


def language(value: str) -> None:
    if value not in codes.languages():
        raise ValidationError(N_("Use an ISO 639-1 language code, e.g. ar or uk."))


def subdivision(value: str) -> None:
    if not codes.is_subdivision(value):
        raise ValidationError(N_("Use an ISO 3166-2 county code, e.g. RO-TM for Timiș."))


# Digits with the usual separators, optionally international ("+40 256 000 101").
_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-/]*$")


def phone(value: str) -> None:
    digits = sum(c.isdigit() for c in value)
    if not _PHONE.match(value) or not 6 <= digits <= 15:
        raise ValidationError(N_("Use a phone number of 6 to 15 digits, e.g. +40 256 000 101."))


def email(value: str) -> None:
    validate.Email(error=N_("Use an e-mail address, e.g. office@example.org."))(value)


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_paths(body: Any) -> list[str]:
    """The paths of strings (keys included) that no database stores: NUL
    characters (PostgreSQL refuses them) and unpaired surrogates (not UTF-8)."""
    found, stack = [], [("", body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and UNSTORABLE.search(value):
            found.append(path or "_schema")
        elif isinstance(value, dict | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and UNSTORABLE.search(key):
                    found.append(child)
                stack.append((child, item))
    return sorted(found)
