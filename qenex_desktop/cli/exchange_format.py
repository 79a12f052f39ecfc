"""How the exchange commands print money: decimal text for people, base units (as digit strings) for JSON.

Base units go out as strings, as in the chain commands: JSON readers keep integers exact only up to 2^53.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from qenex_desktop.core.exchange import PoolInfo, Position, SwapQuote, SwapResult
from qenex_desktop.core.validation import format_amount


def money(units: int, decimals: int, key: str) -> dict[str, str]:
    return {key: format_amount(units, decimals), f"{key}_units": str(units)}


def bps_text(bps: int) -> str:
    return f"{format_amount(bps, 2)}%"


def pool_data(pool: PoolInfo) -> dict[str, Any]:
    return {
        "id": pool.id,
        "pair": [pool.symbol0, pool.symbol1],
        "fee_bps": pool.fee_bps,
        **money(pool.reserve0, pool.decimals0, "reserve0"),
        **money(pool.reserve1, pool.decimals1, "reserve1"),
        "price0": pool.price0,
        "price1": pool.price1,
        **money(pool.tvl_in_token0, pool.decimals0, "tvl_in_token0"),
        "total_shares": str(pool.total_shares),
        "locked_shares": str(pool.locked_shares),
        "my_shares": str(pool.my_shares),
        "my_share_bps": pool.my_share_bps,
        "swap_count": pool.swap_count,
    }


def pool_line(pool: PoolInfo) -> str:
    return (
        f"#{pool.id} {pool.symbol0}/{pool.symbol1} fee {bps_text(pool.fee_bps)}: "
        f"{format_amount(pool.reserve0, pool.decimals0)} {pool.symbol0} + "
        f"{format_amount(pool.reserve1, pool.decimals1)} {pool.symbol1}, "
        f"1 {pool.symbol0} = {pool.price0} {pool.symbol1}, yours {bps_text(pool.my_share_bps)}"
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


def position_data(position: Position) -> dict[str, Any]:
    return {
        "pool_id": position.pool_id,
        "account": position.account,
        "pair": [position.symbol0, position.symbol1],
        "shares": str(position.shares),
        "share_ppm": position.share_ppm,
        **money(position.value0, position.decimals0, "value0"),
        **money(position.value1, position.decimals1, "value1"),
    }
