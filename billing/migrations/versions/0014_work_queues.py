"""work queues: claim work states, unmatched-item resolutions, web console sessions

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as b:
        b.add_column(sa.Column("work_state", sa.String(length=16), nullable=True))
        b.add_column(sa.Column("work_note", sa.String(length=500), nullable=True))
        b.add_column(sa.Column("work_state_by", sa.String(length=16), nullable=True))
        b.add_column(sa.Column("work_state_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "unmatched_resolutions",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("by", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_unmatched_resolutions_claim_id_claims")),
        sa.ForeignKeyConstraint(["event_id"], ["claim_events.id"],
                                name=op.f("fk_unmatched_resolutions_event_id_claim_events")),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_unmatched_resolutions")),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["key_id"], ["api_keys.id"], name=op.f("fk_console_sessions_key_id_api_keys")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_console_sessions")),
    )
    # The unmatched queue reads the agency's unmatched events newest first.
    op.create_index("ix_claim_events_unmatched", "claim_events", ["agency_id", "status", "id"])


def downgrade() -> None:
    op.drop_index("ix_claim_events_unmatched", table_name="claim_events")
    op.drop_table("console_sessions")
    op.drop_table("unmatched_resolutions")
    with op.batch_alter_table("claims") as b:
        for col in ("work_state_at", "work_state_by", "work_note", "work_state"):
            b.drop_column(col)
