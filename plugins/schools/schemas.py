"""Referral forms and completion outcomes of the school inspectorate (ISJ) and CJRAE.

Grades follow the Romanian system: 0 is the preparatory class (clasa
pregătitoare), 1-4 primary, 5-8 lower secondary (gimnaziu), 9-12 upper
secondary (liceu).
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import described, one_of

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


class PreviousSchoolingSchema(Schema):
    country = fields.String(
        required=True,
        validate=COUNTRY,
        metadata=described(
            {"en": "Country", "ro": "Țara"},
            {
                "en": "Where the child went to school (ISO 3166-1 alpha-2).",
                "ro": "Unde a urmat școala copilul (cod ISO 3166-1 alpha-2).",
            },
            "SY",
        ),
    )
    last_grade_completed = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {"en": "Last grade completed", "ro": "Ultima clasă absolvită"},
            {
                "en": "The last grade the child completed there (0-12).",
                "ro": "Ultima clasă absolvită acolo de copil (0-12).",
            },
            4,
        ),
    )
    year_completed = fields.Integer(
        required=True,
        validate=YEAR,
        metadata=described(
            {"en": "Year completed", "ro": "Anul absolvirii"},
            {
                "en": "Calendar year in which that grade ended.",
                "ro": "Anul calendaristic în care s-a încheiat acea clasă.",
            },
            2023,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=described(
            {"en": "School name", "ro": "Numele școlii"},
            {"en": "If known.", "ro": "Dacă este cunoscut."},
            "Al-Amal Primary School, Aleppo",
        ),
    )


class SchoolEnrolmentForm(Schema):
    level = fields.String(
        required=True,
        validate=one_of(LEVELS),
        metadata=described(
            {"en": "Level of education", "ro": "Nivel de învățământ"},
            {
                "en": "The level the child should be enrolled in.",
                "ro": "Nivelul la care trebuie înscris copilul.",
            },
            "primary",
            choices=LEVELS,
        ),
    )
    grade_requested = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {"en": "Grade requested", "ro": "Clasa solicitată"},
            {
                "en": "0 is the preparatory class; use 0 for kindergarten.",
                "ro": "0 este clasa pregătitoare; pentru grădiniță folosiți 0.",
            },
            3,
        ),
    )
    previous_schooling = fields.Nested(
        PreviousSchoolingSchema,
        many=True,
        load_default=list,
        metadata=described(
            {"en": "Previous schooling", "ro": "Școlarizarea anterioară"},
            {
                "en": "Schools attended before, most recent last; leave empty if none.",
                "ro": "Școlile urmate anterior, cea mai recentă la final; "
                "lăsați gol dacă nu există.",
            },
            [{"country": "SY", "last_grade_completed": 2, "year_completed": 2023}],
        ),
    )
    languages_of_instruction = fields.List(
        fields.String(validate=LANGUAGE),
        load_default=list,
        metadata=described(
            {"en": "Languages of instruction so far", "ro": "Limbile de predare de până acum"},
            {"en": "ISO 639-1 codes.", "ro": "Coduri ISO 639-1."},
            ["ar"],
        ),
    )
    special_educational_needs = fields.Boolean(
        required=True,
        metadata=described(
            {"en": "Special educational needs", "ro": "Cerințe educaționale speciale"},
            {
                "en": "Whether the child has or may have special educational needs.",
                "ro": "Dacă copilul are sau poate avea cerințe educaționale speciale.",
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
            },
            {
                "en": "What the school should prepare for; no medical diagnosis.",
                "ro": "Ce trebuie să pregătească școala; fără diagnostic medical.",
            },
            "Needs a seat near the board (poor eyesight).",
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=described(
            {"en": "Preferred locality", "ro": "Localitatea preferată"},
            {
                "en": "Where the family would like the school to be.",
                "ro": "Unde ar dori familia să fie școala.",
            },
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
        metadata=described(
            {"en": "School", "ro": "Unitatea de învățământ"},
            {
                "en": "The school the child is enrolled in.",
                "ro": "Școala în care a fost înscris copilul.",
            },
            "Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    grade = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {"en": "Grade", "ro": "Clasa"},
            {"en": "0 is the preparatory class.", "ro": "0 este clasa pregătitoare."},
            3,
        ),
    )
    class_start_date = fields.Date(
        required=True,
        metadata=described(
            {"en": "Class start date", "ro": "Data începerii cursurilor"},
            {
                "en": "First day the child attends class.",
                "ro": "Prima zi în care copilul merge la ore.",
            },
            "2025-09-08",
        ),
    )


class StudiesRecognitionForm(Schema):
    country = fields.String(
        required=True,
        validate=COUNTRY,
        metadata=described(
            {"en": "Country of studies", "ro": "Țara în care s-au efectuat studiile"},
            {"en": "ISO 3166-1 alpha-2.", "ro": "Cod ISO 3166-1 alpha-2."},
            "UA",
        ),
    )
    last_grade_completed = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {"en": "Last grade completed abroad", "ro": "Ultima clasă absolvită în străinătate"},
            {"en": "As written on the school records.", "ro": "Așa cum apare în actele de studii."},
            6,
        ),
    )
    year_completed = fields.Integer(
        required=True,
        validate=YEAR,
        metadata=described(
            {"en": "Year completed", "ro": "Anul absolvirii"},
            {
                "en": "Calendar year in which that grade ended.",
                "ro": "Anul calendaristic în care s-a încheiat acea clasă.",
            },
            2024,
        ),
    )
    school_records_available = fields.Boolean(
        required=True,
        metadata=described(
            {"en": "School records available", "ro": "Acte de studii disponibile"},
            {
                "en": "False when the family has no papers and will sign a statement instead.",
                "ro": "Fals dacă familia nu are acte și va da o declarație pe propria răspundere.",
            },
            True,
        ),
    )
    grade_requested = fields.Integer(
        allow_none=True,
        validate=GRADE,
        metadata=described(
            {"en": "Grade the family asks for", "ro": "Clasa solicitată de familie"},
            {
                "en": "Leave empty to let the inspectorate decide.",
                "ro": "Lăsați gol pentru ca inspectoratul să decidă.",
            },
            7,
        ),
    )


class StudiesRecognitionOutcome(Schema):
    decision_number = fields.String(
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata=described(
            {"en": "Decision number", "ro": "Numărul deciziei"},
            {
                "en": "Number of the recognition/equivalence decision.",
                "ro": "Numărul deciziei de recunoaștere/echivalare.",
            },
            "1234/2025",
        ),
    )
    decision_date = fields.Date(
        required=True,
        metadata=described(
            {"en": "Decision date", "ro": "Data deciziei"},
            {"en": "Date of the decision.", "ro": "Data deciziei."},
            "2025-08-20",
        ),
    )
    recognised_grade = fields.Integer(
        required=True,
        validate=GRADE,
        metadata=described(
            {"en": "Recognised grade", "ro": "Clasa recunoscută"},
            {
                "en": "Last grade recognised as completed (0-12).",
                "ro": "Ultima clasă recunoscută ca absolvită (0-12).",
            },
            6,
        ),
    )


class PreparatoryCourseForm(Schema):
    romanian_level = fields.String(
        required=True,
        validate=one_of(ROMANIAN_LEVELS),
        metadata=described(
            {"en": "Romanian level", "ro": "Nivelul limbii române"},
            {
                "en": "The child's Romanian today.",
                "ro": "Nivelul actual de limba română al copilului.",
            },
            "none",
            choices=ROMANIAN_LEVELS,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=described(
            {"en": "School attended or chosen", "ro": "Școala urmată sau aleasă"},
            {"en": "If the child already has a school.", "ro": "Dacă copilul are deja o școală."},
            "Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=described(
            {"en": "Preferred locality", "ro": "Localitatea preferată"},
            {
                "en": "Where the course should take place.",
                "ro": "Unde ar trebui să aibă loc cursul.",
            },
            "Timișoara",
        ),
    )


class PreparatoryCourseOutcome(Schema):
    course_group = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata=described(
            {"en": "Course group", "ro": "Grupa de curs"},
            {
                "en": "Group and school where the course is held.",
                "ro": "Grupa și școala unde se ține cursul.",
            },
            "Grupa 2, Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    start_date = fields.Date(
        required=True,
        metadata=described(
            {"en": "Start date", "ro": "Data de început"},
            {"en": "First day of the course.", "ro": "Prima zi de curs."},
            "2025-09-15",
        ),
    )


class PlaceForm(Schema):
    place_type = fields.String(
        required=True,
        validate=one_of(PLACE_TYPES),
        metadata=described(
            {"en": "Type of place", "ro": "Tipul locului"},
            {"en": "Kindergarten or after-school.", "ro": "Grădiniță sau after-school."},
            "kindergarten",
            choices=PLACE_TYPES,
        ),
    )
    schedule = fields.String(
        required=True,
        validate=one_of(SCHEDULES),
        metadata=described(
            {"en": "Schedule", "ro": "Program"},
            {
                "en": "Extended when the parents work full time.",
                "ro": "Prelungit când părinții lucrează cu normă întreagă.",
            },
            "extended",
            choices=SCHEDULES,
        ),
    )
    wanted_from = fields.Date(
        allow_none=True,
        metadata=described(
            {"en": "Wanted from", "ro": "Începând cu"},
            {
                "en": "The date the family needs the place.",
                "ro": "Data de la care familia are nevoie de loc.",
            },
            "2025-09-15",
        ),
    )
    preferred_locality = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata=described(
            {"en": "Preferred locality", "ro": "Localitatea preferată"},
            {
                "en": "Near home or the parents' work.",
                "ro": "Aproape de casă sau de locul de muncă al părinților.",
            },
            "Timișoara",
        ),
    )


class PlaceOutcome(Schema):
    institution_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata=described(
            {"en": "Kindergarten or school", "ro": "Grădinița sau școala"},
            {"en": "Where the place was found.", "ro": "Unde s-a găsit locul."},
            "Grădinița cu Program Prelungit nr. 12 Timișoara",
        ),
    )
    schedule = fields.String(
        required=True,
        validate=one_of(SCHEDULES),
        metadata=described(
            {"en": "Schedule", "ro": "Program"},
            {"en": "The schedule granted.", "ro": "Programul acordat."},
            "extended",
            choices=SCHEDULES,
        ),
    )
    start_date = fields.Date(
        required=True,
        metadata=described(
            {"en": "Start date", "ro": "Data de început"},
            {"en": "First day at the place.", "ro": "Prima zi."},
            "2025-09-15",
        ),
    )


class CounsellingForm(Schema):
    topics = fields.List(
        fields.String(validate=one_of(COUNSELLING_TOPICS)),
        required=True,
        validate=validate.Length(min=1),
        metadata=described(
            {"en": "Topics", "ro": "Teme"},
            {
                "en": "What the counsellor should look at.",
                "ro": "Ce ar trebui să urmărească consilierul.",
            },
            ["adaptation"],
            choices=COUNSELLING_TOPICS,
        ),
    )
    school_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=200),
        metadata=described(
            {"en": "School attended", "ro": "Școala urmată"},
            {
                "en": "Where the child goes to school, if anywhere.",
                "ro": "Școala la care merge copilul, dacă este cazul.",
            },
            "Școala Gimnazială nr. 7 Timișoara",
        ),
    )
    interpreter_needed = fields.Boolean(
        required=True,
        metadata=described(
            {"en": "Interpreter needed", "ro": "Este nevoie de interpret"},
            {"en": "For the child or the parents.", "ro": "Pentru copil sau pentru părinți."},
            True,
        ),
    )


class CounsellingOutcome(Schema):
    first_session_on = fields.Date(
        required=True,
        metadata=described(
            {"en": "First session", "ro": "Prima ședință"},
            {
                "en": "Date of the first counselling session.",
                "ro": "Data primei ședințe de consiliere.",
            },
            "2025-10-01",
        ),
    )
    sessions_planned = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=40),
        metadata=described(
            {"en": "Sessions planned", "ro": "Ședințe planificate"},
            {
                "en": "Number of sessions agreed with the family.",
                "ro": "Numărul de ședințe stabilite cu familia.",
            },
            6,
        ),
    )
    follow_up = fields.String(
        required=True,
        validate=one_of(FOLLOW_UPS),
        metadata=described(
            {"en": "Follow-up", "ro": "Continuare"},
            {"en": "What happens after counselling.", "ro": "Ce urmează după consiliere."},
            "none",
            choices=FOLLOW_UPS,
        ),
    )
