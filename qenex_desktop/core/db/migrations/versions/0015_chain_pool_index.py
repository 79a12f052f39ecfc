"""chain_pools, chain_pool_events: the on-chain pool index (issue 16)

The Uniswap V2 pairs the person trades through or provides to, with a cursor (the first block not
indexed yet) so indexing resumes by block ranges, and each pair's Sync events with the Swap, Mint
or Burn that came with them: the reserves after it, the swap input and the fee the pool kept, in
the columns of ``exchange_price_points`` so Monitoring reads both alike. Pools carry the chain's
genesis hash and are flagged stale on a new genesis like the rest of the chain data.
ix_chain_pool_events_pool_time: a window reads only the window (issue 17's rule).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qenex_desktop.core.db.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _uint() -> qenex_desktop.core.db.types.Uint256:
    return qenex_desktop.core.db.types.Uint256(length=78)


def upgrade() -> None:
    op.create_table(
        "chain_pools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("genesis_hash", sa.String(length=66), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("pair_address", sa.String(length=42), nullable=False),
        sa.Column("token0_address", sa.String(length=42), nullable=False),
        sa.Column("token1_address", sa.String(length=42), nullable=False),
        sa.Column("symbol0", sa.String(length=16), nullable=False),
        sa.Column("symbol1", sa.String(length=16), nullable=False),
        sa.Column("decimals0", sa.Integer(), nullable=False),
        sa.Column("decimals1", sa.Integer(), nullable=False),
        sa.Column("base_is_token0", sa.Boolean(), nullable=False),
        sa.Column("next_block", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["chain_networks.id"],
            name=op.f("fk_chain_pools_network_id_chain_networks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_pools")),
        sa.UniqueConstraint("network_id", "genesis_hash", "pair_address", name="uq_chain_pools_pair"),
    )
    with op.batch_alter_table("chain_pools", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chain_pools_network_id"), ["network_id"], unique=False)
    op.create_table(
        "chain_pool_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        *(sa.Column(name, _uint(), nullable=False) for name in _MONEY),
        sa.ForeignKeyConstraint(
            ["pool_id"],
            ["chain_pools.id"],
            name=op.f("fk_chain_pool_events_pool_id_chain_pools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_pool_events")),
        sa.UniqueConstraint("pool_id", "block_number", "log_index", name="uq_chain_pool_events_log"),
    )
    with op.batch_alter_table("chain_pool_events", schema=None) as batch_op:
        batch_op.create_index("ix_chain_pool_events_pool_time", ["pool_id", "created_at"], unique=False)


_MONEY = ("reserve0", "reserve1", "volume0", "volume1", "fee0", "fee1")


def downgrade() -> None:
    with op.batch_alter_table("chain_pool_events", schema=None) as batch_op:
        batch_op.drop_index("ix_chain_pool_events_pool_time")
    op.drop_table("chain_pool_events")
    with op.batch_alter_table("chain_pools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chain_pools_network_id"))
    op.drop_table("chain_pools")
