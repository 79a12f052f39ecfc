"""Swaps: quoting one on the current reserves and running it, exact-in or exact-out, over a route.

The write path uses the prebuilt Core statements of ``statements.py`` rather than ORM objects:
it is the hot path, and two processes swapping on one pool serialise on its ``db.write()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from qenex_desktop.core import amm
from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.errors import (
    DeadlineExpiredError,
    InsufficientFundsError,
    NotFoundError,
    SlippageError,
    ValidationError,
)
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange import statements as sql
from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT, Amount
from qenex_desktop.core.exchange.routing import (
    PoolState,
    Route,
    best_route_exact_in,
    best_route_exact_out,
    mid_price_fraction,
    price_impact_bps,
    ratio_text,
)
from qenex_desktop.core.exchange.session_gate import SessionGate, with_session
from qenex_desktop.core.exchange.types import RouteHop, SwapQuote, SwapResult
from qenex_desktop.core.exchange.unit import audit_money, write_unit
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.validation import UINT256_MAX, format_amount, parse_account_name, parse_symbol

#: Default validity of a swap when the caller names no deadline (Uniswap's interface uses 20 min).
DEFAULT_DEADLINE_MS = 20 * 60 * 1000
DEFAULT_SLIPPAGE_BPS = 50
MAX_SLIPPAGE_BPS = 5_000


@dataclass(frozen=True)
class TokenRef:
    """What the swap path needs of a token (no ORM object)."""

    id: int
    symbol: str
    decimals: int


def _check_slippage(slippage_bps: object) -> int:
    if isinstance(slippage_bps, bool) or not isinstance(slippage_bps, int):
        raise ValidationError("Slippage is a whole number of basis points.", field="slippage")
    if not 0 <= slippage_bps <= MAX_SLIPPAGE_BPS:
        raise ValidationError("Slippage is 0 to 50% (0 to 5000 basis points).", field="slippage")
    return slippage_bps


def _check_deadline(deadline_ms: object) -> int | None:
    if deadline_ms is None:
        return None
    if isinstance(deadline_ms, bool) or not isinstance(deadline_ms, int) or deadline_ms <= 0:
        raise ValidationError("The deadline is a time in milliseconds since 1970.", field="deadline")
    return deadline_ms


def _token_refs(conn: Connection) -> dict[int, TokenRef]:
    return {row.id: TokenRef(row.id, row.symbol, row.decimals) for row in conn.execute(sql.ALL_TOKENS)}


def _tradable(pools: Iterable[Any]) -> list[PoolState]:
    """Routing states of the pools that hold both tokens (an emptied pool cannot price a swap)."""
    return [
        PoolState(p.id, p.token0_id, p.token1_id, p.reserve0, p.reserve1, p.fee_bps)
        for p in pools
        if p.reserve0 > 0 and p.reserve1 > 0
    ]


def _swap_pair(tokens: dict[int, TokenRef], token_in: object, token_out: object) -> tuple[TokenRef, TokenRef]:
    by_symbol = {t.symbol: t for t in tokens.values()}
    found = []
    for text, field in ((token_in, "token_in"), (token_out, "token_out")):
        if not isinstance(text, str):
            raise ValidationError("Enter a token symbol, like QXC.", field=field)
        symbol = parse_symbol(text, field=field)
        if symbol not in by_symbol:
            raise NotFoundError(
                f"There is no token {symbol} on this ledger: see `token list`, or create it first.",
                field=field,
            )
        found.append(by_symbol[symbol])
    if found[0].id == found[1].id:
        raise ValidationError("Pick a different token to receive.", field="token_out")
    return found[0], found[1]


def _hops(route: Route, symbols: dict[int, str]) -> tuple[RouteHop, ...]:
    return tuple(
        RouteHop(
            pool_id=pool.pool_id,
            symbol_in=symbols[route.tokens[i]],
            symbol_out=symbols[route.tokens[i + 1]],
            amount_in=route.amounts[i],
            amount_out=route.amounts[i + 1],
            fee_bps=pool.fee_bps,
            fee_amount=route.amounts[i] * pool.fee_bps // amm.BPS,
        )
        for i, pool in enumerate(route.pools)
    )


def _quote(
    route: Route, t_in: TokenRef, t_out: TokenRef, kind: str, slippage: int, symbols: dict[int, str]
) -> SwapQuote:
    mid_num, mid_den = mid_price_fraction(route)
    if kind == "exact_in":
        minimum: int | None = route.amount_out * (amm.BPS - slippage) // amm.BPS
        maximum: int | None = None
        limit_text = format_amount(minimum or 0, t_out.decimals)
    else:
        minimum = None
        maximum = -(-route.amount_in * (amm.BPS + slippage) // amm.BPS)
        limit_text = format_amount(maximum, t_in.decimals)
    return SwapQuote(
        kind=kind,
        symbol_in=t_in.symbol,
        symbol_out=t_out.symbol,
        decimals_in=t_in.decimals,
        decimals_out=t_out.decimals,
        amount_in=route.amount_in,
        amount_out=route.amount_out,
        path=tuple(symbols[t] for t in route.tokens),
        hops=_hops(route, symbols),
        price_impact_bps=price_impact_bps(route),
        effective_price=ratio_text(route.amount_out, route.amount_in, t_out.decimals, t_in.decimals),
        mid_price=ratio_text(mid_num, mid_den, t_out.decimals, t_in.decimals),
        slippage_bps=slippage,
        minimum_received=minimum,
        maximum_sold=maximum,
        amount_in_text=format_amount(route.amount_in, t_in.decimals),
        amount_out_text=format_amount(route.amount_out, t_out.decimals),
        limit_text=limit_text,
    )


def _swap_account(session: Session, profile_id: int, account: object, now: int) -> tuple[int, str]:
    """(id, name) of the spending account; the ORM path only to open Main or to explain a refusal."""
    name = DEFAULT_ACCOUNT if account is None else account
    if isinstance(name, str):
        clean = parse_account_name(name, field="account")
        row = (
            session.connection()
            .execute(sql.ACCOUNT_BY_NAME, {"profile_id": profile_id, "name": clean})
            .first()
        )
        if row is not None and row.kind == "own":
            return row.id, row.name
    holder = ledger.spending_account(session, profile_id, account, field="account", now_ms=now)
    return holder.id, holder.name


def _set_balance(conn: Connection, account_id: int, token_id: int, amount: int, *, exists: bool) -> None:
    if exists:
        conn.execute(
            sql.SET_BALANCE, {"b_account_id": account_id, "b_token_id": token_id, "v_amount": amount}
        )
    else:
        conn.execute(sql.NEW_BALANCE, {"account_id": account_id, "token_id": token_id, "amount": amount})


def _running_total(total: int, amount: int) -> int:
    """A pool's all-time volume or fee total, saturating at 2^256-1 (the column's bound).

    These totals are analytics and only grow; one reaching the bound must never block a trade,
    so it stops there. Windowed figures (``pool_stats``) add per-swap price points instead and
    stay exact.
    """
    return min(total + amount, UINT256_MAX)


def _apply_hop(
    conn: Connection, pool: Any, token_in: int, amount_in: int, amount_out: int, swap_id: int, now: int
) -> None:
    """One pool's side of a swap: reserves, running totals, and its price point."""
    fee = amount_in * pool.fee_bps // amm.BPS
    if token_in == pool.token0_id:
        reserve0, reserve1 = pool.reserve0 + amount_in, pool.reserve1 - amount_out
        volume, fees = (amount_in, 0), (fee, 0)
    else:
        reserve0, reserve1 = pool.reserve0 - amount_out, pool.reserve1 + amount_in
        volume, fees = (0, amount_in), (0, fee)
    # UniswapV2Pair.swap's own K check (fee-adjusted), from the one AMM module
    if (
        reserve0 <= 0
        or reserve1 <= 0
        or not amm.k_holds_after_swap(
            pool.reserve0, pool.reserve1, reserve0, reserve1, volume[0], volume[1], pool.fee_bps
        )
    ):
        raise AssertionError(f"swap would break pool {pool.id}'s constant product")  # a bug, never input
    if max(reserve0, reserve1) > amm.MAX_RESERVE:
        raise AssertionError(f"swap would pass pool {pool.id}'s reserve bound")  # the router refuses it
    conn.execute(
        sql.SET_POOL,
        {
            "pool_id": pool.id,
            "v_reserve0": reserve0,
            "v_reserve1": reserve1,
            "v_volume0": _running_total(pool.volume0, volume[0]),
            "v_volume1": _running_total(pool.volume1, volume[1]),
            "v_fees0": _running_total(pool.fees0, fees[0]),
            "v_fees1": _running_total(pool.fees1, fees[1]),
            "v_swap_count": pool.swap_count + 1,
        },
    )
    conn.execute(
        sql.NEW_PRICE_POINT,
        {
            "pool_id": pool.id,
            "created_at": now,
            "kind": "swap",
            "reserve0": reserve0,
            "reserve1": reserve1,
            "volume0": volume[0],
            "volume1": volume[1],
            "fee0": fees[0],
            "fee1": fees[1],
            "swap_id": swap_id,
        },
    )


