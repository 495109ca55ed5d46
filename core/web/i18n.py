"""Languages of the UI (Flask-Babel): the choice, and texts in the chosen one.

Interface strings are in the gettext catalogues under ``core/translations``
(English is the source language). Plugins ship their own texts (service
titles, field labels, reason codes) as ``Text`` mappings, shown with
:func:`localized`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import numbers
from flask import Flask, request, session
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.app import hub
from core.catalogue.types import Text, localize
from core.web.messages import translate_message

#: each language's name in itself, for the language switch
LANGUAGE_NAMES = {"ro": "Română", "en": "English", "cs": "Čeština", "uk": "Українська"}


def select_language() -> str:
    """The explicit choice of this session, else the user's saved language,
    else the browser's preference, else the hub's default."""
    languages = hub().settings.languages
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.user.language in languages:
        return current_user.user.language
    return request.accept_languages.best_match(languages) or hub().settings.default_language


def current_language() -> str:
    return str(get_locale() or hub().settings.default_language)


def localized(text: Text | str | None) -> str:
    """A plugin's text in the UI language (English when the plugin lacks it)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return localize(text, current_language())


ROLE_TITLES = {
    "centre_staff": _l("Centre staff"),
    "agency_officer": _l("Institution officer"),
    "coordinator": _l("Coordinator"),
    "admin": _l("Administrator"),
}


def role_title(role: str) -> str:
    return str(ROLE_TITLES.get(role, role))


def _template_globals() -> dict[str, Any]:
    return {
        "localized": localized,
        "role_title": role_title,
        "current_language": current_language,
        "language_names": {
            code: LANGUAGE_NAMES.get(code, code) for code in hub().settings.languages
        },
    }


@lru_cache(maxsize=4096, typed=True)
def _formatted(kind: str, number: Any, pattern: str | None, locale: str | None) -> str:
    format_ = numbers.format_percent if kind == "percent" else numbers.format_decimal
    return format_(number, format=pattern, locale=locale)


def format_decimal(number: Any, format: str | None = None) -> str:  # noqa: A002 (Babel's name)
    """Flask-Babel's ``decimalformat`` (and ``numberformat``, without ``format``),
    remembered: the figures' pages format a few hundred numbers, many of them alike,
    and Babel parses the pattern and the locale's symbols on every call."""
    return _formatted("decimal", number, format, _locale())


def format_percent(number: Any, format: str | None = None) -> str:  # noqa: A002
    """Flask-Babel's ``percentformat``, remembered as :func:`format_decimal`."""
    return _formatted("percent", number, format, _locale())


def _locale() -> str | None:
    locale = get_locale()
    return str(locale) if locale else None


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_language, default_translation_directories="translations")
    app.context_processor(_template_globals)
    app.jinja_env.filters["message"] = translate_message
    app.jinja_env.filters.update(
        numberformat=format_decimal, decimalformat=format_decimal, percentformat=format_percent
    )
