"""register: employment status, households, merges, search keys of phone and
document, guardian consent, changed fields in the audit log

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "employment_status", sa.String(length=30), nullable=False, server_default="unknown"
            )
        )
        batch_op.add_column(sa.Column("household_relationship", sa.String(length=10)))
        batch_op.add_column(sa.Column("merged_into_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("merged_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("phone_key", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("document_key", sa.String(length=60), nullable=True))
        batch_op.create_foreign_key(
            "fk_beneficiaries_merged_into_id_beneficiaries",
            "beneficiaries",
            ["merged_into_id"],
            ["id"],
        )
        batch_op.create_index("ix_beneficiaries_merged_into_id", ["merged_into_id"])
        batch_op.create_index("ix_beneficiaries_phone", ["registered_by", "phone_key"])
        batch_op.create_index("ix_beneficiaries_document", ["registered_by", "document_key"])
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guardian_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("guardian_name", sa.String(length=400), nullable=True))
        batch_op.create_foreign_key(
            "fk_consents_guardian_id_beneficiaries", "beneficiaries", ["guardian_id"], ["id"]
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changed_fields", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("changed_fields")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_constraint("fk_consents_guardian_id_beneficiaries", type_="foreignkey")
        batch_op.drop_column("guardian_name")
        batch_op.drop_column("guardian_id")
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.drop_index("ix_beneficiaries_document")
        batch_op.drop_index("ix_beneficiaries_phone")
        batch_op.drop_index("ix_beneficiaries_merged_into_id")
        batch_op.drop_constraint(
            "fk_beneficiaries_merged_into_id_beneficiaries", type_="foreignkey"
        )
        for column in (
            "document_key",
            "phone_key",
            "merged_at",
            "merged_into_id",
            "household_relationship",
            "employment_status",
        ):
            batch_op.drop_column(column)
