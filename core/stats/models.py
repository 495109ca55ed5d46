"""The cooperation figures' rollup: counters kept by every change of a referral
(``core.stats.rollup``), so that no figure reads the referrals themselves.

Every row belongs to the cohort of referrals *sent* in one period: a day
(``level="day"``), a calendar month (``level="month"``, ``period`` its first
day) or a calendar year (``level="year"``, ``period`` its 1 January). Each
referral counts in its day, its month and its year, so a period of any length
reads the whole years it covers, the whole months at their edges and the days at
the edges of those (``rollup.periods``). ``month`` is the first day of the
period's month, for grouping by month (a year's row: its 1 January; grouping by
month reads no year's rows).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

DAY, MONTH, YEAR = "day", "month", "year"


class CooperationCount(Base):
    """How many of the cohort's referrals reached each milestone, per office."""

    __tablename__ = "cooperation_counts"
    # an institution's counters, for the receiving side's list totals (core.referrals.caseload)
    __table_args__ = (Index("ix_cooperation_counts_to_institution", "to_institution_id", "level"),)

    level: Mapped[str] = mapped_column(String(5), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    to_institution_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    to_office_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    received: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    open: Mapped[int] = mapped_column(Integer, default=0)


class CooperationDuration(Base):
    """How many of the cohort's referrals took a duration in one bucket: the
    ``response`` (sent to decided) in tenths of an hour, the ``completion``
    (sent to completed) in tenths of a day, rounded down to a bucket at most
    10 % wide; see ``rollup.bucket``."""

    __tablename__ = "cooperation_durations"
    __table_args__ = (
        # The distributions per period in bucket order, every column the figures
        # read included: grouping by month streams through it (no sort).
        Index(
            "ix_cooperation_durations_spread",
            "level",
            "period",
            "measure",
            "bucket",
            "to_institution_id",
            "service_code",
            "count",
        ),
    )

    level: Mapped[str] = mapped_column(String(5), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    to_institution_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    measure: Mapped[str] = mapped_column(String(10), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer, default=0)


class CooperationDue(Base):
    """How many of the cohort's open referrals have their next step due on a
    day, so that "overdue today" is a sum of the rows due before today. Rows that
    reach zero are deleted: the table holds only what is open."""

    __tablename__ = "cooperation_due"

    level: Mapped[str] = mapped_column(String(5), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    to_institution_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_code: Mapped[str] = mapped_column(String(120), primary_key=True)
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer, default=0)
