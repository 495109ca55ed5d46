"""Names across scripts: transliteration to Latin and search keys.

Arabic is written without short vowels, so "أحمد" transliterates to "hmd"
while staff type "Ahmad" or "Ahmed". Besides the normalised tokens, we keep
each token's consonant skeleton and match on that too.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_SKELETON_DROP = re.compile(r"[aeiouyw']")


def to_latin(text: str) -> str:
    """A Latin rendering of a name in any script (accents removed)."""
    return " ".join(anyascii(text).replace("'", "").split())


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", anyascii(text).lower().replace("kh", "h"))


def skeleton(token: str) -> str:
    bare = _SKELETON_DROP.sub("", token)
    return re.sub(r"(.)\1+", r"\1", bare)


def search_keys(*names: str) -> tuple[str, str]:
    """The values of ``search_names`` and ``search_skeletons`` for these names.
    Both are space-delimited so that a LIKE '% tok%' matches a token's start."""
    words = sorted({t for name in names for t in tokens(name)})
    skeletons = sorted({skeleton(t) for t in words} - {""})
    return f" {' '.join(words)} ", f" {' '.join(skeletons)} "


def similarity(names_a: list[str], names_b: list[str]) -> float:
    """How alike two people's names are, 0 to 100, across scripts and the
    usual spellings (the duplicate check's measure)."""
    from rapidfuzz import fuzz

    a = " ".join(sorted({t for name in names_a for t in tokens(name)}))
    b = " ".join(sorted({t for name in names_b for t in tokens(name)}))
    return float(fuzz.token_set_ratio(a, b)) if a and b else 0.0
