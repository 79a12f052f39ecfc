"""Reads for history and analytics: your swaps, a pool's price points and totals, conservation."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePricePoint,
    ExchangeSwap,
    ExchangeToken,
)
from qenex_desktop.core.exchange.lookups import existing_pool, own_account
from qenex_desktop.core.exchange.routing import ratio_text
from qenex_desktop.core.exchange.types import PoolStats, PricePoint, SupplyCheck, SwapRecord
from qenex_desktop.core.validation import format_amount

DEFAULT_HISTORY_LIMIT = 2_000


def supply_check(session: Session) -> list[SupplyCheck]:
    tokens = session.scalars(select(ExchangeToken).order_by(ExchangeToken.symbol)).all()
    in_accounts: dict[int, int] = {}
    for token_id, amount in session.execute(select(ExchangeBalance.token_id, ExchangeBalance.amount)).all():
        in_accounts[token_id] = in_accounts.get(token_id, 0) + amount
    in_pools: dict[int, int] = {}
    for t0, t1, r0, r1 in session.execute(
        select(ExchangePool.token0_id, ExchangePool.token1_id, ExchangePool.reserve0, ExchangePool.reserve1)
    ).all():
        in_pools[t0] = in_pools.get(t0, 0) + r0
        in_pools[t1] = in_pools.get(t1, 0) + r1
    return [
        SupplyCheck(t.symbol, t.total_supply, in_accounts.get(t.id, 0), in_pools.get(t.id, 0)) for t in tokens
    ]


class Analytics:
    """Reads only; ``login`` is the login check of a read (``SessionGate.check``)."""

    def __init__(self, database: Database, login: Callable[[], ActiveSession]) -> None:
        self.db = database
        self._login = login

    def swap_history(self, *, account: str | None = None, limit: int = 100) -> list[SwapRecord]:
        """Your swaps, newest first (all your accounts, or one)."""
        actor = self._login()
        with self.db.read() as session:
            query = (
                select(ExchangeSwap, ExchangeAccount.name)
                .join(ExchangeAccount, ExchangeAccount.id == ExchangeSwap.account_id)
                .where(ExchangeAccount.profile_id == actor.profile_id)
                .order_by(ExchangeSwap.id.desc())
                .limit(max(1, min(int(limit), 10_000)))
            )
            if account is not None:
                found = own_account(session, actor.profile_id, account)
                query = query.where(ExchangeSwap.account_id == found.id)
            tokens = {t.id: t for t in session.scalars(select(ExchangeToken)).all()}
            records = []
            for swap, name in session.execute(query).all():
                t_in, t_out = tokens[swap.token_in_id], tokens[swap.token_out_id]
                records.append(
                    SwapRecord(
                        swap_id=swap.id,
                        account=name,
                        kind=swap.kind,
                        symbol_in=t_in.symbol,
                        symbol_out=t_out.symbol,
                        amount_in=swap.amount_in,
                        amount_out=swap.amount_out,
                        amount_in_text=format_amount(swap.amount_in, t_in.decimals),
                        amount_out_text=format_amount(swap.amount_out, t_out.decimals),
                        path=tuple(tokens[int(t)].symbol for t in swap.path.split(",")),
                        executed_at=swap.created_at,
                    )
                )
            return records

    def price_history(
        self, token_a: str, token_b: str, *, since_ms: int | None = None, limit: int = DEFAULT_HISTORY_LIMIT
    ) -> list[PricePoint]:
        """Price points of a pool, oldest first; ``since_ms`` bounds the window (None: from the start).

        With more than ``limit`` points in the window, the newest ``limit`` are returned.
        """
        with self.db.read() as session:
            pool, t0, t1 = existing_pool(session, token_a, token_b)
            query = select(ExchangePricePoint).where(ExchangePricePoint.pool_id == pool.id)
            if since_ms is not None:
                query = query.where(ExchangePricePoint.created_at >= since_ms)
            rows = session.scalars(
                query.order_by(ExchangePricePoint.created_at.desc(), ExchangePricePoint.id.desc()).limit(
                    limit
                )
            ).all()
            return [
                PricePoint(
                    at_ms=r.created_at,
                    kind=r.kind,
                    reserve0=r.reserve0,
                    reserve1=r.reserve1,
                    price=ratio_text(r.reserve1, r.reserve0, t1.decimals, t0.decimals),
                    volume0=r.volume0,
                    volume1=r.volume1,
                    fee0=r.fee0,
                    fee1=r.fee1,
                )
                for r in reversed(rows)
            ]

    def pool_stats(self, token_a: str, token_b: str, *, since_ms: int | None = None) -> PoolStats:
        """Swaps, volume and fees of a pool since ``since_ms`` (e.g. now - 24 h), and since creation."""
        with self.db.read() as session:
            pool, t0, t1 = existing_pool(session, token_a, token_b)
            query = select(ExchangePricePoint).where(
                ExchangePricePoint.pool_id == pool.id, ExchangePricePoint.kind == "swap"
            )
            if since_ms is not None:
                query = query.where(ExchangePricePoint.created_at >= since_ms)
            swaps = v0 = v1 = f0 = f1 = 0
            for r in session.scalars(query).all():
                swaps += 1
                v0, v1, f0, f1 = v0 + r.volume0, v1 + r.volume1, f0 + r.fee0, f1 + r.fee1
            return PoolStats(
                pool_id=pool.id,
                symbol0=t0.symbol,
                symbol1=t1.symbol,
                decimals0=t0.decimals,
                decimals1=t1.decimals,
                since_ms=since_ms,
                swaps=swaps,
                volume0=v0,
                volume1=v1,
                fees0=f0,
                fees1=f1,
                total_swaps=pool.swap_count,
                total_volume0=pool.volume0,
                total_volume1=pool.volume1,
                total_fees0=pool.fees0,
                total_fees1=pool.fees1,
            )

    def supply_check(self) -> list[SupplyCheck]:
        """Conservation per token: accounts plus pool reserves against the total supply."""
        with self.db.read() as session:
            return supply_check(session)
