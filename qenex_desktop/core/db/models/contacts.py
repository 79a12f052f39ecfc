"""The address book and the labels on transactions (issue 15; migration 0012).

A contact is a name a person gave an address they send to, per profile: the name and the address
are each unique in a profile (the Send dialog completes by name, a warning names the contact), the
address is stored EIP-55. The networks a contact is used on are rows of their own, gone with the
network. A transaction's label is keyed by its hash (as BIP-329 keys ``tx`` labels by txid).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models import chain as _chain  # noqa: F401  (the tables its foreign keys name)
from qenex_desktop.core.db.models import profile as _profile  # noqa: F401  (the tables its foreign keys name)


class WalletContact(Base):
    __tablename__ = "wallet_contacts"
    __table_args__ = (
        UniqueConstraint("profile_id", "address", name="uq_wallet_contacts_profile_address"),
        UniqueConstraint("profile_id", "name", name="uq_wallet_contacts_profile_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    address: Mapped[str] = mapped_column(String(42), nullable=False)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class WalletContactNetwork(Base):
    """A network a contact is used on."""

    __tablename__ = "wallet_contact_networks"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("wallet_contacts.id", ondelete="CASCADE"), primary_key=True
    )
    network_id: Mapped[int] = mapped_column(
        ForeignKey("chain_networks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ChainTxLabel(Base):
    """A person's label on a transaction, by hash (any network: a hash names one transaction)."""

    __tablename__ = "chain_tx_labels"
    __table_args__ = (UniqueConstraint("profile_id", "tx_hash", name="uq_chain_tx_labels_profile_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    tx_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
