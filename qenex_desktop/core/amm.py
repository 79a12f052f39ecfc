"""Constant-product AMM math on integers, equal to Uniswap V2 on the same numbers.

Formula source: Uniswap V2 core and periphery (Solidity), ``UniswapV2Library.getAmountOut``,
``getAmountIn``, ``quote`` and ``UniswapV2Pair.mint``/``burn`` (MINIMUM_LIQUIDITY = 1000), and
``UniswapV2Router02._addLiquidity`` for the optimal deposit. Uniswap hard-codes a 0.3% fee as
997/1000; here the fee is ``fee_bps`` basis points as ``(10000 - fee_bps)/10000``. For
``fee_bps=30`` numerator and denominator are exactly 10 times Uniswap's, so every floor is the
same integer: outputs round down, required inputs are ``floor + 1`` (Uniswap's round-up).

A pair keeps its reserves in ``uint112``: ``UniswapV2Pair._update`` reverts with ``OVERFLOW``
when a mint or swap would leave either reserve above 2^112-1. ``check_reserve_bound`` is that
check; ``mint_shares`` applies it, and the router applies it to every hop of a swap.

Pure functions, no I/O, no float anywhere: the service layer and the GUI's live quotes call them.
"""

from __future__ import annotations

from math import isqrt

from qenex_desktop.core.errors import QenexError, ValidationError

#: Shares minted to nobody on a pool's first deposit and locked forever (UniswapV2Pair.MINIMUM_LIQUIDITY).
MINIMUM_LIQUIDITY = 1000
BPS = 10_000
DEFAULT_FEE_BPS = 30
MIN_FEE_BPS = 1
MAX_FEE_BPS = 100
#: The most a pool may hold of either token (UniswapV2Pair's ``uint112`` reserves).
MAX_RESERVE = 2**112 - 1


class InsufficientLiquidityError(QenexError):
    """The pool cannot serve this: empty, or the output would drain a reserve."""

    code = "insufficient_liquidity"


class ReserveOverflowError(ValidationError):
    """A deposit or swap would leave a reserve above ``MAX_RESERVE``, where Uniswap V2 reverts."""

    code = "reserve_overflow"


def check_reserve_bound(reserve_a: int, reserve_b: int, *, fields: tuple[str, str]) -> None:
    """Refuse reserves a Uniswap V2 pair cannot hold (``_update``: ``require(balance <= uint112(-1))``).

    ``reserve_a``/``reserve_b`` are the reserves the operation would leave; ``fields`` name the
    input to blame for each.
    """
    for value, field in ((reserve_a, fields[0]), (reserve_b, fields[1])):
        if value > MAX_RESERVE:
            raise ReserveOverflowError(
                "A pool holds at most 2^112-1 base units of each token, as Uniswap V2 does; "
                "this would leave more in it: use a smaller amount.",
                field=field,
            )


def _check_fee(fee_bps: int) -> None:
    if isinstance(fee_bps, bool) or not isinstance(fee_bps, int) or not MIN_FEE_BPS <= fee_bps <= MAX_FEE_BPS:
        raise ValidationError("The pool fee is 1 to 100 basis points.", field="fee_bps")


def _check_amount(value: int, field: str, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"The {what} must be a whole number of base units.", field=field)
    if value <= 0:
        raise ValidationError(f"The {what} must be greater than zero.", field=field)


def _check_reserves(reserve_in: int, reserve_out: int) -> None:
    for value in (reserve_in, reserve_out):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InsufficientLiquidityError("This pool has no liquidity yet.", field="pool")


def get_amount_out(amount_in: int, reserve_in: int, reserve_out: int, fee_bps: int = DEFAULT_FEE_BPS) -> int:
    """Output for an exact input (UniswapV2Library.getAmountOut), rounded down."""
    _check_amount(amount_in, "amount_in", "amount in")
    _check_reserves(reserve_in, reserve_out)
    _check_fee(fee_bps)
    amount_in_with_fee = amount_in * (BPS - fee_bps)
    numerator = amount_in_with_fee * reserve_out
    denominator = reserve_in * BPS + amount_in_with_fee
    # May be 0 for a dust input, as in Uniswap; the caller refuses a swap that pays nothing.
    return numerator // denominator


def get_amount_in(amount_out: int, reserve_in: int, reserve_out: int, fee_bps: int = DEFAULT_FEE_BPS) -> int:
    """Input needed for an exact output (UniswapV2Library.getAmountIn): floor + 1, as Uniswap."""
    _check_amount(amount_out, "amount_out", "amount out")
    _check_reserves(reserve_in, reserve_out)
    _check_fee(fee_bps)
    if amount_out >= reserve_out:
        raise InsufficientLiquidityError(
            "The pool does not hold that much: ask for less than its whole reserve.", field="amount_out"
        )
    numerator = reserve_in * amount_out * BPS
    denominator = (reserve_out - amount_out) * (BPS - fee_bps)
    return numerator // denominator + 1


def quote(amount_a: int, reserve_a: int, reserve_b: int) -> int:
    """The same value of B at the current price, no fee (UniswapV2Library.quote), rounded down."""
    _check_amount(amount_a, "amount_a", "amount")
    _check_reserves(reserve_a, reserve_b)
    return amount_a * reserve_b // reserve_a


