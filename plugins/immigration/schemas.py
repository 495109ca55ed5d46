"""Referral forms and completion outcomes of the county immigration office (IGI)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import described, one_of, validators

APPLICATION_TYPES = {
    "issue": {"en": "First issue", "ro": "Eliberare", "cs": "První vydání", "uk": "Перша видача"},
    "renewal": {
        "en": "Renewal",
        "ro": "Prelungirea dreptului de ședere",
        "cs": "Prodloužení pobytu",
        "uk": "Продовження права на перебування",
    },
}
PURPOSES = {
    "international_protection": {
        "en": "International protection",
        "ro": "Protecție internațională",
        "cs": "Mezinárodní ochrana",
        "uk": "Міжнародний захист",
    },
    "family_reunification": {
        "en": "Family reunification",
        "ro": "Reîntregirea familiei",
        "cs": "Sloučení rodiny",
        "uk": "Возз’єднання сім’ї",
    },
    "employment": {"en": "Employment", "ro": "Muncă", "cs": "Zaměstnání", "uk": "Працевлаштування"},
    "studies": {"en": "Studies", "ro": "Studii", "cs": "Studium", "uk": "Навчання"},
    "temporary_protection": {
        "en": "Temporary protection",
        "ro": "Protecție temporară",
        "cs": "Dočasná ochrana",
        "uk": "Тимчасовий захист",
    },
    "other": {"en": "Other purpose", "ro": "Alt scop", "cs": "Jiný účel", "uk": "Інша мета"},
}
RELATIONSHIPS = {
    "spouse": {
        "en": "Spouse",
        "ro": "Soț / soție",
        "cs": "Manžel / manželka",
        "uk": "Чоловік / дружина",
    },
    "minor_child": {
        "en": "Minor child",
        "ro": "Copil minor",
        "cs": "Nezletilé dítě",
        "uk": "Неповнолітня дитина",
    },
    "dependent_adult_child": {
        "en": "Adult child who depends on the applicant",
        "ro": "Copil major aflat în întreținere",
        "cs": "Zletilé dítě závislé na žadateli",
        "uk": "Повнолітня дитина на утриманні заявника",
    },
    "parent": {
        "en": "Parent who depends on the applicant",
        "ro": "Părinte aflat în întreținere",
        "cs": "Rodič závislý na žadateli",
        "uk": "Батько або мати на утриманні заявника",
    },
    "other": {
        "en": "Other dependent relative",
        "ro": "Alt membru de familie aflat în întreținere",
        "cs": "Jiný rodinný příslušník závislý na žadateli",
        "uk": "Інший член сім’ї на утриманні",
    },
}
DECISIONS = {
    "approved": {"en": "Approved", "ro": "Aprobată", "cs": "Schválena", "uk": "Схвалено"},
    "refused": {"en": "Refused", "ro": "Respinsă", "cs": "Zamítnuta", "uk": "Відмовлено"},
}
ACTIVITIES = {
    "romanian_course": {
        "en": "Romanian language course",
        "ro": "Curs de limba română",
        "cs": "Kurz rumunštiny",
        "uk": "Курс румунської мови",
    },
    "cultural_orientation": {
        "en": "Cultural orientation sessions",
        "ro": "Sesiuni de acomodare culturală",
        "cs": "Kurzy kulturní orientace",
        "uk": "Заняття з культурної адаптації",
    },
    "counselling": {
        "en": "Counselling",
        "ro": "Consiliere",
        "cs": "Poradenství",
        "uk": "Консультування",
    },
    "housing_support": {
        "en": "Help with housing",
        "ro": "Sprijin pentru locuință",
        "cs": "Pomoc s bydlením",
        "uk": "Допомога з житлом",
    },
}


class ResidencePermitForm(Schema):
    application_type = fields.String(
        required=True,
        validate=one_of(APPLICATION_TYPES),
        metadata=described(
            {"en": "Application", "ro": "Tipul cererii", "cs": "Druh žádosti", "uk": "Тип заяви"},
            {
                "en": "First permit or renewal.",
                "ro": "Primul permis sau prelungire.",
                "cs": "První povolení nebo prodloužení.",
                "uk": "Перша посвідка або продовження.",
            },
            "renewal",
            choices=APPLICATION_TYPES,
        ),
    )
    purpose_of_stay = fields.String(
        required=True,
        validate=one_of(PURPOSES),
        metadata=described(
            {
                "en": "Purpose of stay",
                "ro": "Scopul șederii",
                "cs": "Účel pobytu",
                "uk": "Мета перебування",
            },
            {
                "en": "The ground of the right of stay.",
                "ro": "Temeiul dreptului de ședere.",
                "cs": "Důvod, na jehož základě má osoba právo pobytu.",
                "uk": "Підстава права на перебування.",
            },
            "international_protection",
            choices=PURPOSES,
        ),
    )
    current_document_expiry = fields.Date(
        allow_none=True,
        metadata=described(
            {
                "en": "Current document expires on",
                "ro": "Documentul actual expiră la",
                "cs": "Platnost současného dokladu končí",
                "uk": "Строк дії чинного документа закінчується",
            },
            {
                "en": "Needed for a renewal.",
                "ro": "Necesar pentru prelungire.",
                "cs": "Nutné pro prodloužení.",
                "uk": "Потрібно для продовження.",
            },
            "2025-11-30",
            beneficiary_field="residence_document.expires_on",
        ),
    )
    address_confirmed = fields.Boolean(
        required=True,
        metadata=described(
            {
                "en": "Address in Romania confirmed",
                "ro": "Adresa din România confirmată",
                "cs": "Adresa v Rumunsku doložena",
                "uk": "Адресу в Румунії підтверджено",
            },
            {
                "en": "Whether the person has proof of the address "
                "(lease or accommodation contract).",
                "ro": "Dacă persoana are dovada adresei (contract de închiriere sau de comodat).",
                "cs": "Zda má osoba doklad o adrese (nájemní smlouvu nebo smlouvu o bezplatném "
                "užívání bytu).",
                "uk": "Чи має особа підтвердження адреси (договір оренди або безоплатного "
                "користування житлом).",
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
            {
                "en": "Permit number",
                "ro": "Numărul permisului",
                "cs": "Číslo povolení",
                "uk": "Номер посвідки",
            },
            {
                "en": "As printed on the residence permit.",
                "ro": "Așa cum apare pe permisul de ședere.",
                "cs": "Podle údaje na povolení k pobytu.",
                "uk": "Як зазначено в посвідці на проживання.",
            },
            "RO1234567",
            personal=True,
        ),
    )
    valid_until = fields.Date(
        required=True,
        metadata=described(
            {"en": "Valid until", "ro": "Valabil până la", "cs": "Platné do", "uk": "Дійсна до"},
            {
                "en": "Last day of validity of the permit.",
                "ro": "Ultima zi de valabilitate a permisului.",
                "cs": "Poslední den platnosti povolení.",
                "uk": "Останній день строку дії посвідки.",
            },
            "2028-05-31",
        ),
    )


class FamilyMemberSchema(Schema):
    relationship = fields.String(
        required=True,
        validate=one_of(RELATIONSHIPS),
        metadata=described(
            {
                "en": "Relationship",
                "ro": "Relația de rudenie",
                "cs": "Příbuzenský vztah",
                "uk": "Родинний зв’язок",
            },
            {
                "en": "To the applicant.",
                "ro": "Față de solicitant.",
                "cs": "K žadateli.",
                "uk": "Із заявником.",
            },
            "minor_child",
            choices=RELATIONSHIPS,
        ),
    )
    country = fields.String(
        required=True,
        validate=validators.country,
        metadata=described(
            {
                "en": "Country of residence",
                "ro": "Țara de reședință",
                "cs": "Země pobytu",
                "uk": "Країна проживання",
            },
            {
                "en": "Where the relative lives now (an ISO 3166-1 alpha-2 code in the API).",
                "ro": "Unde locuiește acum (cod ISO 3166-1 alpha-2 în API).",
                "cs": "Kde rodinný příslušník nyní žije (v API kód ISO 3166-1 alpha-2).",
                "uk": "Де зараз проживає член сім’ї (в API код ISO 3166-1 alpha-2).",
            },
            "SY",
        ),
    )
    date_of_birth = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Date of birth",
                "ro": "Data nașterii",
                "cs": "Datum narození",
                "uk": "Дата народження",
            },
            {
                "en": "Of the relative.",
                "ro": "A membrului de familie.",
                "cs": "Rodinného příslušníka.",
                "uk": "Члена сім’ї.",
            },
            "2015-03-02",
            personal=True,
        ),
    )


class FamilyReunificationForm(Schema):
    family_members = fields.Nested(
        FamilyMemberSchema,
        many=True,
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata=described(
            {
                "en": "Family members to join",
                "ro": "Membrii familiei care urmează să vină",
                "cs": "Rodinní příslušníci, kteří mají přicestovat",
                "uk": "Члени сім’ї, які мають приїхати",
            },
            {
                "en": "At least one.",
                "ro": "Cel puțin unul.",
                "cs": "Alespoň jeden.",
                "uk": "Щонайменше один.",
            },
            [{"relationship": "spouse", "country": "SY", "date_of_birth": "1988-07-14"}],
            personal=True,
        ),
    )


class FamilyReunificationOutcome(Schema):
    decision = fields.String(
        required=True,
        validate=one_of(DECISIONS),
        metadata=described(
            {"en": "Decision", "ro": "Decizia", "cs": "Rozhodnutí", "uk": "Рішення"},
            {
                "en": "The office's decision on the application.",
                "ro": "Decizia formațiunii asupra cererii.",
                "cs": "Rozhodnutí úřadu o žádosti.",
                "uk": "Рішення відділу щодо заяви.",
            },
            "approved",
            choices=DECISIONS,
        ),
    )
    decision_date = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Decision date",
                "ro": "Data deciziei",
                "cs": "Datum rozhodnutí",
                "uk": "Дата рішення",
            },
            {
                "en": "Date of the decision.",
                "ro": "Data deciziei.",
                "cs": "Datum vydání rozhodnutí.",
                "uk": "Дата ухвалення рішення.",
            },
            "2025-09-30",
        ),
    )


class ChangeOfAddressForm(Schema):
    new_locality = fields.String(
        required=True,
        validate=validate.Length(min=1, max=120),
        metadata=described(
            {
                "en": "New locality",
                "ro": "Noua localitate",
                "cs": "Nová obec",
                "uk": "Новий населений пункт",
            },
            {
                "en": "Town or commune of the new address.",
                "ro": "Orașul sau comuna noii adrese.",
                "cs": "Město nebo obec nové adresy.",
                "uk": "Місто або комуна за новою адресою.",
            },
            "Lugoj",
            personal=True,
        ),
    )
    new_address = fields.String(
        required=True,
        validate=validate.Length(min=1, max=300),
        metadata=described(
            {"en": "New address", "ro": "Noua adresă", "cs": "Nová adresa", "uk": "Нова адреса"},
            {
                "en": "Street, number, building, flat.",
                "ro": "Strada, numărul, blocul, apartamentul.",
                "cs": "Ulice, číslo domu, budova, byt.",
                "uk": "Вулиця, номер будинку, корпус, квартира.",
            },
            "Str. Bocșei nr. 5, ap. 2",
            personal=True,
        ),
    )
    date_of_move = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Date of move",
                "ro": "Data mutării",
                "cs": "Datum přestěhování",
                "uk": "Дата переїзду",
            },
            {
                "en": "When the person moved in.",
                "ro": "Când s-a mutat persoana.",
                "cs": "Kdy se osoba nastěhovala.",
                "uk": "Коли особа переїхала.",
            },
            "2025-06-01",
        ),
    )


class ChangeOfAddressOutcome(Schema):
    date_recorded = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Date recorded",
                "ro": "Data înregistrării",
                "cs": "Datum zaevidování",
                "uk": "Дата реєстрації",
            },
            {
                "en": "When the office recorded the new address.",
                "ro": "Când formațiunea a înregistrat noua adresă.",
                "cs": "Kdy úřad zaevidoval novou adresu.",
                "uk": "Коли відділ зареєстрував нову адресу.",
            },
            "2025-06-05",
        ),
    )


class IntegrationProgrammeForm(Schema):
    protection_granted_on = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Protection granted on",
                "ro": "Data acordării protecției",
                "cs": "Ochrana udělena dne",
                "uk": "Дата надання захисту",
            },
            {
                "en": "Date of the decision granting protection.",
                "ro": "Data hotărârii de acordare a protecției.",
                "cs": "Datum rozhodnutí o udělení ochrany.",
                "uk": "Дата рішення про надання захисту.",
            },
            "2025-04-10",
        ),
    )
    activities = fields.List(
        fields.String(validate=one_of(ACTIVITIES)),
        required=True,
        validate=validate.Length(min=1),
        metadata=described(
            {
                "en": "Activities needed",
                "ro": "Activități necesare",
                "cs": "Potřebné aktivity",
                "uk": "Потрібні заходи",
            },
            {
                "en": "What the integration plan should include.",
                "ro": "Ce ar trebui să cuprindă planul de integrare.",
                "cs": "Co by měl integrační plán obsahovat.",
                "uk": "Що має містити план інтеграції.",
            },
            ["romanian_course", "cultural_orientation"],
            choices=ACTIVITIES,
        ),
    )
    interpreter_language = fields.String(
        allow_none=True,
        validate=validators.language,
        metadata=described(
            {
                "en": "Interpreter language",
                "ro": "Limba interpretului",
                "cs": "Jazyk tlumočníka",
                "uk": "Мова перекладача",
            },
            {
                "en": "If an interpreter is needed: their language (an ISO 639-1 code in the API).",
                "ro": "Dacă este nevoie de interpret: limba lui (cod ISO 639-1 în API).",
                "cs": "Je-li potřeba tlumočník: jeho jazyk (v API kód ISO 639-1).",
                "uk": "Якщо потрібен перекладач: його мова (в API код ISO 639-1).",
            },
            "ar",
        ),
    )


class IntegrationProgrammeOutcome(Schema):
    programme_start = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Programme start",
                "ro": "Începutul programului",
                "cs": "Začátek programu",
                "uk": "Початок програми",
            },
            {
                "en": "Date the integration programme starts.",
                "ro": "Data de început a programului de integrare.",
                "cs": "Datum zahájení integračního programu.",
                "uk": "Дата початку програми інтеграції.",
            },
            "2025-05-01",
        ),
    )
    programme_end = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Programme end",
                "ro": "Sfârșitul programului",
                "cs": "Konec programu",
                "uk": "Закінчення програми",
            },
            {
                "en": "At most 12 months after the start.",
                "ro": "Cel mult 12 luni de la început.",
                "cs": "Nejvýše 12 měsíců od začátku.",
                "uk": "Не пізніше ніж через 12 місяців від початку.",
            },
            "2026-04-30",
        ),
    )

    @validates_schema
    def end_after_start(self, data, **kwargs):
        start, end = data.get("programme_start"), data.get("programme_end")
        if start and end and end <= start:
            raise ValidationError("The programme must end after it starts.", "programme_end")
