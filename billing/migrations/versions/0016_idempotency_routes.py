"""idempotency keys: the route a key was used on, the answer's media type, and an index to purge expired keys

Revision ID: 0016
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as b:
        b.add_column(sa.Column("route", sa.String(length=255), nullable=True))
        b.add_column(sa.Column("media_type", sa.String(length=100), nullable=True))
        b.create_index("ix_idempotency_keys_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as b:
        b.drop_index("ix_idempotency_keys_created_at")
        b.drop_column("media_type")
        b.drop_column("route")
