"""The choice lists of the AJOFM forms: value -> title in each language.

The values are stored in referrals and reported on, so they never change;
the titles may.
"""

EDUCATION_LEVELS = {
    "none": {"en": "No formal education", "ro": "Fără studii"},
    "primary": {"en": "Primary school", "ro": "Școală primară"},
    "lower_secondary": {"en": "Lower secondary (gymnasium)", "ro": "Gimnaziu"},
    "vocational": {"en": "Vocational school", "ro": "Școală profesională"},
    "upper_secondary": {"en": "Upper secondary (high school)", "ro": "Liceu"},
    "post_secondary": {"en": "Post-secondary, non-tertiary", "ro": "Școală postliceală"},
    "bachelor": {"en": "Bachelor's degree", "ro": "Studii universitare de licență"},
    "master": {"en": "Master's degree", "ro": "Studii de masterat"},
    "doctorate": {"en": "Doctorate", "ro": "Doctorat"},
}
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
LANGUAGE_LEVELS = {
    **{level: {"en": f"CEFR {level}", "ro": f"CECRL {level}"} for level in CEFR_LEVELS},
    "native": {"en": "Native speaker", "ro": "Limbă maternă"},
}
RIGHT_TO_WORK_DOCUMENTS = {
    "residence_permit": {"en": "Residence permit", "ro": "Permis de ședere"},
    "long_term_residence_permit": {
        "en": "Long-term residence permit",
        "ro": "Permis de ședere pe termen lung",
    },
    "single_permit": {"en": "Single permit (work)", "ro": "Permis unic (în scop de muncă)"},
    "eu_blue_card": {"en": "EU Blue Card", "ro": "Cartea albastră a UE"},
    "temporary_protection_document": {
        "en": "Temporary protection document",
        "ro": "Permis de ședere pentru protecție temporară",
    },
    "asylum_seeker_document": {
        "en": "Asylum seeker's temporary identity document",
        "ro": "Document temporar de identitate (solicitant de azil)",
    },
}
AVAILABILITY = {
    "full_time": {"en": "Full-time", "ro": "Normă întreagă"},
    "part_time": {"en": "Part-time", "ro": "Timp parțial"},
    "shifts": {"en": "Shift work", "ro": "Lucru în ture"},
}
COUNSELLING_TOPICS = {
    "labour_market_information": {
        "en": "Local labour market information",
        "ro": "Informații despre piața muncii locală",
    },
    "career_orientation": {"en": "Career orientation", "ro": "Orientare profesională"},
    "cv_and_interview": {
        "en": "CV and job interview preparation",
        "ro": "Întocmirea CV-ului și pregătirea pentru interviu",
    },
    "qualification_recognition": {
        "en": "Recognition of foreign qualifications",
        "ro": "Recunoașterea calificărilor obținute în străinătate",
    },
    "self_employment": {
        "en": "Starting a business or self-employment",
        "ro": "Inițierea unei afaceri sau activitate independentă",
    },
}
NEXT_STEPS = {
    "job_mediation": {"en": "Job mediation", "ro": "Mediere a muncii"},
    "vocational_training": {
        "en": "Vocational training course",
        "ro": "Curs de formare profesională",
    },
    "romanian_course": {"en": "Romanian language course", "ro": "Curs de limba română"},
    "qualification_recognition": {
        "en": "Recognition of qualifications",
        "ro": "Recunoașterea calificărilor",
    },
    "self_employment_support": {
        "en": "Support to start a business",
        "ro": "Sprijin pentru inițierea unei afaceri",
    },
}
COURSE_FIELDS = {
    "hospitality": {"en": "Hospitality and catering", "ro": "Turism și alimentație publică"},
    "construction": {"en": "Construction", "ro": "Construcții"},
    "commerce": {"en": "Commerce and sales", "ro": "Comerț și vânzări"},
    "care": {"en": "Care work", "ro": "Îngrijire (copii, vârstnici, persoane dependente)"},
    "beauty": {"en": "Hairdressing and beauty", "ro": "Coafură și cosmetică"},
    "industry": {"en": "Industry and manufacturing", "ro": "Industrie și producție"},
    "transport_logistics": {"en": "Transport and logistics", "ro": "Transport și logistică"},
    "it": {"en": "Information technology", "ro": "Tehnologia informației"},
    "agriculture": {"en": "Agriculture", "ro": "Agricultură"},
    "other": {"en": "Other", "ro": "Altul"},
}
SCHEDULES = {
    "morning": {"en": "Mornings", "ro": "Dimineața"},
    "afternoon": {"en": "Afternoons", "ro": "După-amiaza"},
    "evening": {"en": "Evenings", "ro": "Seara"},
    "weekend": {"en": "Weekends", "ro": "În weekend"},
    "any": {"en": "Any time", "ro": "Oricând"},
}
CERTIFICATES = {
    "qualification_certificate": {
        "en": "Professional qualification certificate",
        "ro": "Certificat de calificare profesională",
    },
    "graduation_certificate": {"en": "Certificate of graduation", "ro": "Certificat de absolvire"},
    "none": {"en": "No certificate", "ro": "Fără certificat"},
}
CONTRACT_TYPES = {
    "indefinite": {"en": "Permanent contract", "ro": "Contract pe durată nedeterminată"},
    "fixed_term": {"en": "Fixed-term contract", "ro": "Contract pe durată determinată"},
}
