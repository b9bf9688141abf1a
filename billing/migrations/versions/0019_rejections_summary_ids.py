"""rejections' summary index carries the row id on PostgreSQL: a list filtered by a range of dates (and a source
or state) then reads the index alone, as it does on SQLite, where every index carries the rowid

Revision ID: 0019
Revises: 0018
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

COLUMNS = ["agency_id", "service_date", "source", "code", "state", "payer_id", "provider_npi", "is_primary",
           "encounter_id", "charge", "paid", "amount"]


def _rebuild(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's indexes already end with the rowid, which is the id
    op.drop_index("ix_rejections_summary", table_name="rejections")
    op.create_index("ix_rejections_summary", "rejections", COLUMNS, postgresql_include=include)


def upgrade() -> None:
    _rebuild(["id"])


def downgrade() -> None:
    _rebuild([])
