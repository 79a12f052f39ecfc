"""Best route over up to 3 pools, and the numbers a quote shows (impact, prices), on integers only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qenex_desktop.core import amm
from qenex_desktop.core.errors import NotFoundError, QenexError

MAX_HOPS = 3


@dataclass(frozen=True)
class PoolState:
    """A pool's reserves as read inside the caller's transaction."""

    pool_id: int
    token0: int
    token1: int
    reserve0: int
    reserve1: int
    fee_bps: int

    def reserves_from(self, token_in: int) -> tuple[int, int]:
        return (self.reserve0, self.reserve1) if token_in == self.token0 else (self.reserve1, self.reserve0)

    def other(self, token: int) -> int:
        return self.token1 if token == self.token0 else self.token0


@dataclass(frozen=True)
class Route:
    tokens: tuple[int, ...]
    pools: tuple[PoolState, ...]
    amounts: tuple[int, ...]

    @property
    def amount_in(self) -> int:
        return self.amounts[0]

    @property
    def amount_out(self) -> int:
        return self.amounts[-1]


def candidate_paths(
    pools: Iterable[PoolState], token_in: int, token_out: int, max_hops: int = MAX_HOPS
) -> list[tuple[tuple[int, ...], tuple[PoolState, ...]]]:
    """Every simple path (no token twice) from ``token_in`` to ``token_out`` over <= ``max_hops`` pools."""
    adjacency: dict[int, list[PoolState]] = {}
    for pool in pools:
        adjacency.setdefault(pool.token0, []).append(pool)
        adjacency.setdefault(pool.token1, []).append(pool)
    found: list[tuple[tuple[int, ...], tuple[PoolState, ...]]] = []

    def walk(tokens: tuple[int, ...], used: tuple[PoolState, ...]) -> None:
        here = tokens[-1]
        for pool in adjacency.get(here, ()):
            nxt = pool.other(here)
            if nxt in tokens:
                continue
            if nxt == token_out:
                found.append(((*tokens, nxt), (*used, pool)))
            elif len(used) + 1 < max_hops:
                walk((*tokens, nxt), (*used, pool))

    walk((token_in,), ())
    return found


def _hops(tokens: Sequence[int], pools: Sequence[PoolState]) -> list[tuple[int, int, int]]:
    return [(*pool.reserves_from(tokens[i]), pool.fee_bps) for i, pool in enumerate(pools)]


def _check_reserve_bounds(hops: Sequence[tuple[int, int, int]], amounts: Sequence[int]) -> None:
    """Every pool on the route keeps reserves a Uniswap V2 pair can hold after its hop."""
    for i, (reserve_in, reserve_out, _fee) in enumerate(hops):
        amm.check_reserve_bound(
            reserve_in + amounts[i], reserve_out - amounts[i + 1], fields=("amount_in", "amount_out")
        )


def best_route_exact_in(pools: Iterable[PoolState], token_in: int, token_out: int, amount_in: int) -> Route:
    """The route paying the most ``token_out`` for ``amount_in`` (fewer hops win a tie).

    A route that would leave a pool above ``amm.MAX_RESERVE`` is not taken (Uniswap's pair reverts).
    """
    paths = candidate_paths(pools, token_in, token_out)
    if not paths:
        raise NotFoundError(
            "No pool connects these tokens, directly or over up to 3 hops.", field="token_out"
        )
    best: Route | None = None
    last_error: QenexError | None = None
    for tokens, used in sorted(paths, key=lambda p: len(p[1])):
        hops = _hops(tokens, used)
        try:
            amounts = amm.tradable_amounts_out(amount_in, hops)
            _check_reserve_bounds(hops, amounts)
        except QenexError as exc:
            last_error = exc
            continue
        if best is None or amounts[-1] > best.amount_out:
            best = Route(tokens, used, tuple(amounts))
    if best is None:
        assert last_error is not None
        raise last_error
    return best


def best_route_exact_out(pools: Iterable[PoolState], token_in: int, token_out: int, amount_out: int) -> Route:
    """The route costing the least ``token_in`` for exactly ``amount_out`` (fewer hops win a tie).

    A route that would leave a pool above ``amm.MAX_RESERVE`` is not taken, as in the exact-in case.
    """
    paths = candidate_paths(pools, token_in, token_out)
    if not paths:
        raise NotFoundError(
            "No pool connects these tokens, directly or over up to 3 hops.", field="token_out"
        )
    best: Route | None = None
    last_error: QenexError | None = None
    for tokens, used in sorted(paths, key=lambda p: len(p[1])):
        hops = _hops(tokens, used)
        try:
            amounts = amm.get_amounts_in(amount_out, hops)
            _check_reserve_bounds(hops, amounts)
        except QenexError as exc:
            last_error = exc
            continue
        if best is None or amounts[0] < best.amount_in:
            best = Route(tokens, used, tuple(amounts))
    if best is None:
        assert last_error is not None
        raise last_error
    return best


def price_impact_bps(route: Route) -> int:
    """1 - executed/mid, with the mid price the product of each hop's reserve ratio; rounded to nearest."""
    mid_num = route.amount_in
    mid_den = 1
    for i, pool in enumerate(route.pools):
        reserve_in, reserve_out = pool.reserves_from(route.tokens[i])
        mid_num *= reserve_out
        mid_den *= reserve_in
    # impact = (mid_out - out) / mid_out, mid_out = mid_num / mid_den
    loss = mid_num - route.amount_out * mid_den
    if loss <= 0:
        return 0
    return (loss * 10_000 * 2 + mid_num) // (2 * mid_num)


def mid_price_fraction(route: Route) -> tuple[int, int]:
    """token_out per token_in in base units at the current reserves, as (numerator, denominator)."""
    num, den = 1, 1
    for i, pool in enumerate(route.pools):
        reserve_in, reserve_out = pool.reserves_from(route.tokens[i])
        num *= reserve_out
        den *= reserve_in
    return num, den


def ratio_text(
    numerator: int, denominator: int, decimals_num: int, decimals_den: int, digits: int = 18
) -> str:
    """Whole-token price ``(numerator / 10^decimals_num) / (denominator / 10^decimals_den)`` as decimal text.

    Cut (not rounded) after ``digits`` fraction digits; trailing zeros trimmed. "0" when undefined.
    """
    if denominator <= 0 or numerator <= 0:
        return "0"
    scaled_num = numerator * 10**decimals_den * 10**digits
    scaled_den = denominator * 10**decimals_num
    value = scaled_num // scaled_den
    whole, frac = divmod(value, 10**digits)
    frac_text = str(frac).rjust(digits, "0").rstrip("0")
    return f"{whole}.{frac_text}" if frac_text else str(whole)
