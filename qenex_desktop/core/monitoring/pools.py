"""Pool analytics from the exchange's price points: price, reserves, TVL, volume and fees over time.

``exchange_price_points`` has one row per pool per swap hop and per liquidity change, with the
reserves after it, the swap input and the fee the pool kept, per token. Money stays int base
units (volume, fees, reserves, TVL); only the price, a ratio drawn on a chart, is a float.

TVL is given in token1: at the pool's own price the token0 side is worth exactly reserve1, so
TVL = 2 * reserve1 (the same convention as the exchange's ``tvl_in_token1``).

Two venues, one analytics: the ledger's pools (``exchange_price_points``) and the on-chain Uniswap V2
pairs the person trades or provides to, indexed from their events (``chain_pool_events``, the same
columns; ``core.chain.v2.pool_index`` writes them). On-chain pools of a chain the node no longer
serves (flagged stale) are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    ChainNetwork,
    ChainPool,
    ChainPoolEvent,
    ExchangePool,
    ExchangePricePoint,
    ExchangeToken,
)
from qenex_desktop.core.errors import NotFoundError
from qenex_desktop.core.exchange.types import OrientedPair
from qenex_desktop.core.monitoring.retention import floor_to
from qenex_desktop.core.monitoring.types import Series

Venue = Literal["ledger", "chain"]
#: Uniswap V2's fee (0.3%), in the ledger's basis points.
V2_FEE_BPS = 30


@dataclass(frozen=True)
class PoolRef(OrientedPair):
    pool_id: int
    symbol0: str
    symbol1: str
    decimals0: int
    decimals1: int
    fee_bps: int
    #: The pair as the person ordered it (``exchange_pools.base_is_token0``): token0 first, else token1.
    base_is_token0: bool = True
    #: "ledger" (the local exchange) or "chain" (an indexed Uniswap V2 pair on ``network``).
    venue: Venue = "ledger"
    network: str | None = None
    pair_address: str | None = None

    @property
    def key(self) -> tuple[Venue, int]:
        """Unique across venues (a ledger pool and an on-chain pool may share an id)."""
        return (self.venue, self.pool_id)

    @property
    def name(self) -> str:
        """The pair as the person ordered it ("QXC/USD"), not the sorted token order."""
        return f"{self.base_symbol}/{self.quote_symbol}"


@dataclass(frozen=True)
class PoolHistory:
    """One pool over a window. Reserve-like series start with the state at the window's start.

    price          (t_ms, whole token1 per whole token0) as float: for drawing only
    reserves       (t_ms, reserve0, reserve1) base units after each event
    tvl_in_token1  (t_ms, 2 * reserve1) base units of token1
    volume         (bucket t_ms, volume0, volume1) swap input per bucket, zeros included
    fees           (bucket t_ms, fee0, fee1) fee kept by the pool per bucket, zeros included
    swaps          (bucket t_ms, swap hops through this pool) per bucket
    """

    pool: PoolRef
    window_ms: int
    bucket_ms: int
    price: Series
    reserves: list[tuple[int, int, int]]
    tvl_in_token1: list[tuple[int, int]]
    volume: list[tuple[int, int, int]]
    fees: list[tuple[int, int, int]]
    swaps: list[tuple[int, int]]


@dataclass(frozen=True)
class PoolSummary:
    """Totals of one pool over a window (money as int base units)."""

    pool: PoolRef
    window_ms: int
    swaps: int
    volume0: int
    volume1: int
    fees0: int
    fees1: int
    reserve0: int
    reserve1: int
    tvl_in_token1: int
    #: Price change over the window in basis points (None without a price at both ends).
    price_change_bps: int | None
    #: The same for the price of one base token in quote tokens (``PoolRef.base_is_token0``).
    base_price_change_bps: int | None = None

    @property
    def tvl_in_quote(self) -> int:
        """Value locked in quote-token base units, both sides at the pool's price."""
        return self.tvl_in_token1 if self.pool.base_is_token0 else 2 * self.reserve0


def _pool_refs(session: Session, pool_id: int | None = None) -> list[PoolRef]:
    t0 = aliased(ExchangeToken)
    t1 = aliased(ExchangeToken)
    query = (
        select(
            ExchangePool.id,
            t0.symbol,
            t1.symbol,
            t0.decimals,
            t1.decimals,
            ExchangePool.fee_bps,
            ExchangePool.base_is_token0,
        )
        .join(t0, t0.id == ExchangePool.token0_id)
        .join(t1, t1.id == ExchangePool.token1_id)
        .order_by(ExchangePool.id)
    )
    if pool_id is not None:
        query = query.where(ExchangePool.id == pool_id)
    return [PoolRef(*row) for row in session.execute(query).all()]


def _chain_refs(session: Session, pool_id: int | None = None) -> list[PoolRef]:
    query = (
        select(ChainPool, ChainNetwork.name)
        .join(ChainNetwork, ChainNetwork.id == ChainPool.network_id)
        .where(ChainPool.stale.is_(False))
        .order_by(ChainPool.id)
    )
    if pool_id is not None:
        query = query.where(ChainPool.id == pool_id)
    return [
        PoolRef(
            symbol0=p.symbol0,
            symbol1=p.symbol1,
            decimals0=p.decimals0,
            decimals1=p.decimals1,
            base_is_token0=p.base_is_token0,
            pool_id=p.id,
            fee_bps=V2_FEE_BPS,
            venue="chain",
            network=network,
            pair_address=p.pair_address,
        )
        for p, network in session.execute(query).all()
    ]


