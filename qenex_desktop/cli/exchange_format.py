"""How the exchange commands print money: decimal text for people, base units (as digit strings) for JSON.

Base units go out as strings, as in the chain commands: JSON readers keep integers exact only up to 2^53.
A pool is listed as the person ordered it (``PoolInfo.base_*``: "QXC/USD", 1 QXC priced in USD); the
``*0``/``*1`` keys keep the core's sorted token order (``tokens``). Pool shares are shown in whole LP
units (18 decimals), their base units in ``*_units``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from qenex_desktop.core.exchange import PoolInfo, Position, SwapQuote, SwapResult
from qenex_desktop.core.validation import format_amount

#: Pool shares have 18 decimals, as Uniswap V2's LP token: 10^18 base units are 1 LP.
LP_DECIMALS = 18


def money(units: int, decimals: int, key: str) -> dict[str, str]:
    return {key: format_amount(units, decimals), f"{key}_units": str(units)}


def shares(units: int, key: str) -> dict[str, str]:
    """Pool shares for JSON: whole LP units as text, and their base units in ``<key>_units``."""
    return money(units, LP_DECIMALS, key)


def lp_text(units: int) -> str:
    """Pool shares for people: 1414213562373095047801 -> "1414.213562373095047801 LP"."""
    return f"{format_amount(units, LP_DECIMALS)} LP"


def bps_text(bps: int) -> str:
    return f"{format_amount(bps, 2)}%"


def pool_data(pool: PoolInfo) -> dict[str, Any]:
    return {
        "id": pool.id,
        "pair": [pool.base_symbol, pool.quote_symbol],
        "base": pool.base_symbol,
        "quote": pool.quote_symbol,
        "tokens": [pool.symbol0, pool.symbol1],
        "fee_bps": pool.fee_bps,
        **money(pool.base_reserve, pool.base_decimals, "base_reserve"),
        **money(pool.quote_reserve, pool.quote_decimals, "quote_reserve"),
        "price": pool.base_price,
        **money(pool.tvl_in_quote, pool.quote_decimals, "tvl"),
        **money(pool.reserve0, pool.decimals0, "reserve0"),
        **money(pool.reserve1, pool.decimals1, "reserve1"),
        "price0": pool.price0,
        "price1": pool.price1,
        **money(pool.tvl_in_token0, pool.decimals0, "tvl_in_token0"),
        **shares(pool.total_shares, "total_shares"),
        **shares(pool.locked_shares, "locked_shares"),
        **shares(pool.my_shares, "my_shares"),
        "my_share_bps": pool.my_share_bps,
        "swap_count": pool.swap_count,
    }


def pool_line(pool: PoolInfo) -> str:
    base, quote = pool.base_symbol, pool.quote_symbol
    return (
        f"#{pool.id} {base}/{quote} fee {bps_text(pool.fee_bps)}: "
        f"{format_amount(pool.base_reserve, pool.base_decimals)} {base} + "
        f"{format_amount(pool.quote_reserve, pool.quote_decimals)} {quote}, "
        f"1 {base} = {pool.base_price} {quote}, "
        f"yours {bps_text(pool.my_share_bps)} ({lp_text(pool.my_shares)})"
    )


def swap_data(swap: SwapQuote | SwapResult) -> dict[str, Any]:
    data = asdict(swap)
    hops = data.pop("hops")
    data.update({"amount_in": swap.amount_in_text, "amount_in_units": str(swap.amount_in)})
    data.update({"amount_out": swap.amount_out_text, "amount_out_units": str(swap.amount_out)})
    data.pop("amount_in_text", None)
    data.pop("amount_out_text", None)
    data["path"] = list(swap.path)
    data["hops"] = [
        {
            **hop,
            "amount_in": str(hop["amount_in"]),
            "amount_out": str(hop["amount_out"]),
            "fee_amount": str(hop["fee_amount"]),
        }
        for hop in hops
    ]
    if isinstance(swap, SwapQuote):
        data["minimum_received"] = None if swap.minimum_received is None else str(swap.minimum_received)
        data["maximum_sold"] = None if swap.maximum_sold is None else str(swap.maximum_sold)
        data["limit"] = data.pop("limit_text")
    return data


def _position_sides(position: Position) -> tuple[tuple[int, int, str, str], tuple[int, int, str, str]]:
    """(value, decimals, symbol, exact text) of the base side, then of the quote side."""
    first = (position.value0, position.decimals0, position.symbol0, position.value0_text)
    second = (position.value1, position.decimals1, position.symbol1, position.value1_text)
    return (first, second) if position.base_is_token0 else (second, first)


def position_data(position: Position) -> dict[str, Any]:
    (base_value, base_decimals, _b, _bt), (quote_value, quote_decimals, _q, _qt) = _position_sides(position)
    return {
        "pool_id": position.pool_id,
        "account": position.account,
        "pair": [position.base_symbol, position.quote_symbol],
        "tokens": [position.symbol0, position.symbol1],
        **shares(position.shares, "shares"),
        "share_ppm": position.share_ppm,
        **money(base_value, base_decimals, "base_value"),
        **money(quote_value, quote_decimals, "quote_value"),
        **money(position.value0, position.decimals0, "value0"),
        **money(position.value1, position.decimals1, "value1"),
    }


def position_line(position: Position) -> str:
    (_bv, _bd, base, base_text), (_qv, _qd, quote, quote_text) = _position_sides(position)
    return (
        f"#{position.pool_id} {base}/{quote} ({position.account}): {lp_text(position.shares)}, "
        f"{format_amount(position.share_ppm, 4)}% of the pool, "
        f"worth {base_text} {base} + {quote_text} {quote}"
    )
