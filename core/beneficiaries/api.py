"""Beneficiary and consent endpoints (centre staff only)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from marshmallow import Schema

from core.api import blueprint
from core.api.helpers import (
    create_idempotently,
    if_match,
    json_body,
    load,
    load_args,
    principal,
    with_etag,
)
from core.api.pagination import paginate
from core.audit import audit
from core.beneficiaries import service
from core.beneficiaries.duplicates import listed_duplicates
from core.beneficiaries.export import export_person
from core.beneficiaries.merge import merge_beneficiary
from core.beneficiaries.models import Beneficiary
from core.beneficiaries.schemas import (
    BeneficiarySchema,
    BeneficiarySearchSchema,
    ConsentSchema,
    MergeSchema,
    RestrictionSchema,
)
from core.beneficiaries.search import search
from core.db import db

_BENEFICIARY_SCHEMA = BeneficiarySchema()  # built once: lists dump many


def _dump(beneficiary: Beneficiary) -> dict[str, Any]:
    return _BENEFICIARY_SCHEMA.dump(beneficiary)


@blueprint.post("/beneficiaries")
def create_beneficiary():
    """Register a beneficiary. Retry-safe with ``Idempotency-Key``.

    The answer lists in ``possible_duplicates`` the centre's records that may
    be the same person (names alike across scripts and spellings with the
    same, a swapped or a one-day-off birth date, or the same residence
    document number), best ``score`` first; empty when there are none. A
    replay answers the same.
    ---
    post:
      tags: [beneficiaries]
      parameters: [{in: header, name: Idempotency-Key, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: BeneficiarySchema}}}
      responses:
        201: {content: {application/json: {schema: CreatedBeneficiarySchema}}}
        403: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    body = json_body()
    data = load(BeneficiarySchema(), body)

    def render(beneficiary_id: str) -> Any:
        beneficiary = db.session.get(Beneficiary, beneficiary_id)
        body = _dump(beneficiary)
        body["possible_duplicates"] = _duplicates(caller, beneficiary)
        db.session.commit()  # the listings' audit rows
        return body

    return create_idempotently(
        "beneficiaries", body, lambda: service.register_beneficiary(caller, data), render
    )


def _duplicates(caller: Any, beneficiary: Beneficiary) -> list[dict[str, Any]]:
    found = listed_duplicates(caller, beneficiary, exclude_id=beneficiary.id)
    return [{"id": b.id, "reference": b.reference, "score": score} for b, score in found]


@blueprint.get("/beneficiaries")
def search_beneficiaries():
    """Search the centre's beneficiaries by name (any script, accents ignored),
    reference code or date of birth.
    ---
    get:
      tags: [beneficiaries]
      parameters:
        - {in: query, name: q, schema: {type: string}}
        - {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 200}}
        - {in: query, name: cursor, schema: {type: string}}
      responses:
        200: {description: "{items: [Beneficiary], next_cursor}"}
        403: {$ref: "#/components/responses/Problem"}
    """
    return _search(load_args(BeneficiarySearchSchema()))