def _swap_amounts(
    kind: str, amount: Amount, limit: Amount, t_in: TokenRef, t_out: TokenRef
) -> tuple[int, int]:
    """(traded amount, slippage bound) in base units: exact-in bounds the output, exact-out the input."""
    if kind == "exact_in":
        value = ledger.to_base_units(amount, t_in, field="amount_in")
        bound = ledger.to_base_units(limit, t_out, field="min_out", allow_zero=True, what="minimum")
    else:
        value = ledger.to_base_units(amount, t_out, field="amount_out")
        bound = ledger.to_base_units(limit, t_in, field="max_in", what="maximum")
    return value, bound


def _checked_route(
    kind: str, states: list[PoolState], t_in: TokenRef, t_out: TokenRef, value: int, bound: int
) -> Route:
    """The best route on the current reserves, refused when the price moved past the person's limit."""
    if kind == "exact_in":
        route = best_route_exact_in(states, t_in.id, t_out.id, value)
    else:
        route = best_route_exact_out(states, t_in.id, t_out.id, value)
    if kind == "exact_in" and route.amount_out < bound:
        raise SlippageError(
            f"The price moved: this pays {format_amount(route.amount_out, t_out.decimals)} "
            f"{t_out.symbol}, below your minimum of {format_amount(bound, t_out.decimals)}.",
            field="min_out",
        )
    if kind == "exact_out" and route.amount_in > bound:
        raise SlippageError(
            f"The price moved: this costs {format_amount(route.amount_in, t_in.decimals)} "
            f"{t_in.symbol}, above your maximum of {format_amount(bound, t_in.decimals)}.",
            field="max_in",
        )
    return route


