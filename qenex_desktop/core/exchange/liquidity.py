"""Liquidity: adding to and removing from a pool, quoting both, and reading your positions."""

from __future__ import annotations

from sqlalchemy import select

from qenex_desktop.core import amm
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ExchangeAccount, ExchangePool, ExchangePosition, ExchangeToken
from qenex_desktop.core.errors import InsufficientFundsError, SlippageError, ValidationError
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange.ledger import Amount
from qenex_desktop.core.exchange.lookups import own_account, pool_as_asked
from qenex_desktop.core.exchange.session_gate import SessionGate, with_session
from qenex_desktop.core.exchange.types import LiquidityQuote, LiquidityResult, Position
from qenex_desktop.core.exchange.unit import LiquidityRecords, write_unit
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.validation import format_amount, parse_int, parse_percent_bps


def _parse_shares(value: object) -> int:
    if not isinstance(value, int | str):
        raise ValidationError("Shares are a whole number.", field="shares")
    return parse_int(value, field="shares", what="The number of shares", minimum=1)


def _shares_to_burn(held: int, shares: object, percent: object, nothing_held: str) -> int:
    """A number of shares, or a percentage of the ``held`` ones; ``nothing_held`` when that is none."""
    if percent is not None:
        if isinstance(percent, bool) or not isinstance(percent, int | str):
            raise ValidationError("Enter a percentage from 0.01 to 100.", field="percent")
        burn = held * parse_percent_bps(str(percent)) // amm.BPS
        if burn <= 0:
            raise InsufficientFundsError(nothing_held, field="percent")
        return burn
    return _parse_shares(shares)


def _deposit(
    pool: ExchangePool, a: ExchangeToken, desired: tuple[int, int], floors: tuple[int, int]
) -> tuple[int, int, int]:
    """(deposit a, deposit b, shares minted) for the desired amounts at the pool's price."""
    reserves = (pool.reserve0, pool.reserve1)
    reserve_a, reserve_b = reserves if a.id == pool.token0_id else reserves[::-1]
    dep_a, dep_b = amm.optimal_deposit(desired[0], desired[1], floors[0], floors[1], reserve_a, reserve_b)
    return dep_a, dep_b, amm.mint_shares(dep_a, dep_b, reserve_a, reserve_b, pool.total_shares)


def _quote(
    pool: ExchangePool,
    tokens: tuple[ExchangeToken, ExchangeToken],
    amounts: tuple[int, int],
    shares: int,
    share_ppm: int,
) -> LiquidityQuote:
    a, b = tokens
    return LiquidityQuote(
        pool.id,
        a.symbol,
        b.symbol,
        amounts[0],
        amounts[1],
        format_amount(amounts[0], a.decimals),
        format_amount(amounts[1], b.decimals),
        shares,
        share_ppm,
    )


