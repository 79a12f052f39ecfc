"""exchange: tokens, ledger accounts, balances, pools, liquidity, swaps, price points (issue: local exchange)

Revision ID: 0002
Revises: 0001

Reserved so the schema history stays linear while this part is built; fill in upgrade/downgrade.
"""

from __future__ import annotations

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
