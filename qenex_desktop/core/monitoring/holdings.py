"""The value of a profile's holdings over time, in a quote token of the local exchange.

Holdings = the profile's own ledger accounts plus what its pool shares would pay out
(shares * reserve // total_shares per side). ``snapshot`` stores them (one row per token, all with
the same ``t_ms``) only when they changed since the last snapshot; the monitoring worker takes one
after every exchange operation that succeeded, and ``close()`` does too.

``value_series`` values each snapshot at the pool prices of each moment, read from the
exchange's price points: a new point whenever the holdings or a price changed. A token is valued
at the spot price of a direct pool with the quote token, else through one intermediate token
(A -> B -> quote); tokens with no such path are listed as unpriced and left out of the value.
Spot value means what the reserves' ratio says, not what a swap of that size would pay.
All of it is int base units of the quote token.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePosition,
    ExchangePricePoint,
    ExchangeToken,
    HoldingSnapshot,
)
from qenex_desktop.core.errors import NotFoundError

Holdings = dict[str, int]


@dataclass(frozen=True)
class HoldingsValue:
    """(t_ms, value in base units of ``quote``) points, oldest first; ``unpriced`` tokens are left out."""

    profile_id: int
    quote: str
    decimals: int
    points: list[tuple[int, int]]
    unpriced: list[str]


def current_holdings(session: Session, profile_id: int) -> Holdings:
    held: Holdings = defaultdict(int)
    rows = session.execute(
        select(ExchangeToken.symbol, ExchangeBalance.amount)
        .join(ExchangeBalance, ExchangeBalance.token_id == ExchangeToken.id)
        .join(ExchangeAccount, ExchangeAccount.id == ExchangeBalance.account_id)
        .where(ExchangeAccount.profile_id == profile_id, ExchangeAccount.kind == "own")
    ).all()
    for symbol, amount in rows:
        held[symbol] += int(amount)
    symbols = dict(session.execute(select(ExchangeToken.id, ExchangeToken.symbol)).all())
    positions = session.execute(
        select(ExchangePosition.shares, ExchangePool)
        .join(ExchangePool, ExchangePool.id == ExchangePosition.pool_id)
        .join(ExchangeAccount, ExchangeAccount.id == ExchangePosition.account_id)
        .where(ExchangeAccount.profile_id == profile_id, ExchangeAccount.kind == "own")
    ).all()
    for shares, pool in positions:
        if pool.total_shares:
            held[symbols[pool.token0_id]] += int(shares) * pool.reserve0 // pool.total_shares
            held[symbols[pool.token1_id]] += int(shares) * pool.reserve1 // pool.total_shares
    return {symbol: amount for symbol, amount in held.items() if amount}


def _stored(session: Session, profile_id: int, at_or_before_ms: int) -> tuple[int, Holdings] | None:
    t_ms = session.scalar(
        select(func.max(HoldingSnapshot.t_ms)).where(
            HoldingSnapshot.profile_id == profile_id, HoldingSnapshot.t_ms <= at_or_before_ms
        )
    )
    if t_ms is None:
        return None
    rows = session.execute(
        select(HoldingSnapshot.symbol, HoldingSnapshot.amount).where(
            HoldingSnapshot.profile_id == profile_id, HoldingSnapshot.t_ms == t_ms
        )
    ).all()
    return t_ms, {symbol: int(amount) for symbol, amount in rows if int(amount)}


def snapshot(database: Database, now_ms: int) -> int:
    """Store the holdings of every profile with ledger accounts whose holdings changed; returns how many."""
    stored = 0
    with database.write() as session:
        profiles = session.scalars(select(ExchangeAccount.profile_id).distinct()).all()
        for profile_id in profiles:
            held = current_holdings(session, profile_id)
            last = _stored(session, profile_id, now_ms)
            if (last[1] if last else {}) == held or (last is None and not held):
                continue
            rows = held or {"": 0}  # an empty set is stored as one blank row, so "all gone" shows
            for symbol, amount in rows.items():
                session.add(HoldingSnapshot(profile_id=profile_id, t_ms=now_ms, symbol=symbol, amount=amount))
            stored += 1
    return stored


def _value(
    held: Holdings, quote: str, reserves: dict[frozenset[str], dict[str, int]]
) -> tuple[int, set[str]]:
    """Spot value of ``held`` in ``quote`` with the given pool reserves (keyed by pair)."""
    total = 0
    unpriced: set[str] = set()
    for symbol, amount in held.items():
        if not symbol or not amount:
            continue
        if symbol == quote:
            total += amount
            continue
        direct = reserves.get(frozenset((symbol, quote)))
        if direct and direct[symbol]:
            total += amount * direct[quote] // direct[symbol]
            continue
        best: int | None = None
        for pair, first in reserves.items():
            if symbol not in pair or not first[symbol]:
                continue
            (middle,) = pair - {symbol}
            second = reserves.get(frozenset((middle, quote)))
            if second and second[middle]:
                value = amount * first[middle] * second[quote] // (first[symbol] * second[middle])
                best = value if best is None else max(best, value)
        if best is None:
            unpriced.add(symbol)
        else:
            total += best
    return total, unpriced


def _price_window(
    session: Session, pool_ids: list[int], start: int, end: int
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int, int]]]:
    """Each pool's reserves just before ``start`` and every change in [start, end], by the
    (pool_id, created_at) index: the window's points, never the whole price history."""
    opening: list[tuple[int, int, int]] = []
    for pool_id in pool_ids:
        last = session.execute(
            select(ExchangePricePoint.reserve0, ExchangePricePoint.reserve1)
            .where(ExchangePricePoint.pool_id == pool_id, ExchangePricePoint.created_at < start)
            .order_by(ExchangePricePoint.created_at.desc(), ExchangePricePoint.id.desc())
            .limit(1)
        ).first()
        if last is not None:
            opening.append((pool_id, last[0], last[1]))
    rows = session.execute(
        select(
            ExchangePricePoint.created_at,
            ExchangePricePoint.id,
            ExchangePricePoint.pool_id,
            ExchangePricePoint.reserve0,
            ExchangePricePoint.reserve1,
        ).where(
            ExchangePricePoint.pool_id.in_(pool_ids),
            ExchangePricePoint.created_at >= start,
            ExchangePricePoint.created_at <= end,
        )
    ).all()
    moves = [(t, pool_id, r0, r1) for t, _id, pool_id, r0, r1 in sorted(rows, key=lambda r: (r[0], r[1]))]
    return opening, moves