class Liquidity:
    """Adds, removes, their quotes and positions; ``records`` writes each change's price point and
    audit entry (shared with pool creation)."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        gate: SessionGate,
        records: LiquidityRecords,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.clock = clock
        self._gate = gate
        self.records = records
        self.instrumentation = instrumentation

    @operation("exchange.add_liquidity")
    @with_session
    def add_liquidity(
        self,
        token_a: str,
        token_b: str,
        amount_a: Amount,
        amount_b: Amount,
        *,
        min_a: Amount = 0,
        min_b: Amount = 0,
        account: str | None = None,
    ) -> LiquidityResult:
        """Deposit at most the desired amounts, at the pool's price (as Uniswap's router), for new shares."""
        with write_unit(self.db, self._gate) as (session, actor):
            pool, a, b = pool_as_asked(session, token_a, token_b)
            desired_a = ledger.to_base_units(amount_a, a, field="amount_a")
            desired_b = ledger.to_base_units(amount_b, b, field="amount_b")
            floor_a = ledger.to_base_units(min_a, a, field="min_a", allow_zero=True, what="minimum")
            floor_b = ledger.to_base_units(min_b, b, field="min_b", allow_zero=True, what="minimum")
            dep_a, dep_b, shares = _deposit(pool, a, (desired_a, desired_b), (floor_a, floor_b))
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            ledger.debit(session, holder, a, dep_a, field="amount_a")
            ledger.debit(session, holder, b, dep_b, field="amount_b")
            if a.id == pool.token0_id:
                pool.reserve0, pool.reserve1 = pool.reserve0 + dep_a, pool.reserve1 + dep_b
            else:
                pool.reserve0, pool.reserve1 = pool.reserve0 + dep_b, pool.reserve1 + dep_a
            pool.total_shares = pool.total_shares + shares
            position = session.get(ExchangePosition, (pool.id, holder.id))
            if position is None:
                position = ExchangePosition(pool_id=pool.id, account_id=holder.id, shares=shares)
                session.add(position)
            else:
                position.shares = position.shares + shares
            return self.records.changed(
                session,
                actor,
                ("add", "exchange.liquidity_added"),
                pool,
                holder,
                (a, b),
                (dep_a, dep_b),
                (shares, position.shares),
            )

    @operation("exchange.remove_liquidity")
    @with_session
    def remove_liquidity(
        self,
        token_a: str,
        token_b: str,
        *,
        shares: int | str | None = None,
        percent: str | int | None = None,
        min_a: Amount = 0,
        min_b: Amount = 0,
        account: str | None = None,
    ) -> LiquidityResult:
        """Burn shares (a number, or a percentage of your position) for both tokens at the pool's ratio."""
        if (shares is None) == (percent is None):
            raise ValidationError("Give either a number of shares or a percentage.", field="shares")
        with write_unit(self.db, self._gate) as (session, actor):
            pool, a, b = pool_as_asked(session, token_a, token_b)
            floor_a = ledger.to_base_units(min_a, a, field="min_a", allow_zero=True, what="minimum")
            floor_b = ledger.to_base_units(min_b, b, field="min_b", allow_zero=True, what="minimum")
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            position = session.get(ExchangePosition, (pool.id, holder.id))
            held = 0 if position is None else position.shares
            burn = _shares_to_burn(
                held,
                shares,
                percent,
                f"{holder.name} has no share of the {a.symbol}/{b.symbol} pool to remove.",
            )
            if position is None or burn > held:
                raise InsufficientFundsError(
                    f"{holder.name} holds {held} shares of the {a.symbol}/{b.symbol} pool, not {burn}.",
                    field="shares",
                )
            out0, out1 = amm.burn_amounts(burn, pool.reserve0, pool.reserve1, pool.total_shares)
            out_a, out_b = (out0, out1) if a.id == pool.token0_id else (out1, out0)
            if out_a < floor_a:
                raise SlippageError(
                    f"This pays {format_amount(out_a, a.decimals)} {a.symbol}, below your minimum.",
                    field="min_a",
                )
            if out_b < floor_b:
                raise SlippageError(
                    f"This pays {format_amount(out_b, b.decimals)} {b.symbol}, below your minimum.",
                    field="min_b",
                )
            position.shares = held - burn
            pool.total_shares = pool.total_shares - burn
            pool.reserve0, pool.reserve1 = pool.reserve0 - out0, pool.reserve1 - out1
            ledger.credit(session, holder.id, a.id, out_a)
            ledger.credit(session, holder.id, b.id, out_b)
            return self.records.changed(
                session,
                actor,
                ("remove", "exchange.liquidity_removed"),
                pool,
                holder,
                (a, b),
                (out_a, out_b),
                (burn, position.shares),
            )

    def quote_add_liquidity(
        self, token_a: str, token_b: str, amount_a: Amount, amount_b: Amount
    ) -> LiquidityQuote:
        """The pair an add would deposit at the pool's price and the shares it would mint; changes nothing."""
        with self.db.read() as session:
            pool, a, b = pool_as_asked(session, token_a, token_b)
            desired_a = ledger.to_base_units(amount_a, a, field="amount_a")
            desired_b = ledger.to_base_units(amount_b, b, field="amount_b")
            dep_a, dep_b, shares = _deposit(pool, a, (desired_a, desired_b), (0, 0))
            share_ppm = shares * 1_000_000 // (pool.total_shares + shares)
            return _quote(pool, (a, b), (dep_a, dep_b), shares, share_ppm)

    def quote_remove_liquidity(
        self,
        token_a: str,
        token_b: str,
        *,
        shares: int | str | None = None,
        percent: str | int | None = None,
        account: str | None = None,
    ) -> LiquidityQuote:
        """What burning these shares (or this percentage of your position) would pay now; changes nothing."""
        actor = self._gate.check()
        if (shares is None) == (percent is None):
            raise ValidationError("Give either a number of shares or a percentage.", field="shares")
        with self.db.read() as session:
            pool, a, b = pool_as_asked(session, token_a, token_b)
            if account is None:
                holder = ledger.default_account(session, actor.profile_id)
            else:
                holder = ledger.find_account(session, actor.profile_id, account, field="account")
            position = None if holder is None else session.get(ExchangePosition, (pool.id, holder.id))
            held = 0 if position is None else position.shares
            burn = _shares_to_burn(held, shares, percent, "You have no share of this pool to remove.")
            if burn > held:
                raise InsufficientFundsError(
                    f"You hold {held} shares of this pool, not {burn}.", field="shares"
                )
            out0, out1 = amm.burn_amounts(burn, pool.reserve0, pool.reserve1, pool.total_shares)
            out_a, out_b = (out0, out1) if a.id == pool.token0_id else (out1, out0)
            return _quote(pool, (a, b), (out_a, out_b), burn, burn * 1_000_000 // pool.total_shares)

    def positions(self, account: str | None = None) -> list[Position]:
        """Your pool shares with their part of the pool and what they would pay out now."""
        actor = self._gate.check()
        with self.db.read() as session:
            query = (
                select(ExchangePosition, ExchangeAccount.name, ExchangePool)
                .join(ExchangeAccount, ExchangeAccount.id == ExchangePosition.account_id)
                .join(ExchangePool, ExchangePool.id == ExchangePosition.pool_id)
                .where(ExchangeAccount.profile_id == actor.profile_id, ExchangePosition.shares != 0)
                .order_by(ExchangePool.id, ExchangeAccount.id)
            )
            if account is not None:
                query = query.where(ExchangeAccount.id == own_account(session, actor.profile_id, account).id)
            tokens = {t.id: t for t in session.scalars(select(ExchangeToken)).all()}
            result = []
            for position, name, pool in session.execute(query).all():
                t0, t1 = tokens[pool.token0_id], tokens[pool.token1_id]
                value0 = position.shares * pool.reserve0 // pool.total_shares
                value1 = position.shares * pool.reserve1 // pool.total_shares
                result.append(
                    Position(
                        pool_id=pool.id,
                        account=name,
                        symbol0=t0.symbol,
                        symbol1=t1.symbol,
                        decimals0=t0.decimals,
                        decimals1=t1.decimals,
                        shares=position.shares,
                        total_shares=pool.total_shares,
                        share_ppm=position.shares * 1_000_000 // pool.total_shares,
                        value0=value0,
                        value1=value1,
                        value0_text=format_amount(value0, t0.decimals),
                        value1_text=format_amount(value1, t1.decimals),
                        base_is_token0=pool.base_is_token0,
                    )
                )
            return result
