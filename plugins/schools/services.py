"""The services of the county school inspectorate (ISJ) and its resource centre (CJRAE)."""

from __future__ import annotations

from core import SLA, Document, InboundStatus, ReasonCode, Service
from core.catalogue.reasons import COMMON_REASONS
from plugins.schools import schemas

KIND = "schools"

#: Services only for a child (under 18 on the day the referral is made).
CHILD_SERVICES = frozenset(
    {"school_enrolment", "kindergarten_or_after_school_place", "romanian_preparatory_course"}
)

FAMILY_LEFT_COUNTY = ReasonCode(
    "family_left_county",
    {
        "en": "The family left the county",
        "ro": "Familia a părăsit județul",
        "cs": "Rodina se z kraje odstěhovala",
        "uk": "Сім’я виїхала з повіту",
    },
    frozenset({"failed"}),
)
NO_PLACE = ReasonCode(
    "no_place_available",
    {
        "en": "No place available in the locality",
        "ro": "Nu există locuri disponibile în localitate",
        "cs": "V obci není volné místo",
        "uk": "У населеному пункті немає вільних місць",
    },
    frozenset({"on-hold", "failed"}),
)

BIRTH_CERTIFICATE = Document(
    "birth_certificate",
    {
        "en": "Child's birth certificate (with translation)",
        "ro": "Certificatul de naștere al copilului (cu traducere)",
        "cs": "Rodný list dítěte (s překladem)",
        "uk": "Свідоцтво про народження дитини (з перекладом)",
    },
)
IDENTITY_DOCUMENTS = Document(
    "identity_documents",
    {
        "en": "Identity or residence documents of the child and parent",
        "ro": "Actele de identitate sau de ședere ale copilului și părintelui",
        "cs": "Doklady totožnosti nebo pobytové doklady dítěte a rodiče",
        "uk": "Документи, що посвідчують особу або право на проживання, дитини та одного з батьків",
    },
)
MEDICAL_CERTIFICATE = Document(
    "medical_certificate",
    {
        "en": "Medical certificate for school or kindergarten",
        "ro": "Adeverință medicală pentru școală sau grădiniță",
        "cs": "Lékařské potvrzení pro školu nebo mateřskou školu",
        "uk": "Медична довідка для школи або дитячого садка",
    },
)
SCHOOL_RECORDS = Document(
    "school_records",
    {
        "en": "School records from abroad (with translation), or a signed statement on the "
        "studies completed when there are none",
        "ro": "Actele de studii din străinătate (cu traducere) sau, în lipsa lor, declarația "
        "pe propria răspundere privind studiile efectuate",
        "cs": "Doklady o vzdělání ze zahraničí (s překladem), nebo podepsané čestné prohlášení o "
        "absolvovaném vzdělání, pokud žádné doklady nejsou",
        "uk": "Документи про навчання за кордоном (з перекладом) або, за їх відсутності, "
        "підписана заява під особисту відповідальність про здобуту освіту",
    },
)
PARENT_CONSENT = Document(
    "parent_consent",
    {
        "en": "Written consent of the parent or guardian",
        "ro": "Acordul scris al părintelui sau tutorelui",
        "cs": "Písemný souhlas rodiče nebo opatrovníka",
        "uk": "Письмова згода одного з батьків або опікуна",
    },
)

# --- status codes of the inspectorate's own system ------------------------------------
#
# What the inspectorate's (and CJRAE's) case register sends to
# POST /api/v1/inbound/status-updates, and what each code means here. A completing
# code needs the outcome in ``data``.

#: every ISJ / CJRAE service: file received, accepted, worked on, or stopped
ISJ_COMMON = (
    InboundStatus("DOSAR_PRIMIT", "received"),  # dosar înregistrat la registratură
    InboundStatus("DOSAR_ACCEPTAT", "accepted"),
    InboundStatus("IN_LUCRU", "in-progress"),
    InboundStatus("RESPINS_ALT_JUDET", "rejected", "outside_area"),
    InboundStatus("SUSPENDAT_ACTE_LIPSA", "on-hold", "missing_documents"),
    InboundStatus("RENUNTARE", "failed", "beneficiary_withdrew"),
)
NO_PLACE_CODE = InboundStatus("FARA_LOCURI", "on-hold", NO_PLACE.code)
FAMILY_LEFT_CODE = InboundStatus("FAMILIE_PLECATA", "failed", FAMILY_LEFT_COUNTY.code)

