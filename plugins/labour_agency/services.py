"""The services of the county employment agency (AJOFM) that centres refer to."""

from __future__ import annotations

from core import SLA, Document, InboundStatus, ReasonCode, Service
from core.catalogue.reasons import COMMON_REASONS
from plugins.labour_agency import schemas

# The same as plugins.labour_agency.KIND, which imports this module.
KIND = "labour_agency"

# --- reason codes -------------------------------------------------------------

NO_RIGHT_TO_WORK = ReasonCode(
    "no_right_to_work",
    {
        "en": "No valid right to work in Romania",
        "ro": "Persoana nu are drept valabil de muncă în România",
        "cs": "Osoba nemá platné oprávnění k práci v Rumunsku",
        "uk": "Особа не має чинного права на працю в Румунії",
    },
    frozenset({"rejected", "failed"}),
)
ALREADY_REGISTERED = ReasonCode(
    "already_registered",
    {
        "en": "Already registered as a job seeker",
        "ro": "Persoana este deja înregistrată în evidența AJOFM",
        "cs": "Osoba je již vedena v evidenci uchazečů o zaměstnání",
        "uk": "Особа вже зареєстрована як шукач роботи",
    },
    frozenset({"rejected"}),
)
NOT_REGISTERED = ReasonCode(
    "not_registered",
    {
        "en": "Register the person as a job seeker first",
        "ro": "Persoana trebuie mai întâi înregistrată în căutarea unui loc de muncă",
        "cs": "Osobu je třeba nejprve zaevidovat jako uchazeče o zaměstnání",
        "uk": "Спершу потрібно зареєструвати особу як шукача роботи",
    },
    frozenset({"rejected", "on-hold"}),
)
AWAITING_INTERPRETER = ReasonCode(
    "awaiting_interpreter",
    {
        "en": "Waiting for an interpreter",
        "ro": "Se așteaptă un interpret",
        "cs": "Čeká se na tlumočníka",
        "uk": "Очікується перекладач",
    },
    frozenset({"on-hold"}),
)
DID_NOT_ATTEND = ReasonCode(
    "did_not_attend",
    {
        "en": "The person did not come to the appointment",
        "ro": "Persoana nu s-a prezentat",
        "cs": "Osoba se nedostavila na schůzku",
        "uk": "Особа не з’явилася на призначену зустріч",
    },
    frozenset({"failed"}),
)
NO_COURSE = ReasonCode(
    "no_course_available",
    {
        "en": "No course in this field is planned",
        "ro": "Nu este planificat niciun curs în acest domeniu",
        "cs": "V tomto oboru není naplánován žádný kurz",
        "uk": "Курсів за цим напрямом не заплановано",
    },
    frozenset({"rejected", "on-hold", "failed"}),
)
NO_VACANCY = ReasonCode(
    "no_suitable_vacancy",
    {
        "en": "No suitable vacancy",
        "ro": "Nu există un loc de muncă potrivit",
        "cs": "Není vhodné volné pracovní místo",
        "uk": "Немає відповідної вакансії",
    },
    frozenset({"on-hold", "failed"}),
)

# --- documents ----------------------------------------------------------------

RESIDENCE_DOCUMENT = Document(
    "residence_document",
    {
        "en": "Residence permit or other document giving the right to work",
        "ro": "Permis de ședere sau alt document care dă dreptul la muncă",
        "cs": "Povolení k pobytu nebo jiný doklad opravňující k výkonu práce",
        "uk": "Посвідка на проживання або інший документ, що дає право на працю",
    },
)
EDUCATION_CERTIFICATES = Document(
    "education_certificates",
    {
        "en": "Diplomas or certificates of studies (with translation or recognition, if any)",
        "ro": "Diplome sau certificate de studii (cu traducere sau recunoaștere, dacă există)",
        "cs": "Diplomy nebo vysvědčení o vzdělání (s překladem nebo uznáním, pokud existují)",
        "uk": "Дипломи або свідоцтва про освіту (з перекладом чи визнанням, якщо є)",
    },
)
PROOF_OF_ADDRESS = Document(
    "proof_of_address",
    {
        "en": "Proof of address (rental contract or residence visa on the permit)",
        "ro": "Dovada domiciliului sau reședinței (contract de închiriere sau viza de reședință)",
        "cs": "Doklad o adrese (nájemní smlouva nebo záznam o místě pobytu v povolení k pobytu)",
        "uk": "Підтвердження адреси (договір оренди або відмітка про місце проживання в посвідці)",
    },
)
MEDICAL_CERTIFICATE = Document(
    "medical_certificate",
    {
        "en": "Medical certificate stating the person is fit for the course",
        "ro": "Adeverință medicală de aptitudine pentru curs",
        "cs": "Lékařské potvrzení o zdravotní způsobilosti k účasti na kurzu",
        "uk": "Медична довідка про придатність до навчання на курсі",
    },
)

