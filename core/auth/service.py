"""Users, passwords and bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core import clock, validators
from core.access import Principal, require_role
from core.app import hub
from core.audit import audit
from core.auth.models import ROLES, ApiToken, User, new_session_nonce
from core.db import db
from core.errors import N_, Invalid, NotFound, Unauthorized, load_valid
from core.institutions.models import CORE_KINDS, Institution


def _hasher() -> PasswordHasher:
    settings = hub().settings
    return _argon2id(settings.argon2_time_cost, settings.argon2_memory_kib)


@cache
def _argon2id(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, type=Type.ID)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Verified against for unknown e-mails, so that they take as long as wrong passwords.
    return hasher.hash("no user has this password")


MIN_PASSWORD_LENGTH = 12
#: written out for the catalogues (``N_`` takes a fixed text): they follow the length
_TOO_SHORT = N_("Choose a password of at least 12 characters.")
_TOO_SHORT_FIELD = N_("At least 12 characters.")
assert all(f" {MIN_PASSWORD_LENGTH} " in m for m in (_TOO_SHORT, _TOO_SHORT_FIELD))
#: the role each institution kind needs its users to have
ROLE_FOR_KIND = {**CORE_KINDS}


def role_for_institution(institution: Institution) -> str:
    return ROLE_FOR_KIND.get(institution.kind, "agency_officer")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(_TOO_SHORT, errors={"password": [_TOO_SHORT_FIELD]})
    return _hasher().hash(password)


def create_user(
    email: str, name: str, role: str, institution: Institution | None, password: str
) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise Invalid(f"Unknown role {role!r}.", errors={"role": [f"One of: {', '.join(ROLES)}."]})
    if role != "admin" and (institution is None or role_for_institution(institution) != role):
        raise Invalid(
            N_("A user's role needs an institution of the matching kind."),
            errors={"institution": [N_("Choose an institution of the role's kind.")]},
        )
    if db.session.scalar(select(User).where(User.email == email)):
        raise Invalid(
            N_("A user with this e-mail exists."), errors={"email": [N_("Already registered.")]}
        )
    user = User(
        email=email,
        name=name,
        role=role,
        institution_id=institution.id if institution else None,
        password_hash=hash_password(password),
        created_at=clock.now(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """The active user with these credentials, or 401 with one generic message."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        hasher = _hasher()
        hasher.verify(user.password_hash if user else _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or not user.active:
        raise Unauthorized(N_("Unknown e-mail or wrong password."))
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    *, user: User | None = None, institution: Institution | None = None, name: str = ""
) -> tuple[str, ApiToken]:
    """A new bearer token, returned in clear once; only its hash is stored.
    Personal tokens expire after ``token_ttl_days``; institution tokens when revoked."""
    token = "rh_" + secrets.token_urlsafe(32)
    now = clock.now()
    record = ApiToken(
        token_hash=_token_hash(token),
        user_id=user.id if user else None,
        institution_id=institution.id if institution else None,
        name=name,
        created_at=now,
        expires_at=now + timedelta(days=hub().settings.token_ttl_days) if user else None,
    )
    db.session.add(record)
    db.session.flush()
    return token, record


def principal_for_token(token: str, source: str = "api") -> Principal:
    # One statement: the token with its user or institution, on every API request.
    record = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == _token_hash(token))
        .options(joinedload(ApiToken.user), joinedload(ApiToken.institution))
    )
    now = clock.now()
    if record is None or record.revoked_at or (record.expires_at and record.expires_at <= now):
        raise Unauthorized(N_("The token is unknown, expired or revoked."))
    if record.user is not None:
        if not record.user.active:
            raise Unauthorized(N_("The token's user is deactivated."))
        return Principal(
            role=record.user.role,
            institution_id=record.user.institution_id,
            user_id=record.user.id,
            token_id=record.id,
            source=source,
        )
    institution = record.institution
    if institution is None or not institution.active:
        raise Unauthorized(N_("The token's institution is inactive."))
    return Principal(
        role=role_for_institution(institution),
        institution_id=institution.id,
        token_id=record.id,
        source=source,
    )


def revoke_token(token_id: str) -> None:
    record = db.session.get(ApiToken, token_id)
    if record is not None and record.revoked_at is None:
        record.revoked_at = clock.now()


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    """The user's own change: the current password proves it is them."""
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise Invalid(
            N_("The current password is wrong."),
            errors={"current_password": [N_("The current password is wrong.")]},
        ) from None
    if new != confirm:
        raise Invalid(
            N_("The two new passwords differ."),
            errors={"confirm_password": [N_("Type the same new password twice.")]},
        )
    set_password(user, new, field="new_password")


