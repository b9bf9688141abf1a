"""verdict: program, rate code, add-on lines and claim form

A verdict judged under a program inside a state (NY CFTSS) names the program in its rule pack version, the state
rate code it bills, its add-on lines and the claim form its source requires; versions stored before have none.

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-29 10:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('encounter_versions') as batch:
        batch.add_column(sa.Column('pack_program', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('rate_code', sa.String(length=10), nullable=True))
        batch.add_column(sa.Column('claim_form', sa.String(length=4), nullable=True))
        batch.add_column(sa.Column('add_ons', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('encounter_versions') as batch:
        batch.drop_column('add_ons')
        batch.drop_column('claim_form')
        batch.drop_column('rate_code')
        batch.drop_column('pack_program')
