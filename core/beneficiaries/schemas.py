"""Beneficiary and consent schemas (API input and output)."""

from __future__ import annotations

from datetime import date

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    pre_dump,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from core import clock, validators
from core.api.pagination import PageArgsSchema
from core.beneficiaries.models import (
    CONSENT_METHODS,
    EMPLOYMENT_STATUSES,
    HOUSEHOLD_RELATIONSHIPS,
    PROTECTION_STATUSES,
    SEXES,
)
from core.errors import N_

DOCUMENT_TYPES = (
    "residence_permit",
    "temporary_protection_permit",
    "asylum_seeker_document",
    "travel_document",
    "other",
)
_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
#: No one we register was born before this day.
EARLIEST_BIRTH = date(1900, 1, 1)
#: written out for the catalogues (``N_`` takes a fixed text): it follows EARLIEST_BIRTH
_BIRTH_ERROR = N_("Give a date between 1900-01-01 and today.")
assert EARLIEST_BIRTH.isoformat() in _BIRTH_ERROR


class NameSuggestionSchema(Schema):
    """The names being typed in a registration or correction form, for the Latin
    spelling the hub proposes; the other inputs of the form are ignored."""

    class Meta:
        unknown = EXCLUDE

    given_name = fields.String(load_default="", validate=validate.Length(max=200))
    family_name = fields.String(load_default="", validate=validate.Length(max=200))
    # the nationality picks the table of a script that several languages share (uk, ru)
    nationality = fields.String(load_default=None, validate=validators.country)

    @pre_load
    def _empty_is_absent(self, data: dict, **kwargs: object) -> dict:
        return {k: v for k, v in data.items() if v != ""}


class ResidenceDocumentSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(DOCUMENT_TYPES))
    number = fields.String(required=True, validate=validate.Length(min=1, max=60))
    expires_on = fields.Date(required=True)

    @pre_dump
    def _stored_date(self, data: dict, **kwargs: object) -> dict:
        # Stored as JSON, so the date comes back as an ISO string.
        if isinstance(data.get("expires_on"), str):
            data = {**data, "expires_on": date.fromisoformat(data["expires_on"])}
        return data


class BeneficiarySchema(Schema):
    id = fields.String(dump_only=True)
    reference = fields.String(dump_only=True)
    given_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    family_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    name_latin = fields.String(validate=validate.Length(min=1, max=400))
    date_of_birth = fields.Date(required=True)
    sex = fields.String(required=True, validate=validate.OneOf(SEXES))
    nationality = fields.String(required=True, validate=validators.country)
    languages = fields.List(fields.String(validate=validators.language), load_default=list)
    protection_status = fields.String(required=True, validate=validate.OneOf(PROTECTION_STATUSES))
    employment_status = fields.String(
        load_default="unknown",
        validate=validate.OneOf(EMPLOYMENT_STATUSES),
        metadata={
            "description": "The person's occupation now; the programme's figures group by it."
        },
    )
    residence_document = fields.Nested(ResidenceDocumentSchema, allow_none=True)
    phone = fields.String(allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(allow_none=True)
    county = fields.String(required=True, validate=validators.subdivision)
    locality = fields.String(required=True, validate=validate.Length(min=1, max=120))
    household_head_id = fields.String(allow_none=True)
    household_relationship = fields.String(
        allow_none=True,
        validate=validate.OneOf(HOUSEHOLD_RELATIONSHIPS),
        metadata={
            "description": "The person's relationship to the head of the household: only"
            ' with household_head_id ("other" when a head is given without it); null for'
            " the head and for a person without a household."
        },
    )
    registered_by = fields.String(dump_only=True)
    birth_year = fields.Integer(dump_only=True)
    erased_at = fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={"description": "When the retention job erased the person's data."},
    )
    version = fields.Integer(dump_only=True)
    #: Art. 18: {"since", "reason"} while the processing is restricted, else null
    restriction = fields.Method("_restriction", dump_only=True)

    def _restriction(self, beneficiary: object) -> dict[str, str] | None:
        since = getattr(beneficiary, "restricted_at", None)
        if since is None:
            return None
        return {"since": since.isoformat(), "reason": beneficiary.restriction_reason}

    @validates("date_of_birth")
    def _born_in_the_past(self, value: date, **kwargs: object) -> None:
        if not EARLIEST_BIRTH <= value <= clock.today():
            raise ValidationError(_BIRTH_ERROR)


class BeneficiarySearchSchema(PageArgsSchema):
    """The query parameters of the beneficiary search (unknown ones are refused)."""

    q = fields.String(load_default="")


class RestrictionSchema(Schema):
    """Why the processing is restricted (Art. 18), e.g. the person contests its accuracy."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))

    @validates("reason")
    def _not_blank(self, value: str, **kwargs: object) -> None:
        if not value.strip():
            raise ValidationError(N_("Give the reason for the restriction."))


class ConsentSchema(Schema):
    id = fields.String(dump_only=True)
    beneficiary_id = fields.String(dump_only=True)
    institution_kinds = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    method = fields.String(required=True, validate=validate.OneOf(CONSENT_METHODS))
    legal_basis = fields.String(allow_none=True, validate=validate.Length(max=300))
    given_at = fields.AwareDateTime(required=True)
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))
    guardian_id = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=36),
        metadata={
            "description": "Who gave the consent for the person, when it was not the person:"
            " an adult of the centre's register (e.g. a parent in the household). Required,"
            " or guardian_name, for a person under 18 on given_at."
        },
    )
    guardian_name = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=400),
        metadata={"description": "The name of a parent or guardian who is not in the register."},
    )
    recorded_at = fields.AwareDateTime(dump_only=True)
    withdrawn_at = fields.AwareDateTime(dump_only=True, allow_none=True)

    @validates_schema
    def _legal_basis_cited(self, data: dict, **kwargs: object) -> None:
        if data.get("method") == "legal_basis" and not data.get("legal_basis"):
            raise ValidationError(
                N_("Cite the law that allows sharing without consent."), "legal_basis"
            )

    @validates("guardian_name")
    def _name_not_blank(self, value: str | None, **kwargs: object) -> None:
        if value is not None and not value.strip():
            raise ValidationError(N_("Write the guardian's name, or leave it out."))

    @validates_schema
    def _one_guardian(self, data: dict, **kwargs: object) -> None:
        if data.get("guardian_id") and data.get("guardian_name"):
            raise ValidationError(
                N_("Choose the guardian from the register or write their name, not both."),
                "guardian_name",
            )


class PossibleDuplicateSchema(Schema):
    """A record of the centre that may be the same person (the duplicate check)."""

    id = fields.String(dump_only=True)
    reference = fields.String(dump_only=True)
    score = fields.Float(
        dump_only=True,
        metadata={
            "description": "How likely the same person, 0 to 1 (1: the same names and"
            " birth date, or the same document and names); best first."
        },
    )


class CreatedBeneficiarySchema(BeneficiarySchema):
    """The registered beneficiary, with the centre's records that may be the same person."""

    possible_duplicates = fields.List(fields.Nested(PossibleDuplicateSchema), dump_only=True)


class MergeSchema(Schema):
    """Merge this record into the record ``into`` (the one kept)."""

    into = fields.String(required=True, validate=validate.Length(min=1, max=36))
