"""Referral forms and completion outcomes of the school inspectorate (ISJ) and CJRAE.

Grades follow the Romanian system: 0 is the preparatory class (clasa
pregătitoare), 1-4 primary, 5-8 lower secondary (gimnaziu), 9-12 upper
secondary (liceu).
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import described, one_of, validators

GRADE = validate.Range(min=0, max=12)
YEAR = validate.Range(min=1990, max=2100)

LEVELS = {
    "kindergarten": {
        "en": "Kindergarten",
        "ro": "Învățământ preșcolar (grădiniță)",
        "cs": "Předškolní vzdělávání (mateřská škola)",
        "uk": "Дошкільна освіта (дитячий садок)",
    },
    "primary": {
        "en": "Primary (grades 0-4)",
        "ro": "Învățământ primar (clasele 0-IV)",
        "cs": "Primární vzdělávání (ročníky 0-4)",
        "uk": "Початкова освіта (класи 0-4)",
    },
    "lower_secondary": {
        "en": "Lower secondary (grades 5-8)",
        "ro": "Învățământ gimnazial (clasele V-VIII)",
        "cs": "Nižší sekundární vzdělávání (ročníky 5-8)",
        "uk": "Базова середня освіта (класи 5-8)",
    },
    "upper_secondary": {
        "en": "Upper secondary (grades 9-12)",
        "ro": "Învățământ liceal (clasele IX-XII)",
        "cs": "Vyšší sekundární vzdělávání (ročníky 9-12)",
        "uk": "Старша школа, ліцей (класи 9-12)",
    },
}
# Kindergarten groups are set by the kindergarten itself, so the form asks for grade 0.
GRADES_BY_LEVEL = {
    "kindergarten": range(0, 1),
    "primary": range(0, 5),
    "lower_secondary": range(5, 9),
    "upper_secondary": range(9, 13),
}
#: what to fix when the grade asked for is not one of the level's
GRADE_NOT_IN_LEVEL = {
    "kindergarten": "For kindergarten the grade must be 0.",
    "primary": "For primary school the grade must be between 0 and 4.",
    "lower_secondary": "For lower secondary school the grade must be between 5 and 8.",
    "upper_secondary": "For upper secondary school the grade must be between 9 and 12.",
}
ROMANIAN_LEVELS = {
    "none": {
        "en": "No Romanian",
        "ro": "Nu vorbește limba română",
        "cs": "Nemluví rumunsky",
        "uk": "Не володіє румунською мовою",
    },
    "a1": {
        "en": "Beginner (A1)",
        "ro": "Începător (A1)",
        "cs": "Začátečník (A1)",
        "uk": "Початковий (A1)",
    },
    "a2": {
        "en": "Elementary (A2)",
        "ro": "Elementar (A2)",
        "cs": "Mírně pokročilý (A2)",
        "uk": "Елементарний (A2)",
    },
    "b1": {
        "en": "Intermediate (B1)",
        "ro": "Intermediar (B1)",
        "cs": "Středně pokročilý (B1)",
        "uk": "Середній (B1)",
    },
}
PLACE_TYPES = {
    "kindergarten": {
        "en": "Kindergarten place",
        "ro": "Loc la grădiniță",
        "cs": "Místo v mateřské škole",
        "uk": "Місце в дитячому садку",
    },
    "after_school": {
        "en": "After-school programme",
        "ro": "Program after-school",
        "cs": "Školní družina",
        "uk": "Група продовженого дня",
    },
}
SCHEDULES = {
    "normal": {
        "en": "Normal programme (about 5 hours)",
        "ro": "Program normal (circa 5 ore)",
        "cs": "Polodenní docházka (asi 5 hodin)",
        "uk": "Звичайний режим (близько 5 годин)",
    },
    "extended": {
        "en": "Extended programme (about 10 hours)",
        "ro": "Program prelungit (circa 10 ore)",
        "cs": "Celodenní docházka (asi 10 hodin)",
        "uk": "Подовжений режим (близько 10 годин)",
    },
}
COUNSELLING_TOPICS = {
    "adaptation": {
        "en": "Adapting to the new school",
        "ro": "Adaptarea la noua școală",
        "cs": "Adaptace v nové škole",
        "uk": "Адаптація до нової школи",
    },
    "learning_difficulties": {
        "en": "Learning difficulties",
        "ro": "Dificultăți de învățare",
        "cs": "Obtíže s učením",
        "uk": "Труднощі в навчанні",
    },
    "behaviour": {"en": "Behaviour", "ro": "Comportament", "cs": "Chování", "uk": "Поведінка"},
    "emotional_wellbeing": {
        "en": "Emotional wellbeing, trauma",
        "ro": "Starea emoțională, traume",
        "cs": "Emoční pohoda, trauma",
        "uk": "Емоційний стан, травма",
    },
    "career_guidance": {
        "en": "Educational and career guidance",
        "ro": "Orientare școlară și profesională",
        "cs": "Volba vzdělávací a profesní dráhy",
        "uk": "Освітня та професійна орієнтація",
    },
    "sen_assessment": {
        "en": "Assessment of special educational needs",
        "ro": "Evaluarea cerințelor educaționale speciale",
        "cs": "Posouzení speciálních vzdělávacích potřeb",
        "uk": "Оцінка особливих освітніх потреб",
    },
}
FOLLOW_UPS = {
    "none": {
        "en": "No follow-up needed",
        "ro": "Nu este necesară continuarea",
        "cs": "Další postup není nutný",
        "uk": "Подальші дії не потрібні",
    },
    "sen_commission": {
        "en": "Referred to the school guidance commission (SEN)",
        "ro": "Îndrumat către Comisia de orientare școlară și profesională (CES)",
        "cs": "Odkázáno na komisi pro školní a profesní orientaci (SVP)",
        "uk": "Скеровано до комісії зі шкільної та професійної орієнтації (ООП)",
    },
    "school_mediator": {
        "en": "School mediator assigned",
        "ro": "Mediator școlar desemnat",
        "cs": "Přidělen školní mediátor",
        "uk": "Призначено шкільного медіатора",
    },
    "external_services": {
        "en": "Referred to external services",
        "ro": "Îndrumat către servicii externe",
        "cs": "Odkázáno na externí služby",
        "uk": "Скеровано до зовнішніх служб",
    },
}


class PreviousSchoolingSchema(Schema):
    country = fields.String(
        required=True,
        validate=validators.country,
        metadata=described(
            {"en": "Country", "ro": "Țara", "cs": "Země", "uk": "Країна"},
            {
                "en": "Where the child went to school (ISO 3166-1 alpha-2).",
                "ro": "Unde a urmat școala copilul (cod ISO 3166-1 alpha-2).",
                "cs": "Kde dítě chodilo do školy (ISO 3166-1 alpha-2).",
                "uk": "Де дитина навчалася (ISO 3166-1 alpha-2).",
            },
            "SY",
        ),
    )
    last_grade_completed = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {
                "en": "Last grade completed",
                "ro": "Ultima clasă absolvită",
                "cs": "Poslední ukončený ročník",
                "uk": "Останній закінчений клас",
            },
            {
                "en": "The last grade the child completed there (0-12).",
                "ro": "Ultima clasă absolvită acolo de copil (0-12).",
                "cs": "Poslední ročník, který tam dítě ukončilo (0-12).",
                "uk": "Останній клас, який дитина там закінчила (0-12).",
            },
            4,
        ),
    )
    year_completed = fields.Integer(
        required=True,
        validate=YEAR,
        metadata=described(
            {
                "en": "Year completed",
                "ro": "Anul absolvirii",
                "cs": "Rok ukončení",
                "uk": "Рік закінчення",
            },
            {
                "en": "Calendar year in which that grade ended.",
                "ro": "Anul calendaristic în care s-a încheiat acea clasă.",
                "cs": "Kalendářní rok, ve kterém tento ročník skončil.",
                "uk": "Календарний рік, у якому закінчився цей клас.",
            },
            2023,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=described(
            {"en": "School name", "ro": "Numele școlii", "cs": "Název školy", "uk": "Назва школи"},
            {
                "en": "If known.",
                "ro": "Dacă este cunoscut.",
                "cs": "Pokud je znám.",
                "uk": "Якщо відома.",
            },
            "Al-Amal Primary School, Aleppo",
            personal=True,
        ),
    )


class SchoolEnrolmentForm(Schema):
    level = fields.String(
        required=True,
        validate=one_of(LEVELS),
        metadata=described(
            {
                "en": "Level of education",
                "ro": "Nivel de învățământ",
                "cs": "Stupeň vzdělávání",
                "uk": "Рівень освіти",
            },
            {
                "en": "The level the child should be enrolled in.",
                "ro": "Nivelul la care trebuie înscris copilul.",
                "cs": "Stupeň, do kterého má být dítě zapsáno.",
                "uk": "Рівень, на який слід зарахувати дитину.",
            },
            "primary",
            choices=LEVELS,
        ),
    )
    grade_requested = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {
                "en": "Grade requested",
                "ro": "Clasa solicitată",
                "cs": "Požadovaný ročník",
                "uk": "Бажаний клас",
            },
            {
                "en": "0 is the preparatory class; use 0 for kindergarten.",
                "ro": "0 este clasa pregătitoare; pentru grădiniță folosiți 0.",
                "cs": "0 je přípravná třída; pro mateřskou školu zadejte 0.",
                "uk": "0 — підготовчий клас; для дитячого садка вкажіть 0.",
            },
            3,
        ),
    )
    previous_schooling = fields.Nested(
        PreviousSchoolingSchema,
        many=True,
        load_default=list,
        metadata=described(
            {
                "en": "Previous schooling",
                "ro": "Școlarizarea anterioară",
                "cs": "Předchozí školní docházka",
                "uk": "Попереднє навчання",
            },
            {
                "en": "Schools attended before, most recent last; leave empty if none.",
                "ro": "Școlile urmate anterior, cea mai recentă la final; "
                "lăsați gol dacă nu există.",
                "cs": "Dříve navštěvované školy, nejnovější jako poslední; pokud žádné nejsou, "
                "ponechte prázdné.",
                "uk": "Школи, які дитина відвідувала раніше, від найдавнішої до останньої; "
                "залиште порожнім, якщо таких немає.",
            },
            [{"country": "SY", "last_grade_completed": 2, "year_completed": 2023}],
        ),
    )
    languages_of_instruction = fields.List(
        fields.String(validate=validators.language),
        load_default=list,
        metadata=described(
            {
                "en": "Languages of instruction so far",
                "ro": "Limbile de predare de până acum",
                "cs": "Dosavadní vyučovací jazyky",
                "uk": "Мови, якими дитина навчалася досі",
            },
            {
                "en": "ISO 639-1 codes.",
                "ro": "Coduri ISO 639-1.",
                "cs": "Kódy ISO 639-1.",
                "uk": "Коди ISO 639-1.",
            },
            ["ar"],
        ),
    )
    special_educational_needs = fields.Boolean(
        required=True,
        metadata=described(
            {
                "en": "Special educational needs",
                "ro": "Cerințe educaționale speciale",
                "cs": "Speciální vzdělávací potřeby",
                "uk": "Особливі освітні потреби",
            },
            {
                "en": "Whether the child has or may have special educational needs.",
                "ro": "Dacă copilul are sau poate avea cerințe educaționale speciale.",
                "cs": "Zda dítě má nebo může mít speciální vzdělávací potřeby.",
                "uk": "Чи має або може мати дитина особливі освітні потреби.",
            },
            False,
        ),
    )
    special_educational_needs_note = fields.String(
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata=described(
            {
                "en": "Note on special educational needs",
                "ro": "Observații privind cerințele speciale",
                "cs": "Poznámka ke speciálním vzdělávacím potřebám",
                "uk": "Примітка щодо особливих освітніх потреб",
            },
            {
                "en": "What the school should prepare for; no medical diagnosis.",
                "ro": "Ce trebuie să pregătească școala; fără diagnostic medical.",
                "cs": "Na co se má škola připravit; bez lékařské diagnózy.",
                "uk": "До чого має підготуватися школа; без медичного діагнозу.",
            },
            "Needs a seat near the board (poor eyesight).",
            personal=True,
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=described(
            {
                "en": "Preferred locality",
                "ro": "Localitatea preferată",
                "cs": "Preferovaná obec",
                "uk": "Бажаний населений пункт",
            },
            {
                "en": "Where the family would like the school to be.",
                "ro": "Unde ar dori familia să fie școala.",
                "cs": "V jaké obci by rodina chtěla mít školu.",
                "uk": "Населений пункт, де сім’я хотіла б, щоб була школа.",
            },
            "Timișoara",
        ),
    )

    @validates_schema
    def grade_fits_level(self, data, **kwargs):
        level, grade = data.get("level"), data.get("grade_requested")
        if level in GRADES_BY_LEVEL and grade is not None and grade not in GRADES_BY_LEVEL[level]:
            raise ValidationError(GRADE_NOT_IN_LEVEL[level], "grade_requested")


class SchoolEnrolmentOutcome(Schema):
    school_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata=described(
            {
                "en": "School",
                "ro": "Unitatea de învățământ",
                "cs": "Škola",
                "uk": "Навчальний заклад",
            },
            {
                "en": "The school the child is enrolled in.",
                "ro": "Școala în care a fost înscris copilul.",
                "cs": "Škola, do které bylo dítě zapsáno.",
                "uk": "Школа, до якої зараховано дитину.",
            },
            "Școala Gimnazială nr. 7 Timișoara",
            personal=True,
        ),
    )
    grade = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {"en": "Grade", "ro": "Clasa", "cs": "Ročník", "uk": "Клас"},
            {
                "en": "0 is the preparatory class.",
                "ro": "0 este clasa pregătitoare.",
                "cs": "0 je přípravná třída.",
                "uk": "0 — підготовчий клас.",
            },
            3,
        ),
    )
    class_start_date = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Class start date",
                "ro": "Data începerii cursurilor",
                "cs": "Datum zahájení výuky",
                "uk": "Дата початку навчання",
            },
            {
                "en": "First day the child attends class.",
                "ro": "Prima zi în care copilul merge la ore.",
                "cs": "První den, kdy dítě přijde do vyučování.",
                "uk": "Перший день, коли дитина йде на уроки.",
            },
            "2025-09-08",
        ),
    )


class StudiesRecognitionForm(Schema):
    country = fields.String(
        required=True,
        validate=validators.country,
        metadata=described(
            {
                "en": "Country of studies",
                "ro": "Țara în care s-au efectuat studiile",
                "cs": "Země studia",
                "uk": "Країна навчання",
            },
            {
                "en": "ISO 3166-1 alpha-2.",
                "ro": "Cod ISO 3166-1 alpha-2.",
                "cs": "Kód ISO 3166-1 alpha-2.",
                "uk": "Код ISO 3166-1 alpha-2.",
            },
            "UA",
        ),
    )
    last_grade_completed = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {
                "en": "Last grade completed abroad",
                "ro": "Ultima clasă absolvită în străinătate",
                "cs": "Poslední ročník ukončený v zahraničí",
                "uk": "Останній клас, закінчений за кордоном",
            },
            {
                "en": "As written on the school records.",
                "ro": "Așa cum apare în actele de studii.",
                "cs": "Podle údajů v dokladech o vzdělání.",
                "uk": "Як зазначено в документах про навчання.",
            },
            6,
        ),
    )
    year_completed = fields.Integer(
        required=True,
        validate=YEAR,
        metadata=described(
            {
                "en": "Year completed",
                "ro": "Anul absolvirii",
                "cs": "Rok ukončení",
                "uk": "Рік закінчення",
            },
            {
                "en": "Calendar year in which that grade ended.",
                "ro": "Anul calendaristic în care s-a încheiat acea clasă.",
                "cs": "Kalendářní rok, ve kterém tento ročník skončil.",
                "uk": "Календарний рік, у якому закінчився цей клас.",
            },
            2024,
        ),
    )
    school_records_available = fields.Boolean(
        required=True,
        metadata=described(
            {
                "en": "School records available",
                "ro": "Acte de studii disponibile",
                "cs": "Doklady o vzdělání k dispozici",
                "uk": "Документи про навчання наявні",
            },
            {
                "en": "False when the family has no papers and will sign a statement instead.",
                "ro": "Fals dacă familia nu are acte și va da o declarație pe propria răspundere.",
                "cs": "Ne, pokud rodina nemá doklady a místo nich podepíše čestné prohlášení.",
                "uk": "Ні, якщо сім’я не має документів і натомість підпише заяву під особисту "
                "відповідальність.",
            },
            True,
        ),
    )
    grade_requested = fields.Integer(
        allow_none=True,
        validate=GRADE,
        metadata=described(
            {
                "en": "Grade the family asks for",
                "ro": "Clasa solicitată de familie",
                "cs": "Ročník požadovaný rodinou",
                "uk": "Клас, про який просить сім’я",
            },
            {
                "en": "Leave empty to let the inspectorate decide.",
                "ro": "Lăsați gol pentru ca inspectoratul să decidă.",
                "cs": "Ponechte prázdné, pokud má rozhodnout inspektorát.",
                "uk": "Залиште порожнім, щоб вирішив інспекторат.",
            },
            7,
        ),
    )


class StudiesRecognitionOutcome(Schema):
    decision_number = fields.String(
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata=described(
            {
                "en": "Decision number",
                "ro": "Numărul deciziei",
                "cs": "Číslo rozhodnutí",
                "uk": "Номер рішення",
            },
            {
                "en": "Number of the recognition/equivalence decision.",
                "ro": "Numărul deciziei de recunoaștere/echivalare.",
                "cs": "Číslo rozhodnutí o uznání a rovnocennosti studia.",
                "uk": "Номер рішення про визнання та зарахування навчання.",
            },
            "1234/2025",
            personal=True,
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
            "2025-08-20",
        ),
    )
    recognised_grade = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {
                "en": "Recognised grade",
                "ro": "Clasa recunoscută",
                "cs": "Uznaný ročník",
                "uk": "Визнаний клас",
            },
            {
                "en": "Last grade recognised as completed (0-12).",
                "ro": "Ultima clasă recunoscută ca absolvită (0-12).",
                "cs": "Poslední ročník uznaný jako ukončený (0-12).",
                "uk": "Останній клас, визнаний закінченим (0-12).",
            },
            6,
        ),
    )


class PreparatoryCourseForm(Schema):
    romanian_level = fields.String(
        required=True,
        validate=one_of(ROMANIAN_LEVELS),
        metadata=described(
            {
                "en": "Romanian level",
                "ro": "Nivelul limbii române",
                "cs": "Úroveň rumunštiny",
                "uk": "Рівень румунської мови",
            },
            {
                "en": "The child's Romanian today.",
                "ro": "Nivelul actual de limba română al copilului.",
                "cs": "Současná úroveň rumunštiny dítěte.",
                "uk": "Нинішній рівень румунської мови дитини.",
            },
            "none",
            choices=ROMANIAN_LEVELS,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=described(
            {
                "en": "School attended or chosen",
                "ro": "Școala urmată sau aleasă",
                "cs": "Navštěvovaná nebo zvolená škola",
                "uk": "Школа, яку дитина відвідує або обрала",
            },
            {
                "en": "If the child already has a school.",
                "ro": "Dacă copilul are deja o școală.",
                "cs": "Pokud dítě již školu má.",
                "uk": "Якщо дитина вже має школу.",
            },
            "Școala Gimnazială nr. 7 Timișoara",
            personal=True,
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=described(
            {
                "en": "Preferred locality",
                "ro": "Localitatea preferată",
                "cs": "Preferovaná obec",
                "uk": "Бажаний населений пункт",
            },
            {
                "en": "Where the course should take place.",
                "ro": "Unde ar trebui să aibă loc cursul.",
                "cs": "Kde by se měl kurz konat.",
                "uk": "Де має проходити курс.",
            },
            "Timișoara",
        ),
    )


class PreparatoryCourseOutcome(Schema):
    course_group = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata=described(
            {
                "en": "Course group",
                "ro": "Grupa de curs",
                "cs": "Skupina kurzu",
                "uk": "Група курсу",
            },
            {
                "en": "Group and school where the course is held.",
                "ro": "Grupa și școala unde se ține cursul.",
                "cs": "Skupina a škola, kde kurz probíhá.",
                "uk": "Група та школа, де проходить курс.",
            },
            "Grupa 2, Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    start_date = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Start date",
                "ro": "Data de început",
                "cs": "Datum zahájení",
                "uk": "Дата початку",
            },
            {
                "en": "First day of the course.",
                "ro": "Prima zi de curs.",
                "cs": "První den kurzu.",
                "uk": "Перший день курсу.",
            },
            "2025-09-15",
        ),
    )


class PlaceForm(Schema):
    place_type = fields.String(
        required=True,
        validate=one_of(PLACE_TYPES),
        metadata=described(
            {"en": "Type of place", "ro": "Tipul locului", "cs": "Druh místa", "uk": "Тип місця"},
            {
                "en": "Kindergarten or after-school.",
                "ro": "Grădiniță sau after-school.",
                "cs": "Mateřská škola nebo školní družina.",
                "uk": "Дитячий садок або група продовженого дня.",
            },
            "kindergarten",
            choices=PLACE_TYPES,
        ),
    )
    schedule = fields.String(
        required=True,
        validate=one_of(SCHEDULES),
        metadata=described(
            {"en": "Schedule", "ro": "Program", "cs": "Rozsah docházky", "uk": "Режим перебування"},
            {
                "en": "Extended when the parents work full time.",
                "ro": "Prelungit când părinții lucrează cu normă întreagă.",
                "cs": "Celodenní, pokud rodiče pracují na plný úvazek.",
                "uk": "Подовжений, якщо батьки працюють повний робочий день.",
            },
            "extended",
            choices=SCHEDULES,
        ),
    )
    wanted_from = fields.Date(
        allow_none=True,
        metadata=described(
            {"en": "Wanted from", "ro": "Începând cu", "cs": "Požadováno od", "uk": "Потрібно з"},
            {
                "en": "The date the family needs the place.",
                "ro": "Data de la care familia are nevoie de loc.",
                "cs": "Datum, od kterého rodina místo potřebuje.",
                "uk": "Дата, з якої сім’ї потрібне місце.",
            },
            "2025-09-15",
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=described(
            {
                "en": "Preferred locality",
                "ro": "Localitatea preferată",
                "cs": "Preferovaná obec",
                "uk": "Бажаний населений пункт",
            },
            {
                "en": "Near home or the parents' work.",
                "ro": "Aproape de casă sau de locul de muncă al părinților.",
                "cs": "Poblíž bydliště nebo pracoviště rodičů.",
                "uk": "Поблизу дому або місця роботи батьків.",
            },
            "Timișoara",
        ),
    )


class PlaceOutcome(Schema):
    institution_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata=described(
            {
                "en": "Kindergarten or school",
                "ro": "Grădinița sau școala",
                "cs": "Mateřská škola nebo škola",
                "uk": "Дитячий садок або школа",
            },
            {
                "en": "Where the place was found.",
                "ro": "Unde s-a găsit locul.",
                "cs": "Kde bylo místo nalezeno.",
                "uk": "Де знайдено місце.",
            },
            "Grădinița cu Program Prelungit nr. 12 Timișoara",
            personal=True,
        ),
    )
    schedule = fields.String(
        required=True,
        validate=one_of(SCHEDULES),
        metadata=described(
            {"en": "Schedule", "ro": "Program", "cs": "Rozsah docházky", "uk": "Режим перебування"},
            {
                "en": "The schedule granted.",
                "ro": "Programul acordat.",
                "cs": "Přiznaný rozsah docházky.",
                "uk": "Наданий режим перебування.",
            },
            "extended",
            choices=SCHEDULES,
        ),
    )
    start_date = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Start date",
                "ro": "Data de început",
                "cs": "Datum zahájení",
                "uk": "Дата початку",
            },
            {
                "en": "First day at the place.",
                "ro": "Prima zi.",
                "cs": "První den docházky.",
                "uk": "Перший день відвідування.",
            },
            "2025-09-15",
        ),
    )


class CounsellingForm(Schema):
    topics = fields.List(
        fields.String(validate=one_of(COUNSELLING_TOPICS)),
        required=True,
        validate=validate.Length(min=1),
        metadata=described(
            {"en": "Topics", "ro": "Teme", "cs": "Témata", "uk": "Теми"},
            {
                "en": "What the counsellor should look at.",
                "ro": "Ce ar trebui să urmărească consilierul.",
                "cs": "Na co by se měl poradce zaměřit.",
                "uk": "На що має звернути увагу консультант.",
            },
            ["adaptation"],
            choices=COUNSELLING_TOPICS,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=described(
            {
                "en": "School attended",
                "ro": "Școala urmată",
                "cs": "Navštěvovaná škola",
                "uk": "Школа, яку відвідує дитина",
            },
            {
                "en": "Where the child goes to school, if anywhere.",
                "ro": "Școala la care merge copilul, dacă este cazul.",
                "cs": "Kam dítě chodí do školy, pokud do nějaké chodí.",
                "uk": "Школа, до якої ходить дитина, якщо ходить.",
            },
            "Școala Gimnazială nr. 7 Timișoara",
            personal=True,
        ),
    )
    interpreter_needed = fields.Boolean(
        required=True,
        metadata=described(
            {
                "en": "Interpreter needed",
                "ro": "Este nevoie de interpret",
                "cs": "Je potřeba tlumočník",
                "uk": "Потрібен перекладач",
            },
            {
                "en": "For the child or the parents.",
                "ro": "Pentru copil sau pentru părinți.",
                "cs": "Pro dítě nebo pro rodiče.",
                "uk": "Для дитини або для батьків.",
            },
            True,
        ),
    )


class CounsellingOutcome(Schema):
    first_session_on = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "First session",
                "ro": "Prima ședință",
                "cs": "První konzultace",
                "uk": "Перша консультація",
            },
            {
                "en": "Date of the first counselling session.",
                "ro": "Data primei ședințe de consiliere.",
                "cs": "Datum první poradenské konzultace.",
                "uk": "Дата першої консультації.",
            },
            "2025-10-01",
        ),
    )
    sessions_planned = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=40),
        metadata=described(
            {
                "en": "Sessions planned",
                "ro": "Ședințe planificate",
                "cs": "Plánovaný počet konzultací",
                "uk": "Заплановано консультацій",
            },
            {
                "en": "Number of sessions agreed with the family.",
                "ro": "Numărul de ședințe stabilite cu familia.",
                "cs": "Počet konzultací dohodnutých s rodinou.",
                "uk": "Кількість консультацій, погоджених із сім’єю.",
            },
            6,
        ),
    )
    follow_up = fields.String(
        required=True,
        validate=one_of(FOLLOW_UPS),
        metadata=described(
            {"en": "Follow-up", "ro": "Continuare", "cs": "Další postup", "uk": "Подальші дії"},
            {
                "en": "What happens after counselling.",
                "ro": "Ce urmează după consiliere.",
                "cs": "Co následuje po poradenství.",
                "uk": "Що відбувається після консультування.",
            },
            "none",
            choices=FOLLOW_UPS,
        ),
    )
