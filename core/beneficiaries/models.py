from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from core.db import Base, id_column

SEXES = ("female", "male", "other", "unknown")
PROTECTION_STATUSES = (
    "refugee",
    "subsidiary_protection",
    "temporary_protection",
    "tcn_long_stay",
    "tcn_short_stay",
    "asylum_seeker",
    "other",
)
CONSENT_METHODS = ("written", "oral", "legal_basis")
EMPLOYMENT_STATUSES = (
    "student",
    "vocational_training",
    "unemployed",
    "employed",
    "self_employed",
    "unknown",
)
#: a household member's relationship to the head of the household
HOUSEHOLD_RELATIONSHIPS = ("child", "spouse", "parent", "other")

#: the fields of the record a person would recognise, in the form's order: what
#: an update's audit row names when it changed them (derived ones included, e.g.
#: ``name_latin`` transliterated anew; search keys and bookkeeping left out)
RECORD_FIELDS = (
    "given_name",
    "family_name",
    "name_latin",
    "date_of_birth",
    "sex",
    "nationality",
    "languages",
    "protection_status",
    "employment_status",
    "residence_document",
    "phone",
    "email",
    "county",
    "locality",
    "household_head_id",
    "household_relationship",
)
#: under this age on the day a consent is given, a parent or guardian gives it
AGE_OF_MAJORITY = 18


class Beneficiary(Base):
    __tablename__ = "beneficiaries"
    __table_args__ = (
        # search by phone or document number within one centre's register
        Index("ix_beneficiaries_phone", "registered_by", "phone_key"),
        Index("ix_beneficiaries_document", "registered_by", "document_key"),
        # a search's people by id within the centre (migration 0014)
        Index("ix_beneficiaries_centre_id", "registered_by", "id"),
        # an officer's inbox search looks them up across centres
        Index("ix_beneficiaries_phone_key", "phone_key"),
        Index("ix_beneficiaries_document_key", "document_key"),
    )

    id: Mapped[str] = id_column()
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    name_latin: Mapped[str] = mapped_column(String(400))
    # None once erased (retention); the birth year stays, for age-based figures.
    date_of_birth: Mapped[date | None] = mapped_column(Date, index=True)
    birth_year: Mapped[int] = mapped_column(Integer)
    sex: Mapped[str] = mapped_column(String(10))
    nationality: Mapped[str] = mapped_column(String(2))
    languages: Mapped[list[str]] = mapped_column(default=list)
    protection_status: Mapped[str] = mapped_column(String(30))
    residence_document: Mapped[dict[str, Any] | None]
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    county: Mapped[str] = mapped_column(String(10))
    locality: Mapped[str] = mapped_column(String(120))
    household_head_id: Mapped[str | None] = mapped_column(
        ForeignKey("beneficiaries.id"), index=True
    )
    # to the household head: one of HOUSEHOLD_RELATIONSHIPS, None for the head
    household_relationship: Mapped[str | None] = mapped_column(String(10))
    employment_status: Mapped[str] = mapped_column(
        String(30), default="unknown", server_default="unknown"
    )
    # digits of the phone and the normalised document number, for search
    phone_key: Mapped[str | None] = mapped_column(String(40))
    document_key: Mapped[str | None] = mapped_column(String(60))
    # a record merged into another (a duplicate) points to the one it went to
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    merged_at: Mapped[datetime | None]
    registered_by: Mapped[str] = mapped_column(ForeignKey("institutions.id"), index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # When the retention job erased the person's data (core.retention).
    erased_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer)
    # Art. 18: while set, the person is not referred and is left out of searches
    restricted_at: Mapped[datetime | None]
    restriction_reason: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"version_id_col": version}

    @validates("date_of_birth")
    def _keep_birth_year(self, key: str, value: date | None) -> date | None:
        if value is not None:
            self.birth_year = value.year
        return value

    household_head: Mapped[Beneficiary | None] = relationship(
        remote_side="Beneficiary.id",
        back_populates="household_members",
        foreign_keys=[household_head_id],
    )
    household_members: Mapped[list[Beneficiary]] = relationship(
        back_populates="household_head", foreign_keys=[household_head_id]
    )
    name_keys: Mapped[list[BeneficiaryNameKey]] = relationship(
        back_populates="beneficiary", cascade="all, delete-orphan"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="beneficiary",
        order_by="Consent.recorded_at",
        foreign_keys="Consent.beneficiary_id",
    )


class BeneficiaryNameKey(Base):
    """One search key of a person's names (core.beneficiaries.names.key):
    the search looks keys up here instead of reading the register."""

    __tablename__ = "beneficiary_name_keys"
    __table_args__ = (
        # a centre's search: the people of the centre with this key
        Index("ix_beneficiary_name_keys_centre", "registered_by", "key", "beneficiary_id"),
        # an officer's search, over referrals from every centre
        Index("ix_beneficiary_name_keys_key", "key", "beneficiary_id"),
    )

    beneficiary_id: Mapped[str] = mapped_column(ForeignKey("beneficiaries.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    registered_by: Mapped[str] = mapped_column(ForeignKey("institutions.id"))

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="name_keys")


class Consent(Base):
    """What a beneficiary agreed to share with which institution kinds.

    ``method`` "legal_basis" records that no consent is needed because a law
    requires the exchange; ``legal_basis`` then cites it.
    """

    __tablename__ = "consents"

    id: Mapped[str] = id_column()
    beneficiary_id: Mapped[str] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    institution_kinds: Mapped[list[str]]
    method: Mapped[str] = mapped_column(String(20))
    legal_basis: Mapped[str | None] = mapped_column(String(300))
    given_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    # a child's consent is given by a guardian: a person of the register, or named
    guardian_id: Mapped[str | None] = mapped_column(ForeignKey("beneficiaries.id"))
    guardian_name: Mapped[str | None] = mapped_column(String(400))

    beneficiary: Mapped[Beneficiary] = relationship(
        back_populates="consents", foreign_keys=[beneficiary_id]
    )
    guardian: Mapped[Beneficiary | None] = relationship(foreign_keys=[guardian_id])

    def covers(self, institution_kind: str) -> bool:
        return self.withdrawn_at is None and institution_kind in self.institution_kinds
