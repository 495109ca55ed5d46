"""Referral forms and outcomes of the county employment agency (AJOFM).

Every field carries a title and description in Romanian, English, Czech and
Ukrainian, and a valid example: the catalogue publishes them as JSON Schema,
and a form made of the first examples must load.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import described, one_of, validators
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
                "cs": "Číslo spisu uchazeče o zaměstnání",
                "uk": "Номер справи шукача роботи",
            },
            {
                "en": "The number of the AJOFM job-seeker file, when the person is registered.",
                "ro": "Numărul dosarului de la AJOFM, dacă persoana este deja înregistrată.",
                "cs": "Číslo spisu uchazeče o zaměstnání na AJOFM, pokud je osoba již v evidenci.",
                "uk": "Номер справи шукача роботи в AJOFM, якщо особа вже зареєстрована.",
            },
            "TM-2026-004512",
            personal=True,  # it identifies the person at AJOFM
        ),
    )


def _occupations_sought():
    return fields.List(
        fields.String(
            validate=validate.Length(1, 200),
            metadata=described(
                {"en": "Occupation", "ro": "Ocupație", "cs": "Povolání", "uk": "Професія"},
                {
                    "en": "One occupation, in plain words.",
                    "ro": "O ocupație, în cuvinte simple.",
                    "cs": "Jedno povolání, popsané běžnými slovy.",
                    "uk": "Одна професія, простими словами.",
                },
                "Bucătar",
            ),
        ),
        required=True,
        validate=validate.Length(min=1, error="Name at least one occupation sought."),
        metadata=described(
            {
                "en": "Occupations sought",
                "ro": "Ocupații căutate",
                "cs": "Hledaná povolání",
                "uk": "Бажані професії",
            },
            {
                "en": "The jobs the person is looking for, most wanted first.",
                "ro": "Locurile de muncă pe care le caută persoana, în ordinea preferinței.",
                "cs": "Povolání, o která má osoba zájem, od nejžádanějšího.",
                "uk": "Професії, за якими особа шукає роботу, від найбажанішої.",
            },
            ["Bucătar", "Ajutor de bucătar"],
        ),
    )


def _availability():
    return fields.String(
        required=True,
        validate=one_of(AVAILABILITY),
        metadata=described(
            {
                "en": "Availability",
                "ro": "Disponibilitate",
                "cs": "Pracovní úvazek",
                "uk": "Режим роботи",
            },
            {
                "en": "The working time the person can take on.",
                "ro": "Programul de lucru pe care persoana îl poate accepta.",
                "cs": "Pracovní doba, kterou může osoba přijmout.",
                "uk": "Режим роботи, який може прийняти особа.",
            },
            "full_time",
            choices=AVAILABILITY,
        ),
    )


def _available_from():
    return fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Available from",
                "ro": "Disponibil(ă) de la",
                "cs": "Může nastoupit od",
                "uk": "Може стати до роботи з",
            },
            {
                "en": "The first day the person can start work.",
                "ro": "Prima zi în care persoana poate începe lucrul.",
                "cs": "První den, kdy může osoba nastoupit do práce.",
                "uk": "Перший день, коли особа може стати до роботи.",
            },
            "2027-01-04",
        ),
    )


class LanguageSkillSchema(Schema):
    language = fields.String(
        required=True,
        validate=validators.language,
        metadata=described(
            {"en": "Language", "ro": "Limba", "cs": "Jazyk", "uk": "Мова"},
            {
                "en": "A language the person speaks (an ISO 639-1 code in the API).",
                "ro": "O limbă pe care persoana o vorbește (cod ISO 639-1 în API).",
                "cs": "Jazyk, kterým osoba mluví (v API kód ISO 639-1).",
                "uk": "Мова, якою володіє особа (в API код ISO 639-1).",
            },
            "ar",
            beneficiary_field="languages",
        ),
    )
    level = fields.String(
        required=True,
        validate=one_of(LANGUAGE_LEVELS),
        metadata=described(
            {"en": "Level", "ro": "Nivel", "cs": "Úroveň", "uk": "Рівень"},
            {
                "en": "CEFR level (A1 to C2), or native speaker.",
                "ro": "Nivelul CECRL (A1–C2) sau limbă maternă.",
                "cs": "Úroveň podle SERR (A1–C2), nebo rodilý mluvčí.",
                "uk": "Рівень за ЗЄР (A1–C2) або рідна мова.",
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
            {
                "en": "Highest education level",
                "ro": "Nivelul de studii cel mai înalt",
                "cs": "Nejvyšší dosažené vzdělání",
                "uk": "Найвищий рівень освіти",
            },
            {
                "en": "The highest level completed, in Romania or abroad.",
                "ro": "Cel mai înalt nivel absolvit, în România sau în străinătate.",
                "cs": "Nejvyšší ukončený stupeň vzdělání, v Rumunsku nebo v zahraničí.",
                "uk": "Найвищий здобутий рівень освіти, у Румунії чи за кордоном.",
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
                {
                    "en": "Occupation code",
                    "ro": "Cod ocupație",
                    "cs": "Kód povolání",
                    "uk": "Код професії",
                },
                {
                    "en": "ISCO-08 or COR code.",
                    "ro": "Cod ISCO-08 sau COR.",
                    "cs": "Kód ISCO-08 nebo COR.",
                    "uk": "Код ISCO-08 або COR.",
                },
                "512001",
            ),
        ),
        metadata=described(
            {
                "en": "Occupation codes (ISCO/COR)",
                "ro": "Coduri ocupație (ISCO/COR)",
                "cs": "Kódy povolání (ISCO/COR)",
                "uk": "Коди професій (ISCO/COR)",
            },
            {
                "en": "Optional: codes of the occupations sought, if known.",
                "ro": "Opțional: codurile ocupațiilor căutate, dacă sunt cunoscute.",
                "cs": "Nepovinné: kódy hledaných povolání, pokud jsou známy.",
                "uk": "Необов’язково: коди бажаних професій, якщо відомі.",
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
            {
                "en": "Languages spoken",
                "ro": "Limbi vorbite",
                "cs": "Jazykové znalosti",
                "uk": "Мови, якими володіє особа",
            },
            {
                "en": "Each language the person speaks, with the level.",
                "ro": "Fiecare limbă vorbită de persoană, cu nivelul.",
                "cs": "Každý jazyk, kterým osoba mluví, s úrovní znalosti.",
                "uk": "Кожна мова, якою володіє особа, із зазначенням рівня.",
            },
            [{"language": "ar", "level": "native"}, {"language": "ro", "level": "A2"}],
        ),
    )
    right_to_work_document = fields.String(
        required=True,
        validate=one_of(RIGHT_TO_WORK_DOCUMENTS),
        metadata=described(
            {
                "en": "Right-to-work document",
                "ro": "Documentul care dă dreptul la muncă",
                "cs": "Doklad opravňující k práci",
                "uk": "Документ, що дає право на працю",
            },
            {
                "en": "The document that allows the person to work in Romania.",
                "ro": "Documentul care permite persoanei să lucreze în România.",
                "cs": "Doklad, na jehož základě může osoba pracovat v Rumunsku.",
                "uk": "Документ, який дозволяє особі працювати в Румунії.",
            },
            "residence_permit",
            choices=RIGHT_TO_WORK_DOCUMENTS,
            beneficiary_field="residence_document.type",
        ),
    )
    right_to_work_expires_on = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Document valid until",
                "ro": "Document valabil până la",
                "cs": "Doklad platný do",
                "uk": "Документ дійсний до",
            },
            {
                "en": "The expiry date printed on the right-to-work document.",
                "ro": "Data expirării înscrisă pe documentul care dă dreptul la muncă.",
                "cs": "Datum konce platnosti uvedené na dokladu opravňujícím k práci.",
                "uk": "Дата закінчення строку дії, зазначена в документі, що дає право на працю.",
            },
            "2028-03-31",
            beneficiary_field="residence_document.expires_on",
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
            {
                "en": "Registration date",
                "ro": "Data înregistrării",
                "cs": "Datum zaevidování",
                "uk": "Дата реєстрації",
            },
            {
                "en": "The day AJOFM registered the person as a job seeker.",
                "ro": "Ziua în care AJOFM a înregistrat persoana în căutarea unui loc de muncă.",
                "cs": "Den, kdy AJOFM zaevidovala osobu jako uchazeče o zaměstnání.",
                "uk": "День, коли AJOFM зареєструвало особу як шукача роботи.",
            },
            "2026-12-01",
        ),
    )


class CareerCounsellingForm(Schema):
    topics = fields.List(
        fields.String(
            validate=one_of(COUNSELLING_TOPICS),
            metadata=described(
                {"en": "Topic", "ro": "Temă", "cs": "Téma", "uk": "Тема"},
                {
                    "en": "One counselling topic.",
                    "ro": "O temă de consiliere.",
                    "cs": "Jedno téma poradenství.",
                    "uk": "Одна тема консультації.",
                },
                "career_orientation",
                choices=COUNSELLING_TOPICS,
            ),
        ),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one topic."),
        metadata=described(
            {"en": "Topics", "ro": "Teme", "cs": "Témata", "uk": "Теми"},
            {
                "en": "What the person needs counselling on.",
                "ro": "Temele pentru care persoana are nevoie de consiliere.",
                "cs": "V čem osoba potřebuje poradit.",
                "uk": "З яких питань особа потребує консультації.",
            },
            ["career_orientation", "cv_and_interview"],
            choices=COUNSELLING_TOPICS,
        ),
    )
    session_language = fields.String(
        validate=validators.language,
        metadata=described(
            {
                "en": "Preferred session language",
                "ro": "Limba preferată pentru ședințe",
                "cs": "Preferovaný jazyk konzultací",
                "uk": "Бажана мова консультацій",
            },
            {
                "en": "The language of the sessions, if not Romanian (ISO 639-1 code in the API).",
                "ro": "Limba ședințelor, dacă nu este româna (cod ISO 639-1 în API).",
                "cs": "Jazyk konzultací, pokud to není rumunština (v API kód ISO 639-1).",
                "uk": "Мова консультацій, якщо це не румунська (в API код ISO 639-1).",
            },
            "en",
        ),
    )
    interpreter_needed = fields.Boolean(
        load_default=False,
        metadata=described(
            {
                "en": "Interpreter needed",
                "ro": "Este nevoie de interpret",
                "cs": "Je potřeba tlumočník",
                "uk": "Потрібен перекладач",
            },
            {
                "en": "Whether the centre should bring an interpreter.",
                "ro": "Dacă centrul trebuie să asigure un interpret.",
                "cs": "Zda má centrum zajistit tlumočníka.",
                "uk": "Чи має центр забезпечити перекладача.",
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
            {
                "en": "Sessions held",
                "ro": "Ședințe ținute",
                "cs": "Počet konzultací",
                "uk": "Проведено консультацій",
            },
            {
                "en": "How many sessions took place.",
                "ro": "Câte ședințe au avut loc.",
                "cs": "Kolik konzultací proběhlo.",
                "uk": "Скільки консультацій відбулося.",
            },
            2,
        ),
    )
    last_session_on = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Last session",
                "ro": "Ultima ședință",
                "cs": "Poslední konzultace",
                "uk": "Остання консультація",
            },
            {
                "en": "The date of the last session.",
                "ro": "Data ultimei ședințe.",
                "cs": "Datum poslední konzultace.",
                "uk": "Дата останньої консультації.",
            },
            "2026-12-10",
        ),
    )
    individual_plan_agreed = fields.Boolean(
        required=True,
        metadata=described(
            {
                "en": "Individual mediation plan agreed",
                "ro": "Plan individual de mediere stabilit",
                "cs": "Individuální akční plán dohodnut",
                "uk": "Індивідуальний план працевлаштування погоджено",
            },
            {
                "en": "Whether an individual mediation plan was agreed with the person.",
                "ro": "Dacă s-a stabilit cu persoana un plan individual de mediere.",
                "cs": "Zda byl s osobou dohodnut individuální akční plán zprostředkování.",
                "uk": "Чи було погоджено з особою індивідуальний план працевлаштування.",
            },
            True,
        ),
    )
    recommended_next_steps = fields.List(
        fields.String(
            validate=one_of(NEXT_STEPS),
            metadata=described(
                {
                    "en": "Next step",
                    "ro": "Pasul următor",
                    "cs": "Další krok",
                    "uk": "Наступний крок",
                },
                {
                    "en": "One recommended next step.",
                    "ro": "Un pas următor recomandat.",
                    "cs": "Jeden doporučený další krok.",
                    "uk": "Один рекомендований наступний крок.",
                },
                "vocational_training",
                choices=NEXT_STEPS,
            ),
        ),
        load_default=list,
        metadata=described(
            {
                "en": "Recommended next steps",
                "ro": "Pași următori recomandați",
                "cs": "Doporučené další kroky",
                "uk": "Рекомендовані наступні кроки",
            },
            {
                "en": "What the counsellor recommends next.",
                "ro": "Ce recomandă consilierul în continuare.",
                "cs": "Co poradce doporučuje dále.",
                "uk": "Що консультант рекомендує робити далі.",
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
            {
                "en": "Course field",
                "ro": "Domeniul cursului",
                "cs": "Obor kurzu",
                "uk": "Напрям курсу",
            },
            {
                "en": "The field the person wants to be trained in.",
                "ro": "Domeniul în care persoana dorește să se califice.",
                "cs": "Obor, ve kterém se chce osoba vyučit nebo rekvalifikovat.",
                "uk": "Напрям, за яким особа хоче здобути кваліфікацію.",
            },
            "hospitality",
            choices=COURSE_FIELDS,
        ),
    )
    desired_occupation = fields.String(
        validate=validate.Length(1, 200),
        metadata=described(
            {
                "en": "Desired occupation",
                "ro": "Ocupația dorită",
                "cs": "Požadované povolání",
                "uk": "Бажана професія",
            },
            {
                "en": "Optional: the occupation the course should lead to.",
                "ro": "Opțional: ocupația la care ar trebui să ducă cursul.",
                "cs": "Nepovinné: povolání, ke kterému má kurz vést.",
                "uk": "Необов’язково: професія, яку має дати курс.",
            },
            "Ajutor bucătar",
        ),
    )
    preferred_schedule = fields.String(
        required=True,
        validate=one_of(SCHEDULES),
        metadata=described(
            {
                "en": "Preferred schedule",
                "ro": "Program preferat",
                "cs": "Preferovaný rozvrh",
                "uk": "Бажаний розклад",
            },
            {
                "en": "When the person can attend classes.",
                "ro": "Când poate persoana să participe la cursuri.",
                "cs": "Kdy se osoba může účastnit výuky.",
                "uk": "Коли особа може відвідувати заняття.",
            },
            "afternoon",
            choices=SCHEDULES,
        ),
    )
    romanian_level = fields.String(
        validate=one_of(LANGUAGE_LEVELS),
        metadata=described(
            {
                "en": "Romanian level",
                "ro": "Nivelul limbii române",
                "cs": "Úroveň rumunštiny",
                "uk": "Рівень румунської мови",
            },
            {
                "en": "Optional: courses are taught in Romanian; the level helps choose one.",
                "ro": "Opțional: cursurile se predau în română; nivelul ajută la alegerea lor.",
                "cs": "Nepovinné: kurzy se vyučují v rumunštině; úroveň pomůže vybrat vhodný kurz.",
                "uk": "Необов’язково: курси викладаються румунською; рівень допомагає обрати курс.",
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
            {
                "en": "Course name",
                "ro": "Denumirea cursului",
                "cs": "Název kurzu",
                "uk": "Назва курсу",
            },
            {
                "en": "The course the person is enrolled in.",
                "ro": "Cursul la care este înscrisă persoana.",
                "cs": "Kurz, do kterého je osoba zapsána.",
                "uk": "Курс, на який зараховано особу.",
            },
            "Ajutor bucătar (calificare de nivel 1)",
        ),
    )
    starts_on = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Course start",
                "ro": "Începutul cursului",
                "cs": "Začátek kurzu",
                "uk": "Початок курсу",
            },
            {
                "en": "The first day of the course.",
                "ro": "Prima zi a cursului.",
                "cs": "První den kurzu.",
                "uk": "Перший день курсу.",
            },
            "2027-02-01",
        ),
    )
    ends_on = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Course end",
                "ro": "Sfârșitul cursului",
                "cs": "Konec kurzu",
                "uk": "Закінчення курсу",
            },
            {
                "en": "The last day of the course (final exam included).",
                "ro": "Ultima zi a cursului (inclusiv examenul de absolvire).",
                "cs": "Poslední den kurzu (včetně závěrečné zkoušky).",
                "uk": "Останній день курсу (включно з випускним іспитом).",
            },
            "2027-04-30",
        ),
    )
    certificate_expected = fields.String(
        required=True,
        validate=one_of(CERTIFICATES),
        metadata=described(
            {
                "en": "Certificate expected",
                "ro": "Certificat așteptat",
                "cs": "Očekávané osvědčení",
                "uk": "Очікуваний документ про навчання",
            },
            {
                "en": "The certificate the person gets on passing the course.",
                "ro": "Certificatul pe care îl primește persoana la absolvire.",
                "cs": "Osvědčení, které osoba získá po úspěšném absolvování kurzu.",
                "uk": "Свідоцтво, яке особа отримає після успішного закінчення курсу.",
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
                {"en": "Locality", "ro": "Localitate", "cs": "Obec", "uk": "Населений пункт"},
                {
                    "en": "A locality name.",
                    "ro": "Numele unei localități.",
                    "cs": "Název obce.",
                    "uk": "Назва населеного пункту.",
                },
                "Timișoara",
            ),
        ),
        metadata=described(
            {
                "en": "Preferred work localities",
                "ro": "Localități preferate pentru lucru",
                "cs": "Preferovaná místa výkonu práce",
                "uk": "Бажані населені пункти для роботи",
            },
            {
                "en": "Optional: where the person can commute to.",
                "ro": "Opțional: localitățile în care persoana poate face naveta.",
                "cs": "Nepovinné: kam může osoba dojíždět.",
                "uk": "Необов’язково: населені пункти, куди особа може їздити на роботу.",
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
            {
                "en": "Job offers made",
                "ro": "Oferte de locuri de muncă prezentate",
                "cs": "Předložené pracovní nabídky",
                "uk": "Запропоновані вакансії",
            },
            {
                "en": "How many suitable vacancies were offered.",
                "ro": "Câte locuri de muncă potrivite au fost oferite.",
                "cs": "Kolik vhodných volných míst bylo nabídnuto.",
                "uk": "Скільки відповідних вакансій було запропоновано.",
            },
            3,
        ),
    )
    employed = fields.Boolean(
        required=True,
        metadata=described(
            {"en": "Employed", "ro": "Angajat(ă)", "cs": "Zaměstnán(a)", "uk": "Працевлаштовано"},
            {
                "en": "Whether the person signed an employment contract.",
                "ro": "Dacă persoana a semnat un contract de muncă.",
                "cs": "Zda osoba podepsala pracovní smlouvu.",
                "uk": "Чи підписала особа трудовий договір.",
            },
            True,
        ),
    )
    employer_name = fields.String(
        validate=validate.Length(1, 200),
        metadata=described(
            {"en": "Employer", "ro": "Angajator", "cs": "Zaměstnavatel", "uk": "Роботодавець"},
            {
                "en": "The employer, when employed.",
                "ro": "Angajatorul, dacă persoana a fost angajată.",
                "cs": "Zaměstnavatel, pokud byla osoba zaměstnána.",
                "uk": "Роботодавець, якщо особу працевлаштовано.",
            },
            "Hotel Continental SRL",
            personal=True,
        ),
    )
    employed_from = fields.Date(
        metadata=described(
            {
                "en": "Employed from",
                "ro": "Angajat(ă) de la",
                "cs": "Zaměstnán(a) od",
                "uk": "Працевлаштовано з",
            },
            {
                "en": "The first day of the contract, when employed.",
                "ro": "Prima zi a contractului, dacă persoana a fost angajată.",
                "cs": "První den pracovního poměru, pokud byla osoba zaměstnána.",
                "uk": "Перший день дії договору, якщо особу працевлаштовано.",
            },
            "2027-01-11",
        ),
    )
    contract_type = fields.String(
        validate=one_of(CONTRACT_TYPES),
        metadata=described(
            {
                "en": "Contract type",
                "ro": "Tipul contractului",
                "cs": "Druh smlouvy",
                "uk": "Тип договору",
            },
            {
                "en": "The type of employment contract.",
                "ro": "Tipul contractului de muncă.",
                "cs": "Druh pracovní smlouvy.",
                "uk": "Тип трудового договору.",
            },
            "indefinite",
            choices=CONTRACT_TYPES,
        ),
    )

    @validates_schema
    def _employment_has_start(self, data, **kwargs):
        if data.get("employed") and not data.get("employed_from"):
            raise ValidationError("Give the first day of the contract.", "employed_from")
