"""The services of the county health insurance house (CJAS) that centres refer to."""

from __future__ import annotations

from core import SLA, Document, InboundStatus, ReasonCode, Service
from core.catalogue.reasons import COMMON_REASONS
from plugins.health_insurance import schemas

# The same as plugins.health_insurance.KIND, which imports this module.
KIND = "health_insurance"

# --- reason codes -------------------------------------------------------------

NOT_ELIGIBLE = ReasonCode(
    "not_eligible",
    {
        "en": "The person does not meet the conditions of the insurance category",
        "ro": "Persoana nu îndeplinește condițiile categoriei de asigurat",
        "cs": "Osoba nesplňuje podmínky dané kategorie pojištěnců",
        "uk": "Особа не відповідає умовам категорії застрахованих осіб",
    },
    frozenset({"rejected", "failed"}),
)
ALREADY_INSURED = ReasonCode(
    "already_insured",
    {
        "en": "Already insured",
        "ro": "Persoana este deja asigurată",
        "cs": "Osoba je již pojištěna",
        "uk": "Особа вже застрахована",
    },
    frozenset({"rejected"}),
)
NOT_INSURED = ReasonCode(
    "not_insured",
    {
        "en": "Enrol the person as insured first",
        "ro": "Persoana trebuie mai întâi înscrisă ca asigurat",
        "cs": "Osobu je třeba nejprve přihlásit jako pojištěnce",
        "uk": "Спершу потрібно зареєструвати особу як застраховану",
    },
    frozenset({"rejected", "on-hold"}),
)
CNP_PENDING = ReasonCode(
    "cnp_pending",
    {
        "en": "Waiting for a CNP (new residence permit)",
        "ro": "Se așteaptă atribuirea CNP-ului (permis de ședere nou)",
        "cs": "Čeká se na přidělení CNP (nové povolení k pobytu)",
        "uk": "Очікується присвоєння CNP (нова посвідка на проживання)",
    },
    frozenset({"on-hold"}),
)
FUNDING_NOT_CONFIRMED = ReasonCode(
    "funding_not_confirmed",
    {
        "en": "The project's funding is not confirmed",
        "ro": "Finanțarea proiectului nu este confirmată",
        "cs": "Financování projektu není potvrzeno",
        "uk": "Фінансування проєкту не підтверджено",
    },
    frozenset({"rejected", "on-hold", "failed"}),
)
PAYMENT_NOT_RECEIVED = ReasonCode(
    "payment_not_received",
    {
        "en": "The payment has not arrived",
        "ro": "Plata nu a fost primită",
        "cs": "Platba nedorazila",
        "uk": "Платіж не надійшов",
    },
    frozenset({"on-hold", "failed"}),
)
NO_DOCTOR_AVAILABLE = ReasonCode(
    "no_doctor_available",
    {
        "en": "No family doctor in the locality accepts new patients",
        "ro": "Niciun medic de familie din localitate nu mai primește pacienți noi",
        "cs": "Žádný praktický lékař v obci nepřijímá nové pacienty",
        "uk": "Жоден сімейний лікар у населеному пункті не приймає нових пацієнтів",
    },
    frozenset({"on-hold", "failed"}),
)

# --- documents ----------------------------------------------------------------

