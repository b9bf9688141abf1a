"""SQLite: a new encounter's count is appended to encounter_count_changes, as on PostgreSQL, instead of added to
its encounter_counts row in place; billing.rejection_reports.fold_counts moves the changes in, summed by key

Why: the insert trigger's upsert cost ~11 us an encounter inside a batch's write lock (a probe of the counts'
unique index and an update, per row), and at 100,000 stored encounters its pages were ~950 of the ~8,100 a
1,000-encounter batch's commit wrote (docs/performance.md, "Counts appended"). An append lands on the changes
table's last page. Updates and deletes, which are rare, still change the counts in place; the summary adds the
changes not folded yet (billing.rejection_reports._counted), so its answers do not change.

Revision ID: 0020
Revises: 0019
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

KEY = "agency_id, month, state, payer_id, rendering_npi"
_ROW = "NEW.agency_id, substr(NEW.service_date, 1, 7), NEW.state, coalesce(NEW.payer_id, ''), NEW.rendering_npi"

APPENDING = f"""CREATE TRIGGER encounter_counts_insert AFTER INSERT ON encounters WHEN NEW.status != 'void'
    BEGIN
      INSERT INTO encounter_count_changes ({KEY}, encounters) VALUES ({_ROW}, 1);
    END"""

# 0018's trigger, for the downgrade.
IN_PLACE = f"""CREATE TRIGGER encounter_counts_insert AFTER INSERT ON encounters WHEN NEW.status != 'void'
    BEGIN
      INSERT INTO encounter_counts ({KEY}, encounters) VALUES ({_ROW}, 1)
      ON CONFLICT ({KEY}) DO UPDATE SET encounters = encounters + 1;
    END"""

# Every change row into encounter_counts (SQLite wants a WHERE before an upsert's ON CONFLICT).
FOLD_ALL = [f"""INSERT INTO encounter_counts ({KEY}, encounters)
    SELECT {KEY}, sum(encounters) FROM encounter_count_changes WHERE true GROUP BY {KEY}
    ON CONFLICT ({KEY}) DO UPDATE SET encounters = encounters + excluded.encounters""",
            "DELETE FROM encounter_count_changes"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's statement trigger appends already
    op.execute("DROP TRIGGER encounter_counts_insert")
    op.execute(APPENDING)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER encounter_counts_insert")
    for sql in FOLD_ALL:  # at 0019 nothing folds on SQLite: the counts hold every change
        op.execute(sql)
    op.execute(IN_PLACE)
