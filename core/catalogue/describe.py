"""Helpers for plugins describing their forms the way the catalogue needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import validate

from core.catalogue.personal import PERSONAL
from core.catalogue.prefill import BENEFICIARY_FIELD
from core.catalogue.types import Text


def described(
    title: Text,
    description: Text,
    example: Any,
    *,
    choices: Mapping[str, Text] | None = None,
    personal: bool = False,
    beneficiary_field: str | None = None,
) -> dict[str, Any]:
    """The ``metadata`` of a form or outcome field::

        fields.String(required=True, metadata=described(
            {"en": "Occupation", "ro": "Ocupația"},
            {"en": "The job sought.", "ro": "Locul de muncă căutat."},
            "welder",
        ))

    ``example`` must be a valid JSON value for the field: the catalogue
    publishes it, and a form made of every field's example must be valid.
    ``choices`` titles the values of an enumeration (``validate.OneOf``).
    ``personal`` marks a field that holds personal data (a name, an address,
    a document number, free text about the person): the retention job erases
    it (:mod:`core.catalogue.personal`).
    ``beneficiary_field`` names what the field defaults from in the person's
    record (``"languages"``, ``"residence_document.expires_on"``): the form
    opens filled in with it (:mod:`core.catalogue.prefill`).
    """
    metadata: dict[str, Any] = {"title": title, "description": description, "examples": [example]}
    if choices:
        metadata["choice_titles"] = dict(choices)
    if personal:
        metadata[PERSONAL] = True
    if beneficiary_field:
        metadata[BENEFICIARY_FIELD] = beneficiary_field
    return metadata


def one_of(choices: Mapping[str, Text]) -> validate.OneOf:
    """The validator of an enumeration whose ``choices`` map each value to its
    titles; give the same mapping to ``described`` to title the values::

        fields.String(
            validate=one_of(LEVELS),
            metadata=described(title, description, "primary", choices=LEVELS),
        )
    """
    return validate.OneOf(list(choices))
