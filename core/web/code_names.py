"""Names of standard codes in the UI language (countries ISO 3166-1, languages
ISO 639-1, counties ISO 3166-2) and the choices of their selects, sorted by
name, the code as value.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from anyascii import anyascii
from babel import Locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union

from core import codes
from core.db import db
from core.institutions.models import Institution, Office
from core.web.i18n import current_language


@cache
def _iso_names(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


@cache
def _cldr(language: str) -> Locale:
    return Locale.parse(language)


# Names from CLDR (Babel) in the UI language: the short names people use ("Siria",
# not "Republica Arabă Siriană"); pycountry's translations where CLDR has none.
def country_name(code: str | None) -> str:
    country = pycountry.countries.get(alpha_2=code or "")
    if country is None:
        return code or ""
    language = current_language()
    return _cldr(language).territories.get(country.alpha_2) or _iso_names(
        "iso3166-1", language
    ).gettext(country.name)


def language_name(code: str | None) -> str:
    found = pycountry.languages.get(alpha_2=code or "")
    if found is None:
        return code or ""
    language = current_language()
    return _cldr(language).languages.get(found.alpha_2) or _iso_names("iso639-3", language).gettext(
        found.name
    )


def county_name(code: str | None) -> str:
    county = pycountry.subdivisions.get(code=code or "")
    return county.name if county is not None else (code or "")


# --- the choices of selects ------------------------------------------------------------


def _by_name(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: anyascii(pair[1]).casefold())


def _capitalized(name: str) -> str:
    # CLDR writes language names in lower case where the language does ("arabă");
    # an option of a list starts with a capital.
    return name[:1].upper() + name[1:]


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country as (code, name in the UI language), by name."""
    return _country_choices(current_language())


def language_choices() -> list[tuple[str, str]]:
    """Every ISO 639-1 language as (code, name in the UI language), by name."""
    return _language_choices(current_language())


@cache
def _country_choices(language: str) -> list[tuple[str, str]]:
    return _by_name([(code, country_name(code)) for code in codes.countries()])


@cache
def _language_choices(language: str) -> list[tuple[str, str]]:
    return _by_name([(code, _capitalized(language_name(code))) for code in codes.languages()])


#: enough for the localities the network's offices name, and a bound on the read
LOCALITY_CAP = 500


def locality_suggestions() -> list[str]:
    """The localities the network's active offices cover, by name: suggestions
    for a locality input (any other place can still be typed)."""
    rows = db.session.scalars(
        select(Office.localities).where(Office.active.is_(True)).limit(LOCALITY_CAP)
    )
    names = {name.strip() for localities in rows for name in localities or () if name.strip()}
    return sorted(names, key=lambda name: anyascii(name).casefold())[:LOCALITY_CAP]


def county_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The counties where the network has offices first, then the other
    counties (top-level subdivisions) of the same countries."""
    used = set(db.session.scalars(union(select(Institution.county), select(Office.county))))
    countries = {code.split("-", 1)[0] for code in used}
    others = [
        (s.code, s.name)
        for country in sorted(countries)
        for s in pycountry.subdivisions.get(country_code=country) or ()
        if s.parent_code is None and s.code not in used
    ]
    network = [(code, county_name(code)) for code in used]
    groups = [(str(_l("Counties of the working group")), _by_name(network))]
    if others:
        groups.append((str(_l("Other counties")), _by_name(others)))
    return groups
