"""key lifecycle: expiry, last use, rotation

Revision ID: 0009
Revises: 0004
Create Date: 2026-11-29 10:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_keys') as t:
        t.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        t.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))
        t.add_column(sa.Column('rotated_from', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_keys') as t:
        t.drop_column('rotated_from')
        t.drop_column('last_used_at')
        t.drop_column('expires_at')
