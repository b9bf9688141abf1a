"""rejections: drop ix_rejections_date (agency, service date, id); a list by dates reads ix_rejections_summary

Since 0018 and 0019 the summary's index starts with the same two columns and carries the id, and a list driven by
dates reads it (SQLite by its INDEXED BY hint; PostgreSQL's planner chose it too: at 1,000,000 encounters, after
every date-filtered list of bench/queries.py, pg_stat_user_indexes counted no scan of ix_rejections_date). Each
rejection row still paid for it: at 100,000 encounters, ~470 of the WAL pages a batch of 1,000 wrote on SQLite
(docs/performance.md, "Counts appended, one index fewer").

Revision ID: 0021
Revises: 0020
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_rejections_date", table_name="rejections")


def downgrade() -> None:
    op.create_index("ix_rejections_date", "rejections", ["agency_id", "service_date", "id"])
