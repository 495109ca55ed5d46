"""Referral forms and completion outcomes of the school inspectorate (ISJ) and CJRAE.

Grades follow the Romanian system: 0 is the preparatory class (clasa
pregătitoare), 1-4 primary, 5-8 lower secondary (gimnaziu), 9-12 upper
secondary (liceu).
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="Use an ISO 3166-1 alpha-2 country code, e.g. SY.")
LANGUAGE = validate.Regexp(r"^[a-z]{2}$", error="Use an ISO 639-1 language code, e.g. ar.")
GRADE = validate.Range(min=0, max=12)
YEAR = validate.Range(min=1990, max=2100)

LEVELS = {
    "kindergarten": {"en": "Kindergarten", "ro": "Învățământ preșcolar (grădiniță)"},
    "primary": {"en": "Primary (grades 0-4)", "ro": "Învățământ primar (clasele 0-IV)"},
    "lower_secondary": {
        "en": "Lower secondary (grades 5-8)",
        "ro": "Învățământ gimnazial (clasele V-VIII)",
    },
    "upper_secondary": {
        "en": "Upper secondary (grades 9-12)",
        "ro": "Învățământ liceal (clasele IX-XII)",
    },
}
# Kindergarten groups are set by the kindergarten itself, so the form asks for grade 0.
GRADES_BY_LEVEL = {
    "kindergarten": range(0, 1),
    "primary": range(0, 5),
    "lower_secondary": range(5, 9),
    "upper_secondary": range(9, 13),
}
ROMANIAN_LEVELS = {
    "none": {"en": "No Romanian", "ro": "Nu vorbește limba română"},
    "a1": {"en": "Beginner (A1)", "ro": "Începător (A1)"},
    "a2": {"en": "Elementary (A2)", "ro": "Elementar (A2)"},
    "b1": {"en": "Intermediate (B1)", "ro": "Intermediar (B1)"},
}
PLACE_TYPES = {
    "kindergarten": {"en": "Kindergarten place", "ro": "Loc la grădiniță"},
    "after_school": {"en": "After-school programme", "ro": "Program after-school"},
}
SCHEDULES = {
    "normal": {"en": "Normal programme (about 5 hours)", "ro": "Program normal (circa 5 ore)"},
    "extended": {
        "en": "Extended programme (about 10 hours)",
        "ro": "Program prelungit (circa 10 ore)",
    },
}
COUNSELLING_TOPICS = {
    "adaptation": {"en": "Adapting to the new school", "ro": "Adaptarea la noua școală"},
    "learning_difficulties": {"en": "Learning difficulties", "ro": "Dificultăți de învățare"},
    "behaviour": {"en": "Behaviour", "ro": "Comportament"},
    "emotional_wellbeing": {
        "en": "Emotional wellbeing, trauma",
        "ro": "Starea emoțională, traume",
    },
    "career_guidance": {
        "en": "Educational and career guidance",
        "ro": "Orientare școlară și profesională",
    },
    "sen_assessment": {
        "en": "Assessment of special educational needs",
        "ro": "Evaluarea cerințelor educaționale speciale",
    },
}
FOLLOW_UPS = {
    "none": {"en": "No follow-up needed", "ro": "Nu este necesară continuarea"},
    "sen_commission": {
        "en": "Referred to the school guidance commission (SEN)",
        "ro": "Îndrumat către Comisia de orientare școlară și profesională (CES)",
    },
    "school_mediator": {"en": "School mediator assigned", "ro": "Mediator școlar desemnat"},
    "external_services": {
        "en": "Referred to external services",
        "ro": "Îndrumat către servicii externe",
    },
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


class PreviousSchoolingSchema(Schema):
    country = fields.String(
        required=True,
        validate=COUNTRY,
        metadata=meta(
            ("Country", "Țara"),
            (
                "Where the child went to school (ISO 3166-1 alpha-2).",
                "Unde a urmat școala copilul (cod ISO 3166-1 alpha-2).",
            ),
            "SY",
        ),
    )
    last_grade_completed = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=meta(
            ("Last grade completed", "Ultima clasă absolvită"),
            (
                "The last grade the child completed there (0-12).",
                "Ultima clasă absolvită acolo de copil (0-12).",
            ),
            4,
        ),
    )
    year_completed = fields.Integer(
        required=True,
        validate=YEAR,
        metadata=meta(
            ("Year completed", "Anul absolvirii"),
            (
                "Calendar year in which that grade ended.",
                "Anul calendaristic în care s-a încheiat acea clasă.",
            ),
            2023,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=meta(
            ("School name", "Numele școlii"),
            ("If known.", "Dacă este cunoscut."),
            "Al-Amal Primary School, Aleppo",
        ),
    )


class SchoolEnrolmentForm(Schema):
    level = choice(
        LEVELS,
        ("Level of education", "Nivel de învățământ"),
        ("The level the child should be enrolled in.", "Nivelul la care trebuie înscris copilul."),
        "primary",
        required=True,
    )
    grade_requested = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=meta(
            ("Grade requested", "Clasa solicitată"),
            (
                "0 is the preparatory class; use 0 for kindergarten.",
                "0 este clasa pregătitoare; pentru grădiniță folosiți 0.",
            ),
            3,
        ),
    )
    previous_schooling = fields.Nested(
        PreviousSchoolingSchema,
        many=True,
        load_default=list,
        metadata=meta(
            ("Previous schooling", "Școlarizarea anterioară"),
            (
                "Schools attended before, most recent last; leave empty if none.",
                "Școlile urmate anterior, cea mai recentă la final; lăsați gol dacă nu există.",
            ),
            [{"country": "SY", "last_grade_completed": 2, "year_completed": 2023}],
        ),
    )
    languages_of_instruction = fields.List(
        fields.String(validate=LANGUAGE),
        load_default=list,
        metadata=meta(
            ("Languages of instruction so far", "Limbile de predare de până acum"),
            ("ISO 639-1 codes.", "Coduri ISO 639-1."),
            ["ar"],
        ),
    )
    special_educational_needs = fields.Boolean(
        required=True,
        metadata=meta(
            ("Special educational needs", "Cerințe educaționale speciale"),
            (
                "Whether the child has or may have special educational needs.",
                "Dacă copilul are sau poate avea cerințe educaționale speciale.",
            ),
            False,
        ),
    )
    special_educational_needs_note = fields.String(
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata=meta(
            ("Note on special educational needs", "Observații privind cerințele speciale"),
            (
                "What the school should prepare for; no medical diagnosis.",
                "Ce trebuie să pregătească școala; fără diagnostic medical.",
            ),
            "Needs a seat near the board (poor eyesight).",
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=meta(
            ("Preferred locality", "Localitatea preferată"),
            (
                "Where the family would like the school to be.",
                "Unde ar dori familia să fie școala.",
            ),
            "Timișoara",
        ),
    )

    @validates_schema
    def grade_fits_level(self, data, **kwargs):
        level, grade = data.get("level"), data.get("grade_requested")
        if level in GRADES_BY_LEVEL and grade is not None and grade not in GRADES_BY_LEVEL[level]:
            allowed = GRADES_BY_LEVEL[level]
            raise ValidationError(
                f"For {level} the grade must be between {allowed[0]} and {allowed[-1]}.",
                "grade_requested",
            )


class SchoolEnrolmentOutcome(Schema):
    school_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata=meta(
            ("School", "Unitatea de învățământ"),
            ("The school the child is enrolled in.", "Școala în care a fost înscris copilul."),
            "Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    grade = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=meta(
            ("Grade", "Clasa"), ("0 is the preparatory class.", "0 este clasa pregătitoare."), 3
        ),
    )
    class_start_date = fields.Date(
        required=True,
        metadata=meta(
            ("Class start date", "Data începerii cursurilor"),
            ("First day the child attends class.", "Prima zi în care copilul merge la ore."),
            "2025-09-08",
        ),
    )


class StudiesRecognitionForm(Schema):
    country = fields.String(
        required=True,
        validate=COUNTRY,
        metadata=meta(
            ("Country of studies", "Țara în care s-au efectuat studiile"),
            ("ISO 3166-1 alpha-2.", "Cod ISO 3166-1 alpha-2."),
            "UA",
        ),
    )
    last_grade_completed = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=meta(
            ("Last grade completed abroad", "Ultima clasă absolvită în străinătate"),
            ("As written on the school records.", "Așa cum apare în actele de studii."),
            6,
        ),
    )
    year_completed = fields.Integer(
        required=True,
        validate=YEAR,
        metadata=meta(
            ("Year completed", "Anul absolvirii"),
            (
                "Calendar year in which that grade ended.",
                "Anul calendaristic în care s-a încheiat acea clasă.",
            ),
            2024,
        ),
    )
    school_records_available = fields.Boolean(
        required=True,
        metadata=meta(
            ("School records available", "Acte de studii disponibile"),
            (
                "False when the family has no papers and will sign a statement instead.",
                "Fals dacă familia nu are acte și va da o declarație pe propria răspundere.",
            ),
            True,
        ),
    )
    grade_requested = fields.Integer(
        allow_none=True,
        validate=GRADE,
        metadata=meta(
            ("Grade the family asks for", "Clasa solicitată de familie"),
            (
                "Leave empty to let the inspectorate decide.",
                "Lăsați gol pentru ca inspectoratul să decidă.",
            ),
            7,
        ),
    )


class StudiesRecognitionOutcome(Schema):
    decision_number = fields.String(
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata=meta(
            ("Decision number", "Numărul deciziei"),
            (
                "Number of the recognition/equivalence decision.",
                "Numărul deciziei de recunoaștere/echivalare.",
            ),
            "1234/2025",
        ),
    )
    decision_date = fields.Date(
        required=True,
        metadata=meta(
            ("Decision date", "Data deciziei"),
            ("Date of the decision.", "Data deciziei."),
            "2025-08-20",
        ),
    )
    recognised_grade = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=meta(
            ("Recognised grade", "Clasa recunoscută"),
            (
                "Last grade recognised as completed (0-12).",
                "Ultima clasă recunoscută ca absolvită (0-12).",
            ),
            6,
        ),
    )


class PreparatoryCourseForm(Schema):
    romanian_level = choice(
        ROMANIAN_LEVELS,
        ("Romanian level", "Nivelul limbii române"),
        ("The child's Romanian today.", "Nivelul actual de limba română al copilului."),
        "none",
        required=True,
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=meta(
            ("School attended or chosen", "Școala urmată sau aleasă"),
            ("If the child already has a school.", "Dacă copilul are deja o școală."),
            "Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=meta(
            ("Preferred locality", "Localitatea preferată"),
            ("Where the course should take place.", "Unde ar trebui să aibă loc cursul."),
            "Timișoara",
        ),
    )


class PreparatoryCourseOutcome(Schema):
    course_group = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata=meta(
            ("Course group", "Grupa de curs"),
            ("Group and school where the course is held.", "Grupa și școala unde se ține cursul."),
            "Grupa 2, Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    start_date = fields.Date(
        required=True,
        metadata=meta(
            ("Start date", "Data de început"),
            ("First day of the course.", "Prima zi de curs."),
            "2025-09-15",
        ),
    )


class PlaceForm(Schema):
    place_type = choice(
        PLACE_TYPES,
        ("Type of place", "Tipul locului"),
        ("Kindergarten or after-school.", "Grădiniță sau after-school."),
        "kindergarten",
        required=True,
    )
    schedule = choice(
        SCHEDULES,
        ("Schedule", "Program"),
        (
            "Extended when the parents work full time.",
            "Prelungit când părinții lucrează cu normă întreagă.",
        ),
        "extended",
        required=True,
    )
    wanted_from = fields.Date(
        allow_none=True,
        metadata=meta(
            ("Wanted from", "Începând cu"),
            ("The date the family needs the place.", "Data de la care familia are nevoie de loc."),
            "2025-09-15",
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=meta(
            ("Preferred locality", "Localitatea preferată"),
            (
                "Near home or the parents' work.",
                "Aproape de casă sau de locul de muncă al părinților.",
            ),
            "Timișoara",
        ),
    )


class PlaceOutcome(Schema):
    institution_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata=meta(
            ("Kindergarten or school", "Grădinița sau școala"),
            ("Where the place was found.", "Unde s-a găsit locul."),
            "Grădinița cu Program Prelungit nr. 12 Timișoara",
        ),
    )
    schedule = choice(
        SCHEDULES,
        ("Schedule", "Program"),
        ("The schedule granted.", "Programul acordat."),
        "extended",
        required=True,
    )
    start_date = fields.Date(
        required=True,
        metadata=meta(
            ("Start date", "Data de început"),
            ("First day at the place.", "Prima zi."),
            "2025-09-15",
        ),
    )


class CounsellingForm(Schema):
    topics = fields.List(
        fields.String(validate=validate.OneOf(list(COUNSELLING_TOPICS))),
        required=True,
        validate=validate.Length(min=1),
        metadata=meta(
            ("Topics", "Teme"),
            ("What the counsellor should look at.", "Ce ar trebui să urmărească consilierul."),
            ["adaptation"],
            COUNSELLING_TOPICS,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=meta(
            ("School attended", "Școala urmată"),
            (
                "Where the child goes to school, if anywhere.",
                "Școala la care merge copilul, dacă este cazul.",
            ),
            "Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    interpreter_needed = fields.Boolean(
        required=True,
        metadata=meta(
            ("Interpreter needed", "Este nevoie de interpret"),
            ("For the child or the parents.", "Pentru copil sau pentru părinți."),
            True,
        ),
    )


class CounsellingOutcome(Schema):
    first_session_on = fields.Date(
        required=True,
        metadata=meta(
            ("First session", "Prima ședință"),
            ("Date of the first counselling session.", "Data primei ședințe de consiliere."),
            "2025-10-01",
        ),
    )
    sessions_planned = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=40),
        metadata=meta(
            ("Sessions planned", "Ședințe planificate"),
            (
                "Number of sessions agreed with the family.",
                "Numărul de ședințe stabilite cu familia.",
            ),
            6,
        ),
    )
    follow_up = choice(
        FOLLOW_UPS,
        ("Follow-up", "Continuare"),
        ("What happens after counselling.", "Ce urmează după consiliere."),
        "none",
        required=True,
    )
