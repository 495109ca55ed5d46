"""The working-group directory: institutions, offices and contact points."""

from __future__ import annotations

from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.api import blueprint
from core.api.helpers import load_args, principal
from core.api.pagination import PageArgsSchema, paginate
from core.institutions.models import Institution, Office
from core.referrals.schemas import OfficeSchema


class InstitutionSchema(Schema):
    id = fields.String()
    slug = fields.String()
    name = fields.String()
    kind = fields.String()
    county = fields.String()
    offices = fields.List(fields.Nested(OfficeSchema))


@blueprint.get("/institutions")
def list_institutions():
    """Active institutions with their offices and contact points.
    ---
    get:
      tags: [directory]
      responses:
        200: {description: "{items: [Institution], next_cursor}"}
    """
    principal()
    query = (
        select(Institution)
        .where(Institution.active)
        .options(selectinload(Institution.offices).selectinload(Office.contacts))
    )
    return paginate(
        query,
        Institution.id,
        descending=False,
        dump=InstitutionSchema().dump,
        args=load_args(PageArgsSchema()),
    )
