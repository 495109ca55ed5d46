"""What the slip says: assembled from the referral as the viewer may see it.

Only what the access policy lets the viewer see (the receiver may not see
the person's name for every service); dates and times in the slip's
language and the hub's time zone; the plugin's document titles in the slip's
language, or in English where the plugin has no text in it (Arabic, today).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from core.access import Principal, visible_beneficiary_fields
from core.app import hub
from core.catalogue.types import Document, Service, Text
from core.referrals.models import Referral
from core.slip.texts import SLIP_LANGUAGES, direction


@dataclass(frozen=True)
class Localized:
    """A text and the language it is in (another than the slip's when the
    plugin lacks the slip's language): the page marks it ``lang`` and ``dir``."""

    text: str
    lang: str


@dataclass
class Slip:
    lang: str
    dir: str
    reference: str
    name: str  # as written; "" when the viewer may not see names
    name_latin: str  # in Latin letters, when the name is written in another script
    service: Localized
    referred_by: str
    institution: str
    office: str
    address: str
    hours: str
    phones: list[str]
    date: str  # "" without an appointment
    time: str
    place: str
    note: str
    documents: list[Localized] = field(default_factory=list)


def slip_language(
    requested: str | None, caller: Principal, referral: Referral, ui_language: str
) -> str:
    """The language asked for; else the person's first language, when it is
    a slip language and the viewer may see the person's languages; else the
    viewer's UI language."""
    if requested in SLIP_LANGUAGES:
        return requested
    service = hub().catalogue.services.get(referral.service_code)
    visible = visible_beneficiary_fields(
        caller, referral, service.beneficiary_fields if service else ()
    )
    if "languages" in visible:
        spoken = referral.beneficiary.languages or []
        if spoken and spoken[0] in SLIP_LANGUAGES:
            return spoken[0]
    return ui_language if ui_language in SLIP_LANGUAGES else "en"


def build_slip(caller: Principal, referral: Referral, lang: str) -> Slip:
    service = hub().catalogue.services.get(referral.service_code)
    visible = visible_beneficiary_fields(
        caller, referral, service.beneficiary_fields if service else ()
    )
    name, latin = _names(referral, visible)
    office = referral.to_office
    date, time = _moment(referral.appointment_at, lang)
    return Slip(
        lang=lang,
        dir=direction(lang),
        reference=referral.reference,
        name=name,
        name_latin=latin,
        service=_localized(service.title, lang) if service else Localized("", lang),
        referred_by=referral.from_institution.name,
        institution=referral.to_institution.name,
        office=office.name,
        address=office.address,
        hours=office.hours,
        phones=[c.value for c in office.contacts if c.kind == "phone"],
        date=date,
        time=time,
        place=(referral.appointment_place or office.address) if referral.appointment_at else "",
        note=referral.appointment_note or "",
        documents=[
            _localized(d.title, lang) for d in (service.required_documents if service else ())
        ],
    )


def _documents(service: Service | None) -> tuple[Document, ...]:
    return service.required_documents if service else ()


def _names(referral: Referral, visible: tuple[str, ...]) -> tuple[str, str]:
    person = referral.beneficiary
    written = " ".join(
        n for f in ("given_name", "family_name") if f in visible and (n := getattr(person, f))
    )
    latin = person.name_latin if "name_latin" in visible and person.name_latin else ""
    return written, latin if latin and latin != written else ""


def _localized(text: Text, lang: str) -> Localized:
    if text.get(lang):
        return Localized(text[lang], lang)
    return Localized(text["en"], "en")


def _moment(at: datetime | None, lang: str) -> tuple[str, str]:
    """The appointment's date and time in ``lang``, in the hub's time zone."""
    if at is None:
        return "", ""
    local = at.astimezone(ZoneInfo(hub().settings.timezone))
    return format_date(local, "full", locale=lang), format_time(local, "short", locale=lang)
