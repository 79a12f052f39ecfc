"""The address book and transaction labels (issue 15): wallet_contacts, wallet_contact_networks,
chain_tx_labels

A contact is a name and an EIP-55 address per profile (each unique in the profile), an optional
note and the networks it is used on. A transaction's label is keyed by the profile and the hash.
Own accounts already carry their label (wallet_accounts.name). New tables only: nothing existing
changes.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wallet_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_wallet_contacts_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_contacts")),
        sa.UniqueConstraint("profile_id", "address", name="uq_wallet_contacts_profile_address"),
        sa.UniqueConstraint("profile_id", "name", name="uq_wallet_contacts_profile_name"),
    )
    with op.batch_alter_table("wallet_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wallet_contacts_profile_id"), ["profile_id"], unique=False)
    op.create_table(
        "wallet_contact_networks",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["wallet_contacts.id"],
            name=op.f("fk_wallet_contact_networks_contact_id_wallet_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["chain_networks.id"],
            name=op.f("fk_wallet_contact_networks_network_id_chain_networks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", "network_id", name=op.f("pk_wallet_contact_networks")),
    )
    with op.batch_alter_table("wallet_contact_networks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wallet_contact_networks_network_id"), ["network_id"], unique=False
        )
    op.create_table(
        "chain_tx_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_chain_tx_labels_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_tx_labels")),
        sa.UniqueConstraint("profile_id", "tx_hash", name="uq_chain_tx_labels_profile_hash"),
    )
    with op.batch_alter_table("chain_tx_labels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chain_tx_labels_profile_id"), ["profile_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chain_tx_labels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chain_tx_labels_profile_id"))
    op.drop_table("chain_tx_labels")
    with op.batch_alter_table("wallet_contact_networks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_contact_networks_network_id"))
    op.drop_table("wallet_contact_networks")
    with op.batch_alter_table("wallet_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_contacts_profile_id"))
    op.drop_table("wallet_contacts")