SCHOOL_ENROLMENT_CODES = (
    *ISJ_COMMON,
    NO_PLACE_CODE,
    FAMILY_LEFT_CODE,
    InboundStatus("ASTEAPTA_ECHIVALARE", "on-hold", "awaiting_studies_recognition"),
    InboundStatus("REPARTIZAT", "completed"),  # repartizat: school, grade, first day
)
STUDIES_RECOGNITION_CODES = (
    *ISJ_COMMON,
    InboundStatus("RESPINS_COMPETENTA_CNRED", "rejected", "competence_of_ministry"),
    InboundStatus("EVALUARE_PROGRAMATA", "on-hold", "assessment_exam_pending"),
    InboundStatus("ECHIVALARE_APROBATA", "completed"),  # decizie de echivalare
)
ROMANIAN_PREPARATORY_COURSE_CODES = (
    *ISJ_COMMON,
    InboundStatus("GRUPA_NEFORMATA", "on-hold", "group_not_formed"),
    InboundStatus("INSCRIS_CURS", "completed"),  # înscris în grupa de curs
)
KINDERGARTEN_OR_AFTER_SCHOOL_PLACE_CODES = (
    *ISJ_COMMON,
    NO_PLACE_CODE,
    FAMILY_LEFT_CODE,
    InboundStatus("LOC_ALOCAT", "completed"),  # loc alocat la grădiniță / after-school
)
SCHOOL_COUNSELLING_CODES = (
    *ISJ_COMMON,
    InboundStatus("FARA_INTERPRET", "on-hold", "no_interpreter"),
    InboundStatus("CONSILIERE_PLANIFICATA", "completed"),  # first session held, plan made
)

SCHOOL_ENROLMENT = Service(
    kind=KIND,
    code="school_enrolment",
    title={
        "en": "School enrolment",
        "ro": "Înscrierea la școală",
        "cs": "Zápis do školy",
        "uk": "Зарахування до школи",
    },
    description={
        "en": "The inspectorate places the child in a school and grade near home.",
        "ro": "Inspectoratul repartizează copilul la o școală și o clasă aproape de casă.",
        "cs": "Inspektorát zařadí dítě do školy a ročníku poblíž bydliště.",
        "uk": "Інспекторат направляє дитину до школи та класу поблизу місця проживання.",
    },
    form_schema=schemas.SchoolEnrolmentForm,
    outcome_schema=schemas.SchoolEnrolmentOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "name_latin",
        "date_of_birth",
        "nationality",
        "languages",
        "county",
        "locality",
    ),
    required_documents=(BIRTH_CERTIFICATE, IDENTITY_DOCUMENTS, MEDICAL_CERTIFICATE, SCHOOL_RECORDS),
    reason_codes=(
        *COMMON_REASONS,
        FAMILY_LEFT_COUNTY,
        NO_PLACE,
        ReasonCode(
            "awaiting_studies_recognition",
            {
                "en": "Waiting for the recognition of previous studies",
                "ro": "Se așteaptă recunoașterea studiilor anterioare",
                "cs": "Čeká se na uznání předchozího vzdělání",
                "uk": "Очікується визнання попереднього навчання",
            },
            frozenset({"on-hold"}),
        ),
    ),
    inbound_statuses=SCHOOL_ENROLMENT_CODES,
)

STUDIES_RECOGNITION = Service(
    kind=KIND,
    code="studies_recognition",
    title={
        "en": "Recognition of previous studies",
        "ro": "Recunoașterea și echivalarea studiilor anterioare",
        "cs": "Uznání předchozího vzdělání",
        "uk": "Визнання та зарахування попереднього навчання",
    },
    description={
        "en": "The inspectorate recognises the school years completed abroad and decides "
        "which grade the child has completed.",
        "ro": "Inspectoratul recunoaște anii de studii efectuați în străinătate și stabilește "
        "clasa absolvită de copil.",
        "cs": "Inspektorát uzná školní roky absolvované v zahraničí a rozhodne, který ročník dítě "
        "ukončilo.",
        "uk": "Інспекторат визнає роки навчання за кордоном і визначає, який клас закінчила "
        "дитина.",
    },
    form_schema=schemas.StudiesRecognitionForm,
    outcome_schema=schemas.StudiesRecognitionOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=("given_name", "family_name", "name_latin", "date_of_birth", "nationality"),
    required_documents=(SCHOOL_RECORDS, BIRTH_CERTIFICATE, IDENTITY_DOCUMENTS),
    reason_codes=(
        *COMMON_REASONS,
        FAMILY_LEFT_COUNTY,
        ReasonCode(
            "competence_of_ministry",
            {
                "en": "The studies must be recognised by the ministry (CNRED)",
                "ro": "Studiile trebuie recunoscute de minister (CNRED)",
                "cs": "Vzdělání musí uznat ministerstvo (CNRED)",
                "uk": "Навчання має визнати міністерство (CNRED)",
            },
            frozenset({"rejected"}),
        ),
        ReasonCode(
            "assessment_exam_pending",
            {
                "en": "The child has to sit the placement assessment",
                "ro": "Copilul trebuie să susțină evaluarea pentru stabilirea clasei",
                "cs": "Dítě musí absolvovat zkoušku pro zařazení do ročníku",
                "uk": "Дитина має пройти оцінювання для визначення класу",
            },
            frozenset({"on-hold"}),
        ),
    ),
    inbound_statuses=STUDIES_RECOGNITION_CODES,
)

