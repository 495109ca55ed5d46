"""The services of the county immigration office (IGI)."""

from __future__ import annotations

from core import SLA, Document, InboundStatus, ReasonCode, Service
from core.catalogue.reasons import COMMON_REASONS
from plugins.immigration import schemas

KIND = "immigration"

#: Beneficiaries of international protection take part for at most 12 months.
INTEGRATION_PROGRAMME_MAX_MONTHS = 12
#: In Romania a renewal must be applied for at least 30 days before the permit expires.
RENEWAL_DEADLINE_DAYS = 30

APPOINTMENT_MISSED = ReasonCode(
    "appointment_missed",
    {
        "en": "The person did not come to the appointment",
        "ro": "Persoana nu s-a prezentat la programare",
        "cs": "Osoba se nedostavila k objednanému termínu",
        "uk": "Особа не з’явилася на призначений прийом",
    },
    frozenset({"on-hold", "failed"}),
)
LEFT_ROMANIA = ReasonCode(
    "left_romania",
    {
        "en": "The person left Romania",
        "ro": "Persoana a părăsit România",
        "cs": "Osoba opustila Rumunsko",
        "uk": "Особа виїхала з Румунії",
    },
    frozenset({"failed"}),
)

TRAVEL_DOCUMENT = Document(
    "travel_document",
    {
        "en": "National passport or travel document",
        "ro": "Pașaport național sau document de călătorie",
        "cs": "Cestovní pas nebo cestovní doklad",
        "uk": "Національний паспорт або проїзний документ",
    },
)
RESIDENCE_PERMIT = Document(
    "residence_permit",
    {
        "en": "Current residence permit",
        "ro": "Permisul de ședere actual",
        "cs": "Platné povolení k pobytu",
        "uk": "Чинна посвідка на проживання",
    },
)
PROOF_OF_ADDRESS = Document(
    "proof_of_address",
    {
        "en": "Proof of address (lease or accommodation contract registered with the tax office)",
        "ro": "Dovada adresei (contract de închiriere sau de comodat înregistrat la ANAF)",
        "cs": "Doklad o adrese (nájemní smlouva nebo smlouva o bezplatném užívání bytu "
        "registrovaná u finančního úřadu)",
        "uk": "Підтвердження адреси (договір оренди або безоплатного користування житлом, "
        "зареєстрований у податковій службі)",
    },
)
PROOF_OF_PURPOSE = Document(
    "proof_of_purpose",
    {
        "en": "Documents for the purpose of stay (protection decision, employment contract, "
        "enrolment certificate, ...)",
        "ro": "Documentele care justifică scopul șederii (hotărârea de protecție, contractul de "
        "muncă, adeverința de student, ...)",
        "cs": "Doklady o účelu pobytu (rozhodnutí o udělení ochrany, pracovní smlouva, potvrzení "
        "o studiu, ...)",
        "uk": "Документи, що підтверджують мету перебування (рішення про надання захисту, "
        "трудовий договір, довідка про навчання, ...)",
    },
)
CIVIL_STATUS_DOCUMENTS = Document(
    "civil_status_documents",
    {
        "en": "Marriage and birth certificates of the relatives (translated and legalised)",
        "ro": "Certificatele de căsătorie și de naștere ale membrilor de familie (traduse și "
        "legalizate)",
        "cs": "Oddací a rodné listy rodinných příslušníků (přeložené a ověřené)",
        "uk": "Свідоцтва про шлюб і народження членів сім’ї (перекладені та легалізовані)",
    },
)
PROOF_OF_MEANS = Document(
    "proof_of_means",
    {
        "en": "Proof of means of support and of health insurance",
        "ro": "Dovada mijloacelor de întreținere și a asigurării de sănătate",
        "cs": "Doklad o prostředcích k pobytu a o zdravotním pojištění",
        "uk": "Підтвердження засобів до існування та медичного страхування",
    },
)

# --- status codes of IGI's own system ---------------------------------------------------
#
# What the immigration office's case system sends to POST /api/v1/inbound/status-updates,
# and what each code means here. A completing code needs the outcome in ``data``; the
# family reunification decision codes settle the outcome's ``decision`` themselves.

#: every IGI service: application lodged, appointment confirmed, under examination, stopped
IGI_COMMON = (
    InboundStatus("CERERE_INREGISTRATA", "received"),  # cerere înregistrată
    InboundStatus("PROGRAMARE_CONFIRMATA", "accepted"),  # appointment at the counter set
    InboundStatus("IN_ANALIZA", "in-progress"),  # dosar în analiză
    InboundStatus("RESPINS_ALT_JUDET", "rejected", "outside_area"),
    InboundStatus("DOSAR_INCOMPLET", "on-hold", "missing_documents"),
    InboundStatus("NEPREZENTARE_PROGRAMARE", "on-hold", APPOINTMENT_MISSED.code),
    InboundStatus("PARASIT_TARA", "failed", LEFT_ROMANIA.code),  # a părăsit teritoriul
)

