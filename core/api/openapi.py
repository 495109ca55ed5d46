"""The OpenAPI 3.1 document, generated from the views' docstrings and the
marshmallow schemas (apispec)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.yaml_utils import load_operations_from_docstring
from flask import current_app, jsonify

from core.api import blueprint

_PROBLEM = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def build_spec() -> dict[str, Any]:
    spec = APISpec(
        title="Referral Hub API",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": "Inter-agency referrals for a county support working group."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Problem", _PROBLEM)
    spec.components.response(
        "Problem",
        {"description": "An error", "content": {"application/problem+json": {"schema": "Problem"}}},
    )
    spec.options["security"] = [{"bearer": []}]
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        view = current_app.view_functions[rule.endpoint]
        operations = _with_descriptions(load_operations_from_docstring(view.__doc__ or ""))
        for operation in operations.values():
            _with_shared_problems(operation, has_path_parameters=bool(rule.arguments))
        if operations:
            path = rule.rule.replace("<", "{").replace(">", "}")
            spec.path(path=path, operations=operations, summary=(view.__doc__ or "").split("\n")[0])
    return spec.to_dict()


def _with_shared_problems(operation: dict[str, Any], *, has_path_parameters: bool) -> None:
    """The problems that the shared machinery answers, documented where they
    can happen, so that no view's docstring has to repeat them:

    - 401 on every operation that needs a token (``principal()``);
    - 404 where the path names an object (none, or another institution's);
    - 400, 413, 415 where a JSON body is read (malformed, over
      ``max_body_bytes``, not ``application/json``), and the body is required;
    - 422 everywhere: a NUL character in the path, the query or the
      ``Idempotency-Key`` is refused before any view (``refuse_unstorable_request``).
    """
    responses = operation.setdefault("responses", {})
    statuses = {422}
    if operation.get("security") != []:
        statuses.add(401)
    if has_path_parameters:
        statuses.add(404)
    if body := operation.get("requestBody"):
        body.setdefault("required", True)
        statuses |= {400, 413, 415}
    for status in sorted(statuses):
        if status not in responses and str(status) not in responses:
            responses[status] = {"$ref": "#/components/responses/Problem"}


def _with_descriptions(operations: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI requires a description on every response: the status phrase
    stands in where a docstring gives none."""
    for operation in operations.values():
        for code, response in operation.get("responses", {}).items():
            if "$ref" not in response:
                response.setdefault("description", HTTPStatus(int(code)).phrase)
    return operations


@blueprint.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 document of this API."""
    if "referral_hub.openapi" not in current_app.extensions:
        current_app.extensions["referral_hub.openapi"] = build_spec()
    return jsonify(current_app.extensions["referral_hub.openapi"])