# --- status codes of AJOFM's own system -----------------------------------------
#
# What the agency's case-management system sends to POST /api/v1/inbound/status-updates
# (its codes: upper case, Romanian without diacritics), and what each means here.
# A code that completes the referral needs the service's outcome in ``data``.

#: every AJOFM service: the request is taken over, the file opened, the work under way
AJOFM_COMMON = (
    InboundStatus("PRELUAT", "received"),  # preluat: the request reached the office
    InboundStatus("ACCEPTAT", "accepted"),  # dosar deschis: the office takes the case
    InboundStatus("IN_DERULARE", "in-progress"),  # în derulare: appointments under way
    InboundStatus("RESPINS_ALT_JUDET", "rejected", "outside_area"),  # domiciliu în alt județ
    InboundStatus("SUSPENDAT_ACTE_LIPSA", "on-hold", "missing_documents"),  # acte lipsă
    InboundStatus("NEPREZENTARE", "failed", DID_NOT_ATTEND.code),  # nu s-a prezentat
    InboundStatus("RENUNTARE", "failed", "beneficiary_withdrew"),  # a renunțat
)
NO_RIGHT_TO_WORK_CODE = InboundStatus("RESPINS_FARA_DREPT_MUNCA", "rejected", NO_RIGHT_TO_WORK.code)
NOT_REGISTERED_CODE = InboundStatus("RESPINS_NEINREGISTRAT", "rejected", NOT_REGISTERED.code)
INTERPRETER_CODE = InboundStatus("ASTEAPTA_INTERPRET", "on-hold", AWAITING_INTERPRETER.code)

JOB_SEEKER_REGISTRATION_CODES = (
    *AJOFM_COMMON,
    NO_RIGHT_TO_WORK_CODE,
    INTERPRETER_CODE,
    InboundStatus("RESPINS_DEJA_INREGISTRAT", "rejected", ALREADY_REGISTERED.code),
    InboundStatus("INREGISTRAT", "completed"),  # înregistrat în evidență: file number and date
)
CAREER_COUNSELLING_CODES = (
    *AJOFM_COMMON,
    INTERPRETER_CODE,
    InboundStatus("CONSILIERE_FINALIZATA", "completed"),  # sessions held, plan agreed or not
)
VOCATIONAL_TRAINING_CODES = (
    *AJOFM_COMMON,
    NO_RIGHT_TO_WORK_CODE,
    NOT_REGISTERED_CODE,
    InboundStatus("CURS_NEPROGRAMAT", "on-hold", NO_COURSE.code),  # no course planned yet
    InboundStatus("INSCRIS_CURS", "completed"),  # înscris la curs: course and dates
)
JOB_MEDIATION_CODES = (
    *AJOFM_COMMON,
    NO_RIGHT_TO_WORK_CODE,
    NOT_REGISTERED_CODE,
    InboundStatus("FARA_LOC_VACANT", "on-hold", NO_VACANCY.code),  # waiting for a vacancy
    InboundStatus("MEDIERE_FARA_REZULTAT", "failed", NO_VACANCY.code),  # mediation gave nothing
    InboundStatus("MEDIERE_INCHEIATA", "completed"),  # mediere încheiată: offers, employed or not
)

# --- services -----------------------------------------------------------------

JOB_SEEKER_REGISTRATION = Service(
    kind=KIND,
    code="job_seeker_registration",
    title={
        "en": "Job-seeker registration",
        "ro": "Înregistrarea ca persoană în căutarea unui loc de muncă",
        "cs": "Registrace uchazeče o zaměstnání",
        "uk": "Реєстрація як шукача роботи",
    },
    description={
        "en": "Registers the person with AJOFM as a job seeker, which opens access to "
        "mediation, counselling, free training courses and, where due, unemployment benefit.",
        "ro": "Înregistrează persoana la AJOFM ca persoană în căutarea unui loc de muncă, "
        "ceea ce îi dă acces la mediere, consiliere, cursuri gratuite și, după caz, "
        "la indemnizația de șomaj.",
        "cs": "Zaeviduje osobu na AJOFM jako uchazeče o zaměstnání, čímž jí otevře přístup "
        "ke zprostředkování, poradenství, bezplatným kurzům a případně k podpoře "
        "v nezaměstnanosti.",
        "uk": "Реєструє особу в AJOFM як шукача роботи, що відкриває їй доступ до "
        "посередництва у працевлаштуванні, консультацій, безкоштовних курсів і, за наявності "
        "підстав, до допомоги з безробіття.",
    },
    form_schema=schemas.JobSeekerRegistrationForm,
    outcome_schema=schemas.JobSeekerRegistrationOutcome,
    sla=SLA(respond_days=3, complete_days=15),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "date_of_birth",
        "nationality",
        "residence_document",
        "employment_status",
        "phone",
        "county",
        "locality",
    ),
    required_documents=(RESIDENCE_DOCUMENT, EDUCATION_CERTIFICATES, PROOF_OF_ADDRESS),
    reason_codes=(
        *COMMON_REASONS,
        DID_NOT_ATTEND,
        NO_RIGHT_TO_WORK,
        ALREADY_REGISTERED,
        AWAITING_INTERPRETER,
    ),
    inbound_statuses=JOB_SEEKER_REGISTRATION_CODES,
)

