"""Referral endpoints: create, list, read, edit a draft, transitions, history, comments."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import jsonify
from sqlalchemy.orm import selectinload

from core import clock
from core.access import Principal, referral_side, visible_beneficiary_fields
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
from core.api.pagination import PageArgsSchema, paginate
from core.app import hub
from core.audit import audit_each
from core.beneficiaries.schemas import BeneficiarySchema
from core.db import db
from core.institutions.models import Office
from core.referrals import service
from core.referrals.appointments import appointment_of, clear_appointment, set_appointment
from core.referrals.caseload import list_total
from core.referrals.drafts import edit_draft
from core.referrals.lifecycle import allowed_moves, is_overdue, transition
from core.referrals.models import Comment, Referral, ReferralEvent
from core.referrals.responsibility import assign, forward
from core.referrals.schemas import (
    AppointmentSchema,
    AssignSchema,
    CommentSchema,
    DraftEditSchema,
    EventSchema,
    ForwardSchema,
    ReferralCreateSchema,
    ReferralFilterSchema,
    ReferralSchema,
    TransitionSchema,
)

# Built once: constructing marshmallow schemas costs more than using them.
_REFERRAL_SCHEMA = ReferralSchema()
_CREATE_SCHEMA = ReferralCreateSchema()


@cache
def _beneficiary_schema(visible: tuple[str, ...]) -> BeneficiarySchema:
    return BeneficiarySchema(only=visible)


def present(caller: Principal, referral: Referral) -> dict[str, Any]:
    """The referral as the caller may see it: the receiver gets only the
    beneficiary fields that the service lists."""
    catalogue_service = hub().catalogue.services.get(referral.service_code)
    service_fields = catalogue_service.beneficiary_fields if catalogue_service else ()
    visible = visible_beneficiary_fields(caller, referral, service_fields)
    derived = {
        "beneficiary": _beneficiary_schema(visible).dump(referral.beneficiary),
        "due": {"respond_by": referral.respond_by, "complete_by": referral.complete_by},
        "overdue": is_overdue(referral, clock.today()),
        "allowed_transitions": allowed_moves(referral.status, referral_side(caller, referral)),
        "appointment": appointment_of(referral),
    }
    stored = {name: getattr(referral, name, None) for name in _REFERRAL_SCHEMA.fields}
    return _REFERRAL_SCHEMA.dump({**stored, "service_code": referral.service_code, **derived})


def _respond(caller: Principal, referral: Referral, status: int = 200) -> Any:
    return with_etag(jsonify(present(caller, referral)), referral.version), status


@blueprint.post("/referrals")
def create_referral():
    """Create a referral, routed by the service's plugin; sent unless ``send`` is false.
    ---
    post:
      tags: [referrals]
      parameters: [{in: header, name: Idempotency-Key, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: ReferralCreateSchema}}}
      responses:
        201: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    body = json_body()
    data = load(_CREATE_SCHEMA, body)

    def render(referral_id: str) -> Any:
        referral = db.session.get(Referral, referral_id)
        return with_etag(jsonify(present(caller, referral)), referral.version)

    return create_idempotently(
        "referrals", body, lambda: service.create_referral(caller, data), render
    )