def set_password(user: User, password: str, *, field: str = "password") -> None:
    """Replace the password (a change or a reset): the user is signed out everywhere."""
    try:
        user.password_hash = hash_password(password)
    except Invalid as exc:
        raise Invalid(exc.detail, errors={field: exc.errors["password"]}) from None
    sign_out_everywhere(user)


def deactivate_user(user: User) -> None:
    """A deactivated user can no longer sign in, and is signed out everywhere."""
    user.active = False
    sign_out_everywhere(user)


def sign_out_everywhere(user: User) -> None:
    """After a password change or reset, or deactivation: every web session and
    every personal token of the user end (API.md, Security and data protection).
    Reactivation or a new password brings none of them back."""
    end_web_sessions(user)
    now = clock.now()
    personal = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    for record in db.session.scalars(personal):
        record.revoked_at = now


def end_web_sessions(user: User) -> None:
    """Every web session of the user ends: their ids carry the old nonce
    (``core.web.session``). Signing out does this alone; tokens stay."""
    user.session_nonce = new_session_nonce()


# --- administration: what an admin does to accounts and tokens (audited) ----------------


class NewUserSchema(Schema):
    email = fields.String(required=True, validate=[validators.email, validate.Length(max=254)])
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    institution = fields.String(load_default=None)  # the institution's id
    password = fields.String(load_default=None)  # None: generate one


class NewInstitutionTokenSchema(Schema):
    institution = fields.String(required=True)  # the institution's id
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


#: letters and digits that cannot be mistaken for one another when read out
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def generate_password() -> str:
    """A random password to hand over once: four groups of five, about 99 bits."""
    groups = ("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5)) for _ in range(4))
    return "-".join(groups)


def users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name, User.email)))


def get_user(user_id: str) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(N_("No such user."))
    return user


def add_user(actor: Principal, data: Mapping[str, Any]) -> tuple[User, str | None]:
    """A new account; returns it and the generated password when none was given
    (to show once: only its hash is stored)."""
    require_role(actor, "admin")
    values = load_valid(NewUserSchema(), data)
    institution = None
    if values["institution"]:
        institution = db.session.get(Institution, values["institution"])
        if institution is None:
            raise Invalid(
                N_("Some fields are missing or invalid."),
                errors={"institution": [N_("Choose one of the institutions offered.")]},
            )
    generated = None if values["password"] else generate_password()
    password = values["password"] or generated
    user = create_user(values["email"], values["name"], values["role"], institution, password)
    audit(actor, "create", "user", user.id)
    return user, generated


def set_user_active(actor: Principal, user: User, active: bool) -> None:
    """Deactivate (sessions and tokens stop working at once) or reactivate."""
    require_role(actor, "admin")
    if not active and user.id == actor.user_id:
        raise Invalid(
            N_("You cannot deactivate your own account; ask another administrator."),
            errors={"active": [N_("You cannot deactivate your own account.")]},
        )
    if active:
        user.active = True
    else:
        deactivate_user(user)
    audit(actor, "reactivate" if active else "deactivate", "user", user.id)


def reset_password(actor: Principal, user: User, password: str | None) -> str | None:
    """Set ``password``, or a generated one that is returned to show once. The
    user is signed out everywhere (``set_password``)."""
    require_role(actor, "admin")
    generated = None if password else generate_password()
    set_password(user, password or generated)
    audit(actor, "reset_password", "user", user.id)
    return generated


def institution_tokens() -> list[ApiToken]:
    """Institution tokens, newest first (personal tokens are their users' business)."""
    query = select(ApiToken).where(ApiToken.institution_id.is_not(None))
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def add_institution_token(actor: Principal, data: Mapping[str, Any]) -> tuple[str, ApiToken]:
    """A new institution token, returned in clear once."""
    require_role(actor, "admin")
    values = load_valid(NewInstitutionTokenSchema(), data)
    institution = db.session.get(Institution, values["institution"])
    if institution is None:
        raise Invalid(
            N_("Some fields are missing or invalid."),
            errors={"institution": [N_("Choose one of the institutions offered.")]},
        )
    token, record = issue_token(institution=institution, name=values["name"])
    audit(actor, "create", "api_token", record.id)
    return token, record


def revoke_institution_token(actor: Principal, token_id: str) -> ApiToken:
    require_role(actor, "admin")
    record = db.session.get(ApiToken, token_id)
    if record is None or record.institution_id is None:
        raise NotFound(N_("No such institution token."))
    if record.revoked_at is None:
        revoke_token(record.id)
        audit(actor, "revoke", "api_token", record.id)
    return record
