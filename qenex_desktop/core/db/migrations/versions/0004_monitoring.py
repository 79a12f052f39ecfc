"""monitoring: metric points, aggregates, health results (issue: monitoring core)

Revision ID: 0004
Revises: 0003

Reserved so the schema history stays linear while this part is built; fill in upgrade/downgrade.
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