def get_amounts_out(amount_in: int, hops: list[tuple[int, int, int]]) -> list[int]:
    """Amounts along a route for an exact input; ``hops`` are (reserve_in, reserve_out, fee_bps)."""
    amounts = [amount_in]
    for reserve_in, reserve_out, fee in hops:
        amounts.append(get_amount_out(amounts[-1], reserve_in, reserve_out, fee))
    return amounts


def tradable_amounts_out(amount_in: int, hops: list[tuple[int, int, int]]) -> list[int]:
    """``get_amounts_out`` for a trade: refused when a hop would buy nothing (the router's swap
    reverts there, INSUFFICIENT_INPUT_AMOUNT on the next hop or INSUFFICIENT_OUTPUT_AMOUNT)."""
    amounts = [amount_in]
    for reserve_in, reserve_out, fee in hops:
        amounts.append(get_amount_out(amounts[-1], reserve_in, reserve_out, fee))
        if amounts[-1] == 0:
            raise ValidationError(
                "This amount is too small: it would buy nothing after the fees.", field="amount_in"
            )
    return amounts


def get_amounts_in(amount_out: int, hops: list[tuple[int, int, int]]) -> list[int]:
    """Amounts along a route for an exact output (UniswapV2Library.getAmountsIn), first is the input."""
    amounts = [amount_out]
    for reserve_in, reserve_out, fee in reversed(hops):
        amounts.insert(0, get_amount_in(amounts[0], reserve_in, reserve_out, fee))
    return amounts


def mint_shares(amount_a: int, amount_b: int, reserve_a: int, reserve_b: int, total_shares: int) -> int:
    """Shares minted for a deposit (UniswapV2Pair.mint).

    First deposit (``total_shares == 0``): ``isqrt(a*b) - MINIMUM_LIQUIDITY`` to the provider,
    the caller locks ``MINIMUM_LIQUIDITY`` more forever. Later: ``min(a*S/Ra, b*S/Rb)``, rounded down.
    Refused when the reserves after the deposit would pass ``MAX_RESERVE``.
    """
    _check_amount(amount_a, "amount_a", "first amount")
    _check_amount(amount_b, "amount_b", "second amount")
    check_reserve_bound(reserve_a + amount_a, reserve_b + amount_b, fields=("amount_a", "amount_b"))
    if total_shares == 0:
        shares = isqrt(amount_a * amount_b) - MINIMUM_LIQUIDITY
        if shares <= 0:
            raise ValidationError(
                "The first deposit is too small: the square root of the product of the two amounts "
                f"(in base units) must exceed {MINIMUM_LIQUIDITY}.",
                field="amount_a",
            )
        return shares
    _check_reserves(reserve_a, reserve_b)
    shares = min(amount_a * total_shares // reserve_a, amount_b * total_shares // reserve_b)
    if shares <= 0:
        raise ValidationError("This deposit is too small to mint any pool share.", field="amount_a")
    return shares


def burn_amounts(shares: int, reserve_a: int, reserve_b: int, total_shares: int) -> tuple[int, int]:
    """What burning ``shares`` pays out of each reserve (UniswapV2Pair.burn), rounded down."""
    _check_amount(shares, "shares", "number of shares")
    if total_shares <= 0 or shares > total_shares:
        raise ValidationError("You cannot burn more shares than exist.", field="shares")
    amount_a = shares * reserve_a // total_shares
    amount_b = shares * reserve_b // total_shares
    if amount_a <= 0 or amount_b <= 0:
        raise ValidationError("Too few shares: burning them would pay out nothing.", field="shares")
    return amount_a, amount_b


def optimal_deposit(
    desired_a: int, desired_b: int, min_a: int, min_b: int, reserve_a: int, reserve_b: int
) -> tuple[int, int]:
    """The pair actually deposited (UniswapV2Router02._addLiquidity): keeps the pool's price."""
    _check_amount(desired_a, "amount_a", "first amount")
    _check_amount(desired_b, "amount_b", "second amount")
    if reserve_a == 0 and reserve_b == 0:
        return desired_a, desired_b
    optimal_b = quote(desired_a, reserve_a, reserve_b)
    if optimal_b <= desired_b:
        if optimal_b < min_b:
            raise ValidationError(
                "At the pool's price the second amount would be below your minimum.", field="min_b"
            )
        return desired_a, optimal_b
    optimal_a = quote(desired_b, reserve_b, reserve_a)
    if optimal_a < min_a:
        raise ValidationError(
            "At the pool's price the first amount would be below your minimum.", field="min_a"
        )
    return optimal_a, desired_b


def k_holds_after_swap(
    reserve0: int, reserve1: int, balance0: int, balance1: int, amount0_in: int, amount1_in: int, fee_bps: int
) -> bool:
    """UniswapV2Pair.swap's K check: fee-adjusted balances keep at least the old product."""
    adjusted0 = balance0 * BPS - amount0_in * fee_bps
    adjusted1 = balance1 * BPS - amount1_in * fee_bps
    return adjusted0 * adjusted1 >= reserve0 * reserve1 * BPS * BPS
