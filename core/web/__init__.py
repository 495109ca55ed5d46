"""The web UI: server-rendered pages for the four roles.

Views are thin: they turn the signed-in user into a ``Principal`` and call the
same service functions as the API (``core/<capability>/service.py``), so a
rule lives in one place. Each area has its own module and blueprint:

- ``account``: sign in and out, language, change password;
- ``staff``: the centre's home, beneficiaries and new referrals;
- ``referrals``: the referral page (both sides) and the officer's inbox;
- ``responsibility``: assigning a referral to an officer, forwarding it to another office;
- ``documents``: a referral's documents (checklist, upload, download);
- ``appointments``: the receiver's appointment on the referral page; ``slip``: the
  person's printable slip in their language;
- ``drafts``: correcting a draft referral before it is sent;
- ``coordinator``: the cooperation dashboard, exports and the meeting report;
- ``integration``: an officer's webhooks to their institution's system;
- ``admin``: institutions, offices, users, institution tokens, webhooks, plugins, the outbox;
- ``notifications``: the user's in-app notifications and the header's unread count;
- ``demo_mail``: in development, the e-mails the demo's mail sink received.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

from core.app import hub
from core.errors import N_, Invalid
from core.validators import unstorable_paths
from core.web import errors, forms, i18n, session


def init_web(app: Flask) -> None:
    from flask_wtf.csrf import CSRFProtect

    from core.api import blueprint as api
    from core.web import (
        account,
        admin,
        appointments,
        coordinator,
        demo_mail,
        documents,
        drafts,
        integration,
        notifications,
        referrals,
        responsibility,
        slip,
        staff,
    )

    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid for the session's life
    csrf = CSRFProtect(app)
    csrf.exempt(api)  # the API authenticates with bearer tokens only, never the cookie
    session.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    for module in (
        account,
        staff,
        referrals,
        responsibility,
        documents,
        appointments,
        slip,
        drafts,
        integration,
        notifications,
        coordinator,
        admin,
        demo_mail,
    ):
        app.register_blueprint(module.blueprint)
    app.before_request(refuse_unstorable_input)
    app.after_request(add_security_headers)
    app.jinja_env.filters["error_anchor"] = forms.error_anchor
    app.jinja_env.globals["error_lines"] = forms.error_lines


def refuse_unstorable_input() -> None:
    """Before every page: what forms and queries send may reach the database,
    which cannot store NUL characters; refuse them rather than fail later.
    (The API checks its own requests, answering in problem+json.)"""
    if request.blueprint == "api":
        return
    sent = {
        **request.args.to_dict(flat=False),
        **request.form.to_dict(flat=False),
        **(request.view_args or {}),
    }
    if unstorable_paths(sent):
        raise Invalid(
            N_(
                "The form contains a character that cannot be stored (a NUL character)."
                " Remove it and send the form again."
            )
        )


#: Everything the pages load comes from the hub itself (no CDN, no inline
#: script or style), they are never framed (clickjacking), and forms post only
#: to the hub.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


#: In production the hub is HTTPS only; browsers remember it for a year.
HSTS = "max-age=31536000; includeSubDomains"
#: the one API answer that is public and the same for everyone
PUBLIC_API_ENDPOINTS = {"api.openapi_document"}


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if hub().settings.env == "production":
        response.headers["Strict-Transport-Security"] = HSTS
    if _may_hold_personal_data():
        response.headers["Cache-Control"] = "no-store"
    return response


def _may_hold_personal_data() -> bool:
    """A signed-in page or an API answer (errors too) may show personal data:
    no copy in the browser's or a proxy's cache, nor in history after sign-out.
    The hub's static files and the OpenAPI document stay cacheable."""
    if request.path.startswith("/api/"):
        return request.endpoint not in PUBLIC_API_ENDPOINTS
    return request.endpoint != "static" and bool(current_user and current_user.is_authenticated)
