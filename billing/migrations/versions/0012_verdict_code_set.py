"""verdict code set

The ICD-10-CM code set a verdict's diagnoses were judged by, stored with the verdict like its rule pack
version. Versions judged before this revision have none (null).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 09:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('encounter_versions') as batch:
        batch.add_column(sa.Column('code_set', sa.String(length=160), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('encounter_versions') as batch:
        batch.drop_column('code_set')
