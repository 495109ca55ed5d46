"""The slip's languages and texts: its own gettext domain, ``slip``.

The UI's catalogues (``core/translations``, ``make messages``) never hold the
slip's strings: the slip's template calls ``t()`` and its Python code marks
strings with ``S_()``, neither of which the UI's extraction reads. The slip's
own extraction is ``make slip-messages``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

#: the slip's languages, in the order the language select offers them
SLIP_LANGUAGES = ("ro", "en", "uk", "ar", "cs")
#: written right to left: the page mirrors
RIGHT_TO_LEFT = frozenset({"ar"})
#: each language's name in itself, for the select
LANGUAGE_NAMES = {
    "ro": "Română",
    "en": "English",
    "uk": "Українська",
    "ar": "العربية",
    "cs": "Čeština",
}
DOMAIN = "slip"
TRANSLATIONS = Path(__file__).parent / "translations"


def S_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string of the slip's catalogue (read by ``make slip-messages``)."""
    return message


@cache
def _catalogue(lang: str) -> NullTranslations:
    if lang == "en":  # the source language
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [lang], domain=DOMAIN)


def translator(lang: str) -> Callable[..., str]:
    """``t(message, **values)``: the slip's text in ``lang``, with its
    ``%(name)s`` placeholders filled in."""
    catalogue = _catalogue(lang)

    def t(message: str, **values: Any) -> str:
        text = catalogue.gettext(message)
        return text % values if values else text

    return t


def direction(lang: str) -> str:
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"