CAREER_COUNSELLING = Service(
    kind=KIND,
    code="career_counselling",
    title={
        "en": "Career and labour-market counselling",
        "ro": "Informare și consiliere profesională",
        "cs": "Kariérní poradenství a informace o trhu práce",
        "uk": "Профорієнтація та консультації щодо ринку праці",
    },
    description={
        "en": "Sessions with an AJOFM counsellor: the local labour market, career "
        "orientation, CV and interview preparation, recognition of qualifications.",
        "ro": "Ședințe cu un consilier AJOFM: piața muncii locală, orientare profesională, "
        "CV și pregătire pentru interviu, recunoașterea calificărilor.",
        "cs": "Konzultace s poradcem AJOFM: místní trh práce, kariérní orientace, příprava "
        "životopisu a pracovního pohovoru, uznávání kvalifikací.",
        "uk": "Зустрічі з консультантом AJOFM: місцевий ринок праці, професійна орієнтація, "
        "підготовка резюме та до співбесіди, визнання кваліфікацій.",
    },
    form_schema=schemas.CareerCounsellingForm,
    outcome_schema=schemas.CareerCounsellingOutcome,
    sla=SLA(respond_days=3, complete_days=30),
    beneficiary_fields=("given_name", "family_name", "languages", "phone"),
    reason_codes=(*COMMON_REASONS, DID_NOT_ATTEND, AWAITING_INTERPRETER),
    inbound_statuses=CAREER_COUNSELLING_CODES,
)

VOCATIONAL_TRAINING = Service(
    kind=KIND,
    code="vocational_training",
    title={
        "en": "Vocational training course",
        "ro": "Curs de formare profesională",
        "cs": "Rekvalifikační kurz",
        "uk": "Курс професійного навчання",
    },
    description={
        "en": "A place on a free qualification or specialisation course organised or "
        "paid for by AJOFM for registered job seekers.",
        "ro": "Un loc la un curs gratuit de calificare sau specializare organizat sau "
        "finanțat de AJOFM pentru persoanele înregistrate în căutarea unui loc de muncă.",
        "cs": "Místo v bezplatném kvalifikačním nebo specializačním kurzu, který pro "
        "evidované uchazeče o zaměstnání pořádá nebo hradí AJOFM.",
        "uk": "Місце на безкоштовному курсі професійної підготовки чи спеціалізації, який "
        "AJOFM організовує або оплачує для зареєстрованих шукачів роботи.",
    },
    form_schema=schemas.VocationalTrainingForm,
    outcome_schema=schemas.VocationalTrainingOutcome,
    sla=SLA(respond_days=5, complete_days=60),
    beneficiary_fields=("given_name", "family_name", "date_of_birth", "phone"),
    required_documents=(RESIDENCE_DOCUMENT, EDUCATION_CERTIFICATES, MEDICAL_CERTIFICATE),
    reason_codes=(*COMMON_REASONS, DID_NOT_ATTEND, NO_RIGHT_TO_WORK, NOT_REGISTERED, NO_COURSE),
    inbound_statuses=VOCATIONAL_TRAINING_CODES,
)

JOB_MEDIATION = Service(
    kind=KIND,
    code="job_mediation",
    title={
        "en": "Job mediation",
        "ro": "Medierea muncii",
        "cs": "Zprostředkování zaměstnání",
        "uk": "Посередництво у працевлаштуванні",
    },
    description={
        "en": "AJOFM matches the person with vacancies from its employer database and "
        "job fairs, and follows up until a contract is signed.",
        "ro": "AJOFM pune persoana în legătură cu locurile de muncă vacante din baza sa de "
        "date și de la bursele locurilor de muncă, până la semnarea unui contract.",
        "cs": "AJOFM propojí osobu s volnými místy ze své databáze zaměstnavatelů a z veletrhů "
        "práce a provází ji až do podpisu pracovní smlouvy.",
        "uk": "AJOFM підбирає для особи вакансії зі своєї бази роботодавців і з ярмарків "
        "вакансій та супроводжує її до підписання трудового договору.",
    },
    form_schema=schemas.JobMediationForm,
    outcome_schema=schemas.JobMediationOutcome,
    sla=SLA(respond_days=3, complete_days=45),
    beneficiary_fields=("given_name", "family_name", "languages", "phone", "email", "locality"),
    required_documents=(RESIDENCE_DOCUMENT,),
    reason_codes=(*COMMON_REASONS, DID_NOT_ATTEND, NO_RIGHT_TO_WORK, NOT_REGISTERED, NO_VACANCY),
    inbound_statuses=JOB_MEDIATION_CODES,
)

SERVICES = [JOB_SEEKER_REGISTRATION, CAREER_COUNSELLING, VOCATIONAL_TRAINING, JOB_MEDIATION]
