"""Who is signed in: flask-login sessions turned into the access policy's Principal."""

from __future__ import annotations

import hmac
import posixpath
import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from core import clock
from core.access import Principal, require_role
from core.app import hub
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

    The session id carries the user's session nonce: a new nonce (sign-out,
    password change or reset, deactivation: ``core.auth.service``) ends every
    session of that user, copies of the cookie included.
    """

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_nonce}"

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


@login_manager.user_loader
def _load(session_id: str) -> SessionUser | None:
    user_id, _, nonce = session_id.partition(":")
    user = db.session.get(User, user_id)
    if user is None or not user.active or not user.session_nonce:
        return None
    if not hmac.compare_digest(user.session_nonce, nonce):
        return None
    # Only a session begun by ``start_session`` and still within its timeouts
    # (so never flask-login's remember-me cookie, which the hub does not set).
    if not session_alive():
        return None
    return SessionUser(user)


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session (no fixation), timed from now."""
    session.clear()
    login_user(SessionUser(user))
    now = clock.now().timestamp()
    session["signed_in_at"] = now
    session["seen_at"] = now


def sign_out() -> None:
    """End this browser's session; only the chosen language stays."""
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def session_alive() -> bool:
    """Within ``session_idle_minutes`` of the last request and
    ``session_max_hours`` of signing in, by the times kept in the signed session."""
    settings = hub().settings
    signed_in, seen = session.get("signed_in_at"), session.get("seen_at")
    if not all(isinstance(t, int | float) for t in (signed_in, seen)):
        return False
    now = clock.now().timestamp()
    return (
        now - seen < settings.session_idle_minutes * 60
        and now - signed_in < settings.session_max_hours * 3600
    )


def enforce_timeouts() -> None:
    """Before every page: end a timed-out session, or note this request as activity."""
    if "_user_id" not in session or request.endpoint == "static":
        return
    if request.path.startswith("/api/"):
        return  # the cookie never authenticates the API, so it is no activity
    if not session_alive():
        sign_out()
        flash(_l("Your session has ended; sign in again."), "info")
        return
    session["seen_at"] = clock.now().timestamp()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.before_request(enforce_timeouts)
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
    """The ``next`` page to go back to when it is a path of this site, else
    ``default``. Every view that follows ``next`` goes through here."""
    target = request.values.get("next", "")
    return target if is_same_site_path(target) else default


#: Unicode categories refused in ``next``: control characters (a browser drops
#: tab, CR and LF, which turns ``/\t/host`` into ``//host``; a header cannot
#: carry them), invisible format characters, line and paragraph separators
_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
#: more levels of percent-encoding than any page of the hub makes
_MAX_DECODINGS = 3


def is_same_site_path(target: str) -> bool:
    """A path on this site: it is refused when it, or what it decodes to (up to
    ``_MAX_DECODINGS`` times), has a scheme or host, starts with ``//``, holds
    a backslash or a refused character."""
    forms = [target]
    for _ in range(_MAX_DECODINGS):
        forms.append(unquote(forms[-1]))
    if forms[-1] != unquote(forms[-1]):
        return False  # still encoded after that many decodings: a trick, not a page
    return all(_plain_path(form) for form in forms)


def _plain_path(path: str) -> bool:
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return False
    if any(unicodedata.category(c) in _REFUSED_CATEGORIES for c in path):
        return False
    parts = urlsplit(path)
    # Dot segments resolved as a browser would: ``/..//host`` stays on the site.
    resolved = posixpath.normpath(parts.path) if parts.path else "/"
    return not parts.scheme and not parts.netloc and not resolved.startswith("//")
