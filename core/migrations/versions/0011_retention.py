"""retention: erased beneficiaries

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    beneficiaries = sa.table(
        "beneficiaries", sa.column("birth_year", sa.Integer), sa.column("date_of_birth", sa.Date)
    )
    op.execute(
        beneficiaries.update().values(
            birth_year=sa.cast(sa.extract("year", beneficiaries.c.date_of_birth), sa.Integer)
        )
    )
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.alter_column("birth_year", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("date_of_birth", existing_type=sa.Date(), nullable=True)
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_withdrawn_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("consent_withdrawn_at")
    # An erased person has no date of birth any more: the 1st of January of the
    # birth year stands in, so that the column can be required again.
    beneficiaries = sa.table(
        "beneficiaries", sa.column("birth_year", sa.Integer), sa.column("date_of_birth", sa.Date)
    )
    dialect = op.get_bind().dialect.name
    first_of_january = (
        sa.func.make_date(beneficiaries.c.birth_year, 1, 1)
        if dialect == "postgresql"
        else sa.func.date(sa.cast(beneficiaries.c.birth_year, sa.String) + "-01-01")
    )
    op.execute(
        beneficiaries.update()
        .where(beneficiaries.c.date_of_birth.is_(None))
        .values(date_of_birth=first_of_january)
    )
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.alter_column("date_of_birth", existing_type=sa.Date(), nullable=False)
        batch_op.drop_column("erased_at")
        batch_op.drop_column("birth_year")
