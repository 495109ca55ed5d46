"""Who is signed in: flask-login sessions turned into the access policy's Principal."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user

from core.access import Principal, require_role
from core.auth.models import User
from core.db import db

login_manager = LoginManager()
login_manager.login_view = "account.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"

F = TypeVar("F", bound=Callable[..., Any])

#: each role's home page
HOMES = {
    "centre_staff": "staff.home",
    "agency_officer": "referrals.inbox",
    "coordinator": "coordinator.dashboard",
    "admin": "admin.home",
}


class SessionUser(UserMixin):
    """The signed-in user as flask-login sees it.

    The session id includes a fingerprint of the password hash, so changing or
    resetting a password signs out every other session of that user.
    """

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{session_fingerprint(self.user)}"

    @property
    def is_active(self) -> bool:
        return self.user.active

    @property
    def principal(self) -> Principal:
        return Principal(
            role=self.user.role,
            institution_id=self.user.institution_id,
            user_id=self.user.id,
            source="web",
        )


def session_fingerprint(user: User) -> str:
    return user.password_hash[-16:]


@login_manager.user_loader
def _load(session_id: str) -> SessionUser | None:
    user_id, _, fingerprint = session_id.partition(":")
    user = db.session.get(User, user_id)
    if user is None or not user.active or session_fingerprint(user) != fingerprint:
        return None
    return SessionUser(user)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.add_url_rule("/", "home", home)


def home():
    """Each role starts on its own page."""
    if not current_user.is_authenticated:
        return redirect(url_for("account.login"))
    return redirect(url_for(HOMES[current_user.user.role]))


def principal() -> Principal:
    """The signed-in caller; views behind ``roles_required`` only."""
    return current_user.principal


def roles_required(*roles: str) -> Callable[[F], F]:
    """Sign-in required (redirect to the sign-in page), then one of ``roles`` (403)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            require_role(current_user.principal, *roles)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def safe_next(default: str) -> str:
    """A same-site path to go back to, never another site."""
    target = request.values.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
