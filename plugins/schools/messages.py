"""The school inspectorate's messages to users, in the four UI languages.

Each English text is exactly what the schemas (``error=`` of a validator, a
``ValidationError``) or the veto produce: the UI looks the translation up by it.
"""

from __future__ import annotations

from core import Text

#: The veto on referring an adult to a service for children.
ADULT_REFERRED = (
    "This service is for children under 18 on the day of the referral; refer adults to "
    "adult education or the labour agency instead."
)
#: The veto on school enrolment for a child not linked to a parent or guardian.
NO_HOUSEHOLD_HEAD = (
    "Link the child to the household head first: the school needs the parent or guardian "
    "who enrols the child."
)

MESSAGES: tuple[Text, ...] = (
    {
        "en": "For kindergarten the grade must be 0.",
        "ro": "Pentru grădiniță, clasa trebuie să fie 0.",
        "cs": "U mateřské školy musí být ročník 0.",
        "uk": "Для дитячого садка клас має бути 0.",
    },
    {
        "en": "For primary school the grade must be between 0 and 4.",
        "ro": "Pentru învățământul primar, clasa trebuie să fie între 0 și 4.",
        "cs": "U primárního vzdělávání musí být ročník od 0 do 4.",
        "uk": "Для початкової освіти клас має бути від 0 до 4.",
    },
    {
        "en": "For lower secondary school the grade must be between 5 and 8.",
        "ro": "Pentru învățământul gimnazial, clasa trebuie să fie între 5 și 8.",
        "cs": "U nižšího sekundárního vzdělávání musí být ročník od 5 do 8.",
        "uk": "Для базової середньої освіти клас має бути від 5 до 8.",
    },
    {
        "en": "For upper secondary school the grade must be between 9 and 12.",
        "ro": "Pentru învățământul liceal, clasa trebuie să fie între 9 și 12.",
        "cs": "U vyššího sekundárního vzdělávání musí být ročník od 9 do 12.",
        "uk": "Для старшої школи (ліцею) клас має бути від 9 до 12.",
    },
    {
        "en": ADULT_REFERRED,
        "ro": "Acest serviciu este destinat copiilor care nu au împlinit 18 ani în ziua "
        "trimiterii; îndrumați adulții către educația adulților sau către agenția de ocupare "
        "a forței de muncă.",
        "cs": "Tato služba je určena dětem, kterým v den předání ještě nebylo 18 let; dospělé "
        "předejte do vzdělávání dospělých nebo na agenturu práce.",
        "uk": "Ця послуга призначена для дітей, яким на день направлення ще не виповнилося "
        "18 років; дорослих направляйте на освіту для дорослих або до агентства зайнятості.",
    },
    {
        "en": NO_HOUSEHOLD_HEAD,
        "ro": "Legați mai întâi copilul de capul de familie: școala are nevoie de părintele "
        "sau tutorele care înscrie copilul.",
        "cs": "Nejprve přiřaďte dítě k hlavě domácnosti: škola potřebuje rodiče nebo "
        "opatrovníka, který dítě zapisuje.",
        "uk": "Спершу пов’яжіть дитину з головою домогосподарства: школі потрібні дані одного "
        "з батьків або опікуна, який записує дитину.",
    },
)
