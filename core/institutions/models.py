from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, id_column

#: Kinds that the core itself knows; every other kind comes from a plugin.
CORE_KINDS = {"integration_centre": "centre_staff", "prefecture": "coordinator"}

working_group_members = Table(
    "working_group_members",
    Base.metadata,
    Column(
        "working_group_id", ForeignKey("working_groups.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("institution_id", ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True),
)


class WorkingGroup(Base):
    __tablename__ = "working_groups"

    id: Mapped[str] = id_column()
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    institutions: Mapped[list[Institution]] = relationship(
        secondary=working_group_members, back_populates="working_groups"
    )


class Institution(Base):
    __tablename__ = "institutions"

    id: Mapped[str] = id_column()
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60), index=True)
    # ISO 3166-2 subdivision code, e.g. "RO-TM" (Timiș) or "CZ-10" (Prague).
    county: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    offices: Mapped[list[Office]] = relationship(
        back_populates="institution", order_by="Office.slug", cascade="all, delete-orphan"
    )
    working_groups: Mapped[list[WorkingGroup]] = relationship(
        secondary=working_group_members, back_populates="institutions"
    )


class Office(Base):
    __tablename__ = "offices"
    __table_args__ = (UniqueConstraint("institution_id", "slug"),)

    id: Mapped[str] = id_column()
    institution_id: Mapped[str] = mapped_column(ForeignKey("institutions.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(10))
    # Localities this office covers inside its county; empty means all of them.
    localities: Mapped[list[str]] = mapped_column(default=list)
    address: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    institution: Mapped[Institution] = relationship(back_populates="offices")
    contacts: Mapped[list[ContactPoint]] = relationship(
        back_populates="office", order_by="ContactPoint.value", cascade="all, delete-orphan"
    )

    @property
    def referral_emails(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.contacts if c.kind == "email" and c.receives_referrals)


class ContactPoint(Base):
    __tablename__ = "contact_points"

    id: Mapped[str] = id_column()
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "email" or "phone"
    value: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(200), default="")
    receives_referrals: Mapped[bool] = mapped_column(Boolean, default=False)

    office: Mapped[Office] = relationship(back_populates="contacts")
