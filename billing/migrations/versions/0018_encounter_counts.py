"""encounter counts: the auditors' summary denominators, kept by triggers on encounters; indexes its queries
read alone (rejections' summary columns; encounters' state, payer and peer after agency, status and date)

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

KEY = "agency_id, month, state, payer_id, rendering_npi"

# SQLite has one writer at a time: its triggers add to the count rows directly.
SQLITE_TRIGGERS = (
    """CREATE TRIGGER encounter_counts_insert AFTER INSERT ON encounters WHEN NEW.status != 'void'
    BEGIN
      INSERT INTO encounter_counts (agency_id, month, state, payer_id, rendering_npi, encounters)
      VALUES (NEW.agency_id, substr(NEW.service_date, 1, 7), NEW.state, coalesce(NEW.payer_id, ''),
              NEW.rendering_npi, 1)
      ON CONFLICT (agency_id, month, state, payer_id, rendering_npi) DO UPDATE SET encounters = encounters + 1;
    END""",
    """CREATE TRIGGER encounter_counts_delete AFTER DELETE ON encounters WHEN OLD.status != 'void'
    BEGIN
      INSERT INTO encounter_counts (agency_id, month, state, payer_id, rendering_npi, encounters)
      VALUES (OLD.agency_id, substr(OLD.service_date, 1, 7), OLD.state, coalesce(OLD.payer_id, ''),
              OLD.rendering_npi, -1)
      ON CONFLICT (agency_id, month, state, payer_id, rendering_npi) DO UPDATE SET encounters = encounters - 1;
    END""",
    """CREATE TRIGGER encounter_counts_update
    AFTER UPDATE OF agency_id, status, service_date, state, payer_id, rendering_npi ON encounters
    WHEN OLD.agency_id IS NOT NEW.agency_id OR (OLD.status = 'void') IS NOT (NEW.status = 'void')
      OR substr(OLD.service_date, 1, 7) IS NOT substr(NEW.service_date, 1, 7) OR OLD.state IS NOT NEW.state
      OR coalesce(OLD.payer_id, '') IS NOT coalesce(NEW.payer_id, '') OR OLD.rendering_npi IS NOT NEW.rendering_npi
    BEGIN
      INSERT INTO encounter_counts (agency_id, month, state, payer_id, rendering_npi, encounters)
      SELECT OLD.agency_id, substr(OLD.service_date, 1, 7), OLD.state, coalesce(OLD.payer_id, ''),
             OLD.rendering_npi, -1 WHERE OLD.status != 'void'
      ON CONFLICT (agency_id, month, state, payer_id, rendering_npi) DO UPDATE SET encounters = encounters - 1;
      INSERT INTO encounter_counts (agency_id, month, state, payer_id, rendering_npi, encounters)
      SELECT NEW.agency_id, substr(NEW.service_date, 1, 7), NEW.state, coalesce(NEW.payer_id, ''),
             NEW.rendering_npi, 1 WHERE NEW.status != 'void'
      ON CONFLICT (agency_id, month, state, payer_id, rendering_npi) DO UPDATE SET encounters = encounters + 1;
    END""",
)

# PostgreSQL: concurrent writers must not wait on (or deadlock over) shared count rows, so each statement
# appends its net change per key; billing.rejection_reports.fold_counts moves them into encounter_counts.
_PG_ROWS = """SELECT agency_id, to_char(service_date, 'YYYY-MM') AS month, state, coalesce(payer_id, '') AS payer_id,
                     rendering_npi, {sign} AS n FROM {rows} WHERE status <> 'void'"""
PG_FUNCTION = f"""CREATE FUNCTION encounter_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO encounter_count_changes ({KEY}, encounters)
    SELECT {KEY}, sum(n) FROM ({_PG_ROWS.format(sign=1, rows="new_rows")}) d GROUP BY {KEY};
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO encounter_count_changes ({KEY}, encounters)
    SELECT {KEY}, sum(n) FROM ({_PG_ROWS.format(sign=-1, rows="old_rows")}) d GROUP BY {KEY};
  ELSE
    INSERT INTO encounter_count_changes ({KEY}, encounters)
    SELECT {KEY}, sum(n) FROM ({_PG_ROWS.format(sign=-1, rows="old_rows")}
                               UNION ALL {_PG_ROWS.format(sign=1, rows="new_rows")}) d
    GROUP BY {KEY} HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$"""
PG_TRIGGERS = (
    "CREATE TRIGGER encounter_counts_insert AFTER INSERT ON encounters REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION encounter_counts_change()",
    "CREATE TRIGGER encounter_counts_delete AFTER DELETE ON encounters REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION encounter_counts_change()",
    "CREATE TRIGGER encounter_counts_update AFTER UPDATE ON encounters "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION encounter_counts_change()",
)


# The list's walks by code and by payer, newest first, check the other filters in the index.
WALKS = {"ix_rejections_code": ("code", ("payer_id", "source", "state", "provider_npi", "service_date")),
         "ix_rejections_payer": ("payer_id", ("code", "source", "state", "provider_npi", "service_date"))}


def _month(dialect: str) -> str:
    return "to_char(service_date, 'YYYY-MM')" if dialect == "postgresql" else "substr(service_date, 1, 7)"


def backfill_sql(dialect: str) -> str:
    """The counts from the encounters themselves."""
    return (f"INSERT INTO encounter_counts ({KEY}, encounters) "
            f"SELECT agency_id, {_month(dialect)}, state, coalesce(payer_id, ''), rendering_npi, count(*) "
            f"FROM encounters WHERE status <> 'void' "
            f"GROUP BY agency_id, {_month(dialect)}, state, coalesce(payer_id, ''), rendering_npi")


def _key_columns() -> list[sa.Column]:
    return [sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("agency_id", sa.String(length=32), nullable=False),
            sa.Column("month", sa.String(length=7), nullable=False),
            sa.Column("state", sa.String(length=2), nullable=False),
            sa.Column("payer_id", sa.String(length=80), nullable=False),
            sa.Column("rendering_npi", sa.String(length=10), nullable=False),
            sa.Column("encounters", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table("encounter_counts", *_key_columns(),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_encounter_counts")),
                    sa.UniqueConstraint("agency_id", "month", "state", "payer_id", "rendering_npi",
                                        name=op.f("uq_encounter_counts_agency_id")))
    op.create_table("encounter_count_changes", *_key_columns(),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_encounter_count_changes")))
    op.create_index(op.f("ix_rejections_summary"), "rejections",
                    ["agency_id", "service_date", "source", "code", "state", "payer_id", "provider_npi", "is_primary",
                     "encounter_id", "charge", "paid", "amount"])
    op.drop_index("ix_encounters_agency_status_date", table_name="encounters")
    op.create_index("ix_encounters_agency_status_date", "encounters",
                    ["agency_id", "status", "service_date", "state", "payer_id", "rendering_npi"])
    for name, (lead, rest) in WALKS.items():
        op.drop_index(name, table_name="rejections")
        op.create_index(name, "rejections", ["agency_id", lead, "id", *rest])
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("LOCK TABLE encounters IN SHARE MODE")  # no write between the back-fill and the triggers
        op.execute(PG_FUNCTION)
        for sql in PG_TRIGGERS:
            op.execute(sql)
    else:
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)
    op.execute(backfill_sql(dialect))


def downgrade() -> None:
    for name in ("encounter_counts_insert", "encounter_counts_delete", "encounter_counts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON encounters" if op.get_bind().dialect.name ==
                                                        "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS encounter_counts_change()")
    op.drop_index(op.f("ix_rejections_summary"), table_name="rejections")
    op.drop_index("ix_encounters_agency_status_date", table_name="encounters")
    op.create_index("ix_encounters_agency_status_date", "encounters", ["agency_id", "status", "service_date"])
    for name, (lead, _) in WALKS.items():
        op.drop_index(name, table_name="rejections")
        op.create_index(name, "rejections", ["agency_id", lead, "id"])
    op.drop_table("encounter_count_changes")
    op.drop_table("encounter_counts")
