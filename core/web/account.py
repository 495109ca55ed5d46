"""Signing in and out, the language of the UI, and the user's own account."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from core import clock
from core.app import hub
from core.auth.service import change_password, end_web_sessions
from core.auth.throttle import sign_in
from core.db import db
from core.errors import Invalid, TooManyRequests, Unauthorized
from core.notifications.digest import choose_delivery
from core.web.session import HOMES, SessionUser, safe_next, sign_out, start_session

blueprint = Blueprint("account", __name__)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    if request.method == "GET":
        return render_template("account/login.html", email="")
    email = request.form.get("email", "")
    try:
        user = sign_in(email, request.form.get("password", ""))
    except Unauthorized:
        db.session.rollback()
        error = _("Unknown e-mail or wrong password.")
        return render_template("account/login.html", email=email, error=error), 401
    except TooManyRequests as exc:
        db.session.rollback()
        return _throttled_page(email, exc.retry_after)
    if session.get("lang"):
        user.language = session["lang"]
    db.session.commit()
    start_session(user)  # a fresh session (no fixation), timed from now
    session["lang"] = user.language
    return redirect(safe_next(url_for(HOMES[user.role])))


def _throttled_page(email: str, retry_after: int) -> tuple[str, int, dict[str, str]]:
    # A time of day rather than "in N seconds": no plural forms, and it stays true.
    until = clock.now() + timedelta(seconds=retry_after)
    until = _next_minute(until) if until.second or until.microsecond else until
    error = _(
        "Too many failed sign-ins for this account or from this address. Try again after %(time)s.",
        time=format_time(until, "short"),
    )
    page = render_template("account/login.html", email=email, error=error)
    return page, 429, {"Retry-After": str(retry_after)}


def _next_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


@blueprint.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_web_sessions(current_user.user)  # a copy of the cookie dies too
        db.session.commit()
    sign_out()
    flash(_("You are signed out."), "info")
    return redirect(url_for("account.login"))


@blueprint.route("/language", methods=["POST"])
def language():
    lang = request.form.get("lang", "")
    if lang not in hub().settings.languages:
        raise Invalid(_("Choose one of the languages offered."))
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.user.language = lang
        db.session.commit()
    return redirect(safe_next(url_for("home")))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account():
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        try:
            change_password(
                current_user.user,
                form.get("current_password", ""),
                form.get("new_password", ""),
                form.get("confirm_password", ""),
            )
        except Invalid as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            # The new nonce ends the other sessions; this one goes on with it.
            login_user(SessionUser(current_user.user))
            flash(_("Your password is changed. Other sessions are signed out."), "success")
            return redirect(url_for("account.account"))
    return _account_page(errors=errors)


@blueprint.post("/account/notifications", endpoint="notify_by")
@login_required
def notify_by():
    """Choose e-mail at once or a daily digest."""
    try:
        choose_delivery(current_user.user, request.form.get("notify_by", ""))
    except Invalid as exc:
        db.session.rollback()
        return _account_page(notify_errors=exc.errors.get("notify_by"))
    db.session.commit()
    flash(_("Your e-mail preference is saved."), "success")
    return redirect(url_for("account.account"))


def _account_page(
    errors: dict[str, list[str]] | None = None, notify_errors: list[str] | None = None
) -> tuple[str, int]:
    settings = hub().settings
    digest_time = format_time(time(settings.digest_hour), "short")
    page = render_template(
        "account/account.html",
        user=current_user.user,
        errors=errors or {},
        notify_errors=notify_errors,
        digest_time=digest_time,
    )
    return page, 422 if errors or notify_errors else 200
