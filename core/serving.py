"""The production and development servers, and what they send besides the hub's
answers: no ``Server`` header naming the server software (``referral-hub serve``
runs gunicorn without it on Linux and sets waitress's ``ident`` to nothing on
Windows; the development servers use :class:`QuietRequestHandler`), and no query
string in a request log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import WSGIRequestHandler

from core.settings import Settings

#: gunicorn's access log without the query string (``?q=`` may hold a name)
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

#: ``waitress.serve(..., ident=WAITRESS_IDENT)``: no ``Server`` header
WAITRESS_IDENT = ""


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without ``Server: Werkzeug/… Python/…``, whose
    request log leaves out the query string of every API path (``?q=`` of the
    beneficiary search may hold a name)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        full = getattr(self, "path", None)
        if full is None or not urlsplit(full).path.startswith("/api/"):
            super().log_request(code, size)
            return
        self.path = urlsplit(full).path
        try:
            super().log_request(code, size)
        finally:
            self.path = full

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


def serve_gunicorn(make_app: Callable[[], Flask], host: str, port: int, settings: Settings) -> None:
    """Serve with gunicorn's sync workers, ``web_workers`` of them; each builds
    its own app after the fork (no database connection is shared across it)."""
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": settings.web_workers,
        "worker_class": "sync",
        # A request longer than this is a stuck worker: killed and replaced.
        "timeout": settings.web_timeout_seconds,
        "graceful_timeout": settings.web_timeout_seconds,
        # Behind a proxy that keeps connections open to the app servers.
        "keepalive": 5,
        # Recycle workers now and then, so that no slow leak grows for weeks.
        "max_requests": 10_000,
        "max_requests_jitter": 1_000,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
    }

    class HubServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return make_app()

    _without_server_header()
    HubServer().run()


def _without_server_header() -> None:
    """gunicorn writes ``Server: gunicorn`` into every answer and has no setting
    to leave it out; drop that one line from the headers it writes itself."""
    from gunicorn.http.wsgi import Response

    written = Response.default_headers
    if getattr(written, "quiet", False):
        return

    def default_headers(self: Any) -> list[str]:
        return [line for line in written(self) if not line.lower().startswith("server:")]

    default_headers.quiet = True  # type: ignore[attr-defined]
    Response.default_headers = default_headers  # type: ignore[method-assign]