RESIDENCE_PERMIT_CODES = (
    *IGI_COMMON,
    InboundStatus("RESPINS_CONDITII_NEINDEPLINITE", "rejected", "conditions_not_met"),
    InboundStatus("PERMIS_EMIS", "completed"),  # permis de ședere emis: number, valid until
)
FAMILY_REUNIFICATION_CODES = (
    *IGI_COMMON,
    InboundStatus("RESPINS_SPONSOR_NEELIGIBIL", "rejected", "sponsor_not_eligible"),
    InboundStatus("VERIFICARI_IN_CURS", "on-hold", "verification_pending"),
    InboundStatus("CERERE_APROBATA", "completed", data={"decision": "approved"}),
    InboundStatus("CERERE_RESPINSA", "completed", data={"decision": "refused"}),
)
CHANGE_OF_ADDRESS_CODES = (
    *IGI_COMMON,
    InboundStatus("ADRESA_NECONFIRMATA", "on-hold", "address_not_confirmed"),
    InboundStatus("ADRESA_INREGISTRATA", "completed"),  # new address recorded on the permit
)
INTEGRATION_PROGRAMME_CODES = (
    *IGI_COMMON,
    InboundStatus("RESPINS_FARA_PROTECTIE", "rejected", "not_protection_beneficiary"),
    InboundStatus("PROGRAM_ABANDONAT", "failed", "programme_abandoned"),
    InboundStatus("INSCRIS_PROGRAM", "completed"),  # înscris în programul de integrare
)

RESIDENCE_PERMIT_SERVICE = Service(
    kind=KIND,
    code="residence_permit",
    title={
        "en": "Residence permit (issue or renewal)",
        "ro": "Permis de ședere (eliberare sau prelungire)",
        "cs": "Povolení k pobytu (vydání nebo prodloužení)",
        "uk": "Посвідка на проживання (видача або продовження)",
    },
    description={
        "en": "The immigration office issues a residence permit or extends the right of stay.",
        "ro": "Formațiunea pentru imigrări eliberează permisul de ședere sau prelungește dreptul "
        "de ședere.",
        "cs": "Odbor pro imigraci vydá povolení k pobytu nebo prodlouží právo pobytu.",
        "uk": "Відділ імміграції видає посвідку на проживання або продовжує право на перебування.",
    },
    form_schema=schemas.ResidencePermitForm,
    outcome_schema=schemas.ResidencePermitOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "name_latin",
        "date_of_birth",
        "nationality",
        "protection_status",
        "residence_document",
        "county",
        "locality",
    ),
    required_documents=(TRAVEL_DOCUMENT, RESIDENCE_PERMIT, PROOF_OF_ADDRESS, PROOF_OF_PURPOSE),
    reason_codes=(
        *COMMON_REASONS,
        APPOINTMENT_MISSED,
        LEFT_ROMANIA,
        ReasonCode(
            "conditions_not_met",
            {
                "en": "The conditions for the right of stay are not met",
                "ro": "Nu sunt îndeplinite condițiile pentru dreptul de ședere",
                "cs": "Nejsou splněny podmínky pro právo pobytu",
                "uk": "Умови для права на перебування не виконано",
            },
            frozenset({"rejected", "failed"}),
        ),
    ),
    inbound_statuses=RESIDENCE_PERMIT_CODES,
)

FAMILY_REUNIFICATION = Service(
    kind=KIND,
    code="family_reunification",
    title={
        "en": "Family reunification",
        "ro": "Reîntregirea familiei",
        "cs": "Sloučení rodiny",
        "uk": "Возз’єднання сім’ї",
    },
    description={
        "en": "The immigration office decides on the application for relatives to join the "
        "person in Romania.",
        "ro": "Formațiunea pentru imigrări decide asupra cererii ca membrii familiei să vină "
        "alături de persoană în România.",
        "cs": "Odbor pro imigraci rozhodne o žádosti, aby rodinní příslušníci mohli přicestovat "
        "za osobou do Rumunska.",
        "uk": "Відділ імміграції ухвалює рішення щодо заяви про приїзд членів сім’ї до особи в "
        "Румунію.",
    },
    form_schema=schemas.FamilyReunificationForm,
    outcome_schema=schemas.FamilyReunificationOutcome,
    sla=SLA(respond_days=10, complete_days=90),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "name_latin",
        "date_of_birth",
        "nationality",
        "protection_status",
        "residence_document",
    ),
    required_documents=(RESIDENCE_PERMIT, CIVIL_STATUS_DOCUMENTS, PROOF_OF_ADDRESS, PROOF_OF_MEANS),
    reason_codes=(
        *COMMON_REASONS,
        APPOINTMENT_MISSED,
        LEFT_ROMANIA,
        ReasonCode(
            "sponsor_not_eligible",
            {
                "en": "The applicant cannot sponsor relatives yet",
                "ro": "Solicitantul nu poate încă solicita reîntregirea familiei",
                "cs": "Žadatel zatím nesplňuje podmínky pro sloučení rodiny",
                "uk": "Заявник поки що не має права подати заяву на возз’єднання сім’ї",
            },
            frozenset({"rejected"}),
        ),
        ReasonCode(
            "verification_pending",
            {
                "en": "Waiting for checks by other authorities",
                "ro": "Se așteaptă verificările altor autorități",
                "cs": "Čeká se na prověření jinými úřady",
                "uk": "Очікуються перевірки інших органів влади",
            },
            frozenset({"on-hold"}),
        ),
    ),
    inbound_statuses=FAMILY_REUNIFICATION_CODES,
)

