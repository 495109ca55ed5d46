"""The person's slip: ``/referrals/<id>/slip?lang=uk``, for either side.

A page of its own (no site header, navigation or footer), one A4 sheet when
printed, in one of the slip's languages (``core.slip.texts``), mirrored for
Arabic. Opening it is a read of the referral and of the person, audited as one.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from core.db import db
from core.referrals.service import get_referral
from core.slip.content import build_slip, slip_language
from core.slip.texts import LANGUAGE_NAMES, SLIP_LANGUAGES, translator
from core.web.i18n import current_language
from core.web.session import principal, roles_required

blueprint = Blueprint("slip", __name__)


@blueprint.get("/referrals/<referral_id>/slip")
@roles_required("centre_staff", "agency_officer")
def slip(referral_id: str) -> Any:
    caller = principal()
    referral = get_referral(caller, referral_id)  # 404 for others; audited as a read
    lang = slip_language(request.args.get("lang"), caller, referral, current_language())
    body = render_template(
        "slip/slip.html",
        slip=build_slip(caller, referral, lang),
        referral=referral,
        t=translator(lang),
        languages=[(code, LANGUAGE_NAMES[code]) for code in SLIP_LANGUAGES],
    )
    db.session.commit()
    return body