def _settle(
    conn: Connection,
    pools: dict[int, Any],
    kind: str,
    holder: tuple[int, str],
    t_in: TokenRef,
    t_out: TokenRef,
    route: Route,
    now: int,
) -> int:
    """Move the holder's balances, record the swap and apply each hop; returns the swap's id."""
    holder_id, holder_name = holder
    held = dict(
        conn.execute(sql.BALANCES_OF_PAIR, {"account_id": holder_id, "token_ids": [t_in.id, t_out.id]}).all()
    )
    if held.get(t_in.id, 0) < route.amount_in:
        raise InsufficientFundsError(
            f"{holder_name} holds {format_amount(held.get(t_in.id, 0), t_in.decimals)} "
            f"{t_in.symbol}; this needs {format_amount(route.amount_in, t_in.decimals)}.",
            field="amount_in" if kind == "exact_in" else "max_in",
        )
    _set_balance(conn, holder_id, t_in.id, held[t_in.id] - route.amount_in, exists=True)
    _set_balance(conn, holder_id, t_out.id, held.get(t_out.id, 0) + route.amount_out, exists=t_out.id in held)
    inserted: Any = conn.execute(
        sql.NEW_SWAP,
        {
            "account_id": holder_id,
            "kind": kind,
            "token_in_id": t_in.id,
            "token_out_id": t_out.id,
            "amount_in": route.amount_in,
            "amount_out": route.amount_out,
            "path": ",".join(str(t) for t in route.tokens),
            "created_at": now,
        },
    )
    swap_id = int(inserted.inserted_primary_key[0])
    for i, state in enumerate(route.pools):
        _apply_hop(
            conn, pools[state.pool_id], route.tokens[i], route.amounts[i], route.amounts[i + 1], swap_id, now
        )
    return swap_id


def _swap_result(
    swap_id: int,
    kind: str,
    holder_name: str,
    t_in: TokenRef,
    t_out: TokenRef,
    route: Route,
    symbols: dict[int, str],
    now: int,
) -> SwapResult:
    return SwapResult(
        swap_id=swap_id,
        kind=kind,
        account=holder_name,
        symbol_in=t_in.symbol,
        symbol_out=t_out.symbol,
        amount_in=route.amount_in,
        amount_out=route.amount_out,
        amount_in_text=format_amount(route.amount_in, t_in.decimals),
        amount_out_text=format_amount(route.amount_out, t_out.decimals),
        path=tuple(symbols[t] for t in route.tokens),
        hops=_hops(route, symbols),
        price_impact_bps=price_impact_bps(route),
        effective_price=ratio_text(route.amount_out, route.amount_in, t_out.decimals, t_in.decimals),
        executed_at=now,
    )


