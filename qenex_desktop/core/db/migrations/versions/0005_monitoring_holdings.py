"""monitoring: holdings snapshots, for the value of a profile's holdings over time

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qenex_desktop.core.db.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitor_holdings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("t_ms", sa.BigInteger(), nullable=False),
        sa.Column("symbol", sa.String(length=16), nullable=False),
        sa.Column("amount", qenex_desktop.core.db.types.Uint256(length=78), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_monitor_holdings_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_holdings")),
    )
    with op.batch_alter_table("monitor_holdings", schema=None) as batch_op:
        batch_op.create_index("ix_monitor_holdings_profile_t", ["profile_id", "t_ms"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("monitor_holdings", schema=None) as batch_op:
        batch_op.drop_index("ix_monitor_holdings_profile_t")
    op.drop_table("monitor_holdings")
