"""Referral forms and completion outcomes of the county immigration office (IGI)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="Use an ISO 3166-1 alpha-2 country code, e.g. SY.")
LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Use an ISO 639-1 language code, e.g. ar.")

APPLICATION_TYPES = {
    "issue": {"en": "First issue", "ro": "Eliberare"},
    "renewal": {"en": "Renewal", "ro": "Prelungirea dreptului de ședere"},
}
PURPOSES = {
    "international_protection": {
        "en": "International protection",
        "ro": "Protecție internațională",
    },
    "family_reunification": {"en": "Family reunification", "ro": "Reîntregirea familiei"},
    "employment": {"en": "Employment", "ro": "Muncă"},
    "studies": {"en": "Studies", "ro": "Studii"},
    "temporary_protection": {"en": "Temporary protection", "ro": "Protecție temporară"},
    "other": {"en": "Other purpose", "ro": "Alt scop"},
}
RELATIONSHIPS = {
    "spouse": {"en": "Spouse", "ro": "Soț / soție"},
    "minor_child": {"en": "Minor child", "ro": "Copil minor"},
    "dependent_adult_child": {
        "en": "Adult child who depends on the applicant",
        "ro": "Copil major aflat în întreținere",
    },
    "parent": {"en": "Parent who depends on the applicant", "ro": "Părinte aflat în întreținere"},
    "other": {"en": "Other dependent relative", "ro": "Alt membru de familie aflat în întreținere"},
}
DECISIONS = {
    "approved": {"en": "Approved", "ro": "Aprobată"},
    "refused": {"en": "Refused", "ro": "Respinsă"},
}
ACTIVITIES = {
    "romanian_course": {"en": "Romanian language course", "ro": "Curs de limba română"},
    "cultural_orientation": {
        "en": "Cultural orientation sessions",
        "ro": "Sesiuni de acomodare culturală",
    },
    "counselling": {"en": "Counselling", "ro": "Consiliere"},
    "housing_support": {"en": "Help with housing", "ro": "Sprijin pentru locuință"},
}


def meta(title, description, example, choices=None):
    """Field metadata in the shape the core requires: ``title`` and
    ``description`` as (en, ro) pairs, one valid example."""
    data = {
        "title": {"en": title[0], "ro": title[1]},
        "description": {"en": description[0], "ro": description[1]},
        "examples": [example],
    }
    if choices is not None:
        data["choice_titles"] = choices
    return data


def choice(choices, title, description, example, **kwargs):
    """A string field limited to the keys of ``choices``."""
    return fields.String(
        validate=validate.OneOf(list(choices)),
        metadata=meta(title, description, example, choices),
        **kwargs,
    )


class ResidencePermitForm(Schema):
    application_type = choice(
        APPLICATION_TYPES,
        ("Application", "Tipul cererii"),
        ("First permit or renewal.", "Primul permis sau prelungire."),
        "renewal",
        required=True,
    )
    purpose_of_stay = choice(
        PURPOSES,
        ("Purpose of stay", "Scopul șederii"),
        ("The ground of the right of stay.", "Temeiul dreptului de ședere."),
        "international_protection",
        required=True,
    )
    current_document_expiry = fields.Date(
        allow_none=True,
        metadata=meta(
            ("Current document expires on", "Documentul actual expiră la"),
            ("Needed for a renewal.", "Necesar pentru prelungire."),
            "2025-11-30",
        ),
    )
    address_confirmed = fields.Boolean(
        required=True,
        metadata=meta(
            ("Address in Romania confirmed", "Adresa din România confirmată"),
            (
                "Whether the person has proof of the address (lease or accommodation contract).",
                "Dacă persoana are dovada adresei (contract de închiriere sau de comodat).",
            ),
            True,
        ),
    )

    @validates_schema
    def renewal_needs_expiry(self, data, **kwargs):
        if data.get("application_type") == "renewal" and not data.get("current_document_expiry"):
            raise ValidationError(
                "Give the expiry date of the current document for a renewal.",
                "current_document_expiry",
            )


class ResidencePermitOutcome(Schema):
    permit_number = fields.String(
        required=True,
        validate=validate.Length(min=1, max=30),
        metadata=meta(
            ("Permit number", "Numărul permisului"),
            ("As printed on the residence permit.", "Așa cum apare pe permisul de ședere."),
            "RO1234567",
        ),
    )
    valid_until = fields.Date(
        required=True,
        metadata=meta(
            ("Valid until", "Valabil până la"),
            ("Last day of validity of the permit.", "Ultima zi de valabilitate a permisului."),
            "2028-05-31",
        ),
    )


class FamilyMemberSchema(Schema):
    relationship = choice(
        RELATIONSHIPS,
        ("Relationship", "Relația de rudenie"),
        ("To the applicant.", "Față de solicitant."),
        "minor_child",
        required=True,
    )
    country = fields.String(
        required=True,
        validate=COUNTRY,
        metadata=meta(
            ("Country of residence", "Țara de reședință"),
            (
                "Where the relative lives now (ISO 3166-1 alpha-2).",
                "Unde locuiește acum (ISO 3166-1 alpha-2).",
            ),
            "SY",
        ),
    )
    date_of_birth = fields.Date(
        required=True,
        metadata=meta(
            ("Date of birth", "Data nașterii"),
            ("Of the relative.", "A membrului de familie."),
            "2015-03-02",
        ),
    )


class FamilyReunificationForm(Schema):
    family_members = fields.Nested(
        FamilyMemberSchema,
        many=True,
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata=meta(
            ("Family members to join", "Membrii familiei care urmează să vină"),
            ("At least one.", "Cel puțin unul."),
            [{"relationship": "spouse", "country": "SY", "date_of_birth": "1988-07-14"}],
        ),
    )


class FamilyReunificationOutcome(Schema):
    decision = choice(
        DECISIONS,
        ("Decision", "Decizia"),
        ("The office's decision on the application.", "Decizia formațiunii asupra cererii."),
        "approved",
        required=True,
    )
    decision_date = fields.Date(
        required=True,
        metadata=meta(
            ("Decision date", "Data deciziei"),
            ("Date of the decision.", "Data deciziei."),
            "2025-09-30",
        ),
    )


class ChangeOfAddressForm(Schema):
    new_locality = fields.String(
        required=True,
        validate=validate.Length(min=1, max=120),
        metadata=meta(
            ("New locality", "Noua localitate"),
            ("Town or commune of the new address.", "Orașul sau comuna noii adrese."),
            "Lugoj",
        ),
    )
    new_address = fields.String(
        required=True,
        validate=validate.Length(min=1, max=300),
        metadata=meta(
            ("New address", "Noua adresă"),
            ("Street, number, building, flat.", "Strada, numărul, blocul, apartamentul."),
            "Str. Bocșei nr. 5, ap. 2",
        ),
    )
    date_of_move = fields.Date(
        required=True,
        metadata=meta(
            ("Date of move", "Data mutării"),
            ("When the person moved in.", "Când s-a mutat persoana."),
            "2025-06-01",
        ),
    )


class ChangeOfAddressOutcome(Schema):
    date_recorded = fields.Date(
        required=True,
        metadata=meta(
            ("Date recorded", "Data înregistrării"),
            (
                "When the office recorded the new address.",
                "Când formațiunea a înregistrat noua adresă.",
            ),
            "2025-06-05",
        ),
    )


class IntegrationProgrammeForm(Schema):
    protection_granted_on = fields.Date(
        required=True,
        metadata=meta(
            ("Protection granted on", "Data acordării protecției"),
            (
                "Date of the decision granting protection.",
                "Data hotărârii de acordare a protecției.",
            ),
            "2025-04-10",
        ),
    )
    activities = fields.List(
        fields.String(validate=validate.OneOf(list(ACTIVITIES))),
        required=True,
        validate=validate.Length(min=1),
        metadata=meta(
            ("Activities needed", "Activități necesare"),
            (
                "What the integration plan should include.",
                "Ce ar trebui să cuprindă planul de integrare.",
            ),
            ["romanian_course", "cultural_orientation"],
            ACTIVITIES,
        ),
    )
    interpreter_language = fields.String(
        allow_none=True,
        validate=LANGUAGE,
        metadata=meta(
            ("Interpreter language", "Limba interpretului"),
            (
                "ISO 639-1 code, if an interpreter is needed.",
                "Cod ISO 639-1, dacă este nevoie de interpret.",
            ),
            "ar",
        ),
    )


class IntegrationProgrammeOutcome(Schema):
    programme_start = fields.Date(
        required=True,
        metadata=meta(
            ("Programme start", "Începutul programului"),
            (
                "Date the integration programme starts.",
                "Data de început a programului de integrare.",
            ),
            "2025-05-01",
        ),
    )
    programme_end = fields.Date(
        required=True,
        metadata=meta(
            ("Programme end", "Sfârșitul programului"),
            ("At most 12 months after the start.", "Cel mult 12 luni de la început."),
            "2026-04-30",
        ),
    )

    @validates_schema
    def end_after_start(self, data, **kwargs):
        start, end = data.get("programme_start"), data.get("programme_end")
        if start and end and end <= start:
            raise ValidationError("The programme must end after it starts.", "programme_end")
