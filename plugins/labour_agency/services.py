"""The services of the county employment agency (AJOFM) that centres refer to."""

from __future__ import annotations

from core import SLA, Document, ReasonCode, Service
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
    },
    frozenset({"rejected", "failed"}),
)
ALREADY_REGISTERED = ReasonCode(
    "already_registered",
    {
        "en": "Already registered as a job seeker",
        "ro": "Persoana este deja înregistrată în evidența AJOFM",
    },
    frozenset({"rejected"}),
)
NOT_REGISTERED = ReasonCode(
    "not_registered",
    {
        "en": "Register the person as a job seeker first",
        "ro": "Persoana trebuie mai întâi înregistrată în căutarea unui loc de muncă",
    },
    frozenset({"rejected", "on-hold"}),
)
AWAITING_INTERPRETER = ReasonCode(
    "awaiting_interpreter",
    {"en": "Waiting for an interpreter", "ro": "Se așteaptă un interpret"},
    frozenset({"on-hold"}),
)
DID_NOT_ATTEND = ReasonCode(
    "did_not_attend",
    {"en": "The person did not come to the appointment", "ro": "Persoana nu s-a prezentat"},
    frozenset({"failed"}),
)
NO_COURSE = ReasonCode(
    "no_course_available",
    {
        "en": "No course in this field is planned",
        "ro": "Nu este planificat niciun curs în acest domeniu",
    },
    frozenset({"rejected", "on-hold", "failed"}),
)
NO_VACANCY = ReasonCode(
    "no_suitable_vacancy",
    {"en": "No suitable vacancy", "ro": "Nu există un loc de muncă potrivit"},
    frozenset({"on-hold", "failed"}),
)

# --- documents ----------------------------------------------------------------

RESIDENCE_DOCUMENT = Document(
    "residence_document",
    {
        "en": "Residence permit or other document giving the right to work",
        "ro": "Permis de ședere sau alt document care dă dreptul la muncă",
    },
)
EDUCATION_CERTIFICATES = Document(
    "education_certificates",
    {
        "en": "Diplomas or certificates of studies (with translation or recognition, if any)",
        "ro": "Diplome sau certificate de studii (cu traducere sau recunoaștere, dacă există)",
    },
)
PROOF_OF_ADDRESS = Document(
    "proof_of_address",
    {
        "en": "Proof of address (rental contract or residence visa on the permit)",
        "ro": "Dovada domiciliului sau reședinței (contract de închiriere sau viza de reședință)",
    },
)
MEDICAL_CERTIFICATE = Document(
    "medical_certificate",
    {
        "en": "Medical certificate stating the person is fit for the course",
        "ro": "Adeverință medicală de aptitudine pentru curs",
    },
)

# --- services -----------------------------------------------------------------

JOB_SEEKER_REGISTRATION = Service(
    kind=KIND,
    code="job_seeker_registration",
    title={
        "en": "Job-seeker registration",
        "ro": "Înregistrarea ca persoană în căutarea unui loc de muncă",
        "cs": "Registrace uchazeče o zaměstnání",
    },
    description={
        "en": "Registers the person with AJOFM as a job seeker, which opens access to "
        "mediation, counselling, free training courses and, where due, unemployment benefit.",
        "ro": "Înregistrează persoana la AJOFM ca persoană în căutarea unui loc de muncă, "
        "ceea ce îi dă acces la mediere, consiliere, cursuri gratuite și, după caz, "
        "la indemnizația de șomaj.",
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
)

CAREER_COUNSELLING = Service(
    kind=KIND,
    code="career_counselling",
    title={
        "en": "Career and labour-market counselling",
        "ro": "Informare și consiliere profesională",
        "cs": "Kariérní poradenství",
    },
    description={
        "en": "Sessions with an AJOFM counsellor: the local labour market, career "
        "orientation, CV and interview preparation, recognition of qualifications.",
        "ro": "Ședințe cu un consilier AJOFM: piața muncii locală, orientare profesională, "
        "CV și pregătire pentru interviu, recunoașterea calificărilor.",
    },
    form_schema=schemas.CareerCounsellingForm,
    outcome_schema=schemas.CareerCounsellingOutcome,
    sla=SLA(respond_days=3, complete_days=30),
    beneficiary_fields=("given_name", "family_name", "languages", "phone"),
    reason_codes=(*COMMON_REASONS, DID_NOT_ATTEND, AWAITING_INTERPRETER),
)

VOCATIONAL_TRAINING = Service(
    kind=KIND,
    code="vocational_training",
    title={
        "en": "Vocational training course",
        "ro": "Curs de formare profesională",
        "cs": "Rekvalifikační kurz",
    },
    description={
        "en": "A place on a free qualification or specialisation course organised or "
        "paid for by AJOFM for registered job seekers.",
        "ro": "Un loc la un curs gratuit de calificare sau specializare organizat sau "
        "finanțat de AJOFM pentru persoanele înregistrate în căutarea unui loc de muncă.",
    },
    form_schema=schemas.VocationalTrainingForm,
    outcome_schema=schemas.VocationalTrainingOutcome,
    sla=SLA(respond_days=5, complete_days=60),
    beneficiary_fields=("given_name", "family_name", "date_of_birth", "phone"),
    required_documents=(RESIDENCE_DOCUMENT, EDUCATION_CERTIFICATES, MEDICAL_CERTIFICATE),
    reason_codes=(*COMMON_REASONS, DID_NOT_ATTEND, NO_RIGHT_TO_WORK, NOT_REGISTERED, NO_COURSE),
)

JOB_MEDIATION = Service(
    kind=KIND,
    code="job_mediation",
    title={
        "en": "Job mediation",
        "ro": "Medierea muncii",
        "cs": "Zprostředkování zaměstnání",
    },
    description={
        "en": "AJOFM matches the person with vacancies from its employer database and "
        "job fairs, and follows up until a contract is signed.",
        "ro": "AJOFM pune persoana în legătură cu locurile de muncă vacante din baza sa de "
        "date și de la bursele locurilor de muncă, până la semnarea unui contract.",
    },
    form_schema=schemas.JobMediationForm,
    outcome_schema=schemas.JobMediationOutcome,
    sla=SLA(respond_days=3, complete_days=45),
    beneficiary_fields=("given_name", "family_name", "languages", "phone", "email", "locality"),
    required_documents=(RESIDENCE_DOCUMENT,),
    reason_codes=(*COMMON_REASONS, DID_NOT_ATTEND, NO_RIGHT_TO_WORK, NOT_REGISTERED, NO_VACANCY),
)

SERVICES = [JOB_SEEKER_REGISTRATION, CAREER_COUNSELLING, VOCATIONAL_TRAINING, JOB_MEDIATION]