ROMANIAN_PREPARATORY_COURSE = Service(
    kind=KIND,
    code="romanian_preparatory_course",
    title={
        "en": "Romanian language preparatory course",
        "ro": "Curs pregătitor de limba română",
        "cs": "Přípravný kurz rumunštiny",
        "uk": "Підготовчий курс румунської мови",
    },
    description={
        "en": "A school-year course of Romanian that migrant children take before they join a "
        "regular class.",
        "ro": "Curs de limba română, pe durata unui an școlar, pe care copiii migranți îl urmează "
        "înainte de a intra într-o clasă obișnuită.",
        "cs": "Celoroční kurz rumunštiny, který děti migrantů absolvují před zařazením do běžné "
        "třídy.",
        "uk": "Річний курс румунської мови, який діти-мігранти проходять перед тим, як перейти до "
        "звичайного класу.",
    },
    form_schema=schemas.PreparatoryCourseForm,
    outcome_schema=schemas.PreparatoryCourseOutcome,
    sla=SLA(respond_days=5, complete_days=45),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "name_latin",
        "date_of_birth",
        "languages",
        "county",
        "locality",
    ),
    required_documents=(IDENTITY_DOCUMENTS,),
    reason_codes=(
        *COMMON_REASONS,
        FAMILY_LEFT_COUNTY,
        ReasonCode(
            "group_not_formed",
            {
                "en": "Not enough children to form a course group yet",
                "ro": "Nu sunt încă destui copii pentru formarea unei grupe",
                "cs": "Zatím není dost dětí na vytvoření skupiny",
                "uk": "Поки що недостатньо дітей для формування групи",
            },
            frozenset({"on-hold", "failed"}),
        ),
    ),
    inbound_statuses=ROMANIAN_PREPARATORY_COURSE_CODES,
)

KINDERGARTEN_OR_AFTER_SCHOOL_PLACE = Service(
    kind=KIND,
    code="kindergarten_or_after_school_place",
    title={
        "en": "Kindergarten or after-school place",
        "ro": "Loc la grădiniță sau la after-school",
        "cs": "Místo ve školce nebo družině",
        "uk": "Місце в дитячому садку або групі продовженого дня",
    },
    description={
        "en": "The inspectorate finds a kindergarten place or an after-school programme for the "
        "child.",
        "ro": "Inspectoratul găsește un loc la grădiniță sau într-un program after-school pentru "
        "copil.",
        "cs": "Inspektorát najde pro dítě místo v mateřské škole nebo ve školní družině.",
        "uk": "Інспекторат знаходить для дитини місце в дитячому садку або в програмі "
        "продовженого дня.",
    },
    form_schema=schemas.PlaceForm,
    outcome_schema=schemas.PlaceOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "date_of_birth",
        "languages",
        "county",
        "locality",
    ),
    required_documents=(BIRTH_CERTIFICATE, IDENTITY_DOCUMENTS, MEDICAL_CERTIFICATE),
    reason_codes=(*COMMON_REASONS, FAMILY_LEFT_COUNTY, NO_PLACE),
    inbound_statuses=KINDERGARTEN_OR_AFTER_SCHOOL_PLACE_CODES,
)

SCHOOL_COUNSELLING = Service(
    kind=KIND,
    code="school_counselling",
    title={
        "en": "School counselling (CJRAE)",
        "ro": "Consiliere psihopedagogică (CJRAE)",
        "cs": "Školní poradenství (CJRAE)",
        "uk": "Шкільне психолого-педагогічне консультування (CJRAE)",
    },
    description={
        "en": "A school counsellor of the resource centre helps the child settle in and, where "
        "needed, refers to the special educational needs assessment.",
        "ro": "Un profesor consilier al centrului de resurse sprijină adaptarea copilului și, "
        "la nevoie, îl îndrumă către evaluarea cerințelor educaționale speciale.",
        "cs": "Školní poradce resursního centra pomáhá dítěti s adaptací a v případě potřeby jej "
        "odkáže k posouzení speciálních vzdělávacích potřeb.",
        "uk": "Шкільний психолог-консультант ресурсного центру допомагає дитині адаптуватися і за "
        "потреби скеровує її на оцінку особливих освітніх потреб.",
    },
    form_schema=schemas.CounsellingForm,
    outcome_schema=schemas.CounsellingOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "date_of_birth",
        "languages",
        "county",
        "locality",
    ),
    required_documents=(PARENT_CONSENT,),
    reason_codes=(
        *COMMON_REASONS,
        FAMILY_LEFT_COUNTY,
        ReasonCode(
            "no_interpreter",
            {
                "en": "No interpreter available for the sessions",
                "ro": "Nu este disponibil un interpret pentru ședințe",
                "cs": "Pro konzultace není k dispozici tlumočník",
                "uk": "Немає перекладача для консультацій",
            },
            frozenset({"on-hold", "failed"}),
        ),
    ),
    inbound_statuses=SCHOOL_COUNSELLING_CODES,
)

SERVICES = [
    SCHOOL_ENROLMENT,
    STUDIES_RECOGNITION,
    ROMANIAN_PREPARATORY_COURSE,
    KINDERGARTEN_OR_AFTER_SCHOOL_PLACE,
    SCHOOL_COUNSELLING,
]