RESIDENCE_DOCUMENT = Document(
    "residence_document",
    {
        "en": "Residence permit or temporary protection document (showing the CNP)",
        "ro": "Permis de ședere sau document de protecție temporară (cu CNP)",
        "cs": "Povolení k pobytu nebo doklad o dočasné ochraně (s uvedeným CNP)",
        "uk": "Посвідка на проживання або документ про тимчасовий захист (із зазначеним CNP)",
    },
)
CATEGORY_PROOF = Document(
    "insurance_category_proof",
    {
        "en": "Proof of the insurance category (employment certificate, unemployment "
        "allowance decision or decision granting protection)",
        "ro": "Dovada categoriei de asigurat (adeverință de salariat, decizie de acordare "
        "a indemnizației de șomaj sau hotărâre de acordare a protecției)",
        "cs": "Doklad o kategorii pojištěnce (potvrzení zaměstnavatele, rozhodnutí o přiznání "
        "podpory v nezaměstnanosti nebo rozhodnutí o udělení ochrany)",
        "uk": "Підтвердження категорії застрахованої особи (довідка з місця роботи, рішення про "
        "призначення допомоги з безробіття або рішення про надання захисту)",
    },
)
FAMILY_DOCUMENTS = Document(
    "family_documents",
    {
        "en": "Birth or marriage certificates of the dependants, if any",
        "ro": "Certificatele de naștere sau de căsătorie ale coasiguraților, dacă există",
        "cs": "Rodné nebo oddací listy spolupojištěných osob, pokud existují",
        "uk": "Свідоцтва про народження або шлюб членів сім’ї на утриманні, якщо є",
    },
)
FUNDING_COMMITMENT = Document(
    "funding_commitment",
    {
        "en": "The project's signed commitment to pay the contributions",
        "ro": "Angajamentul de plată a contribuțiilor, semnat de proiect",
        "cs": "Podepsaný závazek projektu k úhradě pojistného",
        "uk": "Підписане проєктом зобов’язання сплачувати внески",
    },
)
INSURED_CERTIFICATE = Document(
    "insured_certificate",
    {
        "en": "Certificate of insured status",
        "ro": "Adeverința de asigurat",
        "cs": "Potvrzení o pojištění",
        "uk": "Довідка про статус застрахованої особи",
    },
)

# --- services -----------------------------------------------------------------

# --- status codes of CJAS's own system ----------------------------------------------
#
# What the house's registry of insured persons (SIUI, the single integrated IT
# system of the health insurance houses) sends to POST /api/v1/inbound/status-updates,
# and what each code means here. A completing code needs the outcome in ``data``.

#: every CJAS service: request registered, admitted, processed, or stopped
CJAS_COMMON = (
    InboundStatus("CERERE_INREGISTRATA", "received"),  # cerere înregistrată (registry number)
    InboundStatus("CERERE_ADMISA", "accepted"),
    InboundStatus("IN_PROCESARE", "in-progress"),
    InboundStatus("RESPINS_ALT_JUDET", "rejected", "outside_area"),  # another county's house
    InboundStatus("SUSPENDAT_ACTE_LIPSA", "on-hold", "missing_documents"),
    InboundStatus("ASTEAPTA_CNP", "on-hold", CNP_PENDING.code),  # no personal numeric code yet
    InboundStatus("PERSOANA_NECONTACTABILA", "failed", "beneficiary_unreachable"),
)
NOT_ELIGIBLE_CODE = InboundStatus("RESPINS_NEELIGIBIL", "rejected", NOT_ELIGIBLE.code)
ALREADY_INSURED_CODE = InboundStatus("RESPINS_DEJA_ASIGURAT", "rejected", ALREADY_INSURED.code)

INSURED_ENROLMENT_CODES = (
    *CJAS_COMMON,
    NOT_ELIGIBLE_CODE,
    ALREADY_INSURED_CODE,
    InboundStatus("ASIGURAT", "completed"),  # adeverință de asigurat eliberată
)
PROJECT_PAID_CONTRIBUTIONS_CODES = (
    *CJAS_COMMON,
    NOT_ELIGIBLE_CODE,
    ALREADY_INSURED_CODE,
    InboundStatus("FINANTARE_NECONFIRMATA", "on-hold", FUNDING_NOT_CONFIRMED.code),
    InboundStatus("PLATA_NEPRIMITA", "on-hold", PAYMENT_NOT_RECEIVED.code),
    InboundStatus("CONTRIBUTIE_ACHITATA", "completed"),  # contribuție achitată: period, amount
)
FAMILY_DOCTOR_REGISTRATION_CODES = (
    *CJAS_COMMON,
    InboundStatus("RESPINS_NEASIGURAT", "rejected", NOT_INSURED.code),
    InboundStatus("FARA_MEDIC_DISPONIBIL", "on-hold", NO_DOCTOR_AVAILABLE.code),
    InboundStatus("INSCRIS_LA_MEDIC", "completed"),  # înscris pe lista medicului de familie
)

