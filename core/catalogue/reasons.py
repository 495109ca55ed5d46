"""Reason codes that every institution uses, so that the working group's
figures speak one language. Plugins add :data:`COMMON_REASONS` to their
services beside their own; the catalogue adds :data:`CORE_REASONS` to every
service, whatever its plugin says."""

from core.catalogue.types import ReasonCode

MISSING_DOCUMENTS = ReasonCode(
    "missing_documents",
    {
        "en": "Documents missing",
        "ro": "Lipsesc documente",
        "cs": "Chybí doklady",
        "uk": "Бракує документів",
    },
    frozenset({"on-hold", "failed"}),
)
BENEFICIARY_UNREACHABLE = ReasonCode(
    "beneficiary_unreachable",
    {
        "en": "The person cannot be reached",
        "ro": "Persoana nu poate fi contactată",
        "cs": "Osobu nelze kontaktovat",
        "uk": "Не вдається зв’язатися з особою",
    },
    frozenset({"on-hold", "failed"}),
)
BENEFICIARY_WITHDREW = ReasonCode(
    "beneficiary_withdrew",
    {
        "en": "The person no longer wants the service",
        "ro": "Persoana a renunțat la serviciu",
        "cs": "Osoba službu již nechce",
        "uk": "Особа відмовилася від послуги",
    },
    frozenset({"failed"}),
)
OUTSIDE_AREA = ReasonCode(
    "outside_area",
    {
        "en": "The person lives outside our area",
        "ro": "Persoana locuiește în afara zonei noastre",
        "cs": "Osoba žije mimo naši oblast",
        "uk": "Особа проживає поза межами нашої території обслуговування",
    },
    frozenset({"rejected"}),
)

COMMON_REASONS = (MISSING_DOCUMENTS, BENEFICIARY_UNREACHABLE, BENEFICIARY_WITHDREW, OUTSIDE_AREA)

#: The hub cancelled the referral because the consent it relied on was withdrawn.
CONSENT_WITHDRAWN = ReasonCode(
    "consent_withdrawn",
    {
        "en": "The person withdrew their consent",
        "ro": "Persoana și-a retras consimțământul",
        "cs": "Osoba odvolala svůj souhlas",
        "uk": "Особа відкликала свою згоду",
    },
    frozenset({"cancelled"}),
    by_system=True,
)

#: Reasons the core itself gives; every service accepts them.
CORE_REASONS = (CONSENT_WITHDRAWN,)
