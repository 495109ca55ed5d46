"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pluggy
from flask import Flask, current_app
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix

from core.catalogue.registry import Catalogue, build_catalogue
from core.clock import Clock, system_clock
from core.db import db, reports_bind, sqlite_durability
from core.plugins import make_plugin_manager
from core.settings import Settings, load_settings, with_instance_defaults


@dataclass
class Hub:
    """What the hub keeps on the app: ``app.extensions["referral_hub"]``."""

    settings: Settings
    plugins: pluggy.PluginManager
    catalogue: Catalogue
    clock: Clock


def hub() -> Hub:
    return current_app.extensions["referral_hub"]


def create_app(
    config: dict[str, Any] | None = None,
    *,
    extra_plugins: Iterable[tuple[str, object]] = (),
    clock: Clock = system_clock,
) -> Flask:
    """Build an application. ``config`` overrides settings (see ``core.settings``);
    ``extra_plugins`` are registered beside the entry-point plugins."""
    instance_path = os.environ.get("REFERRAL_HUB_INSTANCE_PATH")
    app = Flask(
        "core",
        instance_path=instance_path and str(Path(instance_path).resolve()),
        static_folder="web/static",
        template_folder="web/templates",
    )
    settings = with_instance_defaults(load_settings(config), Path(app.instance_path))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        # hide_parameters: database errors must not quote personal data into logs.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": True},
        SQLALCHEMY_BINDS=reports_bind(settings.reports_database_url),
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        BABEL_DEFAULT_LOCALE=settings.default_language,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        **session_cookie_config(settings),
    )
    app.json.sort_keys = False  # keep fields in the documented order
    db.init_app(app)
    with app.app_context():
        sqlite_durability(db.engine, settings.sqlite_synchronous)
    plugins = make_plugin_manager(settings.disabled_plugins, extra_plugins)
    app.extensions["referral_hub"] = Hub(settings, plugins, build_catalogue(plugins), clock)

    from core.api import blueprint as api
    from core.auth import throttle
    from core.documents.limits import widen_body_limit
    from core.web import init_web

    if settings.trusted_proxies:
        # request.remote_addr (sign-in throttling) and the scheme come from the proxies' headers.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    throttle.init_app(app, settings)

    app.register_blueprint(api)
    app.before_request(widen_body_limit)  # before the web UI's CSRF check reads a form
    init_web(app)
    app.add_url_rule("/healthz", view_func=healthz)
    return app


def session_cookie_config(settings: Settings) -> dict[str, Any]:
    """The session cookie: never readable by scripts nor sent cross-site; in
    production HTTPS-only and ``__Host-`` (the browser then refuses it unless
    Secure, ``Path=/`` and without Domain, so no subdomain can set or read it).
    The signature expires with the absolute timeout (``core.web.session``
    enforces both timeouts); the remember-me cookie is never set, and would not
    outlive it either."""
    production = settings.env == "production"
    lifetime = timedelta(hours=settings.session_max_hours)
    return {
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": lifetime,
        "REMEMBER_COOKIE_DURATION": lifetime,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
    }


def healthz() -> tuple[dict[str, str], int]:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        return {"status": "unavailable"}, 503
    return {"status": "ok"}, 200
