"""Every API error as ``application/problem+json`` (RFC 9457)."""

from __future__ import annotations

import logging
import traceback

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

from core.api import blueprint
from core.db import db
from core.errors import Problem, TooManyRequests

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
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def http_problem(exc: HTTPException, detail: str | None = None) -> Response:
    """An HTTP error as a problem, with the headers it carries (``Allow`` on a
    405, ``Retry-After`` on a 429, ...)."""
    response = problem_response(exc.code or 500, exc.name, detail or exc.description or exc.name)
    return with_error_headers(exc, response)


def with_error_headers(exc: HTTPException, response: Response) -> Response:
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@blueprint.errorhandler(HTTPException)
def _http(exc: HTTPException) -> Response:
    db.session.rollback()
    detail = "The request body is too large." if exc.code == 413 else None
    return http_problem(exc, detail)


@blueprint.errorhandler(Exception)
def _unexpected(exc: Exception) -> Response:
    db.session.rollback()
    # The type and where it happened, never the message: it may quote personal data.
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unhandled %s in %s\n%s", type(exc).__name__, request.endpoint, where)
    return problem_response(500, "Internal server error", "Something went wrong on our side.")
