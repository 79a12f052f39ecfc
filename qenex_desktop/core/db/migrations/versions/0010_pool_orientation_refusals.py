"""exchange_pools.base_is_token0 (a pool listed as the person ordered it) and
monitor_aggregates.refusals (refused calls counted apart from faults)

The core stores a pool's tokens sorted by id (token0, token1), as Uniswap sorts by address, so a
pool created as QXC/USD at "1 QXC = 2 USD" was listed as "USD/QXC, 1 USD = 0.5 QXC". The flag says
which side the person put first (the base, priced in the other); views list the pool that way and
a flip turns it. Pools from before this revision keep the sorted order (the default, 1).

Monitoring counted a person's refused swap (slippage, deadline, funds) as an error like a bug or a
node failure. Raw points keep their outcome (the error's code), so they can be told apart as they
are; an aggregate only had ``errors``, so it gains ``refusals`` (of those errors, the person's).
Aggregates from before this revision say 0: their errors stay counted as faults.

Both are plain ADD COLUMN (no table rebuild): SQLite fills the existing rows from the default.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "exchange_pools",
        sa.Column("base_is_token0", sa.Boolean(), nullable=False, server_default=sa.text("1")),
    )
    op.add_column(
        "monitor_aggregates",
        sa.Column("refusals", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    with op.batch_alter_table("monitor_aggregates") as batch:
        batch.drop_column("refusals")
    with op.batch_alter_table("exchange_pools") as batch:
        batch.drop_column("base_is_token0")