def value_series(
    database: Database, now_ms: int, profile_id: int, quote: str, window_ms: int
) -> HoldingsValue:
    start = now_ms - window_ms
    with database.read() as session:
        decimals = session.scalar(select(ExchangeToken.decimals).where(ExchangeToken.symbol == quote))
        if decimals is None:
            raise NotFoundError(
                f"No token {quote!r} on the local exchange to value holdings in.", field="quote"
            )
        symbols = dict(session.execute(select(ExchangeToken.id, ExchangeToken.symbol)).all())
        pairs = {
            pool_id: (symbols[t0], symbols[t1])
            for pool_id, t0, t1 in session.execute(
                select(ExchangePool.id, ExchangePool.token0_id, ExchangePool.token1_id)
            ).all()
        }
        initial = _stored(session, profile_id, start - 1)
        snaps = session.execute(
            select(HoldingSnapshot.t_ms, HoldingSnapshot.symbol, HoldingSnapshot.amount)
            .where(
                HoldingSnapshot.profile_id == profile_id,
                HoldingSnapshot.t_ms >= start,
                HoldingSnapshot.t_ms <= now_ms,
            )
            .order_by(HoldingSnapshot.t_ms)
        ).all()
        opening, moves = _price_window(session, list(pairs), start, now_ms)

    reserves: dict[frozenset[str], dict[str, int]] = {}

    def set_reserves(pool_id: int, r0: int, r1: int) -> None:
        s0, s1 = pairs[pool_id]
        reserves[frozenset((s0, s1))] = {s0: int(r0), s1: int(r1)}

    for pool_id, r0, r1 in opening:
        set_reserves(pool_id, r0, r1)
    grouped: dict[int, Holdings] = defaultdict(dict)
    for t_ms, symbol, amount in snaps:
        grouped[t_ms][symbol] = int(amount)
    # Timeline: holdings changes and price changes, in time order (holdings first at a tie:
    # a swap's snapshot and its price point share a millisecond, and both have happened by then).
    events: list[tuple[int, int, object]] = [(t, 0, h) for t, h in grouped.items()]
    events += [(t, 1, (pool_id, r0, r1)) for t, pool_id, r0, r1 in moves]
    events.sort(key=lambda e: (e[0], e[1]))
    held: Holdings | None = initial[1] if initial else None
    points: list[tuple[int, int, set[str]]] = []

    def emit(t_ms: int) -> None:
        if held is None:
            return
        value, missing = _value(held, quote, reserves)
        if points and points[-1][0] == t_ms:  # events of one millisecond: keep the state after all
            points[-1] = (t_ms, value, missing)
        else:
            points.append((t_ms, value, missing))

    emit(start)
    for t_ms, kind, payload in events:
        if kind == 0:
            assert isinstance(payload, dict)
            held = payload
        else:
            assert isinstance(payload, tuple)
            set_reserves(*payload)
        emit(t_ms)
    unpriced = set().union(*(missing for _, _, missing in points)) if points else set()
    return HoldingsValue(profile_id, quote, decimals, [(t, v) for t, v, _ in points], sorted(unpriced))
