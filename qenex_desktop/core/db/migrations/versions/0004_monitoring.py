"""monitoring: metric points, aggregates, system samples, health results (issue: monitoring core)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitor_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("t_ms", sa.BigInteger(), nullable=False),
        sa.Column("latency_us", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_points")),
    )
    with op.batch_alter_table("monitor_points", schema=None) as batch_op:
        batch_op.create_index("ix_monitor_points_operation_t", ["operation", "t_ms"], unique=False)
        batch_op.create_index(batch_op.f("ix_monitor_points_t_ms"), ["t_ms"], unique=False)

    op.create_table(
        "monitor_aggregates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_s", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("bucket_ms", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("sum_us", sa.BigInteger(), nullable=False),
        sa.Column("min_us", sa.BigInteger(), nullable=False),
        sa.Column("max_us", sa.BigInteger(), nullable=False),
        sa.Column("histogram", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_aggregates")),
        sa.UniqueConstraint("resolution_s", "operation", "bucket_ms", name="uq_monitor_aggregates_key"),
    )
    with op.batch_alter_table("monitor_aggregates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_monitor_aggregates_resolution_bucket", ["resolution_s", "bucket_ms"], unique=False
        )

    op.create_table(
        "monitor_system",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_s", sa.Integer(), nullable=False),
        sa.Column("t_ms", sa.BigInteger(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("cpu_permille", sa.Integer(), nullable=False),
        sa.Column("rss_bytes", sa.BigInteger(), nullable=False),
        sa.Column("open_files", sa.Integer(), nullable=False),
        sa.Column("db_bytes", sa.BigInteger(), nullable=False),
        sa.Column("wal_bytes", sa.BigInteger(), nullable=False),
        sa.Column("node_reachable", sa.Boolean(), nullable=True),
        sa.Column("node_latency_us", sa.BigInteger(), nullable=True),
        sa.Column("block_height", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_system")),
    )
    with op.batch_alter_table("monitor_system", schema=None) as batch_op:
        batch_op.create_index("ix_monitor_system_resolution_t", ["resolution_s", "t_ms"], unique=False)

    op.create_table(
        "monitor_health",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.BigInteger(), nullable=False),
        sa.Column("duration_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_monitor_health")),
    )


def downgrade() -> None:
    op.drop_table("monitor_health")
    with op.batch_alter_table("monitor_system", schema=None) as batch_op:
        batch_op.drop_index("ix_monitor_system_resolution_t")
    op.drop_table("monitor_system")
    with op.batch_alter_table("monitor_aggregates", schema=None) as batch_op:
        batch_op.drop_index("ix_monitor_aggregates_resolution_bucket")
    op.drop_table("monitor_aggregates")
    with op.batch_alter_table("monitor_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monitor_points_t_ms"))
        batch_op.drop_index("ix_monitor_points_operation_t")
    op.drop_table("monitor_points")
