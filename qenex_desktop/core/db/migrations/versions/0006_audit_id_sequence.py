"""audit: the table refuses an id that breaks the sequence 1, 2, 3, ... (issue 10, item 5)

An INSERT whose id is not max(id) + 1 (1 on an empty table) and any UPDATE that changes an id are
refused by SQLite itself, so a row cannot be slipped in below 1, between two entries or after a
gap, nor an entry renumbered, by anyone writing through SQLite with the triggers in place. The app
always inserts with an explicit id of max(id) + 1 (``AuditLog.append``), inside its write
transaction. Triggers are not part of the models (the drift test does not see them): a later
migration that rebuilds ``audit_log`` (batch mode, recreate) drops them and must create them again;
``tests/foundation/test_audit_sequence.py`` checks they exist at head.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INSERT_TRIGGER = """
CREATE TRIGGER audit_log_insert_in_sequence
BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit_log)
BEGIN
    SELECT RAISE(ABORT, 'audit_log: a new entry''s id must be the last id + 1');
END
"""

UPDATE_TRIGGER = """
CREATE TRIGGER audit_log_id_never_changes
BEFORE UPDATE OF id ON audit_log
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'audit_log: an entry''s id never changes');
END
"""


def upgrade() -> None:
    op.execute(INSERT_TRIGGER)
    op.execute(UPDATE_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_id_never_changes")
    op.execute("DROP TRIGGER IF EXISTS audit_log_insert_in_sequence")
