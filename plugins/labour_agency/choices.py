"""The choice lists of the AJOFM forms: value -> title in each language.

The values are stored in referrals and reported on, so they never change;
the titles may.
"""

EDUCATION_LEVELS = {
    "none": {
        "en": "No formal education",
        "ro": "Fără studii",
        "cs": "Bez formálního vzdělání",
        "uk": "Без формальної освіти",
    },
    "primary": {
        "en": "Primary school",
        "ro": "Școală primară",
        "cs": "Základní škola (1. stupeň)",
        "uk": "Початкова школа",
    },
    "lower_secondary": {
        "en": "Lower secondary (gymnasium)",
        "ro": "Gimnaziu",
        "cs": "Základní škola (2. stupeň)",
        "uk": "Базова середня освіта (гімназія)",
    },
    "vocational": {
        "en": "Vocational school",
        "ro": "Școală profesională",
        "cs": "Odborné učiliště",
        "uk": "Професійно-технічне училище",
    },
    "upper_secondary": {
        "en": "Upper secondary (high school)",
        "ro": "Liceu",
        "cs": "Střední škola (lyceum)",
        "uk": "Профільна середня освіта (ліцей)",
    },
    "post_secondary": {
        "en": "Post-secondary, non-tertiary",
        "ro": "Școală postliceală",
        "cs": "Pomaturitní vzdělání (nikoli vysokoškolské)",
        "uk": "Післясередня освіта (не вища)",
    },
    "bachelor": {
        "en": "Bachelor's degree",
        "ro": "Studii universitare de licență",
        "cs": "Bakalářské studium",
        "uk": "Ступінь бакалавра",
    },
    "master": {
        "en": "Master's degree",
        "ro": "Studii de masterat",
        "cs": "Magisterské studium",
        "uk": "Ступінь магістра",
    },
    "doctorate": {
        "en": "Doctorate",
        "ro": "Doctorat",
        "cs": "Doktorské studium",
        "uk": "Докторський ступінь",
    },
}
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
LANGUAGE_LEVELS = {
    **{
        level: {
            "en": f"CEFR {level}",
            "ro": f"CECRL {level}",
            "cs": f"SERR {level}",
            "uk": f"ЗЄР {level}",
        }
        for level in CEFR_LEVELS
    },
    "native": {
        "en": "Native speaker",
        "ro": "Limbă maternă",
        "cs": "Rodilý mluvčí",
        "uk": "Рідна мова",
    },
}
RIGHT_TO_WORK_DOCUMENTS = {
    "residence_permit": {
        "en": "Residence permit",
        "ro": "Permis de ședere",
        "cs": "Povolení k pobytu",
        "uk": "Посвідка на проживання",
    },
    "long_term_residence_permit": {
        "en": "Long-term residence permit",
        "ro": "Permis de ședere pe termen lung",
        "cs": "Povolení k pobytu dlouhodobě pobývajícího rezidenta",
        "uk": "Посвідка на довгострокове проживання",
    },
    "single_permit": {
        "en": "Single permit (work)",
        "ro": "Permis unic (în scop de muncă)",
        "cs": "Jednotné povolení (k pobytu a zaměstnání)",
        "uk": "Єдиний дозвіл (на проживання та роботу)",
    },
    "eu_blue_card": {
        "en": "EU Blue Card",
        "ro": "Cartea albastră a UE",
        "cs": "Modrá karta EU",
        "uk": "Блакитна карта ЄС",
    },
    "temporary_protection_document": {
        "en": "Temporary protection document",
        "ro": "Permis de ședere pentru protecție temporară",
        "cs": "Doklad o udělení dočasné ochrany",
        "uk": "Документ про тимчасовий захист",
    },
    "asylum_seeker_document": {
        "en": "Asylum seeker's temporary identity document",
        "ro": "Document temporar de identitate (solicitant de azil)",
        "cs": "Dočasný průkaz totožnosti žadatele o azyl",
        "uk": "Тимчасове посвідчення особи шукача притулку",
    },
}
AVAILABILITY = {
    "full_time": {
        "en": "Full-time",
        "ro": "Normă întreagă",
        "cs": "Plný úvazek",
        "uk": "Повна зайнятість",
    },
    "part_time": {
        "en": "Part-time",
        "ro": "Timp parțial",
        "cs": "Částečný úvazek",
        "uk": "Неповна зайнятість",
    },
    "shifts": {
        "en": "Shift work",
        "ro": "Lucru în ture",
        "cs": "Směnný provoz",
        "uk": "Змінна робота",
    },
}
COUNSELLING_TOPICS = {
    "labour_market_information": {
        "en": "Local labour market information",
        "ro": "Informații despre piața muncii locală",
        "cs": "Informace o místním trhu práce",
        "uk": "Інформація про місцевий ринок праці",
    },
    "career_orientation": {
        "en": "Career orientation",
        "ro": "Orientare profesională",
        "cs": "Kariérní orientace",
        "uk": "Професійна орієнтація",
    },
    "cv_and_interview": {
        "en": "CV and job interview preparation",
        "ro": "Întocmirea CV-ului și pregătirea pentru interviu",
        "cs": "Příprava životopisu a pracovního pohovoru",
        "uk": "Складання резюме та підготовка до співбесіди",
    },
    "qualification_recognition": {
        "en": "Recognition of foreign qualifications",
        "ro": "Recunoașterea calificărilor obținute în străinătate",
        "cs": "Uznávání kvalifikací získaných v zahraničí",
        "uk": "Визнання кваліфікацій, здобутих за кордоном",
    },
    "self_employment": {
        "en": "Starting a business or self-employment",
        "ro": "Inițierea unei afaceri sau activitate independentă",
        "cs": "Zahájení podnikání nebo samostatná výdělečná činnost",
        "uk": "Започаткування бізнесу або самозайнятість",
    },
}
NEXT_STEPS = {
    "job_mediation": {
        "en": "Job mediation",
        "ro": "Mediere a muncii",
        "cs": "Zprostředkování zaměstnání",
        "uk": "Посередництво у працевлаштуванні",
    },
    "vocational_training": {
        "en": "Vocational training course",
        "ro": "Curs de formare profesională",
        "cs": "Rekvalifikační kurz",
        "uk": "Курс професійного навчання",
    },
    "romanian_course": {
        "en": "Romanian language course",
        "ro": "Curs de limba română",
        "cs": "Kurz rumunštiny",
        "uk": "Курс румунської мови",
    },
    "qualification_recognition": {
        "en": "Recognition of qualifications",
        "ro": "Recunoașterea calificărilor",
        "cs": "Uznání kvalifikací",
        "uk": "Визнання кваліфікацій",
    },
    "self_employment_support": {
        "en": "Support to start a business",
        "ro": "Sprijin pentru inițierea unei afaceri",
        "cs": "Podpora při zahájení podnikání",
        "uk": "Підтримка в започаткуванні бізнесу",
    },
}
COURSE_FIELDS = {
    "hospitality": {
        "en": "Hospitality and catering",
        "ro": "Turism și alimentație publică",
        "cs": "Pohostinství a gastronomie",
        "uk": "Готельно-ресторанна справа",
    },
    "construction": {
        "en": "Construction",
        "ro": "Construcții",
        "cs": "Stavebnictví",
        "uk": "Будівництво",
    },
    "commerce": {
        "en": "Commerce and sales",
        "ro": "Comerț și vânzări",
        "cs": "Obchod a prodej",
        "uk": "Торгівля та продажі",
    },
    "care": {
        "en": "Care work",
        "ro": "Îngrijire (copii, vârstnici, persoane dependente)",
        "cs": "Péče (o děti, seniory a osoby závislé na péči)",
        "uk": "Догляд (за дітьми, літніми людьми та особами, які потребують догляду)",
    },
    "beauty": {
        "en": "Hairdressing and beauty",
        "ro": "Coafură și cosmetică",
        "cs": "Kadeřnictví a kosmetika",
        "uk": "Перукарська справа та косметологія",
    },
    "industry": {
        "en": "Industry and manufacturing",
        "ro": "Industrie și producție",
        "cs": "Průmysl a výroba",
        "uk": "Промисловість і виробництво",
    },
    "transport_logistics": {
        "en": "Transport and logistics",
        "ro": "Transport și logistică",
        "cs": "Doprava a logistika",
        "uk": "Транспорт і логістика",
    },
    "it": {
        "en": "Information technology",
        "ro": "Tehnologia informației",
        "cs": "Informační technologie",
        "uk": "Інформаційні технології",
    },
    "agriculture": {
        "en": "Agriculture",
        "ro": "Agricultură",
        "cs": "Zemědělství",
        "uk": "Сільське господарство",
    },
    "other": {"en": "Other", "ro": "Altul", "cs": "Jiný obor", "uk": "Інший напрям"},
}
SCHEDULES = {
    "morning": {"en": "Mornings", "ro": "Dimineața", "cs": "Dopoledne", "uk": "Зранку"},
    "afternoon": {
        "en": "Afternoons",
        "ro": "După-amiaza",
        "cs": "Odpoledne",
        "uk": "Після обіду",
    },
    "evening": {"en": "Evenings", "ro": "Seara", "cs": "Večer", "uk": "Увечері"},
    "weekend": {"en": "Weekends", "ro": "În weekend", "cs": "O víkendu", "uk": "У вихідні"},
    "any": {"en": "Any time", "ro": "Oricând", "cs": "Kdykoli", "uk": "Будь-коли"},
}
CERTIFICATES = {
    "qualification_certificate": {
        "en": "Professional qualification certificate",
        "ro": "Certificat de calificare profesională",
        "cs": "Osvědčení o profesní kvalifikaci",
        "uk": "Свідоцтво про професійну кваліфікацію",
    },
    "graduation_certificate": {
        "en": "Certificate of graduation",
        "ro": "Certificat de absolvire",
        "cs": "Osvědčení o absolvování kurzu",
        "uk": "Свідоцтво про закінчення навчання",
    },
    "none": {
        "en": "No certificate",
        "ro": "Fără certificat",
        "cs": "Bez osvědčení",
        "uk": "Без свідоцтва",
    },
}
CONTRACT_TYPES = {
    "indefinite": {
        "en": "Permanent contract",
        "ro": "Contract pe durată nedeterminată",
        "cs": "Smlouva na dobu neurčitou",
        "uk": "Безстроковий трудовий договір",
    },
    "fixed_term": {
        "en": "Fixed-term contract",
        "ro": "Contract pe durată determinată",
        "cs": "Smlouva na dobu určitou",
        "uk": "Строковий трудовий договір",
    },
}
