"""The service catalogue as JSON, with the forms as JSON Schema."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from core.api import blueprint
from core.api.helpers import principal
from core.app import hub
from core.catalogue.jsonschema import schema_to_json_schema
from core.catalogue.types import Service, localize


def request_language() -> str:
    """``?lang=`` or the best ``Accept-Language`` match among the hub's languages."""
    languages = hub().settings.languages
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    return request.accept_languages.best_match(languages, default="en")


def describe_service(service: Service, lang: str) -> dict[str, Any]:
    return {
        "code": service.full_code,
        "kind": service.kind,
        "title": localize(service.title, lang),
        "description": localize(service.description, lang),
        "sla": {
            "respond_days": service.sla.respond_days,
            "complete_days": service.sla.complete_days,
        },
        "form_schema": schema_to_json_schema(service.form_schema, lang),
        "outcome_schema": (
            schema_to_json_schema(service.outcome_schema, lang) if service.outcome_schema else None
        ),
        "reason_codes": [
            {"code": r.code, "title": localize(r.title, lang), "applies_to": sorted(r.applies_to)}
            for r in service.reason_codes
        ],
        "beneficiary_fields": list(service.beneficiary_fields),
        "required_documents": [
            {"code": d.code, "title": localize(d.title, lang)} for d in service.required_documents
        ],
        "inbound_statuses": [
            {
                "code": s.code,
                "to_status": s.to_status,
                "reason_code": s.reason_code,
                "data": dict(s.data or {}),
            }
            for s in service.inbound_statuses
        ],
    }


@blueprint.get("/services")
def list_services():
    """The catalogue of services that the plugins define. ``?lang=ro`` for Romanian.
    ---
    get:
      tags: [catalogue]
      parameters: [{in: query, name: lang, schema: {type: string}}]
      responses:
        200: {description: "{items: [Service], next_cursor: null}"}
    """
    principal()
    lang = request_language()
    services = sorted(hub().catalogue.services.values(), key=lambda s: s.full_code)
    return jsonify({"items": [describe_service(s, lang) for s in services], "next_cursor": None})
