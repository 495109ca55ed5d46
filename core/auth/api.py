"""Token endpoints and ``/me``."""

from __future__ import annotations

from marshmallow import Schema, fields

from core.api import blueprint
from core.api.helpers import load, principal
from core.auth.models import User
from core.auth.service import issue_token, revoke_token
from core.auth.throttle import sign_in
from core.db import db
from core.errors import N_, Forbidden
from core.notifications.digest import choose_delivery


class CredentialsSchema(Schema):
    email = fields.String(required=True)
    password = fields.String(required=True)


class UserSchema(Schema):
    id = fields.String()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    institution_id = fields.String(allow_none=True)
    notify_by = fields.String(metadata={"enum": ["immediate", "digest"]})


class CallerSchema(UserSchema):
    """``GET /me``: a user, or an institution token, which has no id, e-mail,
    name or delivery preference."""

    id = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    name = fields.String(allow_none=True)


class PreferencesSchema(Schema):
    notify_by = fields.String(
        required=True,
        metadata={"description": "E-mail for each notification at once, or a daily digest."},
    )


class TokenSchema(Schema):
    token = fields.String()
    expires_at = fields.AwareDateTime()
    user = fields.Nested(UserSchema)


@blueprint.post("/auth/tokens")
def create_token():
    """Exchange an e-mail and password for a personal bearer token.

    After too many failed sign-ins for the account or from the client address
    (default: 5 a minute, 20 in 15 minutes) every attempt, even with the right
    password, is refused with 429 until ``Retry-After`` seconds have passed; the
    answer is the same whether or not the account exists.
    ---
    post:
      tags: [auth]
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema: CredentialsSchema
      responses:
        201:
          content:
            application/json:
              schema: TokenSchema
        400: {$ref: "#/components/responses/Problem"}
        401: {$ref: "#/components/responses/Problem"}
        413: {$ref: "#/components/responses/Problem"}
        415: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
        429:
          description: Too many failed sign-ins; wait before trying again
          headers:
            Retry-After:
              description: Seconds to wait before the next attempt
              schema: {type: integer, minimum: 1}
          content:
            application/problem+json:
              schema: Problem
    """
    body = load(CredentialsSchema())
    user = sign_in(body["email"], body["password"])
    token, record = issue_token(user=user, name="personal")
    db.session.commit()
    return TokenSchema().dump({"token": token, "expires_at": record.expires_at, "user": user}), 201


@blueprint.delete("/auth/tokens/current")
def revoke_current_token():
    """Revoke the token used for this request.
    ---
    delete:
      tags: [auth]
      responses:
        204: {description: Revoked}
        401: {$ref: "#/components/responses/Problem"}
    """
    revoke_token(principal().token_id)
    db.session.commit()
    return "", 204


@blueprint.get("/me")
def me():
    """The caller: a user, or an institution for an institution token.
    ---
    get:
      tags: [auth]
      responses:
        200:
          content:
            application/json:
              schema: CallerSchema
        401: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    if caller.user_id:
        return CallerSchema().dump(db.session.get(User, caller.user_id))
    return CallerSchema().dump(
        {
            "id": None,
            "email": None,
            "name": None,
            "role": caller.role,
            "institution_id": caller.institution_id,
        }
    )


@blueprint.patch("/me")
def update_me():
    """Change the caller's preferences: ``notify_by`` (``immediate`` or ``digest``).
    ---
    patch:
      tags: [auth]
      requestBody:
        content:
          application/json:
            schema: PreferencesSchema
      responses:
        200:
          content:
            application/json:
              schema: UserSchema
        401: {$ref: "#/components/responses/Problem"}
        403: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    caller = principal()
    if caller.user_id is None:
        raise Forbidden(N_("Preferences belong to a person; use a personal token."))
    body = load(PreferencesSchema())
    user = db.session.get(User, caller.user_id)
    choose_delivery(user, body["notify_by"])
    db.session.commit()
    return UserSchema().dump(user)
