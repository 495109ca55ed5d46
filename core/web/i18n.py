"""Languages of the UI (Flask-Babel): the choice, and texts in the chosen one.

Interface strings are in the gettext catalogues under ``core/translations``
(English is the source language). Plugins ship their own texts (service
titles, field labels, reason codes) as ``Text`` mappings, shown with
:func:`localized`.
"""

from __future__ import annotations

from typing import Any

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


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_language, default_translation_directories="translations")
    app.context_processor(_template_globals)
    app.jinja_env.filters["message"] = translate_message
