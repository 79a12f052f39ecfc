"""Tables of the local exchange: tokens, ledger accounts, balances, pools, positions, swaps, price points.

All money columns are ``Uint256`` (exact base units as 78-digit text). Conservation, checked by
the tests after every operation: for each token,
``sum(exchange_balances.amount) + sum(pool reserves of that token) == exchange_tokens.total_supply``.

For analytics (the monitoring engineer reads these): ``exchange_price_points`` has one row per
pool per swap hop and per liquidity change, with the reserves after it (price = reserve1/reserve0
in base units), the volume in and the fee earned in each token.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models import profile as _profile  # noqa: F401  (the tables its foreign keys name)
from qenex_desktop.core.db.types import Uint256


class ExchangeToken(Base):
    """A token of the local ledger (not on any chain)."""

    __tablename__ = "exchange_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    decimals: Mapped[int] = mapped_column(Integer, nullable=False)
    total_supply: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: None: no cap.
    max_supply: Mapped[int | None] = mapped_column(Uint256, nullable=True)
    #: Only this profile may mint; None for imported tokens without a known creator (fixed supply).
    creator_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: "native" or "legacy" (brought in by the importer).
    origin: Mapped[str] = mapped_column(String(16), nullable=False, default="native")


class ExchangeAccount(Base):
    """A named ledger account of a profile ("Main", "Trading"), or a counterparty it trades with."""

    __tablename__ = "exchange_accounts"
    __table_args__ = (UniqueConstraint("profile_id", "name", name="uq_exchange_accounts_profile_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    #: "own": the profile may spend from it; "counterparty": the profile may only send to it.
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="own")
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ExchangeBalance(Base):
    __tablename__ = "exchange_balances"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    token_id: Mapped[int] = mapped_column(ForeignKey("exchange_tokens.id"), primary_key=True, index=True)
    amount: Mapped[int] = mapped_column(Uint256, nullable=False)


class ExchangePool(Base):
    """One pool per unordered token pair; token0 is the one with the lower id."""

    __tablename__ = "exchange_pools"
    __table_args__ = (UniqueConstraint("token0_id", "token1_id", name="uq_exchange_pools_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token0_id: Mapped[int] = mapped_column(ForeignKey("exchange_tokens.id"), nullable=False)
    token1_id: Mapped[int] = mapped_column(ForeignKey("exchange_tokens.id"), nullable=False, index=True)
    fee_bps: Mapped[int] = mapped_column(Integer, nullable=False)
    reserve0: Mapped[int] = mapped_column(Uint256, nullable=False)
    reserve1: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: All shares, including the ``locked_shares`` minted to nobody on the first deposit.
    total_shares: Mapped[int] = mapped_column(Uint256, nullable=False)
    locked_shares: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: Running totals since creation, per token: swap input volume and fee earned by the pool.
    volume0: Mapped[int] = mapped_column(Uint256, nullable=False)
    volume1: Mapped[int] = mapped_column(Uint256, nullable=False)
    fees0: Mapped[int] = mapped_column(Uint256, nullable=False)
    fees1: Mapped[int] = mapped_column(Uint256, nullable=False)
    swap_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: The pair as the person ordered it: token0 first (base, priced in token1) or token1 first.
    base_is_token0: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=text("1")
    )
    created_by_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ExchangePosition(Base):
    """Pool shares held by a ledger account."""

    __tablename__ = "exchange_positions"

    pool_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_pools.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_accounts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    shares: Mapped[int] = mapped_column(Uint256, nullable=False)


class ExchangeSwap(Base):
    """One executed swap as the person saw it (a route may cross up to 3 pools)."""

    __tablename__ = "exchange_swaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # "exact_in" | "exact_out"
    token_in_id: Mapped[int] = mapped_column(ForeignKey("exchange_tokens.id"), nullable=False)
    token_out_id: Mapped[int] = mapped_column(ForeignKey("exchange_tokens.id"), nullable=False)
    amount_in: Mapped[int] = mapped_column(Uint256, nullable=False)
    amount_out: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: Token ids along the route, comma-separated ("3,1,2").
    path: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)


class PoolPointColumns:
    """What one event left in a pool, as the pool analytics read it (``core/monitoring/pools.py``):
    the ledger's price points and the indexed on-chain events (``chain_pools``) both have these."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-1)  # first, as in the file
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: What happened: "swap", "create", "add", "remove", "import" (ledger), "sync" (on-chain).
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    #: The reserves after it.
    reserve0: Mapped[int] = mapped_column(Uint256, nullable=False)
    reserve1: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: Swap input per token (0 for liquidity changes).
    volume0: Mapped[int] = mapped_column(Uint256, nullable=False)
    volume1: Mapped[int] = mapped_column(Uint256, nullable=False)
    #: Fee kept by the pool, per token: ``amount_in * fee_bps // 10000``.
    fee0: Mapped[int] = mapped_column(Uint256, nullable=False)
    fee1: Mapped[int] = mapped_column(Uint256, nullable=False)


class ExchangePricePoint(PoolPointColumns, Base):
    """Reserves of a pool after a swap hop or a liquidity change, with that event's volume and fee."""

    __tablename__ = "exchange_price_points"
    __table_args__ = (Index("ix_exchange_price_points_pool_time", "pool_id", "created_at"),)

    pool_id: Mapped[int] = mapped_column(ForeignKey("exchange_pools.id", ondelete="CASCADE"), nullable=False)
    swap_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_swaps.id", ondelete="SET NULL"), nullable=True
    )


class ExchangeLegacyImport(Base):
    """A legacy database brought in; its SHA-256 stops the same file landing twice.

    ``footprint`` (JSON, written by ``core/exchange/legacy``) says what the import created and put
    where, so a newer copy of the file can replace it; ``replaced_by_id`` points at that newer import.
    """

    __tablename__ = "exchange_legacy_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # "qenex-os" | "defi"
    source_sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    source_name: Mapped[str] = mapped_column(Text, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    imported_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    imported_by_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="SET NULL"), nullable=True
    )
    footprint: Mapped[str | None] = mapped_column(Text, nullable=True)
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_legacy_imports.id", ondelete="SET NULL"), nullable=True
    )
