"""Editing the working-group directory: institutions, offices and contact points.

An admin's changes in the web UI go through here; ``network.py`` loads the same
directory from a file, and both validate with the same schemas. Slugs and an
institution's kind are fixed once created: a network file is matched on slugs,
and the role of an institution's users follows its kind. Every change writes
an audit row (ids only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.access import Principal, require_role
from core.app import hub
from core.audit import audit
from core.db import db
from core.errors import N_, Invalid, NotFound, flatten_errors
from core.institutions.models import ContactPoint, Institution, Office, WorkingGroup
from core.institutions.network import ContactSchema, InstitutionSchema, OfficeSchema

Errors = dict[str, list[str]]


class NewInstitutionSchema(InstitutionSchema):
    """An institution as an admin creates it: offices are added afterwards."""

    working_groups = fields.List(fields.String(), load_default=list)

    class Meta:
        exclude = ("offices",)


class InstitutionEditSchema(InstitutionSchema):
    active = fields.Boolean(load_default=True)
    working_groups = fields.List(fields.String(), load_default=list)

    class Meta:
        exclude = ("slug", "kind", "offices")


class OfficeFormSchema(OfficeSchema):
    """An office without its contact points, which are added one by one."""

    active = fields.Boolean(load_default=True)

    class Meta:
        exclude = ("contacts",)


# --- reading ------------------------------------------------------------------------


def institutions() -> list[Institution]:
    """Every institution, active or not, by name, with its offices."""
    query = select(Institution).options(selectinload(Institution.offices))
    return list(db.session.scalars(query.order_by(Institution.name, Institution.slug)))


def working_groups() -> list[WorkingGroup]:
    return list(db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name)))


def get_institution(institution_id: str) -> Institution:
    institution = db.session.get(Institution, institution_id)
    if institution is None:
        raise NotFound(N_("No such institution."))
    return institution


def get_office(institution: Institution, office_id: str) -> Office:
    office = db.session.get(Office, office_id)
    if office is None or office.institution_id != institution.id:
        raise NotFound(N_("No such office."))
    return office


def get_contact(office: Office, contact_id: str) -> ContactPoint:
    contact = db.session.get(ContactPoint, contact_id)
    if contact is None or contact.office_id != office.id:
        raise NotFound(N_("No such contact point."))
    return contact


# --- institutions -------------------------------------------------------------------


def create_institution(principal: Principal, data: Mapping[str, Any]) -> Institution:
    """A new member institution (without offices yet) in the chosen working groups."""
    require_role(principal, "admin")

    def check(values: dict[str, Any], errors: Errors) -> None:
        if "kind" in values and values["kind"] not in hub().catalogue.kinds:
            errors["kind"] = [N_("Choose one of the institution kinds offered.")]
        if "slug" in values and db.session.scalar(
            select(Institution.id).where(Institution.slug == values["slug"])
        ):
            errors["slug"] = [N_("Another institution has this slug.")]
        _check_groups(values, errors)

    values = _validated(NewInstitutionSchema(), data, check)
    groups = _groups(values.pop("working_groups"))
    institution = Institution(**values, active=True, working_groups=groups)
    db.session.add(institution)
    db.session.flush()
    audit(principal, "create", "institution", institution.id)
    return institution


def update_institution(
    principal: Principal, institution: Institution, data: Mapping[str, Any]
) -> None:
    """Name, county, active and working groups; the slug and kind stay."""
    require_role(principal, "admin")
    values = _validated(InstitutionEditSchema(), data, _check_groups)
    institution.working_groups = _groups(values.pop("working_groups"))
    for name, value in values.items():
        setattr(institution, name, value)
    audit(principal, "update", "institution", institution.id)


def _check_groups(values: dict[str, Any], errors: Errors) -> None:
    wanted = set(values.get("working_groups", ()))
    if wanted and len(_groups(wanted)) != len(wanted):
        errors["working_groups"] = [N_("Choose among the working groups offered.")]


def _groups(ids: Any) -> list[WorkingGroup]:
    if not ids:
        return []
    query = select(WorkingGroup).where(WorkingGroup.id.in_(set(ids)))
    return list(db.session.scalars(query))


# --- offices and contact points -------------------------------------------------------


def add_office(principal: Principal, institution: Institution, data: Mapping[str, Any]) -> Office:
    require_role(principal, "admin")

    def check(values: dict[str, Any], errors: Errors) -> None:
        if "slug" in values and any(o.slug == values["slug"] for o in institution.offices):
            errors["slug"] = [N_("This institution has another office with this slug.")]

    values = _validated(OfficeFormSchema(), data, check)
    office = Office(**values)
    institution.offices.append(office)
    db.session.flush()
    audit(principal, "create", "office", office.id)
    return office


def update_office(principal: Principal, office: Office, data: Mapping[str, Any]) -> None:
    """Everything but the slug, which a network file matches offices on."""
    require_role(principal, "admin")
    values = _validated(OfficeFormSchema(exclude=("slug",)), data)
    for name, value in values.items():
        setattr(office, name, value)
    audit(principal, "update", "office", office.id)


def add_contact(principal: Principal, office: Office, data: Mapping[str, Any]) -> ContactPoint:
    require_role(principal, "admin")

    def check(values: dict[str, Any], errors: Errors) -> None:
        same = [
            c
            for c in office.contacts
            if (c.kind, c.value) == (values.get("kind"), values.get("value"))
        ]
        if same:
            errors["value"] = [N_("This office already has this contact point.")]

    values = _validated(ContactSchema(), data, check)
    contact = ContactPoint(**values)
    office.contacts.append(contact)
    db.session.flush()
    audit(principal, "create", "contact_point", contact.id)
    return contact


def remove_contact(principal: Principal, contact: ContactPoint) -> None:
    require_role(principal, "admin")
    audit(principal, "delete", "contact_point", contact.id)
    contact.office.contacts.remove(contact)  # delete-orphan removes the row
    db.session.flush()


# --- validation -------------------------------------------------------------------------


def _validated(
    schema: Schema,
    data: Mapping[str, Any],
    check: Callable[[dict[str, Any], Errors], None] | None = None,
) -> dict[str, Any]:
    """``data`` loaded by ``schema``, then ``check``-ed against the database; one
    422 with every field's messages, so the form shows all of them at once."""
    try:
        values, errors = schema.load(data), {}
    except ValidationError as exc:
        values = dict(exc.valid_data or {})
        errors = flatten_errors(exc.messages)
    if check is not None:
        check(values, errors)
    if errors:
        raise Invalid(N_("Some fields are missing or invalid."), errors=errors)
    return values
