"""Names across scripts and spellings: the Latin suggestion, search keys, likeness.

Three steps take a name as written to what the hub compares:

1. **romanise**: Arabic and Cyrillic script to Latin letters the way
   passports spell them (:mod:`core.beneficiaries.arabic`,
   :mod:`core.beneficiaries.cyrillic`), any other script by ``anyascii``;
   accents go.
2. **spelling**: each word in lower case with the letters that spell one
   sound in several ways made one ("kh"/"h", "sh"/"š"/"ş", "ch"/"č"/"ç",
   "y"/"j"/"i", "w"/"v", "x"/"ks", "ou"/"u", "g"/"h" for Ukrainian and
   Russian), Arabic articles ("al-", "el") and the "abd" of compound names
   apart.
3. **key**: the spelling's consonants, with a word's opening vowel kept as
   "a" and doubled letters and a final voiced consonant folded (Mohammed,
   Muhammad and Mehmet are "mhmt"). The search looks keys up in an index
   (``beneficiary_name_keys``); rapidfuzz then ranks what it found by how
   alike the spellings are, best first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii
from rapidfuzz import fuzz

from core.beneficiaries import arabic, cyrillic

#: Arabic articles written as a word of their own ("Al Ali", "el Masri")
_ARTICLES = {"al", "el", "ul"}
#: the first part of compound names ("Abd al-Rahman", "Abdulrahman", "Abdel Aziz")
_ABD = re.compile(r"^ab(?:dul|del|dal|dol|dil|d)(?=[a-z]{3,}$)|^ab(?:dul|del|dal|dol)$")
_SOUNDS = [
    ("shch", "s"), ("sch", "s"), ("kh", "h"), ("gh", "h"), ("sh", "s"), ("ch", "k"),
    ("zh", "z"), ("cz", "k"), ("sz", "s"), ("tz", "k"), ("dh", "d"), ("th", "t"), ("ph", "f"),
    ("dj", "i"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("x", "ks"),
    ("q", "k"), ("c", "k"), ("w", "v"), ("y", "i"), ("j", "i"), ("g", "h"), ("e", "i"),
]  # fmt: skip
_SOUND = re.compile("|".join(sound for sound, _ in _SOUNDS))
_SOUND_OF = dict(_SOUNDS)
#: letters read in more than one way across languages: every reading is kept
#: ("ch" is č in English, š in French, x in German; "ts" is ц, or Romanian ț;
#: "rz" is a Czech ř; a "w" between vowels may be only a glide: Dawood, Daoud)
_AMBIGUOUS = re.compile(r"tsch|shch|sch|ch|ts|rz|(?<=[aeiou])w(?=[aeiou])")
_READINGS = {
    "tsch": ("k",), "shch": ("s",), "sch": ("s",), "ch": ("k", "s", "h"),
    "ts": ("k", "t"), "rz": ("r", "z"), "w": ("v", ""),
}  # fmt: skip
#: at most this many readings of one word
_MAX_READINGS = 9
_VOWELS = re.compile("[aiou]")
_DEVOICED = {"d": "t", "b": "p", "z": "s", "v": "f"}


def romanise(text: str, nationality: str | None = None) -> str:
    """``text`` in Latin letters without accents, word by word by its script."""
    words = []
    for word in text.split():
        if arabic.is_arabic(word):
            word = arabic.romanise(word)
        elif cyrillic.is_cyrillic(word):
            word = cyrillic.romanise(word, ukrainian=True if nationality == "UA" else None)
        words.append(anyascii(word).replace("'", ""))
    return " ".join(" ".join(words).split())


def suggest_latin(given_name: str, family_name: str, nationality: str | None = None) -> str:
    """The Latin spelling the hub proposes for a name (staff correct it from
    the passport)."""
    return romanise(f"{given_name} {family_name}", nationality)


def spellings(*names: str) -> list[str]:
    """The words of these names as compared: one spelling per sound (the
    first reading of each word)."""
    return [readings[0] for readings in word_readings(*names)]


def word_readings(*names: str) -> list[list[str]]:
    """Each word of these names with its readings, the usual one first."""
    return [_spell(word) for word in _words(*names)]


def _words(*names: str) -> list[str]:
    words: list[str] = []
    for name in names:
        raw = re.findall(r"[a-z0-9]+", romanise(name).lower())
        for i, word in enumerate(raw):
            following = raw[i + 1] if i + 1 < len(raw) else ""
            if _is_article(word, following):
                continue
            if (abd := _ABD.match(word)) and abd.end() < len(word):
                words.extend(["abd", word[abd.end() :]])
                continue
            words.append("abd" if abd else word)
    return words


def _is_article(word: str, following: str) -> bool:
    # "As-Sayed", "Ar-Rahman": the article sounds like the next word's first letter
    assimilated = len(word) == 2 and word[0] == "a" and following[:1] == word[1]
    return bool(following) and (word in _ARTICLES or assimilated)


def _spell(word: str) -> list[str]:
    """The readings of one word, each with one spelling per sound."""
    word = re.sub(r"^ou(?=[aei])", "w", word)  # French: Oualid is Walid
    word = re.sub(r"(?<=...)ah$", "a", word)  # Fatimah: a silent final h
    readings = [""]
    position = 0
    for m in _AMBIGUOUS.finditer(word):
        choices = _READINGS[m.group(0)]
        if len(readings) * len(choices) > _MAX_READINGS:
            choices = choices[:1]  # enough readings: the usual one from here on
        between = word[position : m.start()]
        readings = [r + between + choice for r in readings for choice in choices]
        position = m.end()
    readings = [r + word[position:] for r in readings]
    spelled = [_SOUND.sub(lambda m: _SOUND_OF[m.group(0)], r) for r in readings]
    return list(dict.fromkeys(spelled))


def key(spelling: str) -> str:
    """A spelling's consonants: "iusuf" and "iusif" are both "asf"."""
    if not spelling:
        return ""
    head = "a" if _VOWELS.match(spelling) else spelling[0]
    # z is s too: German and Turkish write the sound of з as s (Morosowa)
    consonants = (head + _VOWELS.sub("", spelling[1:])).replace("z", "s")
    folded = re.sub(r"(.)\1+", r"\1", consonants)
    if len(folded) > 1 and folded[-1] in _DEVOICED:
        folded = folded[:-1] + _DEVOICED[folded[-1]]
    return folded


