"""wallet_accounts.hidden: an account a person hid from the lists they see

Hiding is a view matter: a hidden account still signs, its incoming transfers are still scanned,
and ``WalletService.accounts()`` still lists it (flagged). Existing accounts are shown (default 0).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite fills the existing rows from the default.
    op.add_column(
        "wallet_accounts",
        sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    with op.batch_alter_table("wallet_accounts", schema=None) as batch_op:
        batch_op.drop_column("hidden")
