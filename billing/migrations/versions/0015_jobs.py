"""jobs: long work queued by requests and run by `peerbill worker` (leases, attempts, progress, result)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('jobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('agency_id', sa.String(length=32), nullable=False),
    sa.Column('agencies', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=16), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('run_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease', sa.String(length=32), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('worker', sa.String(length=64), nullable=True),
    sa.Column('progress_done', sa.Integer(), nullable=False),
    sa.Column('progress_total', sa.Integer(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    op.create_index('ix_jobs_due', 'jobs', ['status', 'run_after'], unique=False)
    op.create_index('ix_jobs_agency', 'jobs', ['agency_id', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_jobs_agency', table_name='jobs')
    op.drop_index('ix_jobs_due', table_name='jobs')
    op.drop_table('jobs')