@blueprint.get("/referrals")
def list_referrals():
    """Referrals the caller's centre sent, or that were sent to the caller's institution.
    ---
    get:
      tags: [referrals]
      parameters:
      description: >-
        Newest first, with ``total``: how many referrals the whole filtered list
        holds (not the page). Every filter narrows what the caller may see.
      parameters:
        - in: query
          name: status
          description: >-
            ``open`` (every status that is not final), ``closed`` (completed, failed,
            rejected, cancelled) or one status.
          schema: {type: string}
        - {in: query, name: service, schema: {type: string}}
        - {in: query, name: overdue, schema: {type: boolean}}
        - {in: query, name: beneficiary_id, schema: {type: string}}
        - in: query
          name: assigned_to
          description: >-
            ``me``: assigned to the caller (for centre staff: the referrals they created);
            ``none``: assigned to no officer yet. Needs a personal token for ``me``.
          schema: {type: string, enum: [me, none]}
        - in: query
          name: office_id
          description: An office of the caller's institution (officers); 422 otherwise.
          schema: {type: string}
        - in: query
          name: institution_id
          description: The receiving institution.
          schema: {type: string}
        - in: query
          name: q
          description: A referral's reference (``R-…``) or a beneficiary's (``B-…``); 422 otherwise.
          schema: {type: string, maxLength: 40}
        - {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 200}}
        - {in: query, name: cursor, schema: {type: string}}
      responses:
        200: {description: "{items: [Referral], next_cursor, total}"}
        403: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    args = load_args(ReferralFilterSchema())
    filters = {k: v for k, v in args.items() if k not in ("limit", "cursor")}
    query = service.list_query(caller, filters)
    total = list_total(caller, query, filters)
    query = query.options(
        selectinload(Referral.beneficiary),
        selectinload(Referral.from_institution),
        selectinload(Referral.to_institution),
        selectinload(Referral.to_office).selectinload(Office.contacts),
        selectinload(Referral.assigned_officer),
    )

    listed: list[tuple[str, str]] = []

    def dump(referral: Referral) -> dict[str, Any]:
        listed.append((referral.id, referral.beneficiary_id))
        return present(caller, referral)

    response = paginate(
        query, Referral.id, descending=True, dump=dump, args=args, extra={"total": total}
    )
    audit_each(caller, "list", "referral", listed)
    db.session.commit()
    return response


@blueprint.get("/referrals/<referral_id>")
def get_referral(referral_id: str):
    """One referral, for the sending centre or the receiving institution.
    ---
    get:
      tags: [referrals]
      parameters: [{in: path, name: referral_id, required: true, schema: {type: string}}]
      responses:
        200: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    referral = service.get_referral(caller, referral_id)
    db.session.commit()
    return _respond(caller, referral)


@blueprint.patch("/referrals/<referral_id>")
def edit_referral_draft(referral_id: str):
    """Correct a draft before it is sent: any of ``form``, ``priority``, ``note``, ``consent_id``.
    ---
    patch:
      tags: [referrals]
      description: >-
        Only the sending centre, only while the referral is a draft (409 once it is sent
        or cancelled). Needs ``If-Match`` with the version read (428 without, 412 when
        stale). Each field is checked as on creation; an invalid one changes nothing.
      parameters:
        - {in: path, name: referral_id, required: true, schema: {type: string}}
        - {in: header, name: If-Match, required: true, schema: {type: string}}
      requestBody: {content: {application/json: {schema: DraftEditSchema}}}
      responses:
        200: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        428: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    changes = load(DraftEditSchema(), partial=True)
    referral = service.get_referral(caller, referral_id)
    edit_draft(caller, referral, changes, if_match())
    db.session.commit()
    return _respond(caller, referral)


@blueprint.post("/referrals/<referral_id>/transitions")
def transition_referral(referral_id: str):
    """Change the referral's status. Needs ``If-Match`` with the version read.
    ---
    post:
      tags: [referrals]
      parameters:
        - {in: path, name: referral_id, required: true, schema: {type: string}}
        - {in: header, name: If-Match, required: true, schema: {type: string}}
      requestBody: {content: {application/json: {schema: TransitionSchema}}}
      responses:
        200: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        428: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    body = load(TransitionSchema())
    referral = service.get_referral(caller, referral_id)
    transition(
        caller,
        referral,
        body["to"],
        expected_version=if_match(),
        reason_code=body.get("reason_code"),
        note=body.get("note"),
        data=body["data"],
    )
    db.session.commit()
    return _respond(caller, referral)


@blueprint.post("/referrals/<referral_id>/assign")
def assign_referral(referral_id: str):
    """Make an officer of the receiving institution responsible (``null`` unassigns).
    ---
    post:
      tags: [referrals]
      description: >-
        The receiving institution only (its officers or its token; the sender gets 403).
        The officer must be an active officer of the receiving institution (422).
        Needs ``If-Match`` (428 without, 412 when stale); a closed referral is 409.
        Assigning the officer already responsible changes nothing.
      parameters:
        - {in: path, name: referral_id, required: true, schema: {type: string}}
        - {in: header, name: If-Match, required: true, schema: {type: string}}
      requestBody: {content: {application/json: {schema: AssignSchema}}}
      responses:
        200: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        428: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    body = load(AssignSchema())
    referral = service.get_referral(caller, referral_id)
    assign(caller, referral, body["officer_id"], expected_version=if_match())
    db.session.commit()
    return _respond(caller, referral)


@blueprint.post("/referrals/<referral_id>/forward")
def forward_referral(referral_id: str):
    """Forward the referral to another office of the receiving institution, with a note.
    ---
    post:
      tags: [referrals]
      description: >-
        The receiving institution only (the sender gets 403). The office must be another
        active office of the same institution (422). The new office is told as of a new
        referral; the assignment ends. Needs ``If-Match`` (428 without, 412 when stale);
        a closed referral is 409.
      parameters:
        - {in: path, name: referral_id, required: true, schema: {type: string}}
        - {in: header, name: If-Match, required: true, schema: {type: string}}
      requestBody: {content: {application/json: {schema: ForwardSchema}}}
      responses:
        200: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        428: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    body = load(ForwardSchema())
    referral = service.get_referral(caller, referral_id)
    forward(caller, referral, body["office_id"], body.get("note"), expected_version=if_match())
    db.session.commit()
    return _respond(caller, referral)


