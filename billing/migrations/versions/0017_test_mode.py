"""test mode: an agency's sandbox (agencies.sandbox_of), where its test keys work

Revision ID: 0017
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agencies") as b:
        b.add_column(sa.Column("sandbox_of", sa.String(length=32), nullable=True))
        b.create_foreign_key(op.f("fk_agencies_sandbox_of_agencies"), "agencies", ["sandbox_of"], ["id"])
        b.create_unique_constraint(op.f("uq_agencies_sandbox_of"), ["sandbox_of"])


def downgrade() -> None:
    with op.batch_alter_table("agencies") as b:
        b.drop_constraint(op.f("uq_agencies_sandbox_of"), type_="unique")
        b.drop_constraint(op.f("fk_agencies_sandbox_of_agencies"), type_="foreignkey")
        b.drop_column("sandbox_of")
