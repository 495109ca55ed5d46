"""``GET /api/v1/stats/cooperation``."""

from __future__ import annotations

from datetime import timedelta

from flask import jsonify
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import clock, validators
from core.access import stats_scope
from core.api import blueprint
from core.api.helpers import load_args, principal
from core.errors import Invalid
from core.stats.cooperation import GROUPINGS, cooperation
from core.stats.report import period_errors


class CooperationQuerySchema(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    county = fields.String(validate=validators.subdivision)
    group_by = fields.String(load_default="institution", validate=validate.OneOf(GROUPINGS))

    @validates_schema
    def _ordered(self, data: dict, **kwargs: object) -> None:
        if "from_" in data and "to" in data and data["from_"] > data["to"]:
            raise ValidationError("Must not be before 'from'.", "to")


@blueprint.get("/stats/cooperation")
def cooperation_stats():
    """Cooperation figures per institution, service or month; no personal data.
    Defaults to the last 365 days.
    ---
    get:
      tags: [stats]
      parameters:
        - {in: query, name: from, schema: {type: string, format: date}}
        - {in: query, name: to, schema: {type: string, format: date}}
        - {in: query, name: county, schema: {type: string}}
        - {in: query, name: group_by, schema: {type: string, enum: [institution, service, month]}}
      responses:
        200: {description: "{items: [{key, label, sent, received, accepted, ...}], totals}"}
        403: {$ref: "#/components/responses/Problem"}
        422: {$ref: "#/components/responses/Problem"}
    """
    scope = stats_scope(principal())  # the role first: a 403 before any 422
    args = load_args(CooperationQuerySchema())
    end = args.get("to", clock.today())
    start = args.get("from_", end - timedelta(days=365))
    if errors := period_errors(start, end, clock.today()):
        raise Invalid("Check the period of the figures.", errors=errors)
    return jsonify(
        cooperation(
            scope, start=start, end=end, county=args.get("county"), group_by=args["group_by"]
        )
    )
