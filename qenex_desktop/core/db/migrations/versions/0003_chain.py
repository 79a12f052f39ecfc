"""chain: networks, wallet keys, tracked transactions, token imports, event scan cursors (issue: chain layer)

Revision ID: 0003
Revises: 0002

Reserved so the schema history stays linear while this part is built; fill in upgrade/downgrade.
"""

from __future__ import annotations

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
