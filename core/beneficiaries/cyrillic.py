"""Cyrillic names in the Latin spelling of the person's passport.

Ukrainian passports follow the national table of 2010 (Cabinet of
Ministers resolution 55: Oleksandr, Serhii, Hanna, Yuliia); Russian ones
follow ICAO Doc 9303 (Aleksandr, Sergei, Iuliia). A name with a letter only
Ukrainian has (і ї є ґ), or of a Ukrainian national, is read as Ukrainian.
"""

from __future__ import annotations

import re

_UKRAINIAN_ONLY = re.compile("[іїєґІЇЄҐ]")

_UKRAINIAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
#: the 2010 table spells these differently at the start of a word
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def romanise(text: str, ukrainian: bool | None = None) -> str:
    """``text`` in Latin letters by the Ukrainian or the Russian passport table;
    ``ukrainian`` None decides by the letters."""
    if ukrainian is None:
        ukrainian = bool(_UKRAINIAN_ONLY.search(text))
    table = _UKRAINIAN if ukrainian else _RUSSIAN
    out: list[str] = []
    at_start = True
    for ch in text:
        low = ch.lower()
        if ukrainian and at_start and low in _UKRAINIAN_INITIAL:
            latin = _UKRAINIAN_INITIAL[low]
        elif ukrainian and low == "г" and out and out[-1].lower().endswith("z"):
            latin = "gh"  # "зг" is "zgh", so that it is not read as "zh"
        else:
            latin = table.get(low, ch)
        out.append(latin.capitalize() if ch != low and latin else latin)
        at_start = not ch.isalpha() and ch not in "'’ʼ"
    return "".join(out)
