"""Tables of the chain layer: networks, the encrypted wallet, tokens, tracked transactions, history.

Every row that holds data read from a chain carries the ``genesis_hash`` of that chain. When a
local node restarts with a fresh chain, the rows of the old chain are flagged ``stale`` and the
queries only ever show rows of the current genesis, so two chains are never mixed.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models import profile as _profile  # noqa: F401  (the tables its foreign keys name)
from qenex_desktop.core.db.types import Uint256


class ChainNetwork(Base):
    """An RPC endpoint and the chain id it must answer with."""

    __tablename__ = "chain_networks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    rpc_url: Mapped[str] = mapped_column(String(512), nullable=False)
    chain_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    is_builtin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Genesis block hash of the chain last seen at this URL; None until the first contact.
    genesis_hash: Mapped[str | None] = mapped_column(String(66), nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: Its Uniswap V2 deployment (migration 0013): factory, Router02, WETH; None when it has none.
    v2_factory: Mapped[str | None] = mapped_column(String(42), nullable=True)
    v2_router: Mapped[str | None] = mapped_column(String(42), nullable=True)
    v2_weth: Mapped[str | None] = mapped_column(String(42), nullable=True)


class WalletVault(Base):
    """Per profile: how the key-encryption key is derived from the password, and a check value."""

    __tablename__ = "wallet_vaults"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    kdf: Mapped[str] = mapped_column(String(16), nullable=False)
    salt: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    time_cost: Mapped[int] = mapped_column(Integer, nullable=False)
    memory_cost_kib: Mapped[int] = mapped_column(Integer, nullable=False)
    parallelism: Mapped[int] = mapped_column(Integer, nullable=False)
    #: A known text sealed under the key: opening it proves the password without touching secrets.
    check_blob: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    #: Raised on every re-encryption, so another process holding the old key notices.
    key_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class WalletSecret(Base):
    """A mnemonic or a private key, sealed (AES-256-GCM) under the vault key. Never stored in clear."""

    __tablename__ = "wallet_secrets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # "mnemonic" | "private_key"
    blob: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class WalletAccount(Base):
    """An address of the profile and the secret it comes from (its key is derived or stored there)."""

    __tablename__ = "wallet_accounts"
    __table_args__ = (UniqueConstraint("profile_id", "address", name="uq_wallet_accounts_profile_address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(42), nullable=False)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    secret_id: Mapped[int] = mapped_column(ForeignKey("wallet_secrets.id", ondelete="RESTRICT"), index=True)
    #: Index i of m/44'/60'/0'/0/i for mnemonic accounts; None for imported keys.
    hd_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin: Mapped[str] = mapped_column(String(16), nullable=False)  # created|mnemonic|private_key|keystore
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: Left out of the lists a person sees (it still signs and is still scanned); migration 0011.
    hidden: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=text("0"))


class ChainToken(Base):
    """An ERC-20 on one chain (QXC or imported by address); name/symbol/decimals read from it."""

    __tablename__ = "chain_tokens"
    __table_args__ = (
        UniqueConstraint(
            "network_id", "genesis_hash", "address", name="uq_chain_tokens_network_genesis_addr"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("chain_networks.id", ondelete="CASCADE"), index=True)
    genesis_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    stale: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    address: Mapped[str] = mapped_column(String(42), nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    symbol: Mapped[str] = mapped_column(String(16), nullable=False)
    decimals: Mapped[int] = mapped_column(Integer, nullable=False)
    is_qxc: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    deploy_tx_hash: Mapped[str | None] = mapped_column(String(66), nullable=True)
    deploy_block: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ChainTransaction(Base):
    """A transaction the wallet signed and follows until it is settled."""

    __tablename__ = "chain_transactions"
    __table_args__ = (
        UniqueConstraint("network_id", "tx_hash", name="uq_chain_transactions_network_hash"),
        #: Monitoring's time windows read only the window (0007).
        Index("ix_chain_transactions_created", "created_at"),
        #: The Activity tab's pages: one profile's rows of one network after a key (0014).
        Index("ix_chain_transactions_page", "profile_id", "network_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("chain_networks.id", ondelete="CASCADE"), index=True)
    genesis_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    stale: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"), index=True)
    tx_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    #: "send_eth" | "send_token" | "deploy" | "cancel" | "faucet"
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    from_address: Mapped[str] = mapped_column(String(42), nullable=False, index=True)
    #: The transaction's ``to`` (the token contract for a token send; None for a deploy).
    to_address: Mapped[str | None] = mapped_column(String(42), nullable=True)
    #: What the person sent: "ETH" or the token contract address.
    asset: Mapped[str] = mapped_column(String(42), nullable=False)
    asset_symbol: Mapped[str] = mapped_column(String(16), nullable=False)
    asset_decimals: Mapped[int] = mapped_column(Integer, nullable=False)
    #: Who receives the asset (for a token send this is not ``to_address``).
    recipient: Mapped[str | None] = mapped_column(String(42), nullable=True)
    amount: Mapped[int] = mapped_column(Uint256, nullable=False)
    value: Mapped[int] = mapped_column(Uint256, nullable=False)
    data: Mapped[str] = mapped_column(Text, nullable=False, default="0x")
    nonce: Mapped[int] = mapped_column(BigInteger, nullable=False)
    gas_limit: Mapped[int] = mapped_column(BigInteger, nullable=False)
    max_fee_per_gas: Mapped[int] = mapped_column(Uint256, nullable=False)
    max_priority_fee_per_gas: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: The signed bytes (public): re-broadcast after a node lost its mempool.
    raw_tx: Mapped[str] = mapped_column(Text, nullable=False)
    #: pending | confirmed | failed | dropped | replaced
    status: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    block_number: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    gas_used: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    effective_gas_price: Mapped[int | None] = mapped_column(Uint256, nullable=True)
    revert_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    contract_address: Mapped[str | None] = mapped_column(String(42), nullable=True)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("chain_transactions.id"), nullable=True)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("chain_transactions.id"), nullable=True)
    broadcast_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ChainTransfer(Base):
    """One ERC-20 Transfer event that touched one of the wallet's addresses."""

    __tablename__ = "chain_transfers"
    __table_args__ = (
        UniqueConstraint(
            "network_id", "genesis_hash", "tx_hash", "log_index", name="uq_chain_transfers_event"
        ),
        #: The Activity tab's pages, newest block first after a key (0014).
        Index("ix_chain_transfers_page", "network_id", "genesis_hash", "block_number", "log_index"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("chain_networks.id", ondelete="CASCADE"), index=True)
    genesis_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    stale: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    token_address: Mapped[str] = mapped_column(String(42), nullable=False, index=True)
    block_number: Mapped[int] = mapped_column(BigInteger, nullable=False)
    tx_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    log_index: Mapped[int] = mapped_column(Integer, nullable=False)
    from_address: Mapped[str] = mapped_column(String(42), nullable=False)
    to_address: Mapped[str] = mapped_column(String(42), nullable=False)
    amount: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: The mined block's time (ms since the epoch); None for rows scanned before 0014.
    block_time: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ChainScanCursor(Base):
    """How far the Transfer history of one token and one address has been scanned (resumable)."""

    __tablename__ = "chain_scan_cursors"
    __table_args__ = (
        UniqueConstraint(
            "network_id", "genesis_hash", "token_address", "account_address", name="uq_chain_scan_cursors_key"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("chain_networks.id", ondelete="CASCADE"), index=True)
    genesis_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    stale: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    token_address: Mapped[str] = mapped_column(String(42), nullable=False)
    account_address: Mapped[str] = mapped_column(String(42), nullable=False)
    #: The first block not scanned yet.
    next_block: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
