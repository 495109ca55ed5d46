"""Arabic names in Latin letters, as they read on a passport.

Arabic script writes no short vowels, so a letter-by-letter rendering of
يوسف is "ywsf", not a name. We suggest the spelling most used in Syrian,
Iraqi and Jordanian passports (English-based and without diacritics: "sh",
"kh", "gh", "Al-" for the article, "Mohammad", "Yusuf"): a table of common
names first, then rules that read the long vowels (ا و ي) and put an "a"
where Arabic leaves the short vowel unwritten. Vowel marks, when the text
has them, are read as written. Staff correct the suggestion from the
passport; see docs/decisions.md.
"""

from __future__ import annotations

import re

#: the usual passport spelling of common given and family names
COMMON_NAMES = {
    "محمد": "Mohammad", "احمد": "Ahmad", "محمود": "Mahmoud", "مصطفى": "Mustafa",
    "يوسف": "Yusuf", "ابراهيم": "Ibrahim", "اسماعيل": "Ismail", "عمر": "Omar",
    "علي": "Ali", "حسن": "Hassan", "حسين": "Hussein", "خالد": "Khaled",
    "سعيد": "Said", "سعد": "Saad", "عبد": "Abd", "عبدالله": "Abdullah",
    "عبدالرحمن": "Abdulrahman", "عبدالكريم": "Abdulkarim", "عبدالعزيز": "Abdulaziz",
    "كريم": "Karim", "جمال": "Jamal", "كمال": "Kamal", "سامي": "Sami", "سمير": "Samir",
    "طارق": "Tareq", "عماد": "Imad", "وليد": "Walid", "مروان": "Marwan", "باسل": "Basel",
    "فادي": "Fadi", "رامي": "Rami", "ماهر": "Maher", "ناصر": "Nasser", "منصور": "Mansour",
    "هادي": "Hadi", "زياد": "Ziad", "رياض": "Riad", "عادل": "Adel", "نبيل": "Nabil",
    "جميل": "Jamil", "فراس": "Firas", "انس": "Anas", "بلال": "Bilal", "حمزة": "Hamza",
    "عثمان": "Othman", "صالح": "Saleh", "سليمان": "Suleiman", "موسى": "Musa",
    "عيسى": "Issa", "داود": "Dawood", "يحيى": "Yahya", "زكريا": "Zakaria",
    "ايمن": "Ayman", "امين": "Amin", "ياسين": "Yassin", "ياسر": "Yasser",
    "هشام": "Hisham", "غسان": "Ghassan", "وائل": "Wael", "نزار": "Nizar",
    "مازن": "Mazen", "حسام": "Hussam", "قاسم": "Qasim", "جعفر": "Jafar",
    "فاطمة": "Fatima", "عائشة": "Aisha", "مريم": "Maryam", "زينب": "Zeinab",
    "خديجة": "Khadija", "نور": "Nour", "هدى": "Huda", "سارة": "Sara", "ليلى": "Layla",
    "رنا": "Rana", "رشا": "Rasha", "ريم": "Reem", "دعاء": "Duaa", "اسماء": "Asmaa",
    "امل": "Amal", "منى": "Mona", "سلمى": "Salma", "هبة": "Hiba", "ياسمين": "Yasmin",
    "لينا": "Lina", "سعاد": "Suad", "نادية": "Nadia", "سميرة": "Samira", "رانيا": "Rania",
    "حنان": "Hanan", "ايمان": "Iman", "وفاء": "Wafaa", "غادة": "Ghada", "شيماء": "Shaimaa",
    "حداد": "Haddad", "نجار": "Najjar", "خطيب": "Khatib", "حلبي": "Halabi",
    "شامي": "Shami", "شيخ": "Sheikh", "مصري": "Masri", "بغدادي": "Baghdadi", "حمصي": "Homsi",
    "عثماني": "Othmani", "جبوري": "Jubouri", "عبيدي": "Obaidi", "دليمي": "Dulaimi",
    "تميمي": "Tamimi", "زعبي": "Zoubi", "حمدان": "Hamdan", "سعدي": "Saadi",
    "قاسمي": "Qasimi", "حسيني": "Husseini", "موسوي": "Mousawi", "كردي": "Kurdi",
    "اسعد": "Asaad", "عطار": "Attar", "صباغ": "Sabbagh", "خوري": "Khoury",
    "رحمن": "Rahman", "رحيم": "Rahim", "عزيز": "Aziz", "كبير": "Kabir",
}  # fmt: skip