@blueprint.post("/beneficiaries/search")
def search_beneficiaries_by_body():
    """The same search as ``GET /beneficiaries?q=``, with the query in the body
    so that no name or document number ends up in a URL or an access log.
    ---
    post:
      tags: [beneficiaries]
      requestBody:
        required: true
        content: {application/json: {schema: BeneficiarySearchSchema}}
      responses:
        200: {description: "{items: [Beneficiary], next_cursor}"}
        400: {$ref: "#/components/responses/Problem"}
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        415: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    body = json_body()
    if isinstance(body, dict) and "cursor" in body and body["cursor"] is None:
        body = {k: v for k, v in body.items() if k != "cursor"}  # the first page, as echoed
    return _search(load(BeneficiarySearchSchema(), body))


def _search(args: dict[str, Any]) -> Any:
    caller = principal()
    found = search(caller, args["q"])

    def dump(beneficiary: Beneficiary) -> dict[str, Any]:
        audit(caller, "list", "beneficiary", beneficiary.id, beneficiary_id=beneficiary.id)
        return _dump(beneficiary)

    if found.ranked is not None:
        # best first: one page of the best matches (see docs/decisions.md)
        items = [dump(b) for b in found.ranked[: args["limit"]]]
        response = jsonify({"items": items, "next_cursor": None})
    else:
        response = paginate(found.query, Beneficiary.id, descending=True, dump=dump, args=args)
    db.session.commit()
    return response


@blueprint.get("/beneficiaries/<beneficiary_id>")
def get_beneficiary(beneficiary_id: str):
    """The full record, for staff of the registering centre.
    ---
    get:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      responses:
        200: {content: {application/json: {schema: BeneficiarySchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    beneficiary = service.get_beneficiary(principal(), beneficiary_id)
    db.session.commit()
    return with_etag(jsonify(_dump(beneficiary)), beneficiary.version)


@blueprint.patch("/beneficiaries/<beneficiary_id>")
def update_beneficiary(beneficiary_id: str):
    """Change some fields. ``If-Match`` is honoured when sent.
    ---
    patch:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: BeneficiarySchema}}}
      responses:
        200: {content: {application/json: {schema: BeneficiarySchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    beneficiary = service.get_beneficiary(caller, beneficiary_id)
    data = load(BeneficiarySchema(), partial=True)
    service.update_beneficiary(caller, beneficiary, data, if_match())
    db.session.commit()
    return with_etag(jsonify(_dump(beneficiary)), beneficiary.version)


@blueprint.post("/beneficiaries/<beneficiary_id>/consents")
def record_consent(beneficiary_id: str):
    """Record a consent (or a legal basis) to share with some institution kinds.
    ---
    post:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: ConsentSchema}}}
      responses:
        201: {content: {application/json: {schema: ConsentSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    beneficiary = service.get_beneficiary(caller, beneficiary_id)
    consent = service.record_consent(caller, beneficiary, load(ConsentSchema()))
    db.session.commit()
    return ConsentSchema().dump(consent), 201


@blueprint.get("/beneficiaries/<beneficiary_id>/consents")
def list_consents(beneficiary_id: str):
    """The beneficiary's consents, oldest first.
    ---
    get:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      responses:
        200: {description: "{items: [Consent]}"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    beneficiary = service.get_beneficiary(principal(), beneficiary_id)
    items = ConsentSchema(many=True).dump(beneficiary.consents)
    db.session.commit()
    return jsonify({"items": items, "next_cursor": None})


@blueprint.post("/consents/<consent_id>/withdraw")
def withdraw_consent(consent_id: str):
    """Withdraw a consent. Each open referral that relied on it and that no
    other valid consent (or legal basis) of the person covers is cancelled by
    the hub (reason ``consent_withdrawn``, source ``system``; the receiving
    office is told) and listed in ``cancelled_referrals``; those that another
    consent covers stay open under it and are listed in ``open_referrals``.
    ---
    post:
      tags: [beneficiaries]
      parameters: [{in: path, name: consent_id, required: true, schema: {type: string}}]
      requestBody:
        required: false
        content: {application/json: {schema: {type: object, maxProperties: 0}}}
      responses:
        200:
          description: >-
            the consent, with cancelled_referrals and open_referrals:
            [{id, reference, status, service}]
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        415: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    if request.get_data():
        load(Schema())  # no fields: a body, if any, must be an empty JSON object
    withdrawal = service.withdraw_consent(caller, consent_id)
    db.session.commit()
    body = ConsentSchema().dump(withdrawal.consent)
    body["cancelled_referrals"] = [_referral_item(r) for r in withdrawal.cancelled]
    body["open_referrals"] = [_referral_item(r) for r in withdrawal.still_covered]
    return jsonify(body)


def _referral_item(referral: Any) -> dict[str, Any]:
    return {
        "id": referral.id,
        "reference": referral.reference,
        "status": referral.status,
        "service": referral.service_code,
    }


@blueprint.get("/beneficiaries/<beneficiary_id>/export")
def export_beneficiary(beneficiary_id: str):
    """Everything the hub holds about the person (GDPR Art. 15): the record,
    consents, referrals (with events, comments, documents' metadata and the
    receiving institution) and the access log, one entry per read or change
    of the person or of one of their referrals. For the registering centre's
    staff and for admins; the export is itself audited.
    ---
    get:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      responses:
        200:
          description: >-
            {beneficiary, consents, referrals: [{…, events, comments, documents,
            to_institution}], access_log: [{at, action, by: {user_id,
            institution_id, role}, referral_id}]}
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    document = export_person(principal(), beneficiary_id)
    db.session.commit()
    return jsonify(document)


@blueprint.post("/beneficiaries/<beneficiary_id>/restriction")
def restrict_beneficiary(beneficiary_id: str):
    """Restrict the processing of the person's data (GDPR Art. 18): the record
    is kept and the registering centre can still open it, but the person
    cannot be referred (creating or sending a referral answers 422) and is
    left out of searches. Open referrals continue. Restricting again updates
    the reason. Audited.
    ---
    post:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content: {application/json: {schema: RestrictionSchema}}
      responses:
        200: {content: {application/json: {schema: BeneficiarySchema}}}
        400: {$ref: "#/components/responses/Problem"}
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        415: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    beneficiary = service.get_beneficiary(caller, beneficiary_id)
    data = load(RestrictionSchema())
    service.restrict(caller, beneficiary, data["reason"].strip())
    db.session.commit()
    return with_etag(jsonify(_dump(beneficiary)), beneficiary.version)


@blueprint.delete("/beneficiaries/<beneficiary_id>/restriction")
def lift_beneficiary_restriction(beneficiary_id: str):
    """Lift the restriction (Art. 18): the person can be referred and found
    again. Lifting when there is none changes nothing. Audited.
    ---
    delete:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      responses:
        200: {content: {application/json: {schema: BeneficiarySchema}}}
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    beneficiary = service.get_beneficiary(caller, beneficiary_id)
    service.lift_restriction(caller, beneficiary)
    db.session.commit()
    return with_etag(jsonify(_dump(beneficiary)), beneficiary.version)


@blueprint.get("/beneficiaries/<beneficiary_id>/possible-duplicates")
def possible_duplicates(beneficiary_id: str):
    """The centre's other records that may be the same person, best ``score``
    first: the list that registration answers in ``possible_duplicates``.
    ---
    get:
      tags: [beneficiaries]
      parameters: [{in: path, name: beneficiary_id, required: true, schema: {type: string}}]
      responses:
        200:
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: PossibleDuplicateSchema}
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    beneficiary = service.get_beneficiary(caller, beneficiary_id)
    items = _duplicates(caller, beneficiary)
    db.session.commit()
    return jsonify({"items": items})


@blueprint.post("/beneficiaries/<beneficiary_id>/merge")
def merge_beneficiary_into(beneficiary_id: str):
    """Merge this record (a duplicate) into the record ``into``, which is
    kept: the referrals, consents and household links move to it (the
    duplicate's own head of household too, when ``into`` has none). Send the
    duplicate's version in ``If-Match`` (428 without, 412 when stale). From
    then on the duplicate answers 404 everywhere except its export, which
    shows ``merged_into``. Refused (422): into itself, into a merged or
    erased record, an erased or restricted record; another centre's ``into``
    is not found (404). Both records are audited.
    ---
    post:
      tags: [beneficiaries]
      parameters:
        - {in: path, name: beneficiary_id, required: true, schema: {type: string}}
        - {in: header, name: If-Match, required: true, schema: {type: string}}
      requestBody:
        required: true
        content: {application/json: {schema: MergeSchema}}
      responses:
        200: {content: {application/json: {schema: BeneficiarySchema}}}
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        428: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    merged = service.get_beneficiary(caller, beneficiary_id)
    data = load(MergeSchema())
    kept = merge_beneficiary(caller, merged, data["into"], if_match())
    db.session.commit()
    return with_etag(jsonify(_dump(kept)), kept.version)
