"""Field validators shared by the hub's schemas."""

from __future__ import annotations

from marshmallow import ValidationError

from core import codes


def country(value: str) -> None:
    if value not in codes.countries():
        raise ValidationError("Use an ISO 3166-1 alpha-2 country code, e.g. SY or UA.")


def language(value: str) -> None:
    if value not in codes.languages():
        raise ValidationError("Use an ISO 639-1 language code, e.g. ar or uk.")


def subdivision(value: str) -> None:
    if not codes.is_subdivision(value):
        raise ValidationError("Use an ISO 3166-2 county code, e.g. RO-TM for Timiș.")
