"""Titles of the core's codes in the UI language: statuses, priorities, the
beneficiary's fields and values, countries, languages and counties (the names
of standard codes live in :mod:`core.web.code_names`).

Plugin texts (services, reason codes, form fields) come with their own
translations and are shown with :func:`core.web.i18n.localized` instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core import clock
from core.beneficiaries.households import age_on
from core.beneficiaries.models import (
    CONSENT_METHODS,
    EMPLOYMENT_STATUSES,
    HOUSEHOLD_RELATIONSHIPS,
    PROTECTION_STATUSES,
    RECORD_FIELDS,
    SEXES,
)
from core.beneficiaries.schemas import DOCUMENT_TYPES
from core.referrals.drafts import EDITABLE
from core.referrals.lifecycle import STATUSES
from core.referrals.models import PRIORITIES
from core.referrals.titles import PRIORITY_TITLES, STATUS_TITLES
from core.web.code_names import country_name, county_name, language_name

SEX_TITLES = {
    "female": _l("Female"),
    "male": _l("Male"),
    "other": _l("Other"),
    "unknown": _l("Unknown"),
}
PROTECTION_TITLES = {
    "refugee": _l("Refugee"),
    "subsidiary_protection": _l("Subsidiary protection"),
    "temporary_protection": _l("Temporary protection"),
    "tcn_long_stay": _l("Third-country national, long stay"),
    "tcn_short_stay": _l("Third-country national, short stay"),
    "asylum_seeker": _l("Asylum seeker"),
    "other": _l("Other"),
}
EMPLOYMENT_TITLES = {
    "student": _l("Student (school or university)"),
    "vocational_training": _l("In vocational training"),
    "unemployed": _l("Unemployed"),
    "employed": _l("Employed"),
    "self_employed": _l("Self-employed"),
    "unknown": _l("Not known"),
}
#: a member's relationship to the head of the household
RELATIONSHIP_TITLES = {
    "child": _l("Child"),
    "spouse": _l("Spouse or partner"),
    "parent": _l("Parent"),
    "other": _l("Other relative or member"),
}
DOCUMENT_TITLES = {
    "residence_permit": _l("Residence permit"),
    "temporary_protection_permit": _l("Temporary protection permit"),
    "asylum_seeker_document": _l("Asylum seeker's document"),
    "travel_document": _l("Travel document"),
    "other": _l("Other document"),
}
CONSENT_METHOD_TITLES = {
    "written": _l("Written"),
    "oral": _l("Oral"),
    "legal_basis": _l("Legal basis (no consent needed)"),
}
# A code added to the core without a title here would show raw: fail at import instead.
for _titles, _codes in (
    (STATUS_TITLES, STATUSES),
    (PRIORITY_TITLES, PRIORITIES),
    (SEX_TITLES, SEXES),
    (PROTECTION_TITLES, PROTECTION_STATUSES),
    (EMPLOYMENT_TITLES, EMPLOYMENT_STATUSES),
    (RELATIONSHIP_TITLES, HOUSEHOLD_RELATIONSHIPS),
    (DOCUMENT_TITLES, DOCUMENT_TYPES),
    (CONSENT_METHOD_TITLES, CONSENT_METHODS),
):
    assert set(_titles) == set(_codes), sorted(set(_titles) ^ set(_codes))

BENEFICIARY_LABELS = {
    "reference": _l("Reference"),
    "given_name": _l("Given name"),
    "family_name": _l("Family name"),
    "name_latin": _l("Name in Latin script"),
    "date_of_birth": _l("Date of birth"),
    "sex": _l("Sex"),
    "nationality": _l("Nationality"),
    "languages": _l("Languages"),
    "protection_status": _l("Protection status"),
    "employment_status": _l("Employment status"),
    "residence_document": _l("Residence document"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "county": _l("County"),
    "locality": _l("Locality"),
    "household_head_id": _l("Household head"),
    "household_relationship": _l("Relationship to the household head"),
}

#: The registration and correction form's label of each field of the record (the
#: fieldset's legend for a field made of several inputs). The form and the
#: record's history both read them here, so the history names what the form shows.
FORM_LABELS = {
    **{name: BENEFICIARY_LABELS[name] for name in RECORD_FIELDS},
    "name_latin": _l("Name in Latin letters"),
    "household_head_id": _l("Household"),
}
assert tuple(FORM_LABELS) == RECORD_FIELDS, sorted(set(FORM_LABELS) ^ set(RECORD_FIELDS))

#: The label of each field a draft referral's edit may change, as the history names it.
DRAFT_LABELS = {
    "form": _l("Form"),
    "priority": _l("Priority"),
    "note": _l("Note"),
    "consent_id": _l("Consent"),
}
assert tuple(DRAFT_LABELS) == EDITABLE, sorted(set(DRAFT_LABELS) ^ set(EDITABLE))


def choices(titles: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(code, str(title)) for code, title in titles.items()]


def title_of(titles: Mapping[str, Any], code: str | None) -> str:
    return str(titles.get(code, code or ""))


def born(person: Any) -> str:
    """The date of birth, or only the year once the data were erased."""
    if person.date_of_birth is not None:
        return format_date(person.date_of_birth)
    return _("born in %(year)s", year=person.birth_year)


def age(person: Any) -> str:
    """The person's age today ("7 years"), or their birth year once the date was erased."""
    if person.date_of_birth is None:
        return born(person)
    years = age_on(person.date_of_birth, clock.today())
    return ngettext("%(num)s year", "%(num)s years", years)


def beneficiary_value(name: str, value: Any) -> str:
    """A beneficiary field's value as text in the UI language ("" when not given)."""
    if value is None or value == "" or value == []:
        return ""
    if name == "date_of_birth":
        return format_date(value)
    if name == "sex":
        return str(SEX_TITLES.get(value, value))
    if name == "protection_status":
        return str(PROTECTION_TITLES.get(value, value))
    if name == "employment_status":
        return str(EMPLOYMENT_TITLES.get(value, value))
    if name == "household_relationship":
        return str(RELATIONSHIP_TITLES.get(value, value))
    if name == "nationality":
        return country_name(value)
    if name == "county":
        return county_name(value)
    if name == "languages":
        return ", ".join(language_name(code) for code in value)
    if name == "residence_document":
        return _document(value)
    return str(value)


def _document(document: dict[str, Any]) -> str:
    kind = str(DOCUMENT_TITLES.get(document.get("type", ""), document.get("type", "")))
    expires = document.get("expires_on")
    if expires:
        expires = format_date(date.fromisoformat(expires) if isinstance(expires, str) else expires)
        return _(
            "%(kind)s no. %(number)s, valid until %(date)s",
            kind=kind,
            number=document.get("number", ""),
            date=expires,
        )
    return _("%(kind)s no. %(number)s", kind=kind, number=document.get("number", ""))


def person_names(person: Any, visible: tuple[str, ...]) -> tuple[str, str]:
    """The person's name as an officer reads it: in Latin letters, and as
    written when that differs (another script); ("", "") when the caller may
    not see names."""
    names = [getattr(person, f) for f in ("given_name", "family_name") if f in visible]
    written = " ".join(n for n in names if n)
    if not written or _in_latin_script(written):
        return written, ""
    latin = person.name_latin if "name_latin" in visible and person.name_latin else ""
    return (latin, written) if latin else (written, "")


def _in_latin_script(text: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())
