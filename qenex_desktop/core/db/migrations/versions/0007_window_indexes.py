"""indexes on what monitoring windows filter on (issue 17): reads cost the window, not the history

audit_log (category, created_at): the Operations chart and ``monitor stats`` count the money
entries of a time window; with indexes on category and event alone, that walked every money entry
ever written. chain_transactions (created_at): the chain source of the same counts scanned the
table. Both are plain CREATE INDEX (no table rebuild), so the audit_log triggers of 0006 stay.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_category_created", "audit_log", ["category", "created_at"], unique=False)
    op.create_index("ix_chain_transactions_created", "chain_transactions", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_chain_transactions_created", table_name="chain_transactions")
    op.drop_index("ix_audit_log_category_created", table_name="audit_log")
