"""Named exchange mutations: tokens, pools, liquidity and swaps.

Each function holds the core call, the operation's name and where each refusal's ``field`` is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Unpack

from qenex_desktop.gui.operations.base import OpsContext, Reply, with_general
from qenex_desktop.gui.operations.runner import InlineErrorTarget

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.types import SwapQuote


def create_token(
    ctx: OpsContext,
    symbol: str,
    name: str,
    decimals: int,
    supply: str,
    max_supply: str | None,
    *,
    errors: Mapping[str, InlineErrorTarget],
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """``errors`` is keyed by the core's field names (symbol, name, decimals, supply, max_supply)."""
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.create_token(symbol, name, decimals, supply, max_supply=max_supply),
        name="create token",
        fields=with_general(errors, general_error),
        **reply,
    )


def create_pool(
    ctx: OpsContext,
    token_a: str,
    token_b: str,
    amount_a: str,
    amount_b: str,
    fee_bps: int,
    *,
    errors: Mapping[str, InlineErrorTarget],
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """``errors`` is keyed token_a/token_b/amount_a/amount_b/...; a bare "token" refusal is token A's."""
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.create_pool(token_a, token_b, amount_a, amount_b, fee_bps=fee_bps),
        name="create pool",
        fields=_pool_fields(errors, general_error),
        **reply,
    )


def review_create_pool(
    ctx: OpsContext,
    pair: tuple[str, str],
    amounts: tuple[str, str],
    fee_bps: int,
    *,
    errors: Mapping[str, InlineErrorTarget],
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """Read what creating the pool would do (``LiquidityReview``); refusals land where the create's would."""
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.review_create_pool(*pair, *amounts, fee_bps=fee_bps),
        name="review create pool",
        fields=_pool_fields(errors, general_error),
        **reply,
    )


def _pool_fields(
    errors: Mapping[str, InlineErrorTarget], general_error: InlineErrorTarget
) -> dict[str, InlineErrorTarget]:
    return {**with_general(errors, general_error), "token": errors["token_a"]}


def add_liquidity(
    ctx: OpsContext,
    symbol0: str,
    symbol1: str,
    amount_a: str,
    amount_b: str,
    *,
    minimums: tuple[int, int] = (0, 0),
    account: str | None = None,
    amount_a_error: InlineErrorTarget,
    amount_b_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """A refused minimum shows under the amount it limits. ``minimums`` are the reviewed
    ``min_a``/``min_b`` (base units): the add is refused if the price moved past them."""
    exchange = ctx.core.exchange
    min_a, min_b = minimums
    return ctx.ops.run(
        lambda: exchange.add_liquidity(
            symbol0, symbol1, amount_a, amount_b, min_a=min_a, min_b=min_b, account=account
        ),
        name="add liquidity",
        fields=_add_fields(amount_a_error, amount_b_error, general_error),
        **reply,
    )


def _add_fields(
    amount_a_error: InlineErrorTarget, amount_b_error: InlineErrorTarget, general_error: InlineErrorTarget
) -> dict[str, InlineErrorTarget]:
    return {
        "amount_a": amount_a_error,
        "min_a": amount_a_error,
        "amount_b": amount_b_error,
        "min_b": amount_b_error,
        "*": general_error,
    }


def review_add_liquidity(
    ctx: OpsContext,
    symbol0: str,
    symbol1: str,
    amounts: tuple[str, str],
    slippage_bps: int,
    *,
    account: str | None = None,
    amount_a_error: InlineErrorTarget,
    amount_b_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """Read what adding ``amounts`` would do (``LiquidityReview``); refusals land where the add's would."""
    exchange = ctx.core.exchange
    amount_a, amount_b = amounts
    return ctx.ops.run(
        lambda: exchange.review_add_liquidity(
            symbol0, symbol1, amount_a, amount_b, slippage_bps=slippage_bps, account=account
        ),
        name="review add liquidity",
        fields=_add_fields(amount_a_error, amount_b_error, general_error),
        **reply,
    )


def review_remove_liquidity(
    ctx: OpsContext,
    symbol0: str,
    symbol1: str,
    percent: str,
    slippage_bps: int,
    *,
    account: str | None = None,
    error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """Read what burning ``percent`` of the position would do (``LiquidityReview``)."""
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.review_remove_liquidity(
            symbol0, symbol1, percent=percent, slippage_bps=slippage_bps, account=account
        ),
        name="review remove liquidity",
        fields={"*": error},
        **reply,
    )


def remove_liquidity(
    ctx: OpsContext,
    symbol0: str,
    symbol1: str,
    percent: str,
    *,
    minimums: tuple[int, int] = (0, 0),
    account: str | None = None,
    error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """Burn ``percent`` of the position's shares, paying at least the reviewed ``minimums``
    (base units); every refusal shows on the one line."""
    exchange = ctx.core.exchange
    min_a, min_b = minimums
    return ctx.ops.run(
        lambda: exchange.remove_liquidity(
            symbol0, symbol1, percent=percent, min_a=min_a, min_b=min_b, account=account
        ),
        name="remove liquidity",
        fields={"*": error},
        **reply,
    )


def swap(
    ctx: OpsContext,
    quote: SwapQuote,
    deadline_ms: int,
    *,
    account: str | None = None,
    fields: Mapping[str, InlineErrorTarget],
    **reply: Unpack[Reply],
) -> int:
    """Execute a confirmed quote with its slippage limit on ``account`` (None: Main); ``fields`` is
    the swap form's map (shared with the quote reads, so it stays with the form)."""
    exchange = ctx.core.exchange
    if quote.kind == "exact_in":
        limit = quote.minimum_received or 0
        call: Callable[[], Any] = lambda: exchange.swap_exact_in(  # noqa: E731
            quote.symbol_in,
            quote.symbol_out,
            quote.amount_in,
            limit,
            deadline_ms=deadline_ms,
            account=account,
        )
    else:
        cap = quote.maximum_sold or quote.amount_in
        call = lambda: exchange.swap_exact_out(  # noqa: E731
            quote.symbol_in, quote.symbol_out, quote.amount_out, cap, deadline_ms=deadline_ms, account=account
        )
    return ctx.ops.run(call, name="swap", fields=fields, **reply)
