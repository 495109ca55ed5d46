"""Phone and document numbers as the hub compares and searches them."""

from __future__ import annotations

import re

from anyascii import anyascii

_NOT_LETTER_OR_DIGIT = re.compile(r"[^A-Z0-9]")


def document_key(number: str | None) -> str | None:
    """A residence document number as compared: uppercase Latin letters and
    digits only ("rp 123-456" and "RP123456" are one number; a Cyrillic "РП"
    typed for the Latin "RP" too). None when nothing is left."""
    if not number:
        return None
    return _NOT_LETTER_OR_DIGIT.sub("", anyascii(number).upper()) or None


#: the digits of a phone number that are compared: the subscriber's, without
#: the country or trunk prefix (+40 712 345 678 and 0712-345-678 are one phone)
PHONE_DIGITS = 9


def phone_key(number: str | None) -> str | None:
    """A phone number as compared and searched; None when it has too few digits."""
    digits = re.sub(r"\D", "", number or "")
    return digits[-PHONE_DIGITS:] if len(digits) >= 6 else None