CHANGE_OF_ADDRESS = Service(
    kind=KIND,
    code="change_of_address",
    title={
        "en": "Change of address",
        "ro": "Schimbarea adresei de reședință",
        "cs": "Změna adresy",
        "uk": "Зміна адреси",
    },
    description={
        "en": "The immigration office records the person's new address in Romania.",
        "ro": "Formațiunea pentru imigrări înregistrează noua adresă a persoanei în România.",
        "cs": "Odbor pro imigraci zaeviduje novou adresu osoby v Rumunsku.",
        "uk": "Відділ імміграції реєструє нову адресу особи в Румунії.",
    },
    form_schema=schemas.ChangeOfAddressForm,
    outcome_schema=schemas.ChangeOfAddressOutcome,
    sla=SLA(respond_days=3, complete_days=10),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "name_latin",
        "date_of_birth",
        "nationality",
        "residence_document",
        "county",
        "locality",
    ),
    required_documents=(RESIDENCE_PERMIT, PROOF_OF_ADDRESS),
    reason_codes=(
        *COMMON_REASONS,
        APPOINTMENT_MISSED,
        LEFT_ROMANIA,
        ReasonCode(
            "address_not_confirmed",
            {
                "en": "The new address could not be confirmed",
                "ro": "Noua adresă nu a putut fi confirmată",
                "cs": "Novou adresu se nepodařilo ověřit",
                "uk": "Нову адресу не вдалося підтвердити",
            },
            frozenset({"on-hold", "failed"}),
        ),
    ),
    inbound_statuses=CHANGE_OF_ADDRESS_CODES,
)

INTEGRATION_PROGRAMME = Service(
    kind=KIND,
    code="integration_programme",
    title={
        "en": "Integration programme",
        "ro": "Program de integrare",
        "cs": "Integrační program",
        "uk": "Програма інтеграції",
    },
    description={
        "en": "Enrolment of a beneficiary of international protection in the integration "
        "programme (Romanian course, cultural orientation, counselling), for up to 12 months.",
        "ro": "Înscrierea beneficiarului unei forme de protecție internațională în programul de "
        "integrare (curs de limba română, acomodare culturală, consiliere), pe cel mult 12 luni.",
        "cs": "Zařazení držitele mezinárodní ochrany do integračního programu (kurz rumunštiny, "
        "kulturní orientace, poradenství) nejvýše na 12 měsíců.",
        "uk": "Зарахування особи з міжнародним захистом до програми інтеграції (курс румунської "
        "мови, культурна адаптація, консультування) на строк до 12 місяців.",
    },
    form_schema=schemas.IntegrationProgrammeForm,
    outcome_schema=schemas.IntegrationProgrammeOutcome,
    sla=SLA(respond_days=5, complete_days=30),
    beneficiary_fields=(
        "given_name",
        "family_name",
        "name_latin",
        "date_of_birth",
        "nationality",
        "languages",
        "protection_status",
        "residence_document",
        "county",
        "locality",
    ),
    required_documents=(RESIDENCE_PERMIT,),
    reason_codes=(
        *COMMON_REASONS,
        APPOINTMENT_MISSED,
        LEFT_ROMANIA,
        ReasonCode(
            "not_protection_beneficiary",
            {
                "en": "The person is not a beneficiary of international protection",
                "ro": "Persoana nu este beneficiar al unei forme de protecție internațională",
                "cs": "Osoba není držitelem mezinárodní ochrany",
                "uk": "Особа не має міжнародного захисту",
            },
            frozenset({"rejected"}),
        ),
        ReasonCode(
            "programme_abandoned",
            {
                "en": "The person stopped taking part in the programme",
                "ro": "Persoana a încetat să participe la program",
                "cs": "Osoba se přestala účastnit programu",
                "uk": "Особа припинила участь у програмі",
            },
            frozenset({"failed"}),
        ),
    ),
    inbound_statuses=INTEGRATION_PROGRAMME_CODES,
)

SERVICES = [
    RESIDENCE_PERMIT_SERVICE,
    FAMILY_REUNIFICATION,
    CHANGE_OF_ADDRESS,
    INTEGRATION_PROGRAMME,
]
