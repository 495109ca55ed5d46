"""Error pages: every failure of a page is a page that says what to do next.

API paths keep their problem+json (``core/api/errors.py``); these handlers
serve the rest of the site.
"""

from __future__ import annotations

import logging
import traceback

from flask import Flask, Response, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from core.app import hub
from core.db import db
from core.errors import Problem
from core.web.documents import filesize
from core.web.messages import translate_message

log = logging.getLogger(__name__)


def _is_api() -> bool:
    return request.path.startswith("/api/")


def error_page(status: int, title: str, detail: str) -> tuple[str, int]:
    db.session.rollback()
    return render_template("error.html", status=status, title=title, detail=detail), status


def _problem(exc: Problem) -> tuple[str, int]:
    return error_page(exc.status, _(exc.title), translate_message(exc.detail))


def _csrf(exc: CSRFError) -> tuple[str, int]:
    return error_page(
        400,
        _("The form could not be accepted"),
        _(
            "The form expired or did not come from this site."
            " Go back, reload the page and send it again."
        ),
    )


def _http(exc: HTTPException) -> Response:
    from core.api.errors import http_problem, with_error_headers

    if _is_api():
        db.session.rollback()
        return http_problem(exc)
    messages = {
        404: _("There is no such page, or it is not yours to see."),
        405: _("This page cannot be used that way. Go back and use the page's buttons."),
        413: _(
            "What you sent is too large: a document may be at most %(size)s."
            " Go back and choose a smaller scan.",
            size=filesize(hub().settings.max_document_bytes),
        ),
    }
    status = exc.code or 500
    page, _status = error_page(
        status, _(exc.name), messages.get(status, _(exc.description or exc.name))
    )
    return with_error_headers(exc, make_response(page, status))


def _unexpected(exc: Exception) -> tuple[str, int]:
    # The type and where, never the message: it may quote personal data.
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unhandled %s in %s\n%s", type(exc).__name__, request.endpoint, where)
    return error_page(
        500,
        _("Something went wrong"),
        _("Something went wrong on our side. Nothing was saved; try again."),
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(Problem, _problem)
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(Exception, _unexpected)