@blueprint.get("/referrals/<referral_id>/events")
def referral_events(referral_id: str):
    """The referral's history, oldest first.
    ---
    get:
      tags: [referrals]
      parameters: [{in: path, name: referral_id, required: true, schema: {type: string}}]
      responses:
        200: {description: "{items: [Event], next_cursor}"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    referral = service.get_referral(principal(), referral_id)
    response = paginate(
        service.events(referral),
        ReferralEvent.id,
        descending=False,
        dump=EventSchema().dump,
        args=load_args(PageArgsSchema()),
    )
    db.session.commit()
    return response


@blueprint.get("/referrals/<referral_id>/comments")
def referral_comments(referral_id: str):
    """The conversation on a referral, oldest first.
    ---
    get:
      tags: [referrals]
      parameters: [{in: path, name: referral_id, required: true, schema: {type: string}}]
      responses:
        200: {description: "{items: [Comment], next_cursor}"}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
    """
    referral = service.get_referral(principal(), referral_id)
    response = paginate(
        service.comments(referral),
        Comment.id,
        descending=False,
        dump=CommentSchema().dump,
        args=load_args(PageArgsSchema()),
    )
    db.session.commit()
    return response


@blueprint.post("/referrals/<referral_id>/comments")
def add_comment(referral_id: str):
    """Add a comment (sender and receiver both may).
    ---
    post:
      tags: [referrals]
      parameters: [{in: path, name: referral_id, required: true, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: CommentSchema}}}
      responses:
        201: {content: {application/json: {schema: CommentSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    body = load(CommentSchema())
    referral = service.get_referral(caller, referral_id)
    comment = service.add_comment(caller, referral, body["body"])
    db.session.commit()
    return CommentSchema().dump(comment), 201


@blueprint.put("/referrals/<referral_id>/appointment")
def put_appointment(referral_id: str):
    """Record the appointment with the person (the receiving institution); the sender is told.
    ---
    put:
      tags: [referrals]
      description: >-
        While the referral is received, accepted, in progress or on hold (409 otherwise).
        ``at`` must be in the future and carry its offset; ``place`` defaults to the
        receiving office's address. Needs ``If-Match`` (428 without, 412 when stale).
      parameters:
        - {in: path, name: referral_id, required: true, schema: {type: string}}
        - {in: header, name: If-Match, required: true, schema: {type: string}}
      requestBody: {content: {application/json: {schema: AppointmentSchema}}}
      responses:
        200: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        428: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    body = load(AppointmentSchema())
    referral = service.get_referral(caller, referral_id)
    set_appointment(
        caller,
        referral,
        at=body["at"],
        place=body.get("place"),
        note=body.get("note"),
        version=if_match(),
    )
    db.session.commit()
    return _respond(caller, referral)


@blueprint.delete("/referrals/<referral_id>/appointment")
def delete_appointment(referral_id: str):
    """Clear the appointment (the receiving institution); the sender is told.
    ---
    delete:
      tags: [referrals]
      description: >-
        Needs ``If-Match``. Clearing a referral without an appointment changes nothing.
      parameters:
        - {in: path, name: referral_id, required: true, schema: {type: string}}
        - {in: header, name: If-Match, required: true, schema: {type: string}}
      responses:
        200: {content: {application/json: {schema: ReferralSchema}}}
        403: {$ref: "#/components/responses/Problem"}
        404: {$ref: "#/components/responses/Problem"}
        409: {$ref: "#/components/responses/Problem"}
        412: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        428: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    referral = service.get_referral(caller, referral_id)
    clear_appointment(caller, referral, version=if_match())
    db.session.commit()
    return _respond(caller, referral)
