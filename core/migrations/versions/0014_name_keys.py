"""name keys: the search index of names, and phone keys

The name keys replace the ``search_names``/``search_skeletons`` columns
(searched with LIKE, a scan of the register). Existing people are keyed here
with today's rules (core.beneficiaries.names).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "beneficiary_name_keys",
        sa.Column("beneficiary_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("registered_by", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiaries.id"]),
        sa.ForeignKeyConstraint(["registered_by"], ["institutions.id"]),
        sa.PrimaryKeyConstraint("beneficiary_id", "key"),
    )
    op.create_index(
        "ix_beneficiary_name_keys_centre",
        "beneficiary_name_keys",
        ["registered_by", "key", "beneficiary_id"],
    )
    op.create_index(
        "ix_beneficiary_name_keys_key", "beneficiary_name_keys", ["key", "beneficiary_id"]
    )
    # a search's people by id within the centre: without it SQLite serves
    # "registered_by = ? AND id IN (...)" by reading the centre's register
    op.create_index("ix_beneficiaries_centre_id", "beneficiaries", ["registered_by", "id"])
    _key_existing()
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.drop_column("search_names")
        batch_op.drop_column("search_skeletons")


def _key_existing() -> None:
    from core.beneficiaries.keys import phone_key
    from core.beneficiaries.names import name_keys

    bind = op.get_bind()
    people = bind.execute(
        sa.text(
            "SELECT id, registered_by, given_name, family_name, name_latin, phone"
            " FROM beneficiaries WHERE erased_at IS NULL"
        )
    ).all()
    keys = sa.table(
        "beneficiary_name_keys",
        sa.column("beneficiary_id"),
        sa.column("key"),
        sa.column("registered_by"),
    )
    rows = [
        {"beneficiary_id": p.id, "key": k, "registered_by": p.registered_by}
        for p in people
        for k in name_keys(p.given_name, p.family_name, p.name_latin)
    ]
    if rows:
        op.bulk_insert(keys, rows)
    for p in people:
        bind.execute(
            sa.text("UPDATE beneficiaries SET phone_key = :key WHERE id = :id"),
            {"key": phone_key(p.phone), "id": p.id},
        )


def downgrade() -> None:
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_names", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("search_skeletons", sa.Text(), nullable=False, server_default="")
        )
    op.drop_index("ix_beneficiaries_centre_id", table_name="beneficiaries")
    op.drop_index("ix_beneficiary_name_keys_key", table_name="beneficiary_name_keys")
    op.drop_index("ix_beneficiary_name_keys_centre", table_name="beneficiary_name_keys")
    op.drop_table("beneficiary_name_keys")