_ARTICLE = "ال"
_HAMZA_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"})
_VOWEL_MARKS = {"\u064e": "a", "\u064f": "u", "\u0650": "i"}  # fatha, damma, kasra
_SHADDA, _SUKUN = "\u0651", "\u0652"
_OTHER_MARKS = re.compile("[\u064b-\u064d\u0653-\u065f\u0670\u0640]")  # tanwin, tatweel…

_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ع": "", "ء": "", "ئ": "", "ؤ": "",
}  # fmt: skip
_VOWEL = "aiu"
_GLIDES = {"و": (("u", True), ("w", False)), "ي": (("i", True), ("y", False))}


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def romanise(text: str) -> str:
    """A name in Arabic script in Latin letters, word by word."""
    return " ".join(_word(word) for word in text.split())


def _word(word: str) -> str:
    bare = _OTHER_MARKS.sub("", word)
    plain = re.sub("[\u064e-\u0652]", "", bare).translate(_HAMZA_FORMS)
    if plain in COMMON_NAMES:
        return COMMON_NAMES[plain]
    if plain.startswith(_ARTICLE) and len(plain) > 3:
        rest = plain[2:]
        return "Al-" + COMMON_NAMES.get(rest, _spell(bare[2:]).capitalize())
    return _spell(bare).capitalize()


def _spell(word: str) -> str:
    """Consonants and long vowels as letters, the unwritten short vowel as "a"."""
    units = _units(word)
    out: list[str] = []
    after_vowel = False
    for i, (sound, is_vowel) in enumerate(units):
        out.append(sound)
        if is_vowel or i + 1 >= len(units) or units[i + 1][1]:
            after_vowel = is_vowel
            continue
        # two consonants in a row: Arabic syllables are CV or CVC, so the
        # first closes a syllable only after a vowel, and never the last one
        next_is_last = i + 2 >= len(units)
        after_vowel = not after_vowel or next_is_last
        if after_vowel:
            out.append("a")
    return "".join(out)


def _units(word: str) -> list[tuple[str, bool]]:
    """The word as (sound, is_vowel) pairs."""
    units: list[tuple[str, bool]] = []
    letters = list(word)
    for i, ch in enumerate(letters):
        previous_is_consonant = bool(units) and not units[-1][1]
        following = letters[i + 1] if i + 1 < len(letters) else ""
        if ch in _VOWEL_MARKS:
            units.append((_VOWEL_MARKS[ch], True))
        elif ch == _SHADDA and units and not units[-1][1]:
            units.append(units[-1])
        elif ch == _SUKUN:
            continue
        elif ch in "اأآ":
            units.append(("a", True))
        elif ch == "إ":
            units.append(("i", True))
        elif ch in "ةى":
            units.append(("a", True))
        elif ch == "و":
            units.append(
                ("u", True) if previous_is_consonant and following != "ا" else ("w", False)
            )
        elif ch == "ي":
            units.append(
                ("i", True) if previous_is_consonant and following != "ا" else ("y", False)
            )
        elif ch in _CONSONANTS:
            sound = _CONSONANTS[ch]
            if sound:
                units.append((sound, False))
            elif not units:
                units.append(("a", True))  # ع or hamza opening a word is heard as a vowel
        else:
            units.append((ch, ch.lower() in _VOWEL))
    return units
