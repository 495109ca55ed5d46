"""What the web servers send besides the hub's answers: no ``Server`` header
naming the server software and its version (``referral-hub serve`` sets
waitress's ``ident`` to nothing; the development servers use this handler)."""

from __future__ import annotations

from werkzeug.serving import WSGIRequestHandler

#: ``waitress.serve(..., ident=WAITRESS_IDENT)``: no ``Server`` header
WAITRESS_IDENT = ""


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without ``Server: Werkzeug/… Python/…``."""

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())
