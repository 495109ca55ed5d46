"""Validation messages in the UI language.

Service functions and schemas speak English (the API's language). The UI
shows their messages translated: fixed messages through the catalogue, and
the ones with values in them (``Longer than maximum length 40.``) through a
pattern that pulls the values out and a translatable template that puts them
back. A plugin's own messages (its validators' and its veto's) are not in the
catalogue: plugins ship their translations through ``referral_hub_messages``.
"""

from __future__ import annotations

import re

from flask_babel import gettext

from core.app import hub
from core.errors import N_

# Error titles (core.errors and HTTP) and marshmallow's fixed messages, here so
# that extraction puts them in the catalogues.
FIXED = (
    N_("Bad request"),
    N_("Unauthorized"),
    N_("Forbidden"),
    N_("Not found"),
    N_("Not Found"),
    N_("Conflict"),
    N_("Precondition failed"),
    N_("Precondition required"),
    N_("Unprocessable content"),
    N_("Method Not Allowed"),
    N_("Request Entity Too Large"),
    N_("Bad Request"),
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid input."),
    N_("Invalid type."),
    N_("Not a valid boolean."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid email address."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid string."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Number too large."),
    N_("String does not match expected pattern."),
    N_("Special numeric values (nan or infinity) are not permitted."),
)

#: (pattern of the English message, translatable template with the same names)
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^Longer than maximum length (?P<max>\d+)\.$"),
        N_("Longer than maximum length %(max)s."),
    ),
    (
        re.compile(r"^Shorter than minimum length (?P<min>\d+)\.$"),
        N_("Shorter than minimum length %(min)s."),
    ),
    (
        re.compile(r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$"),
        N_("Length must be between %(min)s and %(max)s."),
    ),
    (re.compile(r"^Length must be (?P<equal>\d+)\.$"), N_("Length must be %(equal)s.")),
    (
        re.compile(
            r"^Must be greater than or equal to (?P<min>\S+)"
            r" and less than or equal to (?P<max>\S+)\.$"
        ),
        N_("Must be between %(min)s and %(max)s."),
    ),
    (
        re.compile(r"^Must be greater than or equal to (?P<min>\S+)\.$"),
        N_("Must be at least %(min)s."),
    ),
    (re.compile(r"^Must be less than or equal to (?P<max>\S+)\.$"), N_("Must be at most %(max)s.")),
    (re.compile(r"^Must be greater than (?P<min>\S+)\.$"), N_("Must be more than %(min)s.")),
    (re.compile(r"^Must be less than (?P<max>\S+)\.$"), N_("Must be less than %(max)s.")),
    (re.compile(r"^Must be one of: .*\.$"), N_("Choose one of the values offered.")),
    (
        re.compile(r"^One or more of the choices you made was not in: .*\.$"),
        N_("Choose only among the values offered."),
    ),
    (
        re.compile(r'^".*" cannot be formatted as a (?P<type>\w+)\.$'),
        N_("This value cannot be read."),
    ),
    # core.notifications.outbox.find and replay
    (
        re.compile(r"^No outbox message '(?P<key>[^']*)'\.$"),
        N_("There is no outbox message %(key)s."),
    ),
    (
        re.compile(r"^Message (?P<message_id>\S+) is sent, not dead; .*$"),
        N_("Message %(message_id)s was sent already; only dead messages can be sent again."),
    ),
    (
        re.compile(r"^Message (?P<message_id>\S+) is pending, not dead; .*$"),
        N_(
            "Message %(message_id)s is already waiting to be sent;"
            " only dead messages can be sent again."
        ),
    ),
)


def translate_message(message: str) -> str:
    """``message`` in the UI language; unchanged when no catalogue knows it."""
    for pattern, template in PATTERNS:
        match = pattern.match(message)
        if match:
            return gettext(template, **match.groupdict())
    translated = gettext(message)
    if translated != message:
        return translated
    text = hub().catalogue.messages.get(message)
    if text is None:
        return message
    from core.web.i18n import localized  # which imports this module

    return localized(text)
