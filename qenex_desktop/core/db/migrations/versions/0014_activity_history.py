"""Activity history: transfer times and the indexes its pages walk (issue 13)

chain_transfers.block_time: the mined block's time (ms), read once per block while scanning, so
an incoming transfer takes its place among the wallet's own transactions and an export says when
it happened (rows scanned before this revision have none until they are scanned again).
ix_chain_transfers_page (network_id, genesis_hash, block_number, log_index) and
ix_chain_transactions_page (profile_id, network_id, id): the Activity tab reads one page after a
key (keyset pagination), so a page costs the same with ten transactions or a hundred thousand.
Plain ADD COLUMN and CREATE INDEX (no table rebuild).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chain_transfers", sa.Column("block_time", sa.BigInteger(), nullable=True))
    op.create_index(
        "ix_chain_transfers_page",
        "chain_transfers",
        ["network_id", "genesis_hash", "block_number", "log_index"],
        unique=False,
    )
    op.create_index(
        "ix_chain_transactions_page", "chain_transactions", ["profile_id", "network_id", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_chain_transactions_page", table_name="chain_transactions")
    op.drop_index("ix_chain_transfers_page", table_name="chain_transfers")
    with op.batch_alter_table("chain_transfers", schema=None) as batch_op:
        batch_op.drop_column("block_time")
