"""The referral form that a centre fills in for a new referral and corrects in
a draft: the plugin's form, the consent, the priority and the note.

Both pages post the same inputs, read them the same way and check them with
the same rules (the API's schema, the plugin's form schema, the consents that
cover the service), so a field means one thing wherever it is shown.
"""

from __future__ import annotations

from typing import Any

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema
from werkzeug.datastructures import MultiDict

from core.api.helpers import load
from core.app import hub
from core.beneficiaries.models import Beneficiary, Consent
from core.catalogue.types import Service
from core.errors import Invalid
from core.referrals import service as referrals
from core.referrals.models import Referral
from core.web import labels
from core.web.forms import field_labels, form_data, form_fields, form_values
from core.web.i18n import localized

#: the inputs beside the plugin's form (named as the API's fields)
OWN_INPUTS = ("consent_id", "priority", "note")
#: the error summary's names of those inputs (the plugin's are generated)
LABELS = {
    "consent_id": _l("Consent"),
    "priority": _l("Priority"),
    "note": _l("Note for the institution"),
    "beneficiary.county": labels.BENEFICIARY_LABELS["county"],
}


def kind_name(code: str) -> str:
    kind = hub().catalogue.kinds.get(code)
    return localized(kind.name) if kind else code


def consents(person: Beneficiary, service: Service) -> list[Consent]:
    """The person's consents that cover the service's institution kind."""
    return [c for c in person.consents if c.covers(service.kind)]


def consent_label(consent: Consent) -> str:
    method = labels.title_of(labels.CONSENT_METHOD_TITLES, consent.method)
    kinds = ", ".join(kind_name(k) for k in consent.institution_kinds)
    return f"{method} · {format_datetime(consent.given_at, 'short')} · {kinds}"


def context(
    person: Beneficiary, service: Service, values: MultiDict, errors: dict[str, list[str]]
) -> dict[str, Any]:
    """What ``staff/_referral_fields.html`` shows, and the error summary's labels."""
    shown = form_fields(service.form_schema, "form", values, errors)
    return {
        "person": person,
        "service": service,
        "fields": shown,
        "summary_labels": {**field_labels(shown), **LABELS},
        "consents": [(c.id, consent_label(c)) for c in consents(person, service)],
        "values": values,
        "errors": errors,
        "labels": labels,
        "kind_name": kind_name,
    }


def posted(service: Service, form: MultiDict) -> dict[str, Any]:
    """The posted inputs in the API's shape; empty ones are left out."""
    return {
        "form": form_data(service.form_schema, "form", form),
        **{k: v for k in OWN_INPUTS if (v := form.get(k, "").strip())},
    }


def check(
    person: Beneficiary, service: Service, raw: dict[str, Any], schema: Schema
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """What the API would check before saving, with every error at once: the
    request (``schema``), the plugin's form, the consent."""
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    try:
        data = load(schema, raw, partial=bool(schema.partial))
    except Invalid as exc:
        errors.update(exc.errors)
    try:
        referrals.validate_form(service, raw["form"])
    except Invalid as exc:
        errors.update(exc.errors)
    if "consent_id" in raw and raw["consent_id"] not in {c.id for c in consents(person, service)}:
        errors["consent_id"] = [_("Choose a consent that covers this service.")]
    return data, errors


# --- a draft's values back into the form's inputs ----------------------------------------------


def draft_values(referral: Referral, service: Service) -> MultiDict:
    """The inputs of the form as the draft fills them, and its version."""
    values = form_values(service.form_schema, "form", referral.form)
    values["consent_id"] = referral.consent_id
    values["priority"] = referral.priority
    values["note"] = referral.note or ""
    values["version"] = str(referral.version)
    return values
