"""Standard codes (ISO 3166, ISO 639) used to validate input."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def languages() -> frozenset[str]:
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def is_subdivision(code: str) -> bool:
    """An ISO 3166-2 code such as "RO-TM" (Timiș) or "CZ-10" (Prague)."""
    return pycountry.subdivisions.get(code=code) is not None
