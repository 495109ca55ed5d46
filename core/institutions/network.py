"""Loading a working-group network (institutions, offices, contact points) from TOML.

Loading is an upsert keyed on slugs, so running it twice changes nothing and
editing the file and loading it again updates the directory.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from core import validators
from core.app import hub
from core.db import db
from core.errors import N_, Invalid, flatten_errors
from core.institutions.models import ContactPoint, Institution, Office, WorkingGroup

_slug = fields.String(
    required=True,
    validate=[
        validate.Regexp(
            r"^[a-z0-9][a-z0-9-]*$",
            error=N_("Use lower-case letters, digits and hyphens, e.g. ajofm-timis."),
        ),
        validate.Length(max=80),
    ],
)
_name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ContactSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("email", "phone")))
    value = fields.String(required=True, validate=validate.Length(min=3, max=200))
    label = fields.String(load_default="", validate=validate.Length(max=200))
    receives_referrals = fields.Boolean(load_default=False)

    @validates_schema
    def _value_fits_kind(self, data: dict[str, Any], **kwargs: Any) -> None:
        check = {"email": validators.email, "phone": validators.phone}.get(data.get("kind", ""))
        if check and "value" in data:
            try:
                check(data["value"])
            except ValidationError as exc:
                raise ValidationError(exc.messages, field_name="value") from None


class OfficeSchema(Schema):
    slug = _slug
    name = _name
    county = fields.String(required=True, validate=validators.subdivision)
    localities = fields.List(fields.String(), load_default=list)
    address = fields.String(load_default="")
    hours = fields.String(load_default="", validate=validate.Length(max=200))
    languages = fields.List(fields.String(validate=validators.language), load_default=list)
    contacts = fields.List(fields.Nested(ContactSchema), load_default=list)


class InstitutionSchema(Schema):
    slug = _slug
    name = _name
    kind = fields.String(required=True)
    county = fields.String(required=True, validate=validators.subdivision)
    offices = fields.List(
        fields.Nested(OfficeSchema), required=True, validate=validate.Length(min=1)
    )


class WorkingGroupSchema(Schema):
    slug = _slug
    name = fields.String(required=True)


class NetworkSchema(Schema):
    working_group = fields.Nested(WorkingGroupSchema, required=True)
    institutions = fields.List(fields.Nested(InstitutionSchema), required=True)


def read_network(path: Path) -> dict[str, Any]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise Invalid(f"Cannot read {path}: {exc}") from None
    try:
        network = NetworkSchema().load(raw)
    except ValidationError as exc:
        raise Invalid(
            f"{path} is not a valid network file.", errors=flatten_errors(exc.messages)
        ) from None
    kinds = hub().catalogue.kinds
    for i, item in enumerate(network["institutions"]):
        if item["kind"] not in kinds:
            raise Invalid(
                f"{path}: unknown institution kind {item['kind']!r}; no enabled plugin "
                "provides it (see `referral-hub plugins list`).",
                errors={f"institutions.{i}.kind": [f"One of: {', '.join(sorted(kinds))}."]},
            )
    return network


def load_network(path: Path) -> dict[str, int]:
    """Upsert the network in ``path``; returns how many rows were created or changed."""
    network = read_network(path)
    changes = {"created": 0, "updated": 0, None: 0}
    group_data = network["working_group"]
    group, outcome = _upsert(WorkingGroup, {"slug": group_data["slug"]}, group_data)
    changes[outcome] += 1
    for item in network["institutions"]:
        offices = item.pop("offices")
        institution, outcome = _upsert(Institution, {"slug": item["slug"]}, item)
        if group not in institution.working_groups:
            institution.working_groups.append(group)
            outcome = outcome or "updated"
        changes[outcome] += 1
        for office_data in offices:
            contacts = office_data.pop("contacts")
            key = {"institution_id": institution.id, "slug": office_data["slug"]}
            office, outcome = _upsert(Office, key, office_data)
            if _sync_contacts(office, contacts):
                outcome = outcome or "updated"
            changes[outcome] += 1
    db.session.flush()
    return {"created": changes["created"], "updated": changes["updated"]}


def _upsert(model: type, key: dict[str, Any], values: dict[str, Any]) -> tuple[Any, str | None]:
    """The row with ``key``, created or brought up to ``values``, and what
    happened to it: "created", "updated" or None."""
    row = db.session.scalar(select(model).filter_by(**key))
    if row is None:
        row = model(**key, **{k: v for k, v in values.items() if k not in key})
        db.session.add(row)
        db.session.flush()
        return row, "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return row, "updated" if changed else None


def _sync_contacts(office: Office, contacts: list[dict[str, Any]]) -> bool:
    """Replace the office's contact points when they differ; True if they did."""

    def as_tuple(c: Any) -> tuple:
        get = c.get if isinstance(c, dict) else lambda k: getattr(c, k)
        return (get("kind"), get("value"), get("label"), get("receives_referrals"))

    if sorted(map(as_tuple, office.contacts)) == sorted(map(as_tuple, contacts)):
        return False
    office.contacts = [ContactPoint(**c) for c in contacts]
    return True
