"""The health insurance house's messages to users, in the four UI languages.

Each English text is exactly what the schemas (``error=`` of a validator, a
``ValidationError``) or the veto produce: the UI looks the translation up by it.
"""

from __future__ import annotations

from core import Text

#: The veto on completing project-paid contributions for a longer period.
COVERAGE_TOO_LONG = (
    "Project-paid coverage is capped at 6 months: the paid-until date can be at most "
    "6 months after the paid-from date. Correct the paid-until date."
)

#: The reminder to the centre before project-paid coverage runs out.
COVERAGE_ENDING: Text = {
    "en": "Project-paid health insurance ends in 14 days: help the person move to another"
    " insurance category without a gap.",
    "ro": "Asigurarea de sănătate plătită de proiect se încheie peste 14 zile: ajutați persoana"
    " să treacă la altă categorie de asigurat fără întrerupere.",
    "cs": "Zdravotní pojištění placené projektem končí za 14 dní: pomozte osobě přejít do jiné"
    " kategorie pojištěnce bez přerušení.",
    "uk": "Медичне страхування, оплачене проєктом, закінчується через 14 днів: допоможіть"
    " особі перейти до іншої категорії застрахованих без перерви.",
}

MESSAGES: tuple[Text, ...] = (
    {
        "en": "A CNP has 13 digits and does not start with 0.",
        "ro": "CNP-ul are 13 cifre și nu începe cu 0.",
        "cs": "CNP má 13 číslic a nezačíná nulou.",
        "uk": "CNP складається з 13 цифр і не починається з 0.",
    },
    {
        "en": "Give the first day of the month, e.g. 2027-01-01.",
        "ro": "Indicați prima zi a lunii, de exemplu 2027-01-01.",
        "cs": "Zadejte první den měsíce, např. 2027-01-01.",
        "uk": "Вкажіть перший день місяця, наприклад 2027-01-01.",
    },
    {
        "en": "Give the reference code of the insured family member.",
        "ro": "Indicați codul de referință al membrului de familie asigurat.",
        "cs": "Zadejte referenční kód pojištěného rodinného příslušníka.",
        "uk": "Вкажіть код застрахованого члена сім’ї.",
    },
    {
        "en": "Insurance cannot end before it starts.",
        "ro": "Asigurarea nu se poate încheia înainte de a începe.",
        "cs": "Pojištění nemůže skončit dříve, než začne.",
        "uk": "Страхування не може закінчитися раніше, ніж почнеться.",
    },
    {
        "en": "A project can pay contributions for 1 to 6 months at most.",
        "ro": "Un proiect poate plăti contribuțiile pentru 1 până la 6 luni, nu mai mult.",
        "cs": "Projekt může hradit pojistné za 1 až 6 měsíců, ne déle.",
        "uk": "Проєкт може сплачувати внески за період від 1 до 6 місяців, не більше.",
    },
    {
        "en": "The paid period cannot end before it starts.",
        "ro": "Perioada plătită nu se poate încheia înainte de a începe.",
        "cs": "Hrazené období nemůže skončit dříve, než začne.",
        "uk": "Оплачений період не може закінчитися раніше, ніж почнеться.",
    },
    {
        "en": COVERAGE_TOO_LONG,
        "ro": "Contribuțiile plătite de proiect acoperă cel mult 6 luni: data „Plătit până la” "
        "poate fi cel mult la 6 luni după data „Plătit de la”. Corectați data „Plătit până la”.",
        "cs": "Pojistné hrazené projektem pokrývá nejvýše 6 měsíců: datum „Hrazeno do“ smí být "
        "nejvýše 6 měsíců po datu „Hrazeno od“. Opravte datum „Hrazeno do“.",
        "uk": "Внески, які сплачує проєкт, покривають не більше 6 місяців: дата «Оплачено до» "
        "має бути не пізніше ніж через 6 місяців після дати «Оплачено з». Виправте дату "
        "«Оплачено до».",
    },
)
