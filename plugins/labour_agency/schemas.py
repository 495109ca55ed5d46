"""Referral forms and outcomes of the county employment agency (AJOFM).

Every field carries a bilingual title and description and a valid example:
the catalogue publishes them as JSON Schema, and a form made of the first
examples must load.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import described, one_of
from plugins.labour_agency.choices import (
    AVAILABILITY,
    CERTIFICATES,
    CONTRACT_TYPES,
    COUNSELLING_TOPICS,
    COURSE_FIELDS,
    EDUCATION_LEVELS,
    LANGUAGE_LEVELS,
    NEXT_STEPS,
    RIGHT_TO_WORK_DOCUMENTS,
    SCHEDULES,
)

ISO_639_1 = validate.Regexp(r"^[a-z]{2}$", error="Use a two-letter ISO 639-1 code, e.g. 'ar'.")
# ISCO-08 unit groups have 4 digits; the Romanian COR extends them to 6.
OCCUPATION_CODE = validate.Regexp(
    r"^\d{4}(\d{2})?$", error="Use a 4-digit ISCO-08 code or a 6-digit COR code."
)


def _file_number(required):
    return fields.String(
        required=required,
        validate=validate.Length(1, 40),
        metadata=described(
            {
                "en": "Job-seeker file number",
                "ro": "Numărul dosarului de persoană în căutarea unui loc de muncă",
            },
            {
                "en": "The number of the AJOFM job-seeker file, when the person is registered.",
                "ro": "Numărul dosarului de la AJOFM, dacă persoana este deja înregistrată.",
            },
            "TM-2026-004512",
        ),
    )


def _occupations_sought():
    return fields.List(
        fields.String(
            validate=validate.Length(1, 200),
            metadata=described(
                {"en": "Occupation", "ro": "Ocupație"},
                {"en": "One occupation, in plain words.", "ro": "O ocupație, în cuvinte simple."},
                "Bucătar",
            ),
        ),
        required=True,
        validate=validate.Length(min=1, error="Name at least one occupation sought."),
        metadata=described(
            {"en": "Occupations sought", "ro": "Ocupații căutate"},
            {
                "en": "The jobs the person is looking for, most wanted first.",
                "ro": "Locurile de muncă pe care le caută persoana, în ordinea preferinței.",
            },
            ["Bucătar", "Ajutor de bucătar"],
        ),
    )


def _availability():
    return fields.String(
        required=True,
        validate=one_of(AVAILABILITY),
        metadata=described(
            {"en": "Availability", "ro": "Disponibilitate"},
            {
                "en": "The working time the person can take on.",
                "ro": "Programul de lucru pe care persoana îl poate accepta.",
            },
            "full_time",
            choices=AVAILABILITY,
        ),
    )


def _available_from():
    return fields.Date(
        required=True,
        metadata=described(
            {"en": "Available from", "ro": "Disponibil(ă) de la"},
            {
                "en": "The first day the person can start work.",
                "ro": "Prima zi în care persoana poate începe lucrul.",
            },
            "2027-01-04",
        ),
    )


class LanguageSkillSchema(Schema):
    language = fields.String(
        required=True,
        validate=ISO_639_1,
        metadata=described(
            {"en": "Language", "ro": "Limba"},
            {"en": "ISO 639-1 code of the language.", "ro": "Codul ISO 639-1 al limbii."},
            "ar",
        ),
    )
    level = fields.String(
        required=True,
        validate=one_of(LANGUAGE_LEVELS),
        metadata=described(
            {"en": "Level", "ro": "Nivel"},
            {
                "en": "CEFR level (A1 to C2), or native speaker.",
                "ro": "Nivelul CECRL (A1–C2) sau limbă maternă.",
            },
            "native",
            choices=LANGUAGE_LEVELS,
        ),
    )


class JobSeekerRegistrationForm(Schema):
    education_level = fields.String(
        required=True,
        validate=one_of(EDUCATION_LEVELS),
        metadata=described(
            {"en": "Highest education level", "ro": "Nivelul de studii cel mai înalt"},
            {
                "en": "The highest level completed, in Romania or abroad.",
                "ro": "Cel mai înalt nivel absolvit, în România sau în străinătate.",
            },
            "upper_secondary",
            choices=EDUCATION_LEVELS,
        ),
    )
    occupations_sought = _occupations_sought()
    occupation_codes = fields.List(
        fields.String(
            validate=OCCUPATION_CODE,
            metadata=described(
                {"en": "Occupation code", "ro": "Cod ocupație"},
                {"en": "ISCO-08 or COR code.", "ro": "Cod ISCO-08 sau COR."},
                "512001",
            ),
        ),
        metadata=described(
            {"en": "Occupation codes (ISCO/COR)", "ro": "Coduri ocupație (ISCO/COR)"},
            {
                "en": "Optional: codes of the occupations sought, if known.",
                "ro": "Opțional: codurile ocupațiilor căutate, dacă sunt cunoscute.",
            },
            ["512001"],
        ),
    )
    languages = fields.Nested(
        LanguageSkillSchema,
        many=True,
        required=True,
        validate=validate.Length(min=1, error="Name at least one language the person speaks."),
        metadata=described(
            {"en": "Languages spoken", "ro": "Limbi vorbite"},
            {
                "en": "Each language the person speaks, with the level.",
                "ro": "Fiecare limbă vorbită de persoană, cu nivelul.",
            },
            [{"language": "ar", "level": "native"}, {"language": "ro", "level": "A2"}],
        ),
    )
    right_to_work_document = fields.String(
        required=True,
        validate=one_of(RIGHT_TO_WORK_DOCUMENTS),
        metadata=described(
            {"en": "Right-to-work document", "ro": "Documentul care dă dreptul la muncă"},
            {
                "en": "The document that allows the person to work in Romania.",
                "ro": "Documentul care permite persoanei să lucreze în România.",
            },
            "residence_permit",
            choices=RIGHT_TO_WORK_DOCUMENTS,
        ),
    )
    right_to_work_expires_on = fields.Date(
        required=True,
        metadata=described(
            {"en": "Document valid until", "ro": "Document valabil până la"},
            {
                "en": "The expiry date printed on the right-to-work document.",
                "ro": "Data expirării înscrisă pe documentul care dă dreptul la muncă.",
            },
            "2028-03-31",
        ),
    )
    availability = _availability()
    available_from = _available_from()

    @validates_schema
    def _document_valid_when_available(self, data, **kwargs):
        expires, start = data.get("right_to_work_expires_on"), data.get("available_from")
        if expires and start and expires < start:
            raise ValidationError(
                "The right-to-work document expires before the person is available; "
                "renew the document first.",
                "right_to_work_expires_on",
            )


class JobSeekerRegistrationOutcome(Schema):
    file_number = _file_number(required=True)
    registered_on = fields.Date(
        required=True,
        metadata=described(
            {"en": "Registration date", "ro": "Data înregistrării"},
            {
                "en": "The day AJOFM registered the person as a job seeker.",
                "ro": "Ziua în care AJOFM a înregistrat persoana în căutarea unui loc de muncă.",
            },
            "2026-12-01",
        ),
    )


class CareerCounsellingForm(Schema):
    topics = fields.List(
        fields.String(
            validate=one_of(COUNSELLING_TOPICS),
            metadata=described(
                {"en": "Topic", "ro": "Temă"},
                {"en": "One counselling topic.", "ro": "O temă de consiliere."},
                "career_orientation",
                choices=COUNSELLING_TOPICS,
            ),
        ),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one topic."),
        metadata=described(
            {"en": "Topics", "ro": "Teme"},
            {
                "en": "What the person needs counselling on.",
                "ro": "Temele pentru care persoana are nevoie de consiliere.",
            },
            ["career_orientation", "cv_and_interview"],
            choices=COUNSELLING_TOPICS,
        ),
    )
    session_language = fields.String(
        validate=ISO_639_1,
        metadata=described(
            {"en": "Preferred session language", "ro": "Limba preferată pentru ședințe"},
            {
                "en": "ISO 639-1 code of the language for the sessions, if not Romanian.",
                "ro": "Codul ISO 639-1 al limbii pentru ședințe, dacă nu este româna.",
            },
            "en",
        ),
    )
    interpreter_needed = fields.Boolean(
        load_default=False,
        metadata=described(
            {"en": "Interpreter needed", "ro": "Este nevoie de interpret"},
            {
                "en": "Whether the centre should bring an interpreter.",
                "ro": "Dacă centrul trebuie să asigure un interpret.",
            },
            False,
        ),
    )
    job_seeker_file_number = _file_number(required=False)


class CareerCounsellingOutcome(Schema):
    sessions_held = fields.Integer(
        required=True,
        validate=validate.Range(1, 50),
        metadata=described(
            {"en": "Sessions held", "ro": "Ședințe ținute"},
            {"en": "How many sessions took place.", "ro": "Câte ședințe au avut loc."},
            2,
        ),
    )
    last_session_on = fields.Date(
        required=True,
        metadata=described(
            {"en": "Last session", "ro": "Ultima ședință"},
            {"en": "The date of the last session.", "ro": "Data ultimei ședințe."},
            "2026-12-10",
        ),
    )
    individual_plan_agreed = fields.Boolean(
        required=True,
        metadata=described(
            {"en": "Individual mediation plan agreed", "ro": "Plan individual de mediere stabilit"},
            {
                "en": "Whether an individual mediation plan was agreed with the person.",
                "ro": "Dacă s-a stabilit cu persoana un plan individual de mediere.",
            },
            True,
        ),
    )
    recommended_next_steps = fields.List(
        fields.String(
            validate=one_of(NEXT_STEPS),
            metadata=described(
                {"en": "Next step", "ro": "Pasul următor"},
                {"en": "One recommended next step.", "ro": "Un pas următor recomandat."},
                "vocational_training",
                choices=NEXT_STEPS,
            ),
        ),
        load_default=list,
        metadata=described(
            {"en": "Recommended next steps", "ro": "Pași următori recomandați"},
            {
                "en": "What the counsellor recommends next.",
                "ro": "Ce recomandă consilierul în continuare.",
            },
            ["vocational_training", "romanian_course"],
            choices=NEXT_STEPS,
        ),
    )


class VocationalTrainingForm(Schema):
    course_field = fields.String(
        required=True,
        validate=one_of(COURSE_FIELDS),
        metadata=described(
            {"en": "Course field", "ro": "Domeniul cursului"},
            {
                "en": "The field the person wants to be trained in.",
                "ro": "Domeniul în care persoana dorește să se califice.",
            },
            "hospitality",
            choices=COURSE_FIELDS,
        ),
    )
    desired_occupation = fields.String(
        validate=validate.Length(1, 200),
        metadata=described(
            {"en": "Desired occupation", "ro": "Ocupația dorită"},
            {
                "en": "Optional: the occupation the course should lead to.",
                "ro": "Opțional: ocupația la care ar trebui să ducă cursul.",
            },
            "Ajutor bucătar",
        ),
    )
    preferred_schedule = fields.String(
        required=True,
        validate=one_of(SCHEDULES),
        metadata=described(
            {"en": "Preferred schedule", "ro": "Program preferat"},
            {
                "en": "When the person can attend classes.",
                "ro": "Când poate persoana să participe la cursuri.",
            },
            "afternoon",
            choices=SCHEDULES,
        ),
    )
    romanian_level = fields.String(
        validate=one_of(LANGUAGE_LEVELS),
        metadata=described(
            {"en": "Romanian level", "ro": "Nivelul limbii române"},
            {
                "en": "Optional: courses are taught in Romanian; the level helps choose one.",
                "ro": "Opțional: cursurile se predau în română; nivelul ajută la alegerea lor.",
            },
            "B1",
            choices=LANGUAGE_LEVELS,
        ),
    )
    job_seeker_file_number = _file_number(required=False)


class VocationalTrainingOutcome(Schema):
    course_name = fields.String(
        required=True,
        validate=validate.Length(1, 200),
        metadata=described(
            {"en": "Course name", "ro": "Denumirea cursului"},
            {
                "en": "The course the person is enrolled in.",
                "ro": "Cursul la care este înscrisă persoana.",
            },
            "Ajutor bucătar (calificare de nivel 1)",
        ),
    )
    starts_on = fields.Date(
        required=True,
        metadata=described(
            {"en": "Course start", "ro": "Începutul cursului"},
            {"en": "The first day of the course.", "ro": "Prima zi a cursului."},
            "2027-02-01",
        ),
    )
    ends_on = fields.Date(
        required=True,
        metadata=described(
            {"en": "Course end", "ro": "Sfârșitul cursului"},
            {
                "en": "The last day of the course (final exam included).",
                "ro": "Ultima zi a cursului (inclusiv examenul de absolvire).",
            },
            "2027-04-30",
        ),
    )
    certificate_expected = fields.String(
        required=True,
        validate=one_of(CERTIFICATES),
        metadata=described(
            {"en": "Certificate expected", "ro": "Certificat așteptat"},
            {
                "en": "The certificate the person gets on passing the course.",
                "ro": "Certificatul pe care îl primește persoana la absolvire.",
            },
            "qualification_certificate",
            choices=CERTIFICATES,
        ),
    )

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError("The course cannot end before it starts.", "ends_on")


class JobMediationForm(Schema):
    occupations_sought = _occupations_sought()
    availability = _availability()
    available_from = _available_from()
    preferred_localities = fields.List(
        fields.String(
            validate=validate.Length(1, 120),
            metadata=described(
                {"en": "Locality", "ro": "Localitate"},
                {"en": "A locality name.", "ro": "Numele unei localități."},
                "Timișoara",
            ),
        ),
        metadata=described(
            {"en": "Preferred work localities", "ro": "Localități preferate pentru lucru"},
            {
                "en": "Optional: where the person can commute to.",
                "ro": "Opțional: localitățile în care persoana poate face naveta.",
            },
            ["Timișoara", "Dumbrăvița"],
        ),
    )
    job_seeker_file_number = _file_number(required=False)


class JobMediationOutcome(Schema):
    job_offers_made = fields.Integer(
        required=True,
        validate=validate.Range(0, 100),
        metadata=described(
            {"en": "Job offers made", "ro": "Oferte de locuri de muncă prezentate"},
            {
                "en": "How many suitable vacancies were offered.",
                "ro": "Câte locuri de muncă potrivite au fost oferite.",
            },
            3,
        ),
    )
    employed = fields.Boolean(
        required=True,
        metadata=described(
            {"en": "Employed", "ro": "Angajat(ă)"},
            {
                "en": "Whether the person signed an employment contract.",
                "ro": "Dacă persoana a semnat un contract de muncă.",
            },
            True,
        ),
    )
    employer_name = fields.String(
        validate=validate.Length(1, 200),
        metadata=described(
            {"en": "Employer", "ro": "Angajator"},
            {
                "en": "The employer, when employed.",
                "ro": "Angajatorul, dacă persoana a fost angajată.",
            },
            "Hotel Continental SRL",
        ),
    )
    employed_from = fields.Date(
        metadata=described(
            {"en": "Employed from", "ro": "Angajat(ă) de la"},
            {
                "en": "The first day of the contract, when employed.",
                "ro": "Prima zi a contractului, dacă persoana a fost angajată.",
            },
            "2027-01-11",
        ),
    )
    contract_type = fields.String(
        validate=one_of(CONTRACT_TYPES),
        metadata=described(
            {"en": "Contract type", "ro": "Tipul contractului"},
            {"en": "The type of employment contract.", "ro": "Tipul contractului de muncă."},
            "indefinite",
            choices=CONTRACT_TYPES,
        ),
    )

    @validates_schema
    def _employment_has_start(self, data, **kwargs):
        if data.get("employed") and not data.get("employed_from"):
            raise ValidationError("Give the first day of the contract.", "employed_from")
