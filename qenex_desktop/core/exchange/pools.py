"""Constant-product pools: creating one for a pair and reading reserves, prices and your share."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core import amm
from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ExchangeAccount, ExchangePool, ExchangePosition, ExchangeToken
from qenex_desktop.core.errors import NotLoggedInError
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange.ledger import Amount
from qenex_desktop.core.exchange.lookups import existing_pool, unpooled_pair
from qenex_desktop.core.exchange.routing import ratio_text
from qenex_desktop.core.exchange.session_gate import SessionGate, with_session
from qenex_desktop.core.exchange.types import LiquidityResult, PoolInfo
from qenex_desktop.core.exchange.unit import LiquidityRecords, audit_money, write_unit
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.validation import parse_fee_bps, parse_symbol


def _my_shares(session: Session, profile_id: int | None) -> dict[int, int]:
    """Pool id -> shares this profile holds over all its accounts (none when logged out)."""
    if profile_id is None:
        return {}
    totals: dict[int, int] = {}
    rows = session.execute(
        select(ExchangePosition.pool_id, ExchangePosition.shares)
        .join(ExchangeAccount, ExchangeAccount.id == ExchangePosition.account_id)
        .where(ExchangeAccount.profile_id == profile_id)
    ).all()
    for pool_id, shares in rows:
        totals[pool_id] = totals.get(pool_id, 0) + shares
    return totals


def _pool_info(pool: ExchangePool, t0: ExchangeToken, t1: ExchangeToken, mine: int) -> PoolInfo:
    return PoolInfo(
        id=pool.id,
        symbol0=t0.symbol,
        symbol1=t1.symbol,
        decimals0=t0.decimals,
        decimals1=t1.decimals,
        fee_bps=pool.fee_bps,
        reserve0=pool.reserve0,
        reserve1=pool.reserve1,
        total_shares=pool.total_shares,
        locked_shares=pool.locked_shares,
        price0=ratio_text(pool.reserve1, pool.reserve0, t1.decimals, t0.decimals),
        price1=ratio_text(pool.reserve0, pool.reserve1, t0.decimals, t1.decimals),
        tvl_in_token0=2 * pool.reserve0,
        tvl_in_token1=2 * pool.reserve1,
        my_shares=mine,
        my_share_bps=mine * 10_000 // pool.total_shares if pool.total_shares else 0,
        swap_count=pool.swap_count,
        created_at=pool.created_at,
        base_is_token0=pool.base_is_token0,
    )


class Pools:
    """Pool creation and listing; ``records`` writes what a pool's creation leaves (shared with liquidity)."""

    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        gate: SessionGate,
        records: LiquidityRecords,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self._gate = gate
        self.records = records
        self.instrumentation = instrumentation

    def _viewer(self) -> int | None:
        """The logged-in profile for "your share" columns, or None (reads never need a login)."""
        try:
            return self._gate.check().profile_id
        except NotLoggedInError:
            return None

    @operation("exchange.create_pool")
    @with_session
    def create_pool(
        self,
        token_a: str,
        token_b: str,
        amount_a: Amount,
        amount_b: Amount,
        *,
        fee_bps: int | str = amm.DEFAULT_FEE_BPS,
        account: str | None = None,
    ) -> LiquidityResult:
        """A pool for an unordered pair, seeded from ``account``: nothing is minted from thin air.

        The pool is stored in token order (as Uniswap sorts), and listed as given: ``token_a`` is the
        base, priced in ``token_b`` ("1 QXC = 2 USD" stays QXC/USD).
        """
        fee = parse_fee_bps(fee_bps) if isinstance(fee_bps, int | str) else parse_fee_bps("x")
        now = self.clock.now_ms()
        with write_unit(self.db, self._gate) as (session, actor):
            a, b = unpooled_pair(session, token_a, token_b)
            value_a = ledger.to_base_units(amount_a, a, field="amount_a")
            value_b = ledger.to_base_units(amount_b, b, field="amount_b")
            shares = amm.mint_shares(value_a, value_b, 0, 0, 0)
            holder = ledger.spending_account(session, actor.profile_id, account, field="account", now_ms=now)
            ledger.debit(session, holder, a, value_a, field="amount_a")
            ledger.debit(session, holder, b, value_b, field="amount_b")
            first_is_a = a.id < b.id
            pool = ExchangePool(
                token0_id=a.id if first_is_a else b.id,
                token1_id=b.id if first_is_a else a.id,
                fee_bps=fee,
                reserve0=value_a if first_is_a else value_b,
                reserve1=value_b if first_is_a else value_a,
                total_shares=shares + amm.MINIMUM_LIQUIDITY,
                locked_shares=amm.MINIMUM_LIQUIDITY,
                volume0=0,
                volume1=0,
                fees0=0,
                fees1=0,
                swap_count=0,
                base_is_token0=first_is_a,
                created_by_profile_id=actor.profile_id,
                created_at=now,
            )
            session.add(pool)
            session.flush()
            session.add(ExchangePosition(pool_id=pool.id, account_id=holder.id, shares=shares))
            return self.records.changed(
                session,
                actor,
                ("create", "exchange.pool_created"),
                pool,
                holder,
                (a, b),
                (value_a, value_b),
                (shares, shares),
                extra={"fee_bps": fee, "locked_shares": amm.MINIMUM_LIQUIDITY},
            )

    @operation("exchange.orient_pool")
    @with_session
    def orient_pool(self, base: str, quote: str) -> PoolInfo:
        """List the pool as ``base``/``quote`` from now on (a flip of how it is shown, for everyone).

        Nothing of the pool's money or math changes; the choice is kept on the pool with its audit
        entry, so the GUI, the CLI and a second window list it the same way.
        """
        with write_unit(self.db, self._gate) as (session, actor):
            pool, t0, t1 = existing_pool(session, base, quote)
            base_is_token0 = parse_symbol(base, field="token_a") == t0.symbol
            if pool.base_is_token0 != base_is_token0:
                pool.base_is_token0 = base_is_token0
                base_info, quote_info = (t0, t1) if base_is_token0 else (t1, t0)
                audit_money(
                    self.audit,
                    session,
                    actor,
                    "exchange.pool_oriented",
                    {"pool_id": pool.id, "pair": [base_info.symbol, quote_info.symbol]},
                )
            return _pool_info(pool, t0, t1, _my_shares(session, actor.profile_id).get(pool.id, 0))

    def list_pools(self) -> list[PoolInfo]:
        """Every pool with reserves, fee, price, TVL and your share (0 when logged out)."""
        viewer = self._viewer()
        with self.db.read() as session:
            tokens = {t.id: t for t in session.scalars(select(ExchangeToken)).all()}
            mine = _my_shares(session, viewer)
            pools = session.scalars(select(ExchangePool).order_by(ExchangePool.id)).all()
            return [_pool_info(p, tokens[p.token0_id], tokens[p.token1_id], mine.get(p.id, 0)) for p in pools]

    def get_pool(self, token_a: str, token_b: str) -> PoolInfo:
        viewer = self._viewer()
        with self.db.read() as session:
            pool, t0, t1 = existing_pool(session, token_a, token_b)
            return _pool_info(pool, t0, t1, _my_shares(session, viewer).get(pool.id, 0))
