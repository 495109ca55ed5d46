"""Every API error as ``application/problem+json`` (RFC 9457)."""

from __future__ import annotations

import logging

from flask import Response, json
from werkzeug.exceptions import HTTPException

from core.api import blueprint
from core.db import db
from core.errors import Problem

log = logging.getLogger(__name__)


def problem_response(status: int, title: str, detail: str, **extra: object) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


@blueprint.errorhandler(Problem)
def _problem(exc: Problem) -> Response:
    db.session.rollback()
    extra = dict(exc.extra)
    if exc.errors:
        extra["errors"] = exc.errors
    response = problem_response(exc.status, exc.title, exc.detail, **extra)
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="referral-hub"'
    return response


@blueprint.errorhandler(HTTPException)
def _http(exc: HTTPException) -> Response:
    db.session.rollback()
    detail = exc.description or exc.name
    if exc.code == 413:
        detail = "The request body is too large."
    return problem_response(exc.code or 500, exc.name, detail)


@blueprint.errorhandler(Exception)
def _unexpected(exc: Exception) -> Response:
    db.session.rollback()
    # Log the type and the traceback only: messages may quote personal data.
    log.error("unhandled %s in API", type(exc).__name__, exc_info=exc)
    return problem_response(500, "Internal server error", "Something went wrong on our side.")