def pools(database: Database) -> list[PoolRef]:
    """The ledger's pools, then the indexed on-chain pools of the chains the nodes serve now."""
    with database.read() as session:
        return _pool_refs(session) + _chain_refs(session)


def _price(pool: PoolRef, reserve0: int, reserve1: int) -> float | None:
    if reserve0 == 0:
        return None
    return (reserve1 / 10**pool.decimals1) / (reserve0 / 10**pool.decimals0)


Point = ExchangePricePoint | ChainPoolEvent
P = TypeVar("P", ExchangePricePoint, ChainPoolEvent)


def _window(
    session: Session, model: type[P], pool_id: int, start_ms: int, end_ms: int
) -> tuple[P | None, list[P]]:
    """The last point before the window, and the window's points (the pool-time index)."""
    before = session.scalars(
        select(model)
        .where(model.pool_id == pool_id, model.created_at < start_ms)
        .order_by(model.created_at.desc(), model.id.desc())
        .limit(1)
    ).first()
    rows = session.scalars(
        select(model)
        .where(model.pool_id == pool_id, model.created_at >= start_ms, model.created_at <= end_ms)
        .order_by(model.created_at, model.id)
    ).all()
    return before, list(rows)


def _load(
    database: Database, pool_id: int, start_ms: int, end_ms: int, venue: Venue
) -> tuple[PoolRef, Point | None, list[Point]]:
    with database.read() as session:
        refs = _pool_refs(session, pool_id) if venue == "ledger" else _chain_refs(session, pool_id)
        if not refs:
            where = "" if venue == "ledger" else " on the chain the node serves now"
            raise NotFoundError(f"No pool with id {pool_id}{where}.", field="pool")
        before: Point | None
        rows: list[Point]
        if venue == "ledger":
            before, ledger_rows = _window(session, ExchangePricePoint, pool_id, start_ms, end_ms)
            rows = list(ledger_rows)
        else:
            before, chain_rows = _window(session, ChainPoolEvent, pool_id, start_ms, end_ms)
            rows = list(chain_rows)
    return refs[0], before, rows


def pool_history(
    database: Database, now_ms: int, pool_id: int, window_ms: int, bucket_ms: int, venue: Venue = "ledger"
) -> PoolHistory:
    start = now_ms - window_ms
    pool, before, rows = _load(database, pool_id, start, now_ms, venue)
    states: list[tuple[int, int, int]] = []
    if before is not None:
        states.append((start, before.reserve0, before.reserve1))
    states += [(r.created_at, r.reserve0, r.reserve1) for r in rows]
    price: Series = []
    for t_ms, r0, r1 in states:
        value = _price(pool, r0, r1)
        if value is not None:
            price.append((t_ms, value))
    sums: dict[int, list[int]] = {}
    for r in rows:
        entry = sums.setdefault(floor_to(r.created_at, bucket_ms), [0, 0, 0, 0, 0])
        entry[0] += r.volume0
        entry[1] += r.volume1
        entry[2] += r.fee0
        entry[3] += r.fee1
        entry[4] += int(r.kind == "swap")
    volume: list[tuple[int, int, int]] = []
    fees: list[tuple[int, int, int]] = []
    swaps: list[tuple[int, int]] = []
    t_ms = floor_to(start, bucket_ms)
    while t_ms <= now_ms:
        v0, v1, f0, f1, n = sums.get(t_ms, [0, 0, 0, 0, 0])
        volume.append((t_ms, v0, v1))
        fees.append((t_ms, f0, f1))
        swaps.append((t_ms, n))
        t_ms += bucket_ms
    return PoolHistory(
        pool=pool,
        window_ms=window_ms,
        bucket_ms=bucket_ms,
        price=price,
        reserves=states,
        tvl_in_token1=[(t, 2 * r1) for t, _, r1 in states],
        volume=volume,
        fees=fees,
        swaps=swaps,
    )


def pool_summary(
    database: Database, now_ms: int, pool_id: int, window_ms: int, venue: Venue = "ledger"
) -> PoolSummary:
    start = now_ms - window_ms
    pool, before, rows = _load(database, pool_id, start, now_ms, venue)
    swaps = sum(1 for r in rows if r.kind == "swap")
    last = rows[-1] if rows else before
    reserve0, reserve1 = (last.reserve0, last.reserve1) if last is not None else (0, 0)
    first = before if before is not None else (rows[0] if rows else None)
    change: int | None = None
    inverse: int | None = None
    if first is not None and last is not None and first.reserve0 and last.reserve0 and first.reserve1:
        # price = r1/r0; change = p_end/p_start - 1, in bps, exact in integers
        change = (last.reserve1 * first.reserve0 * 10_000) // (last.reserve0 * first.reserve1) - 10_000
        if last.reserve1:  # the inverse price, r0/r1
            inverse = (last.reserve0 * first.reserve1 * 10_000) // (last.reserve1 * first.reserve0) - 10_000
    return PoolSummary(
        pool=pool,
        window_ms=window_ms,
        swaps=swaps,
        volume0=sum(r.volume0 for r in rows),
        volume1=sum(r.volume1 for r in rows),
        fees0=sum(r.fee0 for r in rows),
        fees1=sum(r.fee1 for r in rows),
        reserve0=reserve0,
        reserve1=reserve1,
        tvl_in_token1=2 * reserve1,
        price_change_bps=change,
        base_price_change_bps=change if pool.base_is_token0 else inverse,
    )
