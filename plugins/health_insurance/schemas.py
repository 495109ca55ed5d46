"""Referral forms and outcomes of the county health insurance house (CJAS).

Every field carries a title and description in Romanian, English, Czech and
Ukrainian, and a valid example: the catalogue publishes them as JSON Schema,
and a form made of the first examples must load.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import described, one_of, validators

#: Project-paid contributions are capped by the funding rules at six months.
MAX_PAID_MONTHS = 6

# Only the shape is checked: a CNP assigned to a foreigner starts with 7, 8 or 9
# and the officer checks it against the residence permit anyway.
CNP = validate.Regexp(r"^[1-9]\d{12}$", error="A CNP has 13 digits and does not start with 0.")
REFERENCE = validate.Length(1, 20)

INSURANCE_CATEGORIES = {
    "employee": {
        "en": "Employee",
        "ro": "Salariat",
        "cs": "Zaměstnanec",
        "uk": "Найманий працівник",
    },
    "unemployed_with_allowance": {
        "en": "Unemployed, receiving unemployment allowance",
        "ro": "Șomer care primește indemnizație de șomaj",
        "cs": "Nezaměstnaný pobírající podporu v nezaměstnanosti",
        "uk": "Безробітний, який отримує допомогу з безробіття",
    },
    "international_protection_no_income": {
        "en": "Beneficiary of international protection without income",
        "ro": "Beneficiar de protecție internațională fără venituri",
        "cs": "Držitel mezinárodní ochrany bez příjmů",
        "uk": "Особа з міжнародним захистом без доходів",
    },
    "temporary_protection": {
        "en": "Beneficiary of temporary protection",
        "ro": "Beneficiar de protecție temporară",
        "cs": "Držitel dočasné ochrany",
        "uk": "Особа з тимчасовим захистом",
    },
    "dependent_family_member": {
        "en": "Dependent family member (co-insured)",
        "ro": "Membru de familie aflat în întreținere (coasigurat)",
        "cs": "Vyživovaný rodinný příslušník (spolupojištěný)",
        "uk": "Член сім’ї на утриманні застрахованої особи",
    },
    "project_paid_contribution": {
        "en": "Contribution paid by a project",
        "ro": "Contribuție plătită printr-un proiect",
        "cs": "Pojistné hrazené projektem",
        "uk": "Внесок, сплачений проєктом",
    },
}


def _first_of_month(value):
    if value.day != 1:
        raise ValidationError("Give the first day of the month, e.g. 2027-01-01.")


def _not_before(data, start, end, message):
    if data.get(start) and data.get(end) and data[end] < data[start]:
        raise ValidationError(message, end)


def _beneficiary_reference(title, description, example):
    # Another person of the hub: who is in the family is personal data.
    return fields.String(
        validate=REFERENCE, metadata=described(title, description, example, personal=True)
    )


class InsuredEnrolmentForm(Schema):
    insurance_category = fields.String(
        required=True,
        validate=one_of(INSURANCE_CATEGORIES),
        metadata=described(
            {
                "en": "Insurance category",
                "ro": "Categoria de asigurat",
                "cs": "Kategorie pojištěnce",
                "uk": "Категорія застрахованої особи",
            },
            {
                "en": "The legal ground on which the person is insured.",
                "ro": "Temeiul legal în baza căruia persoana este asigurată.",
                "cs": "Právní důvod, na jehož základě je osoba pojištěna.",
                "uk": "Правова підстава, на якій особа застрахована.",
            },
            "international_protection_no_income",
            choices=INSURANCE_CATEGORIES,
        ),
    )
    cnp = fields.String(
        validate=CNP,
        metadata=described(
            {
                "en": "Personal numeric code (CNP)",
                "ro": "Codul numeric personal (CNP)",
                "cs": "Osobní identifikační číslo (CNP)",
                "uk": "Персональний цифровий код (CNP)",
            },
            {
                "en": "Optional: the 13-digit CNP, if one is already assigned (it is printed "
                "on the residence permit).",
                "ro": "Opțional: CNP-ul de 13 cifre, dacă a fost deja atribuit (este înscris "
                "pe permisul de ședere).",
                "cs": "Nepovinné: třináctimístné CNP, pokud již bylo přiděleno (je uvedeno na "
                "povolení k pobytu).",
                "uk": "Необов’язково: 13-значний CNP, якщо його вже присвоєно (він зазначений у "
                "посвідці на проживання).",
            },
            "7900312350010",
            personal=True,
        ),
    )
    insured_through = _beneficiary_reference(
        {
            "en": "Insured through",
            "ro": "Coasigurat prin",
            "cs": "Spolupojištěn(a) prostřednictvím",
            "uk": "Застраховано через",
        },
        {
            "en": "For a dependent family member: the reference code of the insured person "
            "who supports them.",
            "ro": "Pentru un membru de familie coasigurat: codul de referință al persoanei "
            "asigurate care îl întreține.",
            "cs": "U vyživovaného rodinného příslušníka: referenční kód pojištěné osoby, která "
            "jej vyživuje.",
            "uk": "Для члена сім’ї на утриманні: код застрахованої особи, яка його утримує.",
        },
        "BEN-0007",
    )
    dependants = fields.List(
        _beneficiary_reference(
            {
                "en": "Dependant",
                "ro": "Coasigurat",
                "cs": "Spolupojištěná osoba",
                "uk": "Член сім’ї на утриманні",
            },
            {
                "en": "A beneficiary reference code.",
                "ro": "Codul de referință al unui beneficiar.",
                "cs": "Referenční kód klienta.",
                "uk": "Код бенефіціара.",
            },
            "BEN-0042",
        ),
        metadata=described(
            {
                "en": "Dependants to include",
                "ro": "Coasigurați de inclus",
                "cs": "Spolupojištěné osoby k zahrnutí",
                "uk": "Члени сім’ї на утриманні, яких слід включити",
            },
            {
                "en": "Optional: reference codes of the family members to insure as dependants.",
                "ro": "Opțional: codurile de referință ale membrilor de familie de inclus "
                "ca coasigurați.",
                "cs": "Nepovinné: referenční kódy rodinných příslušníků, kteří mají být "
                "spolupojištěni.",
                "uk": "Необов’язково: коди членів сім’ї, яких слід застрахувати як осіб на "
                "утриманні.",
            },
            ["BEN-0042", "BEN-0043"],
            personal=True,
        ),
    )

    @validates_schema
    def _dependant_names_insured_person(self, data, **kwargs):
        if data.get("insurance_category") == "dependent_family_member" and not data.get(
            "insured_through"
        ):
            raise ValidationError(
                "Give the reference code of the insured family member.", "insured_through"
            )


class InsuredEnrolmentOutcome(Schema):
    insured_from = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Insured from",
                "ro": "Asigurat de la",
                "cs": "Pojištěn(a) od",
                "uk": "Страхування з",
            },
            {
                "en": "The first day of insurance.",
                "ro": "Prima zi de asigurare.",
                "cs": "První den pojištění.",
                "uk": "Перший день страхування.",
            },
            "2026-12-01",
        ),
    )
    insured_until = fields.Date(
        allow_none=True,
        metadata=described(
            {
                "en": "Insured until",
                "ro": "Asigurat până la",
                "cs": "Pojištěn(a) do",
                "uk": "Страхування до",
            },
            {
                "en": "Optional: the last day of insurance, when it is limited in time.",
                "ro": "Opțional: ultima zi de asigurare, dacă asigurarea este limitată în timp.",
                "cs": "Nepovinné: poslední den pojištění, je-li pojištění časově omezeno.",
                "uk": "Необов’язково: останній день страхування, якщо воно обмежене в часі.",
            },
            "2027-11-30",
        ),
    )
    insurance_certificate_number = fields.String(
        required=True,
        validate=validate.Length(1, 40),
        metadata=described(
            {
                "en": "Insurance certificate number",
                "ro": "Numărul adeverinței de asigurat",
                "cs": "Číslo potvrzení o pojištění",
                "uk": "Номер довідки про страхування",
            },
            {
                "en": "The number of the certificate of insured status issued by CJAS.",
                "ro": "Numărul adeverinței de asigurat eliberate de CJAS.",
                "cs": "Číslo potvrzení o pojištění vydaného CJAS.",
                "uk": "Номер довідки про статус застрахованої особи, виданої CJAS.",
            },
            "18233/2026",
            personal=True,
        ),
    )

    @validates_schema
    def _period_in_order(self, data, **kwargs):
        _not_before(data, "insured_from", "insured_until", "Insurance cannot end before it starts.")


class ProjectPaidContributionsForm(Schema):
    months_requested = fields.Integer(
        required=True,
        validate=validate.Range(
            1,
            MAX_PAID_MONTHS,
            error="A project can pay contributions for 1 to 6 months at most.",
        ),
        metadata=described(
            {
                "en": "Months requested",
                "ro": "Luni solicitate",
                "cs": "Požadovaný počet měsíců",
                "uk": "Запитана кількість місяців",
            },
            {
                "en": "How many months the project pays for (at most 6).",
                "ro": "Pentru câte luni plătește proiectul (cel mult 6).",
                "cs": "Za kolik měsíců projekt platí (nejvýše 6).",
                "uk": "За скільки місяців платить проєкт (не більше 6).",
            },
            6,
        ),
    )
    start_month = fields.Date(
        required=True,
        validate=_first_of_month,
        metadata=described(
            {"en": "First month", "ro": "Prima lună", "cs": "První měsíc", "uk": "Перший місяць"},
            {
                "en": "The first month paid for, as its first day.",
                "ro": "Prima lună plătită, dată ca prima zi a lunii.",
                "cs": "První hrazený měsíc, zadaný jako jeho první den.",
                "uk": "Перший оплачений місяць, зазначений як його перший день.",
            },
            "2027-01-01",
        ),
    )
    funding_code = fields.String(
        required=True,
        validate=validate.Length(1, 60),
        metadata=described(
            {
                "en": "Project or funding code",
                "ro": "Codul proiectului sau al finanțării",
                "cs": "Kód projektu nebo financování",
                "uk": "Код проєкту або фінансування",
            },
            {
                "en": "The code of the project that pays, as on its financing contract.",
                "ro": "Codul proiectului care plătește, ca în contractul de finanțare.",
                "cs": "Kód projektu, který platí, podle smlouvy o financování.",
                "uk": "Код проєкту, який здійснює оплату, як у договорі про фінансування.",
            },
            "AMIF/2026/RO-TM/03",
        ),
    )


class ProjectPaidContributionsOutcome(Schema):
    paid_from = fields.Date(
        required=True,
        metadata=described(
            {"en": "Paid from", "ro": "Plătit de la", "cs": "Hrazeno od", "uk": "Оплачено з"},
            {
                "en": "The first day covered.",
                "ro": "Prima zi acoperită.",
                "cs": "První pokrytý den.",
                "uk": "Перший день покриття.",
            },
            "2027-01-01",
        ),
    )
    paid_until = fields.Date(
        required=True,
        metadata=described(
            {"en": "Paid until", "ro": "Plătit până la", "cs": "Hrazeno do", "uk": "Оплачено до"},
            {
                "en": "The last day covered (at most 6 months after the first).",
                "ro": "Ultima zi acoperită (cel mult 6 luni după prima).",
                "cs": "Poslední pokrytý den (nejvýše 6 měsíců po prvním).",
                "uk": "Останній день покриття (не пізніше ніж через 6 місяців після першого).",
            },
            "2027-06-30",
        ),
    )
    amount_ron = fields.Float(
        required=True,
        validate=validate.Range(min=0, min_inclusive=False),
        metadata=described(
            {"en": "Amount (RON)", "ro": "Suma (lei)", "cs": "Částka (RON)", "uk": "Сума (леї)"},
            {
                "en": "The total contribution paid, in RON.",
                "ro": "Contribuția totală plătită, în lei.",
                "cs": "Celková zaplacená částka pojistného v RON.",
                "uk": "Загальна сума сплачених внесків у леях.",
            },
            2430.0,
        ),
    )
    payment_reference = fields.String(
        validate=validate.Length(1, 60),
        metadata=described(
            {
                "en": "Payment reference",
                "ro": "Referința plății",
                "cs": "Reference platby",
                "uk": "Реквізити платежу",
            },
            {
                "en": "Optional: the payment order number.",
                "ro": "Opțional: numărul ordinului de plată.",
                "cs": "Nepovinné: číslo platebního příkazu.",
                "uk": "Необов’язково: номер платіжного доручення.",
            },
            "OP 1154/2027-01-05",
            personal=True,
        ),
    )

    @validates_schema
    def _period_in_order(self, data, **kwargs):
        _not_before(data, "paid_from", "paid_until", "The paid period cannot end before it starts.")


class FamilyDoctorRegistrationForm(Schema):
    preferred_locality = fields.String(
        required=True,
        validate=validate.Length(1, 120),
        metadata=described(
            {
                "en": "Preferred locality",
                "ro": "Localitatea preferată",
                "cs": "Preferovaná obec",
                "uk": "Бажаний населений пункт",
            },
            {
                "en": "Where the person would like the doctor's practice to be.",
                "ro": "Localitatea în care persoana ar dori să fie cabinetul medicului.",
                "cs": "Kde by osoba chtěla mít ordinaci lékaře.",
                "uk": "Населений пункт, де особа хотіла б, щоб був кабінет лікаря.",
            },
            "Timișoara",
            beneficiary_field="locality",
        ),
    )
    preferred_doctor_language = fields.String(
        validate=validators.language,
        metadata=described(
            {
                "en": "Preferred doctor's language",
                "ro": "Limba preferată a medicului",
                "cs": "Preferovaný jazyk lékaře",
                "uk": "Бажана мова лікаря",
            },
            {
                "en": "Optional: a language the doctor should speak (ISO 639-1 code in the API).",
                "ro": "Opțional: o limbă vorbită de medic (cod ISO 639-1 în API).",
                "cs": "Nepovinné: jazyk, kterým by měl lékař mluvit (v API kód ISO 639-1).",
                "uk": "Необов’язково: мова, якою має володіти лікар (в API код ISO 639-1).",
            },
            "en",
            beneficiary_field="languages",
        ),
    )


class FamilyDoctorRegistrationOutcome(Schema):
    doctor_name = fields.String(
        required=True,
        validate=validate.Length(1, 200),
        metadata=described(
            {
                "en": "Family doctor",
                "ro": "Medicul de familie",
                "cs": "Praktický lékař",
                "uk": "Сімейний лікар",
            },
            {
                "en": "The family doctor's name.",
                "ro": "Numele medicului de familie.",
                "cs": "Jméno praktického lékaře.",
                "uk": "Ім’я сімейного лікаря.",
            },
            "Dr. Ana Popescu",
            personal=True,
        ),
    )
    practice_name = fields.String(
        required=True,
        validate=validate.Length(1, 200),
        metadata=described(
            {"en": "Practice", "ro": "Cabinetul", "cs": "Ordinace", "uk": "Медичний кабінет"},
            {
                "en": "The practice, with its address.",
                "ro": "Cabinetul medical, cu adresa.",
                "cs": "Ordinace, včetně adresy.",
                "uk": "Медичний кабінет із зазначенням адреси.",
            },
            "CMI Dr. Popescu Ana, Str. Mureș nr. 10, Timișoara",
        ),
    )
    registered_on = fields.Date(
        required=True,
        metadata=described(
            {
                "en": "Registration date",
                "ro": "Data înscrierii",
                "cs": "Datum registrace",
                "uk": "Дата запису",
            },
            {
                "en": "The day the person was registered on the doctor's list.",
                "ro": "Ziua în care persoana a fost înscrisă pe lista medicului.",
                "cs": "Den, kdy byla osoba zaregistrována u lékaře.",
                "uk": "День, коли особу внесли до списку пацієнтів лікаря.",
            },
            "2026-12-15",
        ),
    )
