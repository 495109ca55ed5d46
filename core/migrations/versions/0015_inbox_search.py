"""inbox search: phone and document keys looked up across centres

An officer's inbox holds referrals from every centre, so its search looks a
phone or document number up without the centre; the (centre, key) indexes
cannot serve that.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 13:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_beneficiaries_phone_key", "beneficiaries", ["phone_key"])
    op.create_index("ix_beneficiaries_document_key", "beneficiaries", ["document_key"])


def downgrade() -> None:
    op.drop_index("ix_beneficiaries_document_key", table_name="beneficiaries")
    op.drop_index("ix_beneficiaries_phone_key", table_name="beneficiaries")
