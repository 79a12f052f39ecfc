"""Tables of the on-chain pool index (issue 16): the Uniswap V2 pairs the person trades through or
provides to, and the pairs' events read back from the chain, so Monitoring draws an on-chain pool's
price, volume and fees as it draws a ledger pool's.

A pool row carries the chain's ``genesis_hash`` like every row read from a chain (``models.chain``):
a node that restarts with a fresh chain flags the old chain's pools ``stale``, and only pools of the
current genesis are listed. Its events belong to it (their pool's flag is theirs).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models.chain import ChainScanCursor, ChainToken, ChainTransaction, ChainTransfer
from qenex_desktop.core.db.models.exchange import PoolPointColumns


class ChainPool(Base):
    """One V2 pair on one chain, with how far its events have been indexed (resumable)."""

    __tablename__ = "chain_pools"
    __table_args__ = (
        UniqueConstraint("network_id", "genesis_hash", "pair_address", name="uq_chain_pools_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("chain_networks.id", ondelete="CASCADE"), index=True)
    genesis_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    stale: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    pair_address: Mapped[str] = mapped_column(String(42), nullable=False)
    token0_address: Mapped[str] = mapped_column(String(42), nullable=False)
    token1_address: Mapped[str] = mapped_column(String(42), nullable=False)
    #: Symbols as the wallet names them (WETH is "ETH": the router's ETH functions trade it).
    symbol0: Mapped[str] = mapped_column(String(16), nullable=False)
    symbol1: Mapped[str] = mapped_column(String(16), nullable=False)
    decimals0: Mapped[int] = mapped_column(Integer, nullable=False)
    decimals1: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The pair as the person reads it: token0 first, unless token0 is WETH (prices are in ETH).
    base_is_token0: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    #: The first block not indexed yet.
    next_block: Mapped[int] = mapped_column(BigInteger, nullable=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ChainPoolEvent(PoolPointColumns, Base):
    """A pair's reserves after one of its Sync events, with the Swap, Mint or Burn that came with it.

    The same columns as ``exchange_price_points`` (one analytics code reads both): ``created_at``
    is the block's time (ms), volume is the swap input per token, the fee the pool kept is
    ``amount_in * 30 // 10000`` (V2's 0.3%) like the ledger's ``amount_in * fee_bps // 10000``.
    """

    __tablename__ = "chain_pool_events"
    __table_args__ = (
        UniqueConstraint("pool_id", "block_number", "log_index", name="uq_chain_pool_events_log"),
        #: Monitoring's windows read only the window.
        Index("ix_chain_pool_events_pool_time", "pool_id", "created_at"),
    )

    pool_id: Mapped[int] = mapped_column(ForeignKey("chain_pools.id", ondelete="CASCADE"), nullable=False)
    block_number: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: The Sync event's log index in its block.
    log_index: Mapped[int] = mapped_column(Integer, nullable=False)
    tx_hash: Mapped[str] = mapped_column(String(66), nullable=False)
    # kind: "swap", "add" (Mint), "remove" (Burn) or "sync" (a Sync alone: ``sync()``)


#: The tables of data read from one chain (each row carries its chain's ``genesis_hash``): flagged
#: stale together when a network serves a new chain or changes its chain id.
CHAIN_DATA = (ChainToken, ChainTransaction, ChainTransfer, ChainScanCursor, ChainPool)
