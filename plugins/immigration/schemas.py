"""Referral forms and completion outcomes of the county immigration office (IGI)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import described, one_of

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


class ResidencePermitForm(Schema):
    application_type = fields.String(
        required=True,
        validate=one_of(APPLICATION_TYPES),
        metadata=described(
            {"en": "Application", "ro": "Tipul cererii"},
            {"en": "First permit or renewal.", "ro": "Primul permis sau prelungire."},
            "renewal",
            choices=APPLICATION_TYPES,
        ),
    )
    purpose_of_stay = fields.String(
        required=True,
        validate=one_of(PURPOSES),
        metadata=described(
            {"en": "Purpose of stay", "ro": "Scopul șederii"},
            {"en": "The ground of the right of stay.", "ro": "Temeiul dreptului de ședere."},
            "international_protection",
            choices=PURPOSES,
        ),
    )
    current_document_expiry = fields.Date(
        allow_none=True,
        metadata=described(
            {"en": "Current document expires on", "ro": "Documentul actual expiră la"},
            {"en": "Needed for a renewal.", "ro": "Necesar pentru prelungire."},
            "2025-11-30",
        ),
    )
    address_confirmed = fields.Boolean(
        required=True,
        metadata=described(
            {"en": "Address in Romania confirmed", "ro": "Adresa din România confirmată"},
            {
                "en": "Whether the person has proof of the address "
                "(lease or accommodation contract).",
                "ro": "Dacă persoana are dovada adresei (contract de închiriere sau de comodat).",
            },
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
        metadata=described(
            {"en": "Permit number", "ro": "Numărul permisului"},
            {
                "en": "As printed on the residence permit.",
                "ro": "Așa cum apare pe permisul de ședere.",
            },
            "RO1234567",
        ),
    )
    valid_until = fields.Date(
        required=True,
        metadata=described(
            {"en": "Valid until", "ro": "Valabil până la"},
            {
                "en": "Last day of validity of the permit.",
                "ro": "Ultima zi de valabilitate a permisului.",
            },
            "2028-05-31",
        ),
    )


class FamilyMemberSchema(Schema):
    relationship = fields.String(
        required=True,
        validate=one_of(RELATIONSHIPS),
        metadata=described(
            {"en": "Relationship", "ro": "Relația de rudenie"},
            {"en": "To the applicant.", "ro": "Față de solicitant."},
            "minor_child",
            choices=RELATIONSHIPS,
        ),
    )
    country = fields.String(
        required=True,
        validate=COUNTRY,
        metadata=described(
            {"en": "Country of residence", "ro": "Țara de reședință"},
            {
                "en": "Where the relative lives now (ISO 3166-1 alpha-2).",
                "ro": "Unde locuiește acum (ISO 3166-1 alpha-2).",
            },
            "SY",
        ),
    )
    date_of_birth = fields.Date(
        required=True,
        metadata=described(
            {"en": "Date of birth", "ro": "Data nașterii"},
            {"en": "Of the relative.", "ro": "A membrului de familie."},
            "2015-03-02",
        ),
    )


class FamilyReunificationForm(Schema):
    family_members = fields.Nested(
        FamilyMemberSchema,
        many=True,
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata=described(
            {"en": "Family members to join", "ro": "Membrii familiei care urmează să vină"},
            {"en": "At least one.", "ro": "Cel puțin unul."},
            [{"relationship": "spouse", "country": "SY", "date_of_birth": "1988-07-14"}],
        ),
    )


class FamilyReunificationOutcome(Schema):
    decision = fields.String(
        required=True,
        validate=one_of(DECISIONS),
        metadata=described(
            {"en": "Decision", "ro": "Decizia"},
            {
                "en": "The office's decision on the application.",
                "ro": "Decizia formațiunii asupra cererii.",
            },
            "approved",
            choices=DECISIONS,
        ),
    )
    decision_date = fields.Date(
        required=True,
        metadata=described(
            {"en": "Decision date", "ro": "Data deciziei"},
            {"en": "Date of the decision.", "ro": "Data deciziei."},
            "2025-09-30",
        ),
    )


class ChangeOfAddressForm(Schema):
    new_locality = fields.String(
        required=True,
        validate=validate.Length(min=1, max=120),
        metadata=described(
            {"en": "New locality", "ro": "Noua localitate"},
            {"en": "Town or commune of the new address.", "ro": "Orașul sau comuna noii adrese."},
            "Lugoj",
        ),
    )
    new_address = fields.String(
        required=True,
        validate=validate.Length(min=1, max=300),
        metadata=described(
            {"en": "New address", "ro": "Noua adresă"},
            {
                "en": "Street, number, building, flat.",
                "ro": "Strada, numărul, blocul, apartamentul.",
            },
            "Str. Bocșei nr. 5, ap. 2",
        ),
    )
    date_of_move = fields.Date(
        required=True,
        metadata=described(
            {"en": "Date of move", "ro": "Data mutării"},
            {"en": "When the person moved in.", "ro": "Când s-a mutat persoana."},
            "2025-06-01",
        ),
    )


class ChangeOfAddressOutcome(Schema):
    date_recorded = fields.Date(
        required=True,
        metadata=described(
            {"en": "Date recorded", "ro": "Data înregistrării"},
            {
                "en": "When the office recorded the new address.",
                "ro": "Când formațiunea a înregistrat noua adresă.",
            },
            "2025-06-05",
        ),
    )


class IntegrationProgrammeForm(Schema):
    protection_granted_on = fields.Date(
        required=True,
        metadata=described(
            {"en": "Protection granted on", "ro": "Data acordării protecției"},
            {
                "en": "Date of the decision granting protection.",
                "ro": "Data hotărârii de acordare a protecției.",
            },
            "2025-04-10",
        ),
    )
    activities = fields.List(
        fields.String(validate=one_of(ACTIVITIES)),
        required=True,
        validate=validate.Length(min=1),
        metadata=described(
            {"en": "Activities needed", "ro": "Activități necesare"},
            {
                "en": "What the integration plan should include.",
                "ro": "Ce ar trebui să cuprindă planul de integrare.",
            },
            ["romanian_course", "cultural_orientation"],
            choices=ACTIVITIES,
        ),
    )
    interpreter_language = fields.String(
        allow_none=True,
        validate=LANGUAGE,
        metadata=described(
            {"en": "Interpreter language", "ro": "Limba interpretului"},
            {
                "en": "ISO 639-1 code, if an interpreter is needed.",
                "ro": "Cod ISO 639-1, dacă este nevoie de interpret.",
            },
            "ar",
        ),
    )


class IntegrationProgrammeOutcome(Schema):
    programme_start = fields.Date(
        required=True,
        metadata=described(
            {"en": "Programme start", "ro": "Începutul programului"},
            {
                "en": "Date the integration programme starts.",
                "ro": "Data de început a programului de integrare.",
            },
            "2025-05-01",
        ),
    )
    programme_end = fields.Date(
        required=True,
        metadata=described(
            {"en": "Programme end", "ro": "Sfârșitul programului"},
            {"en": "At most 12 months after the start.", "ro": "Cel mult 12 luni de la început."},
            "2026-04-30",
        ),
    )

    @validates_schema
    def end_after_start(self, data, **kwargs):
        start, end = data.get("programme_start"), data.get("programme_end")
        if start and end and end <= start:
            raise ValidationError("The programme must end after it starts.", "programme_end")
