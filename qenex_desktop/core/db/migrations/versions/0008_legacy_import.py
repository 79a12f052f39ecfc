"""legacy import: profile name/email/active, import footprints, read-only legacy history (issue 14)

The original QENEX users keep their email and inactive state, and a mapped login name keeps the
original username as the display name. An import records what it created (``footprint``) so a
newer copy of the same file can replace it (``replaced_by_id``). The originals' ``transactions``
and ``audit_log`` rows become ``exchange_legacy_history``, which a trigger keeps read-only
(triggers are not in the models, so the drift test does not see them; a later rebuild of the
table must create it again).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

READ_ONLY_TRIGGER = """
CREATE TRIGGER exchange_legacy_history_read_only
BEFORE UPDATE ON exchange_legacy_history
BEGIN
    SELECT RAISE(ABORT, 'exchange_legacy_history: imported history is read-only');
END
"""


def upgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("is_active", sa.Boolean(), server_default=sa.text("1"), nullable=False))
    with op.batch_alter_table("exchange_legacy_imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("footprint", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("replaced_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_exchange_legacy_imports_replaced_by_id_exchange_legacy_imports"),
            "exchange_legacy_imports",
            ["replaced_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "exchange_legacy_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.Column("source_table", sa.String(length=32), nullable=False),
        sa.Column("source_row", sa.Text(), nullable=False),
        sa.Column("happened_at", sa.Text(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("counterparty", sa.Text(), nullable=True),
        sa.Column("symbol", sa.Text(), nullable=True),
        sa.Column("amount", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["exchange_legacy_imports.id"],
            name=op.f("fk_exchange_legacy_history_import_id_exchange_legacy_imports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_exchange_legacy_history_profile_id_profiles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_legacy_history")),
    )
    with op.batch_alter_table("exchange_legacy_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_legacy_history_import_id"), ["import_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_exchange_legacy_history_profile_id"), ["profile_id"], unique=False
        )
    op.execute(READ_ONLY_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS exchange_legacy_history_read_only")
    with op.batch_alter_table("exchange_legacy_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_legacy_history_profile_id"))
        batch_op.drop_index(batch_op.f("ix_exchange_legacy_history_import_id"))
    op.drop_table("exchange_legacy_history")
    with op.batch_alter_table("exchange_legacy_imports", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_exchange_legacy_imports_replaced_by_id_exchange_legacy_imports"),
            type_="foreignkey",
        )
        batch_op.drop_column("replaced_by_id")
        batch_op.drop_column("footprint")
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("is_active")
        batch_op.drop_column("email")
        batch_op.drop_column("display_name")