def name_keys(*names: str) -> set[str]:
    """The keys under which a person with these names is found."""
    return set().union(set(), *(_keys(readings) for readings in word_readings(*names)))


def query_keys(text: str) -> list[set[str]]:
    """The keys of each word someone searched for, one set per word."""
    return [keys for keys in map(_keys, word_readings(text)) if keys]


def _keys(readings: list[str]) -> set[str]:
    keys = set()
    for spelling in readings:
        keys.add(key(spelling))
        # "Alhassan" written as one word is also "Hassan"
        if spelling[:2] in ("al", "il") and len(spelling) > 4:
            keys.add(key(spelling[2:]))
    return keys - {""}


def match_score(query: str, names: Iterable[str]) -> float:
    """How well a person's names answer a search, 0 to 100: each searched
    word against the most alike of the person's words."""
    wanted = word_readings(query)
    theirs = [reading for readings in word_readings(*names) for reading in readings]
    if not wanted or not theirs:
        return 0.0
    best = [max(fuzz.ratio(w, their) for w in word for their in theirs) for word in wanted]
    return sum(best) / len(best)


def similarity(names_a: list[str], names_b: list[str]) -> float:
    """How alike two people's names are, 0 to 100, across scripts and the
    usual spellings (the duplicate check's measure)."""
    a = " ".join(sorted(set(spellings(*names_a))))
    b = " ".join(sorted(set(spellings(*names_b))))
    return float(fuzz.token_set_ratio(a, b)) if a and b else 0.0
