"""What the web servers send besides the hub's answers: no ``Server`` header
naming the server software and its version (``referral-hub serve`` sets
waitress's ``ident`` to nothing; the development servers use this handler)."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler

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
