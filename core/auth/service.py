"""Users, passwords and bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from core import clock
from core.access import Principal
from core.app import hub
from core.auth.models import ROLES, ApiToken, User
from core.db import db
from core.errors import Invalid, Unauthorized
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
#: the role each institution kind needs its users to have
ROLE_FOR_KIND = {**CORE_KINDS}


def role_for_institution(institution: Institution) -> str:
    return ROLE_FOR_KIND.get(institution.kind, "agency_officer")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.",
            errors={"password": [f"At least {MIN_PASSWORD_LENGTH} characters."]},
        )
    return _hasher().hash(password)


def create_user(
    email: str, name: str, role: str, institution: Institution | None, password: str
) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise Invalid(f"Unknown role {role!r}.", errors={"role": [f"One of: {', '.join(ROLES)}."]})
    if role != "admin" and (institution is None or role_for_institution(institution) != role):
        raise Invalid(
            f"A {role} belongs to an institution of the matching kind.",
            errors={"institution": ["Choose an institution of the role's kind."]},
        )
    if db.session.scalar(select(User).where(User.email == email)):
        raise Invalid("A user with this e-mail exists.", errors={"email": ["Already registered."]})
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
        raise Unauthorized("Unknown e-mail or wrong password.")
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
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    now = clock.now()
    if record is None or record.revoked_at or (record.expires_at and record.expires_at <= now):
        raise Unauthorized("The token is unknown, expired or revoked.")
    if record.user is not None:
        if not record.user.active:
            raise Unauthorized("The token's user is deactivated.")
        return Principal(
            role=record.user.role,
            institution_id=record.user.institution_id,
            user_id=record.user.id,
            token_id=record.id,
            source=source,
        )
    institution = record.institution
    if institution is None or not institution.active:
        raise Unauthorized("The token's institution is inactive.")
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
