"""The employment agency's messages to users, in the four UI languages.

Each English text is exactly what the schemas (``error=`` of a validator, a
``ValidationError``) or the veto produce: the UI looks the translation up by it.
"""

from __future__ import annotations

from core import Text

#: The veto on completing a registration dated before the referral was sent.
REGISTERED_BEFORE_SENT = (
    "The registration date is before the referral was sent; give the date AJOFM registered "
    "the person for this referral."
)

MESSAGES: tuple[Text, ...] = (
    {
        "en": "Use a 4-digit ISCO-08 code or a 6-digit COR code.",
        "ro": "Folosiți un cod ISCO-08 din 4 cifre sau un cod COR din 6 cifre.",
        "cs": "Použijte čtyřmístný kód ISCO-08 nebo šestimístný kód COR.",
        "uk": "Використовуйте 4-значний код ISCO-08 або 6-значний код COR.",
    },
    {
        "en": "Name at least one occupation sought.",
        "ro": "Indicați cel puțin o ocupație căutată.",
        "cs": "Uveďte alespoň jedno hledané povolání.",
        "uk": "Вкажіть щонайменше одну бажану професію.",
    },
    {
        "en": "Name at least one language the person speaks.",
        "ro": "Indicați cel puțin o limbă vorbită de persoană.",
        "cs": "Uveďte alespoň jeden jazyk, kterým osoba mluví.",
        "uk": "Вкажіть щонайменше одну мову, якою володіє особа.",
    },
    {
        "en": "Choose at least one topic.",
        "ro": "Alegeți cel puțin o temă.",
        "cs": "Vyberte alespoň jedno téma.",
        "uk": "Виберіть щонайменше одну тему.",
    },
    {
        "en": "The right-to-work document expires before the person is available; "
        "renew the document first.",
        "ro": "Documentul care dă dreptul la muncă expiră înainte ca persoana să fie "
        "disponibilă; documentul trebuie prelungit mai întâi.",
        "cs": "Platnost dokladu opravňujícího k práci skončí dříve, než může osoba nastoupit; "
        "nejprve je třeba doklad prodloužit.",
        "uk": "Строк дії документа, що дає право на працю, закінчується раніше, ніж особа може "
        "стати до роботи; спершу документ потрібно продовжити.",
    },
    {
        "en": "The course cannot end before it starts.",
        "ro": "Cursul nu se poate încheia înainte de a începe.",
        "cs": "Kurz nemůže skončit dříve, než začne.",
        "uk": "Курс не може закінчитися раніше, ніж почнеться.",
    },
    {
        "en": "Give the first day of the contract.",
        "ro": "Indicați prima zi a contractului.",
        "cs": "Zadejte první den pracovní smlouvy.",
        "uk": "Вкажіть перший день дії трудового договору.",
    },
    {
        "en": REGISTERED_BEFORE_SENT,
        "ro": "Data înregistrării este anterioară zilei în care a fost transmisă trimiterea; "
        "indicați data la care AJOFM a înregistrat persoana pentru această trimitere.",
        "cs": "Datum zaevidování je dřívější než den odeslání předání; zadejte datum, kdy AJOFM "
        "osobu zaevidovala na základě tohoto předání.",
        "uk": "Дата реєстрації передує дню надсилання направлення; вкажіть дату, коли AJOFM "
        "зареєструвало особу за цим направленням.",
    },
)