INSURED_ENROLMENT = Service(
    kind=KIND,
    code="insured_enrolment",
    title={
        "en": "Enrolment as an insured person",
        "ro": "Înscrierea ca persoană asigurată",
        "cs": "Přihlášení k veřejnému zdravotnímu pojištění",
        "uk": "Реєстрація як застрахованої особи",
    },
    description={
        "en": "Enrols the person (and their dependants) in the public health insurance "
        "system and issues a certificate of insured status.",
        "ro": "Înscrie persoana (și coasigurații) în sistemul public de asigurări sociale "
        "de sănătate și eliberează adeverința de asigurat.",
        "cs": "Přihlásí osobu (a spolupojištěné osoby) do systému veřejného zdravotního pojištění "
        "a vydá potvrzení o pojištění.",
        "uk": "Реєструє особу (та членів її сім’ї на утриманні) в системі державного медичного "
        "страхування і видає довідку про статус застрахованої особи.",
    },
    form_schema=schemas.InsuredEnrolmentForm,
    outcome_schema=schemas.InsuredEnrolmentOutcome,
    sla=SLA(respond_days=3, complete_days=15),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "date_of_birth",
        "nationality",
        "protection_status",
        "residence_document",
        "county",
        "locality",
    ),
    required_documents=(RESIDENCE_DOCUMENT, CATEGORY_PROOF, FAMILY_DOCUMENTS),
    reason_codes=(*COMMON_REASONS, NOT_ELIGIBLE, ALREADY_INSURED, CNP_PENDING),
    inbound_statuses=INSURED_ENROLMENT_CODES,
)

PROJECT_PAID_CONTRIBUTIONS = Service(
    kind=KIND,
    code="project_paid_contributions",
    title={
        "en": "Health insurance contributions paid by the project",
        "ro": "Contribuții de asigurări de sănătate plătite de proiect",
        "cs": "Pojistné na zdravotní pojištění hrazené projektem",
        "uk": "Внески на медичне страхування, які сплачує проєкт",
    },
    description={
        "en": "The integration project pays the person's health insurance contribution "
        "for up to 6 months, until they have an income of their own.",
        "ro": "Proiectul de integrare plătește contribuția de asigurări de sănătate a "
        "persoanei pentru cel mult 6 luni, până când aceasta are venituri proprii.",
        "cs": "Integrační projekt hradí za osobu pojistné na zdravotní pojištění nejvýše po dobu "
        "6 měsíců, dokud nebude mít vlastní příjem.",
        "uk": "Інтеграційний проєкт сплачує за особу внесок на медичне страхування щонайбільше 6 "
        "місяців, доки вона не матиме власного доходу.",
    },
    form_schema=schemas.ProjectPaidContributionsForm,
    outcome_schema=schemas.ProjectPaidContributionsOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=("given_name", "family_name", "date_of_birth", "residence_document"),
    required_documents=(RESIDENCE_DOCUMENT, FUNDING_COMMITMENT),
    reason_codes=(
        *COMMON_REASONS,
        NOT_ELIGIBLE,
        ALREADY_INSURED,
        CNP_PENDING,
        FUNDING_NOT_CONFIRMED,
        PAYMENT_NOT_RECEIVED,
    ),
    inbound_statuses=PROJECT_PAID_CONTRIBUTIONS_CODES,
)

FAMILY_DOCTOR_REGISTRATION = Service(
    kind=KIND,
    code="family_doctor_registration",
    title={
        "en": "Family doctor registration",
        "ro": "Înscrierea la medicul de familie",
        "cs": "Registrace u praktického lékaře",
        "uk": "Запис до сімейного лікаря",
    },
    description={
        "en": "CJAS finds a family doctor under contract with it who accepts the person "
        "on their patient list.",
        "ro": "CJAS identifică un medic de familie aflat în contract cu casa, care "
        "înscrie persoana pe lista sa de pacienți.",
        "cs": "CJAS najde smluvního praktického lékaře, který osobu přijme do své péče.",
        "uk": "CJAS знаходить сімейного лікаря, який має договір із касою і готовий внести особу "
        "до свого списку пацієнтів.",
    },
    form_schema=schemas.FamilyDoctorRegistrationForm,
    outcome_schema=schemas.FamilyDoctorRegistrationOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=("given_name", "family_name", "date_of_birth", "residence_document"),
    required_documents=(RESIDENCE_DOCUMENT, INSURED_CERTIFICATE),
    reason_codes=(*COMMON_REASONS, NOT_INSURED, CNP_PENDING, NO_DOCTOR_AVAILABLE),
    inbound_statuses=FAMILY_DOCTOR_REGISTRATION_CODES,
)

SERVICES = [INSURED_ENROLMENT, PROJECT_PAID_CONTRIBUTIONS, FAMILY_DOCTOR_REGISTRATION]