class Swaps:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        gate: SessionGate,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self._gate = gate
        self.instrumentation = instrumentation

    @operation("exchange.quote")
    def quote_swap(
        self,
        token_in: str,
        token_out: str,
        *,
        amount_in: Amount | None = None,
        amount_out: Amount | None = None,
        slippage_bps: int = DEFAULT_SLIPPAGE_BPS,
    ) -> SwapQuote:
        """Price a swap on the current reserves (give ``amount_in`` or ``amount_out``). Changes nothing."""
        slippage = _check_slippage(slippage_bps)
        if (amount_in is None) == (amount_out is None):
            raise ValidationError(
                "Give either the amount to pay or the amount to receive.", field="amount_in"
            )
        with self.db.read() as session:
            conn = session.connection()
            tokens = _token_refs(conn)
            states = _tradable(conn.execute(sql.ALL_POOLS))
        t_in, t_out = _swap_pair(tokens, token_in, token_out)
        if amount_in is not None:
            kind, amount = "exact_in", ledger.to_base_units(amount_in, t_in, field="amount_in")
            route = best_route_exact_in(states, t_in.id, t_out.id, amount)
        else:
            kind, amount = "exact_out", ledger.to_base_units(amount_out, t_out, field="amount_out")
            route = best_route_exact_out(states, t_in.id, t_out.id, amount)
        symbols = {token_id: ref.symbol for token_id, ref in tokens.items()}
        return _quote(route, t_in, t_out, kind, slippage, symbols)

    @operation("exchange.swap")
    @with_session
    def swap_exact_in(
        self,
        token_in: str,
        token_out: str,
        amount_in: Amount,
        min_out: Amount,
        *,
        deadline_ms: int | None = None,
        account: str | None = None,
    ) -> SwapResult:
        """Pay exactly ``amount_in``; refused unless at least ``min_out`` comes back before the deadline."""
        return self._swap("exact_in", token_in, token_out, amount_in, min_out, deadline_ms, account)

    @operation("exchange.swap")
    @with_session
    def swap_exact_out(
        self,
        token_in: str,
        token_out: str,
        amount_out: Amount,
        max_in: Amount,
        *,
        deadline_ms: int | None = None,
        account: str | None = None,
    ) -> SwapResult:
        """Receive exactly ``amount_out``; refused if it costs more than ``max_in`` or the deadline passed."""
        return self._swap("exact_out", token_in, token_out, amount_out, max_in, deadline_ms, account)

    def _swap(
        self,
        kind: str,
        token_in: str,
        token_out: str,
        amount: Amount,
        limit: Amount,
        deadline_ms: int | None,
        account: str | None,
    ) -> SwapResult:
        deadline = _check_deadline(deadline_ms)
        if deadline is None:
            deadline = self.clock.now_ms() + DEFAULT_DEADLINE_MS
        with write_unit(self.db, self._gate) as (session, actor):
            now = self.clock.now_ms()
            if now > deadline:
                raise DeadlineExpiredError(
                    "The swap's deadline passed before it could run; quote again.", field="deadline"
                )
            # The hot path: prebuilt Core statements on the connection, no ORM objects to track.
            conn = session.connection()
            tokens = _token_refs(conn)
            t_in, t_out = _swap_pair(tokens, token_in, token_out)
            value, bound = _swap_amounts(kind, amount, limit, t_in, t_out)
            holder_id, holder_name = _swap_account(session, actor.profile_id, account, now)
            pools = {row.id: row for row in conn.execute(sql.ALL_POOLS)}
            route = _checked_route(kind, _tradable(pools.values()), t_in, t_out, value, bound)
            swap_id = _settle(conn, pools, kind, (holder_id, holder_name), t_in, t_out, route, now)
            symbols = {token_id: ref.symbol for token_id, ref in tokens.items()}
            result = _swap_result(swap_id, kind, holder_name, t_in, t_out, route, symbols, now)
            audit_money(
                self.audit,
                session,
                actor,
                "exchange.swap",
                {
                    "swap_id": swap_id,
                    "kind": kind,
                    "account": holder_name,
                    "path": list(result.path),
                    "pools": [h.pool_id for h in result.hops],
                    "amount_in": route.amount_in,
                    "amount_out": route.amount_out,
                    "limit": bound,
                },
            )
            return result
