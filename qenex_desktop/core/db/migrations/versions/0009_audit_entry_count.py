"""audit: a count of the entries kept by triggers, so the incremental check costs the same at any size

The incremental verify (every health run) checks that the ids are exactly 1..max(id), which holds
when as many rows as max(id) are there: ``count(*)`` read every entry of an index for that (3x slower
at 100k entries than at 10k). ``audit_stats.entries`` is kept by SQLite itself, in the transaction
of each insert and delete; a delete through sqlite3 moves it too, so the check still sees a deleted
entry, and a change with the triggers dropped leaves it wrong, which the check reports as well.
Like 0006's, these triggers are not in the models; a migration that rebuilds ``audit_log`` must
create them again (``tests/foundation/test_audit_sequence.py`` checks they exist at head).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COUNT_ON_INSERT = """
CREATE TRIGGER audit_log_counted_on_insert AFTER INSERT ON audit_log
BEGIN
    UPDATE audit_stats SET entries = entries + 1 WHERE id = 1;
END
"""

COUNT_ON_DELETE = """
CREATE TRIGGER audit_log_counted_on_delete AFTER DELETE ON audit_log
BEGIN
    UPDATE audit_stats SET entries = entries - 1 WHERE id = 1;
END
"""


def upgrade() -> None:
    op.create_table(
        "audit_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_stats")),
    )
    op.execute("INSERT INTO audit_stats (id, entries) SELECT 1, count(*) FROM audit_log")
    op.execute(COUNT_ON_INSERT)
    op.execute(COUNT_ON_DELETE)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_counted_on_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_log_counted_on_insert")
    op.drop_table("audit_stats")
