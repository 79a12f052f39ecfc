"""chain_networks.v2_factory, v2_router, v2_weth: a network's Uniswap V2 deployment (issue 16)

The factory, Router02 and WETH addresses the on-chain venue trades through, kept per network (EIP-55
text, NULL: no V2 deployment known). Checked when set: the router's ``factory()`` and ``WETH()``
must answer with these. The local dev chain's are written by its deploy on ``qenex node start``.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COLUMNS = ("v2_factory", "v2_router", "v2_weth")


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): existing networks have no V2 deployment (NULL).
    for name in _COLUMNS:
        op.add_column("chain_networks", sa.Column(name, sa.String(length=42), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chain_networks", schema=None) as batch_op:
        for name in reversed(_COLUMNS):
            batch_op.drop_column(name)
